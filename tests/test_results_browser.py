"""The demo brand's monthly report page in real Chromium: figures, charts and links, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.results_brand import demo_with_results, render, result_rows
from tests.test_site_browser import ARGS

pytestmark = pytest.mark.browser


def test_the_report_page_in_chromium(tmp_path: Path) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root = demo_with_results(tmp_path)
    render(root, tmp_path / "dist")
    site = tmp_path / "dist" / "site"
    rows = result_rows(root, "2026-12")
    problems: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.clock.set_fixed_time("2027-01-05T09:00:00+01:00")
        page.goto((site / "index.html").as_uri())
        page.get_by_role("link", name="Résultats").click()  # a French brand
        page.wait_for_load_state("load")
        assert page.url.endswith("results/index.html")
        page.get_by_role("link", name="décembre 2026").click()
        page.wait_for_load_state("load")
        headings = page.locator("section > h2").all_inner_texts()
        assert [h.split(". ", 1)[1] for h in headings] == [
            "Résultats par réseau",
            "Analyse",
            "Conclusion",
            "Recommandations",
        ]
        instagram = page.locator('tr[data-channel="instagram"] td').nth(2).inner_text()
        total = sum(int(r["impressions"]) for r in rows if r["channel"] == "instagram")
        assert instagram.startswith(f"{total:,}".replace(",", "\u202f"))
        # Every chart is drawn: the bar of each channel and group has a width or height in the page.
        bars = page.locator("svg rect.fill, svg rect.bar").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => Math.max(r.width, r.height))"
        )
        assert len(bars) >= 2 * len({r["channel"] for r in rows}) and min(bars) > 0
        best = page.locator(".best li a").first
        best.click()
        page.wait_for_load_state("load")
        assert "/posts/" in page.url
        page.go_back()
        page.get_by_role("link", name="← novembre 2026").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("results/2026-11.html")
        assert page.locator("#conclusion .empty").is_visible()
        page.screenshot(path=str(tmp_path / "report-2026-11.png"), full_page=True)
        browser.close()
    assert not problems, problems
    assert all(url.startswith("file://") for url in requests), [u for u in requests if "file://" not in u]
