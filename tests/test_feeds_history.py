"""Feeds over real git history: stable bytes, SEQUENCE bumps, moves, deletions, the size warning."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
from click.testing import Result

from pipeline.build.driver import BuildOptions, build
from pipeline.output.publish import Artifact, Spool
from pipeline.stages.feeds import build_feeds
from pipeline.stages.feeds.model import stable_uid
from pipeline.stages.history import build_time, read_history
from pipeline.stages.load.loader import load_project
from tests.conftest import commit_all, git
from tests.feedkit import post_path, post_text, write_brand

CALENDAR = "site/feeds/calendar.ics"


def _repo(tmp_path: Path, charter_extra: str = "") -> Path:
    root = write_brand(tmp_path / "brand", charter_extra=charter_extra)
    git(root, "init", "-q")
    commit_all(root, "initial", date="2026-11-20T09:00:00+01:00")
    return root


def _feeds(root: Path, spool: Spool | None = None) -> dict[str, bytes]:
    project = load_project(root, use_cache=False)
    history = read_history(root)
    keep = spool.keep if spool is not None else Artifact.of_bytes
    out = build_feeds(project, history, build_time(history, {}), keep=keep)
    if spool is not None:  # each feed went to disk as it was written: none is held in memory
        assert all(art.data is None and art.source is not None for art in out.files.values())
    return {rel: art.source.read_bytes() if art.source else art.data or b"" for rel, art in out.files.items()}


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if isinstance(e, icalendar.Event)
    }


def _blocks(data: bytes) -> dict[str, bytes]:
    """Each VEVENT's exact bytes, by UID."""
    blocks = {}
    for chunk in data.split(b"BEGIN:VEVENT\r\n")[1:]:
        body = chunk.split(b"END:VEVENT\r\n")[0]
        uid = next(line for line in body.split(b"\r\n") if line.startswith(b"UID:"))[4:].decode()
        blocks[uid] = body
    return blocks


def _uid(root: Path, post_id: str) -> str:
    return stable_uid(load_project(root, use_cache=False).charter, f"post:{post_id}")


def test_two_builds_give_the_same_bytes_spooled_or_not_and_the_old_cache_goes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    first = _feeds(root)
    assert _feeds(root) == first
    with Spool(tmp_path / "out") as spool:
        assert _feeds(root, spool) == first
    # Earlier versions kept rendered events in .almanac/feeds-cache.bin; one left behind is
    # never read (a stale event in it cannot reach a feed) and is deleted.
    old = root / ".almanac" / "feeds-cache.bin"
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(
        b'{"format":1,"kind":"feeds-cache","salt":"events 3","entries":{},"blobs":{}}\nBEGIN:VEVENT'
    )
    assert _feeds(root) == first
    assert not old.exists()
    event = _events(first[CALENDAR])[_uid(root, "black-friday-teaser")]
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert event.decoded("LAST-MODIFIED") == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert int(str(event["SEQUENCE"])) == 0


def test_editing_one_post_bumps_only_its_sequence(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    before = _blocks(_feeds(root)[CALENDAR])
    path = post_path(root, "2026-11-24-black-friday-teaser")
    path.write_text(path.read_text().replace("Texte de", "Nouveau texte de"))
    commit_all(root, "edit the teaser", date="2026-11-21T15:30:00+01:00")
    after_feeds = _feeds(root)
    after = _blocks(after_feeds[CALENDAR])
    teaser = _uid(root, "black-friday-teaser")
    assert after.keys() == before.keys()
    assert {uid for uid in after if after[uid] != before[uid]} == {teaser}
    event = _events(after_feeds[CALENDAR])[teaser]
    assert int(str(event["SEQUENCE"])) == 1
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 21, 14, 30, tzinfo=UTC)
    assert event.decoded("LAST-MODIFIED") == datetime(2026, 11, 21, 14, 30, tzinfo=UTC)
    assert "Nouveau texte de" in str(event.decoded("DESCRIPTION"))
    for uid, block in after.items():
        if uid != teaser:
            assert b"SEQUENCE:0\r\n" in block


def test_a_moved_post_keeps_its_uid_and_its_history(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    uid = _uid(root, "black-friday-teaser")
    old = post_path(root, "2026-11-24-black-friday-teaser")
    new = post_path(root, "2026-12-02-black-friday-teaser")
    new.parent.mkdir(parents=True, exist_ok=True)
    git(root, "mv", str(old), str(new))
    new.write_text(new.read_text().replace("2026-11-24 18:30", "2026-12-02 09:15"))
    commit_all(root, "move the teaser", date="2026-11-22T10:00:00+01:00")
    event = _events(_feeds(root)[CALENDAR])[uid]
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 8, 15, tzinfo=UTC)
    assert int(str(event["SEQUENCE"])) == 1  # git's rename is followed: the moved file has two commits
    assert read_history(root).files[new.relative_to(root).as_posix()].revisions == 2


def test_a_deleted_post_disappears(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    uid = _uid(root, "halloween")
    assert uid in _events(_feeds(root)[CALENDAR])
    post_path(root, "2027-10-31-halloween").unlink()
    commit_all(root, "drop halloween", date="2026-11-23T10:00:00+01:00")
    for rel, data in _feeds(root).items():
        assert uid.encode() not in data, rel


def test_without_git_the_build_time_dates_everything(tmp_path: Path) -> None:
    root = write_brand(tmp_path / "brand")
    history = read_history(root)
    stamp = build_time(history, {"SOURCE_DATE_EPOCH": "1790000000"})
    project = load_project(root, use_cache=False)
    first = build_feeds(project, history, stamp).files[CALENDAR].data
    assert first == build_feeds(project, history, stamp).files[CALENDAR].data
    assert first is not None
    for event in _events(first).values():
        assert event.decoded("DTSTAMP") == datetime.fromtimestamp(1790000000, UTC)
        assert int(str(event["SEQUENCE"])) == 0


def test_a_feed_past_one_megabyte_is_a_warning_in_the_build(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = _repo(tmp_path)
    big = "Un long texte. " * 30_000  # 450 kB, in three posts' descriptions
    for stem in ("2026-11-24-black-friday-teaser", "2027-03-28-printemps", "2027-10-31-halloween"):
        path = post_path(root, stem)
        path.write_text(post_text(stem, "2027-01-05 10:00", "[linkedin]", "draft", "", body=big))
    commit_all(root, "long posts", date="2026-11-24T10:00:00+01:00")
    result = build(root, tmp_path / "dist", BuildOptions(today=date(2026, 11, 24)))
    sizes = [f for f in result.findings if f.rule == "feed.size"]
    assert {f.message.split(" ", 1)[0] for f in sizes} == {
        "feeds/calendar.ics",
        "feeds/calendar-reminders.ics",
        "feeds/linkedin.ics",
    }
    assert all(f.level == "warning" and f.file == "charter.yaml" for f in sizes)
    assert "publish.feed_past_days" in sizes[0].message
    assert (tmp_path / "dist" / CALENDAR).stat().st_size > 1_000_000
    report = json.loads((tmp_path / "dist" / "report.json").read_text())
    assert "feed.size" in {f["rule"] for f in report["findings"]}
    cli = run(["build", "--root", str(root), "--out", str(tmp_path / "dist2"), "--today", "2026-11-24"])
    assert cli.exit_code == 0 and "[feed.size]" in cli.output


def test_feed_past_days_leaves_old_posts_out(tmp_path: Path) -> None:
    root = _repo(tmp_path, charter_extra="  feed_past_days: 0\n")  # built on 2026-11-20
    events = _events(_feeds(root)[CALENDAR])
    assert _uid(root, "avant-le-saut") not in events  # 2026-03-29
    assert _uid(root, "black-friday-teaser") in events  # 2026-11-24
