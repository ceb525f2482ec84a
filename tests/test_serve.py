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
from pipeline.build.watch import GIT_KEY, folders, snapshot
from tests.conftest import commit_all, git, without_countdown
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


def test_snapshot_moves_with_git_head_alone(tmp_path: Path) -> None:
    """A commit, a new branch and a checkout change no brand file; the snapshot still moves."""
    root = make_brand(tmp_path)
    before = snapshot(root)
    assert {GIT_KEY + "HEAD", GIT_KEY + "refs/heads/main"} <= before.keys()
    assert str(root / ".git" / "refs" / "heads") in folders(root)

    (root / "notes.txt").write_text("not watched, but committed")
    commit_all(root, "notes", date="2026-12-08T18:00:00+01:00")
    committed = snapshot(root)
    assert committed[GIT_KEY + "refs/heads/main"] != before[GIT_KEY + "refs/heads/main"]
    assert {k: v for k, v in committed.items() if not k.startswith(GIT_KEY)} == {
        k: v for k, v in before.items() if not k.startswith(GIT_KEY)
    }

    git(root, "checkout", "-q", "-b", "fix/typo")
    switched = snapshot(root)
    assert GIT_KEY + "refs/heads/fix/typo" in switched and GIT_KEY + "refs/heads/main" not in switched
    assert str(root / ".git" / "refs" / "heads" / "fix") in folders(root)


def test_snapshot_follows_a_worktree_to_its_repository(tmp_path: Path) -> None:
    """In a worktree ``.git`` is a file naming its folder, and the branches are in the main repository."""
    root = make_brand(tmp_path)
    tree = tmp_path / "tree"
    git(root, "worktree", "add", "-q", "-b", "side", str(tree))
    seen = snapshot(tree / "content")  # a brand in a subfolder of the work tree
    assert {GIT_KEY + "HEAD", GIT_KEY + "refs/heads/side"} <= seen.keys()
    (tree / "notes.txt").write_text("on the side")
    commit_all(tree, "side note", date="2026-12-08T18:00:00+01:00")
    assert snapshot(tree / "content")[GIT_KEY + "refs/heads/side"] != seen[GIT_KEY + "refs/heads/side"]
    assert snapshot(tmp_path / "elsewhere") == {}, "outside a repository: nothing of git's"
