"""The built site in real Chromium: posts on their days, a post's network preview with its visual loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.site_build import BUILD_DAY, build_site

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def test_month_view_post_page_and_preview_in_chromium(tmp_path: Path) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    site, _ = build_site(tmp_path)
    problems: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.clock.set_fixed_time("2026-12-08T12:00:00+01:00")  # the reader's day, marked by clock.js
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        # The page's own clock, pinned to the test brand's day: Chromium under a faked
        # system clock, or on another real day, must not move "today" in the page.
        page.clock.set_fixed_time(BUILD_DAY)
        page.goto((site / "index.html").as_uri())

        def titles_on(day: str) -> list[str]:
            return page.locator(f'td[data-date="{day}"] .chip-title').all_inner_texts()

        assert titles_on("2026-12-01") == ["Bonjour décembre"]
        assert titles_on("2026-12-08") == ["Les soldes commencent"]
        assert titles_on("2026-12-15") == ["<script>alert(1)</script>"]  # shown as text
        assert sorted(titles_on("2026-12-18"))[0] == "Dans l'atelier"
        assert page.locator('td[aria-current="date"]').get_attribute("data-date") == "2026-12-08"
        # The 3,000-character post and its long title do not widen the grid.
        widths = page.evaluate(
            "() => [document.querySelector('table.month').scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths
        page.screenshot(path=str(tmp_path / "month.png"), full_page=True)

        page.locator('td[data-date="2026-12-01"] a.chip').click()
        page.wait_for_load_state("load")
        assert page.url.endswith("posts/bonjour/index.html")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Aller au contenu"
        card = page.locator("article.net-instagram")
        img = card.locator("img")
        assert img.get_attribute("alt") == "Une lampe dorée sur une table en bois"
        assert img.evaluate("i => i.complete && i.naturalWidth") > 0
        card.locator("summary").click()  # "… more" opens the rest, from the keyboard too
        assert card.locator(".rest").is_visible()
        page.screenshot(path=str(tmp_path / "post.png"), full_page=True)
        for extra in ("mix.html", "report.html", "subscribe.html", "week/2026-W51.html"):
            page.goto((site / extra).as_uri())
            page.screenshot(path=str(tmp_path / f"{extra.replace('/', '-')}.png"), full_page=True)
        browser.close()
    assert not problems, problems
    assert all(url.startswith("file://") for url in requests), [u for u in requests if "file://" not in u]
    assert (tmp_path / "post.png").stat().st_size > 10_000
