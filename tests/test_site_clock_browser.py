"""The site read a week after its commit, in real Chromium: the reader's day is marked, past posts too.

The browser's clock is set to 9 December 2026, 00:30 in Paris (the brand's zone),
while the browser itself runs in New York, where it is still 8 December: the mark
follows the brand's calendar. The commit is of 2 December.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.output import layout
from tests.clockbrand import TODAY, make_clock_brand

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
READ_AT = "2026-12-08T23:30:00Z"
"""When the reader opens the site: 9 December 00:30 in Paris, 8 December 18:30 in New York."""

pytestmark = pytest.mark.browser


def _needs(what: str, why: str) -> None:
    """Fail in CI, where everything is installed on purpose; skip elsewhere, saying why."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing in CI: {why}")
    pytest.skip(f"{what} is not installed: {why}")


def test_reader_day_and_past_posts_are_marked_in_chromium(tmp_path: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _needs("playwright", "pip install playwright")
    if not Path(CHROMIUM).exists():
        _needs("chromium", "apt-get install -y chromium")
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = make_clock_brand(tmp_path)
    built = CliRunner().invoke(
        cli, ["build", "--root", str(root), "--today", TODAY], env={"SOURCE_DATE_EPOCH": None}
    )
    assert built.exit_code == 0, built.output
    site = root / "dist" / layout.SITE
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(timezone_id="America/New_York", viewport={"width": 1280, "height": 900})
        context.clock.set_fixed_time(READ_AT)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto((site / "index.html").as_uri())

        today = page.locator('td[aria-current="date"]')
        assert today.count() == 1 and today.get_attribute("data-date") == "2026-12-09"
        assert today.locator(".todaytag").is_visible()
        assert page.locator(
            'td[data-date="2026-12-02"] .todaytag'
        ).is_hidden()  # the commit's day is not today
        past_days = page.locator("td.day.past").evaluate_all("cells => cells.map(c => c.dataset.date)")
        assert past_days and max(past_days) == "2026-12-08" and "2026-12-09" not in past_days

        def chip_is_past(day: str) -> bool:
            classes = page.locator(f'td[data-date="{day}"] a.chip').get_attribute("class") or ""
            return "past" in classes.split()

        assert chip_is_past("2026-12-01") and chip_is_past("2026-12-05")
        assert not chip_is_past("2026-12-09")  # today at 12:00: still to come at 00:30
        assert not chip_is_past("2026-12-20")

        # "À venir" lists from the commit's day; the browser hides what is already out.
        upcoming = page.locator("section.upcoming li:visible a").all_inner_texts()
        assert upcoming == ["Atelier du midi", "Avant les fêtes", "Les soldes de janvier"]
        assert page.locator("[data-upcoming-empty]").is_hidden()
        assert page.locator("a[data-this-month]").get_attribute("href") == "month/2026-12.html"

        # A month later, "This month" leads to January; once the calendar is over, nothing is left to come.
        context.clock.set_fixed_time("2027-01-20T12:00:00Z")
        page.reload()
        assert page.locator("a[data-this-month]").get_attribute("href") == "month/2027-01.html"
        assert page.locator("section.upcoming li:visible").count() == 0
        assert page.locator("[data-upcoming-empty]").is_visible()
        context.clock.set_fixed_time(READ_AT)

        page.goto((site / layout.site_path(layout.week_page("2026-W50"))).as_uri())
        assert page.locator('section.weekday[aria-current="date"]').get_attribute("data-date") == "2026-12-09"
        assert "past" in (
            page.locator("section.weekday[data-date='2026-12-08']").get_attribute("class") or ""
        )

        page.goto((site / layout.site_path(layout.post_page("vitrine"))).as_uri())
        assert page.locator(".pasttag").is_visible()
        page.goto((site / layout.site_path(layout.post_page("fetes"))).as_uri())
        assert page.locator(".pasttag").is_hidden()
        browser.close()
    assert not problems, problems
    assert all(url.startswith("file://") for url in requests), [u for u in requests if "file://" not in u]


def test_without_script_the_page_marks_no_day(tmp_path: Path) -> None:
    """The HTML alone shows the calendar as of the commit, with no day claimed as today."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = make_clock_brand(tmp_path)
    built = CliRunner().invoke(
        cli, ["build", "--root", str(root), "--today", TODAY], env={"SOURCE_DATE_EPOCH": None}
    )
    assert built.exit_code == 0, built.output
    home = (root / "dist" / layout.index_page()).read_text(encoding="utf-8")
    assert 'aria-current="date"' not in home and 'class="todaytag" hidden>Aujourd’hui<' in home
    assert home.count("<li data-at=") == 4  # the posts from the commit's day on
    assert home.count('<li data-at="2026-12-20T10:00:00Z">') == 1
