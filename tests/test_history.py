"""Git history, read in one pass, and the build time taken from it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.stages.history import build_time, read_history
from tests.conftest import commit_all


def test_history_of_each_file(brand: Callable[[str], Path], git_repo: Callable[[Path], Path]) -> None:
    root = git_repo(brand("minimal"))
    post = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    post.write_text(post.read_text() + "\nUne ligne de plus.\n")
    commit_all(root, "edit", date="2026-11-21T10:00:00+00:00")
    history = read_history(root)
    entry = history.files["content/posts/2026/12/2026-12-01-bonjour.md"]
    assert entry.revisions == 2
    assert entry.first == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert entry.last == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert entry.authors == ("Test Author",)
    assert history.files["charter.yaml"].revisions == 1
    assert history.head_time == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert not history.dirty
    post.write_text("changed")
    assert read_history(root).dirty


def test_history_of_a_brand_inside_a_bigger_repository(tmp_path: Path, brand: Callable[[str], Path]) -> None:
    outer = tmp_path
    root = brand("minimal")  # tmp_path/minimal
    (outer / "README").write_text("outer")
    from tests.conftest import git

    git(outer, "init", "-q")
    commit_all(outer, "all", date="2026-11-22T10:00:00+00:00")
    history = read_history(root)
    assert "charter.yaml" in history.files
    assert "README" not in history.files and "../README" not in history.files


def test_only_the_files_outputs_show_are_read(
    brand: Callable[[str], Path], git_repo: Callable[[Path], Path]
) -> None:
    """The charter, posts, topics and campaigns: the repository's other files stay out of the log."""
    root = git_repo(brand("minimal"))
    (root / "README.md").write_text("Notes de l'équipe.\n")
    (root / "assets/images/carre.png").write_bytes(b"not the image any more")
    commit_all(root, "other files", date="2026-11-23T10:00:00+00:00")
    history = read_history(root)
    assert set(history.files) == {
        "charter.yaml",
        "content/posts/2026/12/2026-12-01-bonjour.md",
        "content/posts/2026/12/2026-12-08-atelier.md",
        "calendar/seasonal/noel.md",
        "calendar/campaigns/hiver.md",
    }
    # HEAD is still the repository's last commit, whatever it touched.
    assert history.head_time == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_build_time_prefers_source_date_epoch(tmp_path: Path) -> None:
    history = read_history(tmp_path)  # not a repository
    assert history.head is None and history.files == {}
    assert build_time(history, {"SOURCE_DATE_EPOCH": "1790000000"}) == datetime.fromtimestamp(1790000000, UTC)
    for bad in ("garbage", "-5", "1e9", "99999999999999999999"):
        with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
            build_time(history, {"SOURCE_DATE_EPOCH": bad})
    # Without git or epoch, the day the driver's clock gave (00:00 UTC): rebuilds on one day give the
    # same bytes. Read without the driver, a history has no clock: the epoch, never the clock.
    assert build_time(history, {}) == datetime.fromtimestamp(0, UTC)
    day = datetime(2029, 6, 1, tzinfo=UTC)
    dated = history.model_copy(update={"fallback_time": day})
    assert build_time(dated, {}) == day
