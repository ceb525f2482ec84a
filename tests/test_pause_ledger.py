"""``almanac pause`` with a publication ledger: what went out leaves the schedulers' lists.

A real git repository, a real build (its bundle is what the schedulers hold), a
ledger written by ``almanac ledger import`` from a Hootsuite export of sent posts
(columns as ``pipeline/stages/ledger/formats.py`` documents them: ``Date (GMT)`` as
a public parser reads it, the other names not confirmed by any public page), then
the pause. A published entry leaves the lists because a scheduler suspends only
what is still scheduled: Hootsuite's help page "Suspend scheduled content"
(help.hootsuite.com) speaks of scheduled content, and says that ending the
suspension publishes what is still scheduled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import Result

from pipeline.commands.handover import HOW_TO
from pipeline.commands.pause import pause
from pipeline.model.charter import SCHEDULERS
from tests.conftest import commit_all, git
from tests.feedkit import post_path, post_text, write_brand
from tests.ledgerkit import import_sent

Run = Callable[..., Result]
PARIS = ZoneInfo("Europe/Paris")
PERMALINK = "https://www.instagram.com/p/TeaserPublie/"


def _built(tmp_path: Path, run: Run) -> Path:
    root = write_brand(tmp_path / "brand")
    busy = post_path(root, "2026-11-26-occupe")
    busy.parent.mkdir(parents=True, exist_ok=True)
    busy.write_text(post_text("2026-11-26-occupe", "2026-11-26 10:00", "[instagram]", "approved", ""))
    git(root, "init", "-q")
    commit_all(root, "initial", date="2026-11-20T09:00:00+01:00")
    built = run(["build", "--root", str(root), "--today", "2026-11-20"])
    assert built.exit_code == 0, built.output
    return root


def _section(notice: str, head: str) -> list[str]:
    """The lines of one part of the notice: from its head to the next blank line."""
    lines = notice.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(head))
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def test_a_published_entry_leaves_every_list_and_is_listed_with_its_permalink(
    tmp_path: Path, run: Run
) -> None:
    root = _built(tmp_path, run)
    # The evening of 24 November: the teaser went out on Instagram at 18:31, not (yet) on LinkedIn.
    import_sent(
        run,
        root,
        tmp_path,
        [("black-friday-teaser", "instagram", datetime(2026, 11, 24, 18, 31, tzinfo=PARIS), PERMALINK)],
    )
    commit_all(root, "the ledger", date="2026-11-24T20:00:00+01:00")
    paused = run(["pause", "--root", str(root), "--reason", "Bad buzz", "--today", "2026-11-24"])
    assert paused.exit_code == 0, paused.output
    notice = (root / "dist/bundle/pause-2026-11-24.txt").read_text(encoding="utf-8")
    assert notice in paused.output
    for scheduler in HOW_TO:
        part = _section(notice, f"{scheduler}: ")
        assert part[0] == f"{scheduler}: 2 entries to suspend"
        entries = [line for line in part if line.startswith("  - ")]
        assert [line.split()[3:5] for line in entries] == [
            ["linkedin", "black-friday-teaser"],
            ["instagram", "occupe"],
        ]
    gone = _section(notice, "Already published")
    assert gone[0].startswith("Already published, according to the ledger (1)")
    assert gone[1:] == [
        f"  - 2026-11-24 18:31  instagram  black-friday-teaser  {PERMALINK}  (published by hootsuite)"
    ]


def test_the_run_says_what_went_out_and_a_broken_ledger_only_warns(tmp_path: Path, run: Run) -> None:
    root = _built(tmp_path, run)
    sent = datetime(2026, 11, 26, 10, 1, tzinfo=PARIS)
    import_sent(run, root, tmp_path, [("occupe", "instagram", sent, PERMALINK)])
    done = pause(root, reason="Rappel", today=datetime(2026, 11, 26).date())
    assert [(p.post, p.channel, p.published_at, p.source) for p in done.published] == [
        ("occupe", "instagram", sent, "hootsuite")
    ]
    assert done.to_suspend == {}  # occupe was the one entry inside the pause, and it went out

    # A ledger file damaged by hand: the pause is still written and the lists keep every entry.
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    git(root, "checkout", "--", "charter.yaml")
    (root / "ledger/2026/11.csv").write_text("post_id,channel\nx,y\n", encoding="utf-8")
    broken = run(["pause", "--root", str(root), "--reason", "Rappel", "--today", "2026-11-26"])
    assert broken.exit_code == 0, broken.output
    assert (root / "charter.yaml").read_text(encoding="utf-8") == charter
    notice = (root / "dist/bundle/pause-2026-11-26.txt").read_text(encoding="utf-8")
    assert "The ledger could not be read (ledger/2026/11.csv:1: the header must be" in notice
    assert "Already published" not in notice
    for scheduler in SCHEDULERS:
        assert f"{scheduler}: 1 entry to suspend" in notice


def test_a_post_that_went_out_inside_the_pause_is_listed_without_any_bundle(tmp_path: Path, run: Run) -> None:
    root = _built(tmp_path, run)
    sent = datetime(2026, 11, 26, 10, 1, tzinfo=PARIS)
    import_sent(run, root, tmp_path, [("occupe", "instagram", sent, PERMALINK)])
    # The bundles were built elsewhere (CI): this output folder holds none.
    done = pause(root, reason="Rappel", today=datetime(2026, 11, 26).date(), out=tmp_path / "vide")
    assert done.to_suspend == {}
    assert "No entry handed to a scheduler falls inside the pause." in done.notice
    assert f"  - 2026-11-26 10:01  instagram  occupe  {PERMALINK}  (published by hootsuite)" in done.notice
