"""time.past: approved posts written or edited after they were to go out, from real git history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


_PR_CHECK = """
import json, sys
from datetime import date
from pathlib import Path
from pipeline.build.runs import check
run = check(Path(sys.argv[1]), today=date(2026, 12, 5), since=sys.argv[2])
lines = [f.file for f in run.findings if f.rule == "time.past"]
print(json.dumps({"past": lines, "history_read": "git" in sys.modules}))
"""


def _pull_request_check(root: Path, base: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PR_CHECK, str(root), base],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_a_pull_request_reads_history_only_when_a_changed_post_is_due(tmp_path: Path) -> None:
    """Its findings are each on one post: an unchanged late post cannot be reported, so git is not read."""
    root = _repo(tmp_path)  # a.md, due on 1 December, committed after its time
    (root / "content/posts/b.md").write_text(
        post_text("Plus tard.", when="2026-12-20 10:00"), encoding="utf-8"
    )
    commit_all(root, "written late", date="2026-12-01T11:30:00+01:00")
    base = git(root, "rev-parse", "HEAD").strip()
    later = root / "content/posts/b.md"
    later.write_text(
        later.read_text(encoding="utf-8").replace("Plus tard.", "Bien plus tard."), encoding="utf-8"
    )
    commit_all(root, "b", date="2026-12-02T09:00:00+01:00")
    assert _pull_request_check(root, base) == {"past": [], "history_read": False}
    late = root / "content/posts/a.md"
    late.write_text(late.read_text(encoding="utf-8").replace("Texte.", "Texte revu."), encoding="utf-8")
    commit_all(root, "a", date="2026-12-03T09:00:00+01:00")
    assert _pull_request_check(root, base) == {"past": ["content/posts/a.md"], "history_read": True}
