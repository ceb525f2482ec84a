"""Incremental builds: the no-op short-circuit sees every input change, and caches never change a byte.

Each step changes one input of a real brand in a real git repository, rebuilds
with every cache warm, and compares the whole output, byte for byte, with a
full build of a copy that has no cache and no previous output.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.build.context import BuildOptions, make_context
from pipeline.build.driver import BuildResult, build, run_stages
from pipeline.output.publish import published_view
from pipeline.stages.check.engine import run_checks
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from tests.conftest import commit_all, git

TODAY = date(2026, 11, 25)
POST = "content/posts/2026/12/2026-12-01-bonjour.md"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (links followed), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def full_build(root: Path, scratch: Path, today: date = TODAY) -> dict[str, bytes]:
    """A build of a copy of ``root`` with no cache and no previous output."""
    copy = scratch / "full"
    shutil.rmtree(copy, ignore_errors=True)
    skip = shutil.ignore_patterns(".almanac", "dist", ".dist.builds")
    shutil.copytree(root, copy, ignore=skip, symlinks=True)
    result = build(copy, options=BuildOptions(today=today, jobs=1))
    assert not result.failed and not result.skipped
    return tree(copy / "dist")


@pytest.fixture
def repo(brand: Callable[[str], Path], git_repo: Callable[[Path], Path]) -> Path:
    root = brand("minimal")
    (root / ".gitignore").write_text(".almanac/\ndist\n.dist.builds/\n", encoding="utf-8")
    git_repo(root)
    first = build(root, options=BuildOptions(today=TODAY, jobs=1))
    assert not first.failed and not first.skipped
    return root


def _rebuild(root: Path, today: date = TODAY) -> BuildResult:
    return build(root, options=BuildOptions(today=today, jobs=1))


def _same_size_edit(path: Path) -> None:
    """Change one letter, keeping the size and putting the mtime back.

    It waits for the next second first: git compares ctimes in whole seconds, so
    within the second of its last look, git itself would call the tree clean and
    the bundle's ``dirty`` flag would be git's mistake, not the build's. The wait
    reads the file system's clock (a probe file's ctime), which a faked process
    clock (libfaketime) does not move.
    """
    before = path.stat()
    probe = path.parent / ".clock-probe"
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_ctime_ns - before.st_ctime_ns >= 1_050_000_000:
            break
        time.sleep(0.05)
    probe.unlink()
    text = path.read_text(encoding="utf-8")
    index = next(i for i, ch in enumerate(text) if ch == "a" and i > text.index("\n---\n"))
    path.write_text(text[:index] + "o" + text[index + 1 :], encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_noop_rebuild_is_answered_from_the_stamp(repo: Path) -> None:
    before = tree(repo / "dist")
    again = _rebuild(repo)
    assert again.skipped and again.published is not None and not again.published.changed
    assert tree(repo / "dist") == before
    replayed = {f.model_dump_json() for f in again.findings}
    fresh = build(repo, out=repo.parent / "elsewhere", options=BuildOptions(today=TODAY, jobs=1))
    assert not fresh.skipped  # another output folder is another build
    assert {f.model_dump_json() for f in fresh.findings} == replayed


@pytest.mark.parametrize(
    "change",
    [
        "same-size-edit",
        "empty-commit",
        "amended-date",
        "source-date-epoch",
        "new-post",
        "charter",
        "output-removed",
    ],
)
def test_every_input_change_is_seen_and_equals_a_full_build(
    repo: Path, tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(repo / "dist")
    if change == "same-size-edit":
        _same_size_edit(repo / POST)
    elif change == "empty-commit":
        git(repo, "commit", "-q", "--allow-empty", "-m", "nothing but a commit")
    elif change == "amended-date":
        env = {**os.environ, "GIT_COMMITTER_DATE": "2026-11-21T10:00:00+01:00"}
        git(repo, "commit", "-q", "--amend", "--no-edit", "--date=2026-11-21T10:00:00+01:00", env=env)
    elif change == "source-date-epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    elif change == "new-post":
        text = (repo / POST).read_text(encoding="utf-8").replace("2026-12-01", "2026-12-03")
        (repo / "content/posts/2026/12/2026-12-03-encore.md").write_text(text, encoding="utf-8")
    elif change == "charter":
        charter = repo / "charter.yaml"
        charter.write_text(charter.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
        commit_all(repo, "charter comment", date="2026-11-22T09:00:00+01:00")
    elif change == "output-removed":
        (repo / "dist").unlink()
    result = _rebuild(repo)
    assert not result.failed and not result.skipped
    after = tree(repo / "dist")
    if change not in {"output-removed", "charter"}:
        assert after != before
    assert after == full_build(repo, tmp_path)
    assert _rebuild(repo).skipped


def test_another_day_is_another_build(repo: Path) -> None:
    assert not _rebuild(repo, date(2026, 11, 26)).skipped
    assert _rebuild(repo, date(2026, 11, 26)).skipped


def test_staging_a_change_is_seen(repo: Path, tmp_path: Path) -> None:
    (repo / POST).write_text((repo / POST).read_text(encoding="utf-8") + "\nEncore.\n", encoding="utf-8")
    assert not _rebuild(repo).skipped
    git(repo, "add", POST)  # the work tree is as it was; only the index moved
    assert not _rebuild(repo).skipped
    assert _rebuild(repo).skipped


def test_incremental_equals_full_across_edits(repo: Path, tmp_path: Path) -> None:
    post = repo / POST
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("\n---\n", "\n---\nVoici un mot de plus. ", 1), encoding="utf-8")
    assert tree(_rebuild(repo).out) == full_build(repo, tmp_path)
    commit_all(repo, "edit", date="2026-11-23T09:00:00+01:00")
    assert tree(_rebuild(repo).out) == full_build(repo, tmp_path)
    post.write_text(text, encoding="utf-8")  # back to the first text: the caches hold both
    assert tree(_rebuild(repo).out) == full_build(repo, tmp_path)


def test_an_edit_renders_only_the_pages_that_show_the_post(repo: Path) -> None:
    post = repo / POST
    post.write_text(
        post.read_text(encoding="utf-8").replace("\n---\n", "\n---\nUn mot. ", 1), encoding="utf-8"
    )
    project = load_project(repo)
    findings = run_checks(project, today=TODAY)
    options = BuildOptions(today=TODAY, jobs=1)
    # The stages as the build runs them, so that the findings (and the header's counts) are the build's.
    ctx = make_context(project, options, datetime(2026, 11, 25, 9, 0, tzinfo=UTC)).with_history(
        read_history(repo)
    )
    pages = run_stages(ctx, findings, published_view(repo / "dist"))[0]["site"]
    rendered = {rel for rel, art in pages.items() if art.data is not None}
    reused = {rel for rel, art in pages.items() if art.data is None}
    edited = "site/posts/bonjour/index.html"
    assert edited in rendered
    assert "site/posts/atelier/index.html" in reused
    assert {"site/month/2026-12.html", "site/week/2026-W49.html"} <= rendered  # they show its title
    assert "site/week/2026-W50.html" in reused
