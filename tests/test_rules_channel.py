"""Per-channel rules on the published text, and X lengths against twitter-text's conformance data.

The X cases are twitter/twitter-text's conformance/validate.yml (Apache-2.0), section
WeightedTweetsWithDiscountedEmojiCounterTest (config v3), as transcribed in
tests/data/twitter_text_conformance.yml; here each one goes through the whole rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project
from tests.checks_support import TODAY, make_brand, one_post, post_text

DATA = Path(__file__).parent / "data" / "twitter_text_conformance.yml"


def _v3_cases() -> list[dict[str, Any]]:
    sections = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))["sections"]
    return [case for section in sections.values() if section["config"] == "v3" for case in section["cases"]]


def test_x_length_matches_twitter_text_conformance(tmp_path: Path) -> None:
    cases = _v3_cases()
    assert len(cases) >= 5
    posts = {
        f"2026-12-01-c{i:02d}.md": post_text(
            case["text"], channels="[x]", when=f"2026-12-01 {10 + i % 10}:00"
        )
        for i, case in enumerate(cases)
    }
    root = make_brand(tmp_path / "b", "", posts)
    project = load_project(root, use_cache=False)
    bodies = {p.path: p.body for p in project.posts}
    found = {f.file: f.message for f in run_checks(project, today=TODAY) if f.rule == "channel.length"}
    checked = 0
    for i, case in enumerate(cases):
        path = f"content/posts/2026-12-01-c{i:02d}.md"
        if bodies[path] != case["text"]:
            continue  # a case whose outer spaces the Markdown body trims
        checked += 1
        expected = case["weightedLength"]
        if expected > 280:
            assert f"{expected}/280" in found[path], case["description"]
        else:
            assert path not in found, case["description"]
    assert checked >= len(cases) - 3


def test_length_counts_link_and_hashtags_as_posted(tmp_path: Path) -> None:
    text = "a" * 250
    assert one_post(tmp_path, "", text, "channel.length", channels="[x]") == []
    extra = "link: https://example.com/une/page/longue\nhashtags: [Lumiere]\n"
    found = one_post(tmp_path / "b", "", text, "channel.length", channels="[x]", extra=extra)
    assert len(found) == 1
    assert "285/280" in found[0].message  # 250, blank line, URL as 23, blank line, #Lumiere


def test_bluesky_counts_graphemes_and_hard_text_never_crashes(tmp_path: Path) -> None:
    hard = "e\u0301" * 150 + "\u200f" + "👨‍👩‍👧" * 150
    found = one_post(tmp_path, "", hard, "channel.length", channels="[bluesky]")
    assert len(found) == 1
    assert "301/300" in found[0].message


def test_variant_is_what_x_judges(tmp_path: Path) -> None:
    body = "a" * 400 + "\n\n## x\nCourt."
    found = one_post(tmp_path, "", body, "channel.length", channels="[x, linkedin]")
    assert found == []


def test_instagram_hashtag_cap_and_visual(tmp_path: Path) -> None:
    tags = "hashtags: [A1, B1, C1, D1, E1]\n"
    assert one_post(tmp_path, "", "Texte", "channel.hashtags", channels="[instagram]", extra=tags) == []
    found = one_post(tmp_path / "b", "", "Texte #F1", "channel.hashtags", channels="[instagram]", extra=tags)
    assert [f.line for f in found] == [7]
    assert "6 hashtags" in found[0].message
    missing = one_post(
        tmp_path / "c", "", "Texte", "channel.visual-required", channels="[linkedin, instagram]"
    )
    assert [(f.line, f.column) for f in missing] == [(4, 22)]


@pytest.mark.parametrize("channel", ["linkedin", "x", "facebook"])
def test_no_visual_needed_elsewhere(tmp_path: Path, channel: str) -> None:
    assert one_post(tmp_path, "", "Texte", "channel.visual-required", channels=f"[{channel}]") == []
