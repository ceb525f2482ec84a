"""Live preview of ``almanac serve`` with a real server and real Chromium.

Edit a post → the open page reloads by itself; break it → an overlay shows the
finding with its file and line over the last good page; fix it → the overlay
goes. The script is added to the served response only: the built files stay
byte for byte what ``almanac build`` writes. Nothing is fetched from another host.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pipeline.build.context import BuildOptions
from pipeline.build.live import SCRIPT_URL, LiveStatus, inject
from pipeline.build.serve import Preview
from pipeline.model.findings import Finding, Level
from tests.conftest import CHROMIUM, without_countdown
from tests.site_build import make_brand
from tests.test_serve import wait_for
from tests.test_site_browser import ARGS

POST = "content/posts/2026/12/2026-12-01-bonjour.md"


def get(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body, str(response.headers["Content-Type"])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """A preview of the site test brand, built once and serving on a free loopback port."""
    root = without_countdown(make_brand(tmp_path))
    served = Preview(root, port=0, options=BuildOptions(today=date(2026, 11, 25)))
    assert served.rebuild() is not None
    thread = threading.Thread(target=served.run, kwargs={"interval": 0.05})
    thread.start()
    try:
        yield served
    finally:
        served.stop.set()
        thread.join()


def test_inject_puts_the_script_before_the_last_body_end() -> None:
    page = b"<html><body><p>a</p><pre>&lt;/body&gt;</pre></BODY >\n</html>\n"
    out = inject(page, 3)
    assert out == page.replace(
        b"</BODY >", f'<script src="{SCRIPT_URL}" data-version="3"></script>\n</BODY >'.encode()
    )
    assert inject(b"<p>no body</p>", 0).endswith(b'data-version="0"></script>\n')


def test_status_counts_changed_rebuilds_and_keeps_a_failure_until_a_success() -> None:
    status = LiveStatus()
    status.succeeded(changed=False)
    empty: dict[str, object] = {"version": 0, "failed": False, "error": None, "findings": [], "total": 0}
    assert json.loads(status.body()) == empty
    finding = Finding(
        rule="post.unknown-channel", level=Level.ERROR, message="m", file="a.md", line=4, column=3
    )
    status.failed([finding])
    failed = json.loads(status.body())
    assert failed["failed"] and failed["findings"][0] == {
        "rule": "post.unknown-channel",
        "level": "error",
        "file": "a.md",
        "line": 4,
        "column": 3,
        "message": "m",
    }
    status.succeeded(changed=True)
    assert json.loads(status.body())["version"] == 1 and status.version == 1


@pytest.mark.waits
def test_served_pages_carry_the_script_and_built_files_do_not(preview: Preview) -> None:
    site = preview.out / "site"
    for path, file in (("", "index.html"), ("posts/bonjour/", "posts/bonjour/index.html")):
        body, kind = get(preview.url + path)
        on_disk = (site / file).read_bytes()
        assert b"__almanac" not in on_disk
        assert body == inject(on_disk, preview.live.version) and kind.startswith("text/html")
    css, _kind = get(preview.url + "style.css")
    assert css == (site / "style.css").read_bytes()
    status, kind = get(preview.url + "__almanac/status.json")
    assert json.loads(status)["failed"] is False and kind.startswith("application/json")
    script, kind = get(preview.url + "__almanac/live.js")
    assert b"status.json" in script and kind.startswith("text/javascript")


@pytest.mark.waits
@pytest.mark.browser
def test_page_reloads_after_an_edit_and_shows_a_failed_rebuild(preview: Preview, tmp_path: Path) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    post = preview.root / POST
    good = post.read_text(encoding="utf-8")
    requests: list[str] = []
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(locale="fr-FR").new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(preview.url + "posts/bonjour/index.html")
        assert page.locator("h1").first.inner_text().startswith("Bonjour décembre")
        page.evaluate("() => { window.notReloaded = true; }")

        # An edit: the page reloads by itself (the mark set above is gone) and shows it.
        edited = good.replace("title: Bonjour décembre", "title: Bonsoir décembre")
        post.write_text(edited, encoding="utf-8")
        page.wait_for_function("() => !window.notReloaded", timeout=30_000)
        page.locator("h1", has_text="Bonsoir décembre").wait_for(timeout=30_000)

        # A broken post: the overlay names the rule, the file and the line; the last good page stays.
        post.write_text(edited.replace("channels: [instagram, linkedin]", "channels: [myspace]"), "utf-8")
        overlay = page.locator("#almanac-live-overlay")
        overlay.wait_for(timeout=30_000)
        finding = overlay.locator("li.almanac-live-finding", has_text="post.unknown-channel")
        assert f"{POST}:4:" in finding.inner_text()
        assert "La reconstruction a échoué" in overlay.inner_text()  # the reader's language
        assert page.locator("h1", has_text="Bonsoir décembre").is_visible()
        page.screenshot(path=str(tmp_path / "overlay.png"))

        # Fixed, back to the last good bytes: nothing to reload, the overlay goes.
        page.evaluate("() => { window.notReloaded = true; }")
        post.write_text(edited, encoding="utf-8")
        overlay.wait_for(state="detached", timeout=30_000)
        assert page.evaluate("() => window.notReloaded") is True
        browser.close()
    assert not problems, problems
    assert requests and all(url.startswith(preview.url) for url in requests), requests


@pytest.mark.waits
def test_a_charter_that_cannot_load_shows_its_error(preview: Preview) -> None:
    (preview.root / "charter.yaml").write_text("brand: [", encoding="utf-8")

    def status() -> dict[str, object]:
        body, _kind = get(preview.url + "__almanac/status.json")
        loaded: dict[str, object] = json.loads(body)
        return loaded

    wait_for(lambda: status()["failed"], "the failed rebuild")
    now = status()
    shown = [f"{f['file']}:{f['line']}" for f in now["findings"]] if isinstance(now["findings"], list) else []
    assert any(s.startswith("charter.yaml:") for s in shown) or "charter.yaml" in str(now["error"]), now


@pytest.mark.waits
@pytest.mark.browser
def test_a_site_that_never_built_shows_why_then_appears(tmp_path: Path) -> None:
    from playwright import sync_api as playwright

    root = without_countdown(make_brand(tmp_path))
    post = root / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("channels: [instagram, linkedin]", "channels: [myspace]"), "utf-8")
    served = Preview(root, port=0, options=BuildOptions(today=date(2026, 11, 25)))
    first = served.rebuild()
    assert first is not None and first.failed
    thread = threading.Thread(target=served.run, kwargs={"interval": 0.05})
    thread.start()
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            get(served.url)
        assert missing.value.code == 404
        missing.value.close()  # the error holds the response's socket
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_context(locale="en-GB").new_page()
            page.goto(served.url + "posts/bonjour/index.html")
            overlay = page.locator("#almanac-live-overlay")
            overlay.wait_for(timeout=30_000)
            assert "The rebuild failed" in overlay.inner_text()
            assert f"{POST}:4:" in overlay.inner_text()
            post.write_text(good, encoding="utf-8")
            page.locator("h1", has_text="Bonjour décembre").wait_for(timeout=30_000)
            assert not overlay.is_visible()
            browser.close()
    finally:
        served.stop.set()
        thread.join()
