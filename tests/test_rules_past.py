"""time.past: approved posts written or edited after they were to go out, from real git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.model.findings import Level
from tests.checks_support import check, make_brand, post_text
from tests.conftest import commit_all, git

WHEN = "2026-12-01 10:00"  # Europe/Paris, 09:00 UTC


def _repo(tmp_path: Path, *, status: str = "approved", extra: str = "", charter: str = "") -> Path:
    root = make_brand(
        tmp_path / "repo", charter, {"a.md": post_text("Texte.", when=WHEN, status=status, extra=extra)}
    )
    git(root, "init", "-q")
    return root


def _past(root: Path, today: date) -> list[tuple[Level, int, str]]:
    return [(f.level, f.line, f.message) for f in check(root, rule="time.past", today=today)]


def test_committed_after_its_time_is_a_warning_at_publish_at(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    commit_all(root, "written late", date="2026-12-01T11:30:00+01:00")
    found = _past(root, date(2026, 12, 5))
    assert [(level, line) for level, line, _ in found] == [(Level.WARNING, 3)]
    message = found[0][2]
    assert "last edited 2026-12-01 11:30, after it was to go out (2026-12-01 10:00)" in message
    assert "cannot have gone out as written" in message and "for the record" in message


def test_committed_before_its_time_is_fine(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    commit_all(root, "written on time", date="2026-11-30T18:00:00+01:00")
    assert _past(root, date(2026, 12, 5)) == []


def test_a_later_correction_for_the_record_is_still_flagged(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    commit_all(root, "written on time", date="2026-11-30T18:00:00+01:00")
    post = root / "content/posts/a.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Texte.", "Texte corrigé."), encoding="utf-8")
    commit_all(root, "typo", date="2026-12-03T09:00:00+01:00")
    assert len(_past(root, date(2026, 12, 5))) == 1


def test_uncommitted_changes_count_as_made_on_the_day_of_the_check(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    commit_all(root, "written on time", date="2026-11-30T18:00:00+01:00")
    post = root / "content/posts/a.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Texte.", "Autre texte."), encoding="utf-8")
    found = _past(root, date(2026, 12, 5))
    assert len(found) == 1 and "has changes not committed yet" in found[0][2]
    # Checked on a day before the post's time, the same edit is in time.
    assert _past(root, date(2026, 11, 30)) == []


def test_only_approved_posts_and_not_when_silenced(tmp_path: Path) -> None:
    draft = _repo(tmp_path / "draft", status="draft")
    commit_all(draft, "late draft", date="2026-12-02T09:00:00+01:00")
    assert _past(draft, date(2026, 12, 5)) == []
    silenced = _repo(tmp_path / "silenced", extra="ignore: {time.past: archive saisie après coup}\n")
    commit_all(silenced, "archive", date="2026-12-02T09:00:00+01:00")
    assert _past(silenced, date(2026, 12, 5)) == []
    off = _repo(tmp_path / "off", charter="rules: {time.past: off}\n")
    commit_all(off, "late", date="2026-12-02T09:00:00+01:00")
    assert _past(off, date(2026, 12, 5)) == []


def test_without_git_there_is_nothing_to_say(tmp_path: Path) -> None:
    root = make_brand(tmp_path / "plain", "", {"a.md": post_text("Texte.", when=WHEN)})
    assert _past(root, date(2026, 12, 5)) == []
