"""The morning view in real Chromium, on a phone (390 px) and a wide screen (1,400 px).

axe-core (Deque's engine, https://github.com/dequelabs/axe-core; its ``axe.d.ts``: ``axe.run``
takes ``resultTypes`` and resolves to ``AxeResults`` whose ``violations`` carry an ``impact`` of
minor, moderate, serious or critical, doc/API.md "Results arrays")
runs over every page type at both widths; no serious or critical violation may remain. The
calendar is walked with the keyboard, filtered, and read as a phone shows it.

Screenshots of every page at both widths go to ``$ALMANAC_SCREENSHOTS`` when it is set (CI
keeps that folder as the run's artefacts), else to the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, NODE_DIR
from tests.site_build import BUILD_DAY, build_site

AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGES = {
    "home": "index.html",
    "month": "month/2026-12.html",
    "week": "week/2026-W51.html",
    "post": "posts/bonjour/index.html",
    "report": "report.html",
    "mix": "mix.html",
    "subscribe": "subscribe.html",
}
WIDTHS = {"phone": 390, "wide": 1400}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("a11y"))[0]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is missing in CI: (cd tests/node && npm ci)")
        pytest.skip("axe-core is not installed: (cd tests/node && npm ci)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ALMANAC_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser: Any, width: int, *, script: bool = True) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=script)
    page = context.new_page()
    # The reader's day, fixed: Chromium under a faked system clock must not move it.
    page.clock.set_fixed_time(BUILD_DAY)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_axe_violation_on_any_page(site: Path, browser: Any, width: str, tmp_path: Path) -> None:
    page = _open(browser, WIDTHS[width])
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    found = {}
    for name, rel in PAGES.items():
        page.goto((site / rel).as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[name] = bad
        # Nothing wider than the screen: a phone never scrolls sideways.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (name, width, overflow)
        page.screenshot(path=str(_shots(tmp_path) / f"{name}-{WIDTHS[width]}.png"), full_page=True)
    page.context.close()
    assert not found, found
    assert all(url.startswith("file://") for url in requests), [u for u in requests if "file://" not in u]


def test_on_a_phone_the_month_is_an_agenda_by_day(site: Path, browser: Any) -> None:
    page = _open(browser, 390)
    page.goto((site / PAGES["month"]).as_uri())
    assert page.locator("table.month thead").is_hidden()
    days = page.locator("td.day:visible")
    shown = [days.nth(i).get_attribute("data-date") for i in range(days.count())]
    assert shown and shown == sorted(shown) and "2026-12-02" not in shown  # days with posts, in order
    first = days.first
    assert first.locator(".longday").inner_text() == "mardi 1er décembre"
    box = first.bounding_box()
    assert box is not None and box["width"] > 300  # a full-width block, not a 50-px column
    # Times and titles whole: the bug report saw "09:3" and "Bl…" at 390 px.
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('td.day .chip time, td.day .chip-title')]
             .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not clipped, clipped
    assert page.locator('td[data-date="2026-12-01"] .chip img.thumb').count() == 1
    page.context.close()


def test_lead_up_bands_count_down_from_the_readers_day(site: Path, browser: Any) -> None:
    page = _open(browser, 1400)
    page.goto((site / PAGES["month"]).as_uri())
    labels = set(page.locator('.band-lead[data-until="2026-12-25"]').all_inner_texts())
    assert labels == {"Noël dans 17 jours"}  # read on 8 December
    page.clock.set_fixed_time("2026-12-24T10:00:00+01:00")
    page.reload()
    assert set(page.locator('.band-lead[data-until="2026-12-25"]').all_inner_texts()) == {"Noël demain"}
    page.context.close()
    static = _open(browser, 1400, script=False)
    static.goto((site / PAGES["month"]).as_uri())
    assert set(static.locator('.band-lead[data-until="2026-12-25"]').all_inner_texts()) == {
        "Préparer\u00a0: Noël"
    }
    static.context.close()


def test_filters_work_from_a_file_and_the_page_works_without_them(site: Path, browser: Any) -> None:
    page = _open(browser, 1400)
    page.goto((site / PAGES["month"]).as_uri())
    every = page.locator("td.day a.chip:visible").count()
    page.select_option('form[data-filters] select[name="channel"]', "x")
    chips = page.locator("td.day a.chip:visible")
    assert 0 < chips.count() < every
    assert all(
        "x" in (chips.nth(i).get_attribute("data-channels") or "").split() for i in range(chips.count())
    )
    assert page.locator("form[data-filters] output").inner_text().endswith(f"sur {every}")
    page.reload()  # the choice is kept in the address
    assert page.locator("td.day a.chip:visible").count() == chips.count()
    page.select_option('form[data-filters] select[name="channel"]', "")
    page.select_option('form[data-filters] select[name="status"]', "approved")
    assert all(
        s == "approved"
        for s in page.locator("td.day a.chip:visible").evaluate_all("l => l.map(e => e.dataset.status)")
    )
    page.context.close()
    static = _open(browser, 1400, script=False)
    static.goto((site / PAGES["month"]).as_uri())
    assert static.locator("form[data-filters]").is_hidden()
    assert static.locator("td.day a.chip:visible").count() == every
    static.context.close()


def test_the_calendar_by_keyboard_alone(site: Path, browser: Any) -> None:
    page = _open(browser, 1400)
    page.goto((site / PAGES["month"]).as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    for _ in range(60):  # on through the pager, the filters and the week links to the first post
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('chip')"):
            break
    focused = page.evaluate(
        "() => [document.activeElement.getAttribute('href'),"
        " getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused[0] == "../posts/bonjour/index.html" and focused[1] != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("posts/bonjour/index.html")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_pillar_is_named_not_only_coloured(site: Path, browser: Any, width: str) -> None:
    page = _open(browser, WIDTHS[width])
    for rel in (PAGES["month"], PAGES["week"]):
        page.goto((site / rel).as_uri())
        unnamed = page.evaluate(
            """() => [...document.querySelectorAll('.chip:not(.filtered), .entry, .pillar-tag')]
                 .filter(e => e.offsetParent)
                 .filter(e => !(e.dataset.pillar
                   ? e.innerText.includes(e.dataset.pillar) : e.innerText.trim()))
                 .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert not unnamed, (rel, unnamed)
    page.context.close()


def test_chart_labels_fit_their_charts(tmp_path: Path, browser: Any) -> None:
    """The bug report saw « te des Lumières de Lyon »: a long title must not be cut at the chart's edge."""
    from pipeline.output.publish import publish
    from pipeline.stages.history import read_history
    from pipeline.stages.load.loader import load_project
    from pipeline.stages.site import render_site
    from tests.conftest import commit_all
    from tests.site_build import make_brand

    root = make_brand(tmp_path)
    (root / "calendar/seasonal/lumieres.md").write_text(
        '---\ntitle: Fête des Lumières de Lyon et de toute la région\nrecurrence: {date: "12-20"}\n'
        "lead_days: 10\n---\nLes illuminations.\n",
        encoding="utf-8",
    )
    commit_all(root, "a long seasonal title", date=BUILD_DAY)
    project = load_project(root, use_cache=False)
    publish(tmp_path / "dist", render_site(project, read_history(root), []))
    page = _open(browser, 1400)
    page.goto((tmp_path / "dist/site/mix.html").as_uri())
    outside = page.evaluate(
        """() => [...document.querySelectorAll('svg text.lbl')].filter(t => {
             const box = t.getBBox(), view = t.ownerSVGElement.viewBox.baseVal;
             return box.x < 0 || box.x + box.width > view.width;
           }).map(t => t.textContent)"""
    )
    labels = page.locator("svg.timeline text.lbl").evaluate_all("l => l.map(t => t.textContent)")
    page.context.close()
    assert "Fête des Lumières de Lyon et de toute la région" in labels
    assert not outside, outside
