"""The demo brand, Maison Lumière: it checks clean, its seasonal dates are right, and it builds."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from pipeline.model.seasonal import occurrence
from pipeline.stages.load.loader import load_project
from tests.conftest import REPO


def _topic_date(slug: str, year: int) -> date:
    project = load_project(REPO, use_cache=False)
    topic = next(t for t in project.topics if t.slug == slug)
    found = occurrence(topic, year)
    assert found is not None
    return found.start


@pytest.mark.parametrize(
    ("slug", "year", "expected"),
    [
        ("fete-des-meres", 2023, date(2023, 6, 4)),  # Pentecost: moved, by the override
        ("fete-des-meres", 2026, date(2026, 5, 31)),
        ("fete-des-meres", 2027, date(2027, 5, 30)),
        ("black-friday", 2026, date(2026, 11, 27)),
        ("black-friday", 2027, date(2027, 11, 26)),
        ("paques", 2027, date(2027, 3, 28)),
        ("saint-valentin", 2027, date(2027, 2, 14)),
        ("soldes-hiver", 2027, date(2027, 1, 6)),  # the Wednesday between 6 and 12 January
    ],
)
def test_demo_seasonal_dates(slug: str, year: int, expected: date) -> None:
    assert _topic_date(slug, year) == expected


def test_demo_is_big_enough_and_varied() -> None:
    project = load_project(REPO, use_cache=False)
    posts = project.posts
    assert len(posts) >= 40 and len(project.topics) >= 15 and len(project.campaigns) == 2
    assert {p.meta.status for p in posts} == {"idea", "draft", "review", "approved"}
    assert len({c for p in posts for c in p.meta.channels}) >= 4
    assert any(p.variants for p in posts) and any(p.meta.campaign for p in posts)
    assert min(p.when for p in posts).date() >= date(2026, 11, 15)
    assert max(p.when for p in posts).date() <= date(2027, 3, 31)


def test_demo_checks_clean(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("demo")
    result = run(["check", "--root", str(root), "--format", "json", "--strict", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"] == {"error": 0, "warning": 0, "info": 0}


def test_demo_builds(brand: Callable[[str], Path], run: Callable[..., Result]) -> None:
    root = brand("demo")
    env = {"SOURCE_DATE_EPOCH": "1795478400"}  # 2026-11-24 00:00 UTC, the demo's own "today"
    result = run(["build", "--root", str(root), "--today", "2026-11-24"], env=env)
    assert result.exit_code == 0, result.output
    dist = root / "dist"
    assert json.loads((dist / "report.json").read_text())["counts"]["error"] == 0
    assert (dist / "site" / "index.html").is_file()
    assert (dist / "site" / "feeds" / "calendar.ics").is_file()
    assert len(list((dist / "site" / "visuals").rglob("*.jpg"))) > 100
    zips = list((dist / "bundle").glob("almanac-*.zip"))
    assert len(zips) == 1
    again = run(["build", "--root", str(root), "--today", "2026-11-24"], env=env)
    assert again.exit_code == 0 and "nothing changed" in again.output
