"""What a scheduler would refuse is refused before the bundle is made, with the post's file and line.

Sources: Postiz's ``validatePosts`` (gitroomhq/postiz-app,
``apps/backend/src/api/routes/.../posts.service.ts``) counts an X post as
``max(weightedLength, strip(text).length)`` against 280; Sprout's bulk-scheduling
help page (support.sproutsocial.com/hc/en-us/articles/115005864203) wants times at
least 10 minutes after the upload.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import Result

from pipeline.text.metrics import x_weighted_length
from tests.bundlekit import PIN, bundle_of, pinterest_brand, render_visuals, unzip, write_brand

LONG_LINK = "https://example.org/" + "a" * 200
"""Counts 23 on X (twitter-text), 220 raw."""


def _x_post(root: Path, body: str) -> None:
    (root / "content/posts/2026/12/2026-12-02-long.md").write_text(
        "---\ntitle: Long\npublish_at: 2026-12-02 09:00\nchannels: [x, linkedin]\npillar: promo\n"
        f"status: approved\n---\nCorps.\n\n## x\n{body}\n",
        encoding="utf-8",
    )


def test_postiz_raw_length_over_280_refuses_the_bundle(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = write_brand(tmp_path / "brand")
    body = "Une phrase. " * 6 + LONG_LINK
    assert x_weighted_length(body) <= 280 < len(body)  # fine on X, too long for Postiz
    _x_post(root, body)
    outcome = bundle_of(git_repo(root))
    assert outcome.bundle is None
    [found] = [f for f in outcome.blocking if f.rule == "bundle.scheduler-limit"]
    assert found.file == "content/posts/2026/12/2026-12-02-long.md" and found.line == 11  # the ## x text
    assert "Postiz" in found.message and str(len(body)) in found.message


def test_without_postiz_the_long_raw_x_post_ships(tmp_path: Path, git_repo: Callable[[Path], Path]) -> None:
    root = write_brand(tmp_path / "brand")
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text().replace("buffer, postiz]", "buffer]"), encoding="utf-8")
    _x_post(root, "Une phrase. " * 6 + LONG_LINK)
    outcome = bundle_of(git_repo(root))
    assert outcome.bundle is not None
    assert "long" in {e.post for e in outcome.bundle.manifest.entries}


def test_required_media_missing_is_an_error_at_the_visual_line(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    project_records, files = render_visuals(root / "site")
    from pipeline.stages.bundle import make_bundle
    from pipeline.stages.check.engine import run_checks
    from pipeline.stages.history import build_time, read_history
    from pipeline.stages.load.loader import load_project

    project = load_project(root)
    history = read_history(root)
    kept = [r for r in project_records if r.channel != "instagram"]  # Instagram's were never built
    outcome = make_bundle(
        project,
        history,
        run_checks(project, today=date(2026, 11, 20)),
        kept,
        lambda r: files[r.path],
        first=date(2026, 12, 1),
        last=date(2026, 12, 31),
        built_at=build_time(history, {}),
        now=datetime.combine(date(2026, 11, 20), time(0, 0), tzinfo=project.charter.tz),
    )
    assert outcome.bundle is None
    assert [(f.rule, f.level.value, f.line) for f in outcome.blocking] == [("bundle.media", "error", 9)]
    assert "instagram" in outcome.blocking[0].message and "almanac build" in outcome.blocking[0].message


def test_entries_inside_the_lead_are_flagged_and_every_printed_warning_is_in_the_manifest(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    outcome = bundle_of(root, now=datetime(2026, 12, 1, 9, 55, tzinfo=ZoneInfo("Europe/Paris")))
    assert outcome.bundle is not None
    warnings = outcome.bundle.manifest.warnings
    # 10:02 is 7 minutes after 09:55: the JSON and Metricool exports cannot move it, so it is flagged.
    assert any(
        w.startswith("postiz: tricky on x is due at 2026-12-01 10:02, less than 10 minutes") for w in warnings
    )
    assert any(
        w.startswith("sprout tricky") or w.startswith("sprout linkedin: tricky moved") for w in warnings
    )
    manifest = json.loads(unzip(outcome.bundle.data)["manifest.json"])
    assert manifest["warnings"] == warnings


def test_the_command_prints_exactly_the_manifest_warnings(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    render_visuals(root / "dist/site")
    result = run(
        ["bundle", "--root", str(root), "--from", "2026-11-01", "--to", "2026-12-31", "--today", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    printed = [
        line.removeprefix("warning: ") for line in result.output.splitlines() if line.startswith("warning: ")
    ]
    zipped = root / "dist/bundle/almanac-2026-11-01--2026-12-31.zip"
    manifest = json.loads(unzip(zipped.read_bytes())["manifest.json"])
    assert printed == manifest["warnings"] and printed
    assert not [e for e in manifest["entries"] if e["publish_at_utc"] < "2026-11-30T23:00:00Z"]


def test_postiz_refuses_a_text_under_six_characters_and_a_board_name(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    """Postiz's ``CreatePostDto``: ``content`` ``@MinLength(6)``; ``PinterestSettingsDto.board``: digits."""
    root = write_brand(tmp_path / "brand")
    (root / "content/posts/2026/12/2026-12-02-court.md").write_text(
        "---\ntitle: Court\npublish_at: 2026-12-02 09:00\nchannels: [linkedin]\npillar: promo\n"
        "status: approved\n---\nOui !\n",
        encoding="utf-8",
    )
    outcome = bundle_of(git_repo(root))
    assert outcome.bundle is None
    [short] = outcome.blocking
    assert (short.rule, short.post, short.line) == ("bundle.scheduler-limit", "court", 8)  # the body
    assert "under 6 characters" in short.message
    named = pinterest_brand(tmp_path / "named", "Idées salon")
    refused = bundle_of(git_repo(named), PIN)
    assert refused.bundle is None
    assert [(f.rule, f.post) for f in refused.blocking] == [("bundle.scheduler-limit", "epingle")]
    assert "numeric id of the Pinterest board" in refused.blocking[0].message
