"""The advocacy pack in real Chromium: press "copy", and the clipboard holds the text to share.

Two paths are driven: the asynchronous Clipboard API
(https://developer.mozilla.org/en-US/docs/Web/API/Clipboard/writeText), and the
fallback for a browser without it, which selects the field and runs
``document.execCommand("copy")``; the clipboard is read back in both cases. The
page must load nothing from another host.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.load.loader import load_project
from pipeline.text.advocacy import advocacy_link, advocacy_text
from tests.conftest import CHROMIUM
from tests.site_build import BUILD_DAY, build_site
from tests.test_site_browser import ARGS

pytestmark = pytest.mark.browser

NO_CLIPBOARD_API = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"


@pytest.mark.parametrize("api", [True, False], ids=["clipboard-api", "execcommand-fallback"])
def test_copy_button_puts_the_share_text_on_the_clipboard(tmp_path: Path, api: bool) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    site, _pages = build_site(tmp_path)
    project = load_project(tmp_path / "brand", use_cache=False)
    post = next(p for p in project.posts if p.id == "bonjour")
    expected = advocacy_text(post, "linkedin", project.charter)
    problems: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.clock.set_fixed_time(BUILD_DAY)
        if not api:
            page.add_init_script(NO_CLIPBOARD_API)
        page.goto((site / "share/index.html").as_uri())
        if not api:
            assert page.evaluate("() => navigator.clipboard") is None

        # 1 December 10:00 is before the pinned day (8 December): the post is out, share it now.
        article = page.locator("article#bonjour")
        assert article.locator(".pasttag").is_visible()
        assert not page.locator("article#atelier .pasttag").is_visible()

        button = article.locator('button[data-copy="x-bonjour-linkedin"]')
        assert button.is_visible()
        button.click()
        page.locator(".share-status").filter(has_text="Copié").wait_for()  # a French brand
        if not api:
            # Read it back through a page that has the API (the same browser's clipboard).
            page = context.new_page()
            page.goto((site / "share/index.html").as_uri())
        assert page.evaluate("() => navigator.clipboard.readText()") == expected

        page.locator('button[data-copy="l-bonjour"]').click()
        link = advocacy_link(post)
        assert link is not None and "utm_source=advocacy" in link
        if api:
            page.wait_for_function("t => navigator.clipboard.readText().then(v => v === t)", arg=link)
        visual = article.locator("a.share-visual").first
        assert visual.get_attribute("download") is not None
        assert visual.locator("img").evaluate("i => i.complete && i.naturalWidth") > 0
        page.screenshot(path=str(tmp_path / "share.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than the screen
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
        page.screenshot(path=str(tmp_path / "share-390.png"), full_page=True)
        browser.close()
    assert not problems, problems
    assert all(url.startswith("file://") for url in requests), [u for u in requests if "file://" not in u]


def test_without_javascript_the_texts_are_there_to_copy_by_hand(tmp_path: Path) -> None:
    from playwright import sync_api as playwright

    site, _pages = build_site(tmp_path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto((site / "share/index.html").as_uri())
        assert page.locator("button.share-copy").first.is_hidden()  # no button that would do nothing
        field = page.locator("#x-bonjour-linkedin")
        assert field.is_visible() and "utm_source=advocacy" in field.input_value()
        browser.close()
