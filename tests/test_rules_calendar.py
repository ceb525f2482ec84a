"""Calendar rules (cadence.*, seasonal.coverage) and the charter/ignore rules."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path

import pytest

from pipeline.model.findings import Level
from pipeline.stages.check.localize import message_of
from pipeline.stages.load.loader import load_project
from pipeline.text.i18n import translator
from pipeline.text.messages import from_json, parts, to_json
from tests.checks_support import check, make_brand, post_text


def _brand(tmp_path: Path, charter: str, posts: dict[str, str], **kw: dict[str, str]) -> Path:
    return make_brand(tmp_path / "brand", charter, posts, **kw)


def test_window_in_the_cadence_zone(tmp_path: Path) -> None:
    charter = 'cadence: {timezone: Europe/Paris, windows: {default: ["mon-fri 08:00-20:00"]}}\n'
    posts = {
        "a.md": post_text("A", when="2026-12-01 20:00"),  # Tuesday, end included
        "b.md": post_text("B", when="2026-12-01T20:30:00+01:00"),
        "c.md": post_text("C", when="2026-12-05 10:00"),  # Saturday
        "d.md": post_text("D", when="2026-12-05 10:00", status="idea"),
    }
    found = check(_brand(tmp_path, charter, posts), rule="cadence.window")
    assert sorted((f.file, f.line) for f in found) == [("content/posts/b.md", 3), ("content/posts/c.md", 3)]


def test_gap_names_the_neighbour_and_keeps_apart_posts(tmp_path: Path) -> None:
    charter = "cadence: {min_gap_hours: {default: 4, x: 1}}\n"
    posts = {
        "a.md": post_text("A", when="2026-12-01 10:00", channels="[linkedin, x]"),
        "b.md": post_text("B", when="2026-12-01 13:00", channels="[linkedin, x]"),
        "c.md": post_text("C", when="2026-12-01 17:00"),
    }
    found = check(_brand(tmp_path, charter, posts), rule="cadence.gap")
    assert [(f.file, f.message.split(":")[0]) for f in found] == [("content/posts/b.md", "linkedin")]
    assert "3 h after" in found[0].message


def test_per_week_max_and_min_in_iso_weeks(tmp_path: Path) -> None:
    charter = "cadence: {per_week: {linkedin: [1, 2]}}\n"
    posts = {
        # ISO week 49 (30 Nov - 6 Dec): three posts; week 50 empty; week 51 one post.
        "a.md": post_text("A", when="2026-11-30 10:00"),
        "b.md": post_text("B", when="2026-12-02 10:00"),
        "c.md": post_text("C", when="2026-12-06 23:30"),
        "d.md": post_text("D", when="2026-12-16 10:00"),
        "e.md": post_text("E", when="2026-12-07 00:30", status="draft"),  # drafts do not count
    }
    found = check(_brand(tmp_path, charter, posts), rule="cadence.per-week", today=date(2026, 11, 30))
    assert sorted((f.file, "W49" in f.message, "W50" in f.message) for f in found) == [
        ("content/posts/c.md", True, False),
        ("content/posts/d.md", False, True),
    ]


def test_mix_names_window_and_share(tmp_path: Path) -> None:
    charter = "cadence: {mix: {window_days: 28, max_share: {promo: 0.3}}}\n"
    posts = {
        f"p{i}.md": post_text(
            str(i), when=f"2026-12-{i + 1:02d} 10:00", pillar="promo" if i % 2 else "community"
        )
        for i in range(8)
    }
    found = check(_brand(tmp_path, charter, posts), rule="cadence.mix")
    assert len(found) == 1
    assert "promo is 50% of the 6 posts in the 28 days up to 2026-12-06" in found[0].message
    fine = {f"p{i}.md": post_text(str(i), when=f"2026-12-{i + 1:02d} 10:00") for i in range(8)}
    assert check(make_brand(tmp_path / "ok", charter, fine), rule="cadence.mix") == []


def test_freeze_is_an_error_and_a_warning_for_drafts(tmp_path: Path) -> None:
    charter = "cadence: {freezes: [{from: 2026-12-24, to: 2026-12-26, reason: Trêve}]}\n"
    posts = {
        "a.md": post_text("A", when="2026-12-24 10:00"),
        "b.md": post_text("B", when="2026-12-26 10:00", status="draft"),
        "c.md": post_text("C", when="2026-12-27T00:30:00+01:00"),
    }
    found = check(_brand(tmp_path, charter, posts), rule="cadence.freeze")
    assert [(f.file, f.level) for f in found] == [
        ("content/posts/a.md", Level.ERROR),
        ("content/posts/b.md", Level.WARNING),
    ]


def test_duplicate_same_channel_within_30_days(tmp_path: Path) -> None:
    posts = {
        "a.md": post_text("Nos  SOLDES commencent.", when="2026-12-01 10:00"),
        "b.md": post_text("nos soldes commencent.", when="2026-12-20 10:00"),
        "c.md": post_text("Nos soldes commencent.", when="2026-12-20 10:00", channels="[x]"),
        "d.md": post_text("nos soldes commencent.", when="2027-01-25 10:00"),
    }
    found = check(_brand(tmp_path, "", posts), rule="cadence.duplicate")
    assert [f.file for f in found] == ["content/posts/b.md"]


TOPIC = '---\ntitle: Fête des mères\nrecurrence: {date: "12-20"}\nlead_days: 10\nmust_cover: true\n---\n'


def _uncovered(tmp_path: Path) -> Path:
    """Fête des mères on 20 December, must cover, and its one post before its lead window opens."""
    post = post_text("A", when="2026-12-05 10:00", extra="topic: meres\n")
    return _brand(tmp_path, "", {"a.md": post}, topics={"meres.md": TOPIC})


def test_seasonal_coverage_warning_then_error(tmp_path: Path) -> None:
    root = _uncovered(tmp_path)
    far = check(root, rule="seasonal.coverage", today=date(2026, 11, 20))
    assert [(f.file, f.line, f.level) for f in far] == [("calendar/seasonal/meres.md", 5, Level.WARNING)]
    near = check(root, rule="seasonal.coverage", today=date(2026, 12, 15))
    assert [f.level for f in near] == [Level.ERROR]
    inside = post_text("A", when="2026-12-12 10:00", extra="topic: meres\n")
    (root / "content" / "posts" / "a.md").write_text(inside)
    assert check(root, rule="seasonal.coverage") == []


def test_coverage_counts_its_days_in_each_languages_plural(tmp_path: Path) -> None:
    root = _uncovered(tmp_path)
    one = check(root, rule="seasonal.coverage", today=date(2026, 12, 19))[0]
    many = check(root, rule="seasonal.coverage", today=date(2026, 12, 15))[0]
    assert "(in 1 day)" in one.message and "(in 5 days)" in many.message
    french = translator("fr")
    assert "(dans 1 jour)" in message_of(one, french) and "(dans 5 jours)" in message_of(many, french)
    # The message keeps both forms wherever it goes: a worker (pickle), the check cache (JSON).
    again = from_json(json.loads(json.dumps(to_json(pickle.loads(pickle.dumps(many.message))))))
    assert again == many.message and parts(again) == parts(many.message)
    zero = check(root, rule="seasonal.coverage", today=date(2026, 12, 20))[0]
    assert "(in 0 days)" in zero.message and "(dans 0 jour)" in message_of(
        zero, french
    )  # French: 0, singular


def test_charter_regex_unknown_rule_and_ignore_problems(tmp_path: Path) -> None:
    charter = (
        'voice:\n  terms:\n    - {avoid: "(promo", regex: true}\n    - {avoid: soldes}\n'
        "rules:\n  voice.emoij: off\n  voice.term: error\n"
    )
    extra = "ignore:\n  voice.term: ''\n  voice.registre: parce que\n"
    root = _brand(tmp_path, charter, {"a.md": post_text("Les soldes (promo", extra=extra)})
    found = {
        (f.rule, f.file, f.line, f.fix)
        for f in check(root)
        if f.rule.startswith(("charter.", "ignore.", "voice.term"))
    }
    assert found == {
        ("charter.regex", "charter.yaml", 6, None),
        ("charter.unknown-rule", "charter.yaml", 9, "voice.emoji"),
        ("ignore.reason", "content/posts/a.md", 8, None),
        ("ignore.unknown-rule", "content/posts/a.md", 9, "voice.register"),
        ("voice.term", "content/posts/a.md", 11, None),  # an ignore without a reason silences nothing
    }


HORIZONS = {
    # Montreal while the brand is in Paris; the horizon starts the day Montreal leaves summer time.
    "America/Montreal": (
        date(2026, 11, 1),
        [
            *("2026-10-31T23:59:59-04:00", "2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-05:00"),
            *("2026-11-03T23:59:59-05:00", "2026-11-04T00:00:00-05:00"),
            *("2026-11-04 05:59", "2026-11-04 06:00"),
        ],
        (1, 2, 5, 3),
    ),
    # Santiago skips from 00:00 to 01:00 on 6 September 2026: that day starts at 01:00.
    "America/Santiago": (
        date(2026, 9, 6),
        [
            *("2026-09-05T23:59:59-04:00", "2026-09-06T01:00:00-03:00"),
            *("2026-09-08T23:59:59-03:00", "2026-09-09T00:00:00-03:00"),
        ],
        (1, 2),
    ),
}


@pytest.mark.parametrize("zone", sorted(HORIZONS))
def test_the_horizon_is_its_days_in_the_cadence_zone(tmp_path: Path, zone: str) -> None:
    """in_horizon compares instants with the zone's midnights: the same posts as each post's local day."""
    from pipeline.stages.check.rules import CheckContext
    from pipeline.stages.check.rules.cadence import horizon, in_horizon, local

    today, walls, inside = HORIZONS[zone]
    charter = f"cadence: {{timezone: {zone}}}\npublish: {{horizon_days: 2}}\n"
    posts = {f"p{n}.md": post_text(str(n), when=when) for n, when in enumerate(walls)}
    project = load_project(_brand(tmp_path, charter, posts), use_cache=False)
    ctx = CheckContext(project=project, today=today, changed=None, cache=False)
    first, last = horizon(ctx)
    expected = sorted(
        (p for p in project.posts if first <= local(p, ctx).date() <= last), key=lambda p: (p.when, p.path)
    )
    assert [p.path for p in in_horizon(ctx)] == [p.path for p in expected]
    assert [p.path for p in expected] == [f"content/posts/p{n}.md" for n in inside]
