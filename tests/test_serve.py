"""``almanac serve``: loopback by default, rebuilds on change, keeps the last good site on failure."""

from __future__ import annotations

import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from pipeline.build.context import BuildOptions
from pipeline.build.serve import Preview
from pipeline.build.watch import snapshot
from tests.conftest import without_countdown
from tests.site_build import make_brand


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body.decode("utf-8")


def wait_for(predicate: object, what: str, limit: float = 30.0) -> None:
    """Poll until ``predicate()`` holds (a limit so a broken watcher fails instead of hanging)."""
    assert callable(predicate)
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


@pytest.mark.waits
def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    root = without_countdown(make_brand(tmp_path))
    reports: list[str] = []
    preview = Preview(root, port=0, report=reports.append, options=BuildOptions(today=date(2026, 11, 25)))
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.rebuild() is not None
    thread = threading.Thread(target=preview.run, kwargs={"interval": 0.05})
    thread.start()
    try:
        page = preview.url + "posts/bonjour/index.html"
        assert "Bonjour décembre" in fetch(page)
        post = root / "content/posts/2026/12/2026-12-01-bonjour.md"
        post.write_text(post.read_text().replace("title: Bonjour décembre", "title: Bonsoir décembre"))
        wait_for(lambda: "Bonsoir décembre" in fetch(page), "the edited title")

        broken = post.read_text().replace("channels: [instagram, linkedin]", "channels: [myspace]")
        post.write_text(broken)
        wait_for(lambda: any("rebuild failed" in r for r in reports), "the failed rebuild")
        assert any("post.unknown-channel" in r for r in reports), reports
        assert "Bonsoir décembre" in fetch(page), "the last good site is still served"

        (root / "charter.yaml").write_text("brand: [")
        wait_for(lambda: any("charter.yaml" in r for r in reports if "rebuild failed" in r), "charter error")
        assert "Bonsoir décembre" in fetch(page)
    finally:
        preview.stop.set()
        thread.join()


def test_snapshot_sees_only_watched_files(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    before = snapshot(root)
    assert "charter.yaml" in before and "content/posts/2026/12/2026-12-01-bonjour.md" in before
    (root / "notes.txt").write_text("not watched")
    assert snapshot(root) == before
    (root / "assets/images/new.png").write_bytes(b"x")
    assert "assets/images/new.png" in snapshot(root)
