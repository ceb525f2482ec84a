"""The branded site in real Chromium: the body is set in the brand's font, loaded from the site itself.

``getComputedStyle`` gives the declared family; the CSS Font Loading API
(``document.fonts``, CSS Font Loading Module Level 3) says which faces Chromium
actually loaded, and the request log says from where: nothing may leave the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM
from tests.site_build import BUILD_DAY, build_site

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGES = ["index.html", "week/2026-W51.html", "posts/bonjour/index.html", "report.html", "mix.html"]

pytestmark = pytest.mark.browser


def test_body_is_set_in_the_brand_font_served_by_the_site(tmp_path: Path) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    site, _ = build_site(tmp_path)
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
        page.clock.set_fixed_time(BUILD_DAY)
        page.on("request", lambda r: requests.append(r.url))
        for rel in PAGES:
            page.goto((site / rel).as_uri())
            page.evaluate("document.fonts.ready.then(() => true)")
            family = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert str(family).split(",")[0].strip().strip('"') == "Lato", (rel, family)
            heading = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
            assert str(heading).startswith('"Lato"') or str(heading).startswith("Lato"), (rel, heading)
            loaded: Any = page.evaluate(
                "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)"
            )
            assert "Lato 400" in {str(x).replace('"', "") for x in loaded}, (rel, loaded)
        browser.close()
    fonts = [url for url in requests if "/fonts/" in url]
    assert fonts and all(url.startswith((site / "fonts").as_uri()) for url in fonts), fonts
    assert all(url.startswith(site.as_uri()) for url in requests), [
        u for u in requests if site.as_uri() not in u
    ]
