"""``almanac agenda``: posts by day, seasonal dates and coverage, freezes, thin weeks; text, rich, JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from rich.console import Console

from pipeline.cli.agenda_view import as_plain, print_rich
from pipeline.commands.agenda import make_agenda
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project
from pipeline.text.i18n import translator

CADENCE = """cadence:
  per_week: {instagram: [2, 5]}
  freezes:
    - {from: 2026-12-12, to: 2026-12-13, reason: Inventaire}
    - {from: 2027-03-01, to: 2027-03-02, reason: Hors champ}
"""


@pytest.fixture
def minimal(brand: Callable[[str], Path]) -> Path:
    """The minimal brand with a weekly minimum and freezes, so that gaps and freezes show."""
    root = brand("minimal")
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text() + CADENCE)
    return root


def _agenda(run: Callable[..., Result], root: Path, *args: str) -> dict[str, Any]:
    result = run(["agenda", "--root", str(root), "--format", "json", "--today", "2026-12-01", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def _posts(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(d["date"], p["time"], p["id"], p["status"]) for d in data["days"] for p in d["posts"]]


def test_json_on_the_minimal_brand(minimal: Path, run: Callable[..., Result]) -> None:
    data = _agenda(run, minimal)
    assert (data["version"], data["today"], data["first"], data["last"]) == (
        1,
        "2026-12-01",
        "2026-12-01",
        "2026-12-14",
    )
    assert len(data["days"]) == 14
    assert data["days"][0]["posts"] == [
        {
            "id": "bonjour",
            "path": "content/posts/2026/12/2026-12-01-bonjour.md",
            "date": "2026-12-01",
            "time": "10:00",
            "channels": ["instagram", "linkedin"],
            "title": "Bonjour",
            "status": "approved",
            "pillar": "community",
            "topic": "noel",
            "findings": 0,
            "errors": 0,
        }
    ]
    # The second post has its time with an offset (+01:00): shown in the brand's zone.
    assert _posts(data) == [
        ("2026-12-01", "10:00", "bonjour", "approved"),
        ("2026-12-08", "14:00", "atelier", "draft"),
    ]
    assert data["seasonal"] == [
        {
            "slug": "noel",
            "title": "Noël",
            "start": "2026-12-25",
            "end": "2026-12-25",
            "lead_start": "2026-11-25",
            "must_cover": True,
            "approved": 1,
            "planned": 1,
        }
    ]
    assert data["freezes"] == [{"start": "2026-12-12", "end": "2026-12-13", "reason": "Inventaire"}]
    assert [d["freeze"] for d in data["days"]].count("Inventaire") == 2
    # Instagram needs 2 approved or review posts a week: 1 in W49, none in W50 and W51.
    assert data["gaps"] == [
        {"week": "2026-W49", "monday": "2026-11-30", "channel": "instagram", "posts": 1, "minimum": 2},
        {"week": "2026-W50", "monday": "2026-12-07", "channel": "instagram", "posts": 0, "minimum": 2},
        {"week": "2026-W51", "monday": "2026-12-14", "channel": "instagram", "posts": 0, "minimum": 2},
    ]


def test_findings_are_counted_per_post_and_drafts_do_not_fill_weeks(
    minimal: Path, run: Callable[..., Result]
) -> None:
    atelier = minimal / "content/posts/2026/12/2026-12-08-atelier.md"
    atelier.write_text(
        atelier.read_text()
        .replace("channels: [linkedin]", "channels: [linkedin, instagram]")
        .replace("pillar: event", "pillar: event\ntopic: noell")
    )
    data = _agenda(run, minimal, "--days", "7", "--from", "2026-12-07")
    (post,) = data["days"][1]["posts"]
    # post.unknown-topic (an error), and channel.visual-required (a warning: the post is a draft)
    assert (post["id"], post["findings"], post["errors"]) == ("atelier", 2, 1)
    assert [g["week"] for g in data["gaps"]] == ["2026-W50"]  # a draft does not count toward the minimum
    assert data["seasonal"][0]["planned"] == 1  # the misspelt topic does not count for Noël


def test_range_with_nothing_planned_and_seasonal_lead_windows(
    minimal: Path, run: Callable[..., Result]
) -> None:
    assert (
        _agenda(run, minimal, "--from", "2027-11-20", "--days", "5")["seasonal"] == []
    )  # lead opens on 25th
    data = _agenda(run, minimal, "--from", "2027-11-21", "--days", "5")
    assert _posts(data) == []
    # Noël 2027 is a month away but its 30-day lead window opens on the last day: it shows, uncovered.
    assert [(s["slug"], s["start"], s["approved"]) for s in data["seasonal"]] == [("noel", "2027-12-25", 0)]


def test_plain_text_when_not_a_terminal(minimal: Path, run: Callable[..., Result]) -> None:
    result = run(["agenda", "--root", str(minimal), "--today", "2026-12-01"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Agenda Tue, Dec 1 to Mon, Dec 14 (today Tue, Dec 1)"
    assert "Tue, Dec 1" in lines
    assert "  10:00  instagram, linkedin  Bonjour  (approved, community; findings: ok)" in lines
    assert "Sat, Dec 12  [freeze: Inventaire]" in lines
    assert "  Fri, Dec 25  Noël  lead from Wed, Nov 25  must cover: 1 approved / 1 planned" in lines
    assert "  2026-W50 (week of Mon, Dec 7)  instagram: 0 of at least 2" in lines
    assert "\x1b[" not in result.output


def test_plain_text_in_french_with_babels_day_names(minimal: Path, run: Callable[..., Result]) -> None:
    env = {"NO_COLOR": "1", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}
    lines = run(["agenda", "--root", str(minimal), "--today", "2026-12-01"], env=env).output.splitlines()
    # Every date as the day lines write it (CLDR's French abbreviations, through Babel), not ISO.
    assert lines[0] == "Agenda du mar. 1 déc. au lun. 14 déc. (aujourd’hui\u00a0: mar. 1 déc.)"
    assert "mar. 1 déc." in lines
    assert "  10:00  instagram, linkedin  Bonjour  (validé, community\u202f; constats\u00a0: ok)" in lines
    assert "sam. 12 déc.  [gel\u00a0: Inventaire]" in lines
    noel = "  ven. 25 déc.  Noël  préparation dès le mer. 25 nov.  incontournable\u00a0: 1 validée / 1 prévue"
    assert noel in lines
    assert "  2026-W50 (semaine du lun. 7 déc.)  instagram\u00a0: 0 sur au moins 2" in lines
    english = run(["agenda", "--root", str(minimal), "--today", "2026-12-01", "--lang", "en"], env=env)
    assert "Tue, Dec 1" in english.output.splitlines()


def test_dates_of_another_year_say_their_year(minimal: Path, run: Callable[..., Result]) -> None:
    env = {"NO_COLOR": "1", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}
    argv = ["agenda", "--root", str(minimal), "--today", "2026-12-20", "--days", "20"]
    lines = run(argv, env=env).output.splitlines()
    assert lines[0] == "Agenda du dim. 20 déc. au ven. 8 janv. 2027 (aujourd’hui\u00a0: dim. 20 déc.)"
    english = run([*argv, "--lang", "en"], env=env).output.splitlines()
    assert english[0] == "Agenda Sun, Dec 20 to Fri, Jan 8, 2027 (today Sun, Dec 20)"


def test_coverage_counts_agree_in_number(minimal: Path) -> None:
    project = load_project(minimal)
    today = date(2026, 12, 1)
    agenda = make_agenda(project, run_checks(project, today=today), today=today)
    noel = next(d for d in agenda.seasonal if d.slug == "noel")
    assert (noel.approved, noel.planned, noel.must_cover) == (1, 1, True)

    def coverage(approved: int, planned: int, must: bool, language: str) -> str:
        topic = noel.model_copy(update={"approved": approved, "planned": planned, "must_cover": must})
        text = as_plain(agenda.model_copy(update={"seasonal": (topic,)}), translator(language))
        return next(line for line in text.splitlines() if "Noël  " in line and "/" in line).split("  ")[-1]

    assert coverage(2, 3, True, "fr") == "incontournable\u00a0: 2 validées / 3 prévues"
    assert coverage(0, 0, False, "fr") == "facultatif\u00a0: 0 validée / 0 prévue"  # French: 0 is singular
    assert coverage(2, 3, True, "en") == "must cover: 2 approved / 3 planned"
    assert coverage(1, 1, False, "en") == "optional: 1 approved / 1 planned"


def test_rich_table_on_a_terminal(minimal: Path) -> None:
    project = load_project(minimal)
    today = project.posts[0].when.date()
    agenda = make_agenda(project, run_checks(project, today=today), today=today)
    out = io.StringIO()
    print_rich(agenda, Console(file=out, force_terminal=True, width=120, color_system="standard"))
    text = out.getvalue()
    assert "\x1b[" in text  # coloured
    for expected in (
        "Day",
        "Channels",
        "Findings",
        "Bonjour",
        "Portes ouvertes",
        "Noël",
        "Inventaire",
        "2026-W50",
    ):
        assert expected in text


def test_bad_flags_exit_2(minimal: Path, run: Callable[..., Result]) -> None:
    assert run(["agenda", "--root", str(minimal), "--from", "2026-12-32"]).exit_code == 2
    assert run(["agenda", "--root", str(minimal), "--days", "0"]).exit_code == 2
    assert run(["agenda", "--root", str(minimal / "nowhere")]).exit_code == 2


def test_json_on_the_demo_brand(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("demo")
    data = _agenda(run, root)
    assert _posts(data) == [
        ("2026-12-02", "09:30", "guide-guirlandes-lumineuses", "approved"),
        ("2026-12-03", "18:00", "fete-des-lumieres-vitrine", "approved"),
        ("2026-12-05", "11:00", "sapin-et-lumieres", "approved"),
        ("2026-12-07", "10:00", "projet-hotel-presqu-ile", "approved"),
        ("2026-12-08", "18:30", "lumignons-aux-fenetres", "approved"),
        ("2026-12-10", "12:00", "idees-cadeaux-noel", "approved"),
        ("2026-12-14", "09:00", "table-de-fetes", "approved"),
    ]
    assert all(p["errors"] == 0 for d in data["days"] for p in d["posts"])
    assert [
        (s["slug"], s["start"], s["end"], s["lead_start"], s["must_cover"], s["approved"])
        for s in data["seasonal"]
    ] == [
        ("fete-des-lumieres", "2026-12-08", "2026-12-11", "2026-11-24", True, 2),
        ("noel", "2026-12-25", "2026-12-25", "2026-11-25", True, 8),
    ]
    assert data["freezes"] == []  # the Christmas truce starts on the 24th, after these 14 days
    assert data["gaps"] == []  # at least one Instagram post every week
    month = _agenda(run, root, "--days", "31")
    assert month["freezes"] == [{"start": "2026-12-24", "end": "2026-12-26", "reason": "Trêve de Noël"}]
