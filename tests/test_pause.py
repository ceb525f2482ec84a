"""Crisis pause and resume on a real git repository, the feeds read back by three parsers.

The feeds' cancellation follows RFC 5545 §3.8.1.11 (STATUS:CANCELLED on a VEVENT)
and §3.8.7.4 (SEQUENCE grows with each revision), read back by icalendar, vobject
and Mozilla's ical.js. What each scheduler is told to do comes from its public
page, named in ``pipeline.commands.handover.HOW_TO`` (Hootsuite's help centre
"Suspend scheduled content", developers.buffer.com's deletePost, Metricool's
"How Planning settings work", Postiz's public API controller).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import Result

from pipeline.commands.handover import HOW_TO
from pipeline.commands.resume import plan
from pipeline.model.charter import Freeze, Mix
from pipeline.stages.feeds.model import stable_uid
from pipeline.stages.load.loader import load_project
from tests.conftest import CHROMIUM, commit_all, git
from tests.feedkit import ical_js, post_path, post_text, write_brand

Run = Callable[..., Result]
CALENDAR = "dist/site/feeds/calendar.ics"
TEASER = "2026-11-24-black-friday-teaser"
# Windows and a gap, so that resume has something to respect.
CADENCE = 'cadence:\n  windows: {default: ["mon-fri 09:00-12:00"]}\n  min_gap_hours: {default: 4}\n'


def _repo(tmp_path: Path) -> Path:
    root = write_brand(tmp_path / "brand")
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("cadence:\n", CADENCE), encoding="utf-8")
    # An approved Instagram post on Thursday 26 November at 10:00, which the moved teaser must keep 4 h from.
    busy = post_path(root, "2026-11-26-occupe")
    busy.parent.mkdir(parents=True, exist_ok=True)
    busy.write_text(post_text("2026-11-26-occupe", "2026-11-26 10:00", "[instagram]", "approved", ""))
    git(root, "init", "-q")
    commit_all(root, "initial", date="2026-11-20T09:00:00+01:00")
    return root


def _events(root: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical((root / CALENDAR).read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT") if isinstance(e, icalendar.Event)}


def _three_parsers(root: Path, tmp: Path, uid: str) -> tuple[str, int, datetime]:
    """STATUS, SEQUENCE and start of one event, asserting icalendar, vobject and ical.js agree."""
    raw = (root / CALENDAR).read_bytes()
    event = _events(root)[uid]
    status, sequence, start = str(event["STATUS"]), int(str(event["SEQUENCE"])), event.decoded("DTSTART")
    vevent = next(
        v for v in vobject.readOne(raw.decode("utf-8"), validate=True).vevent_list if v.uid.value == uid
    )
    assert (vevent.status.value, int(vevent.sequence.value), vevent.dtstart.value) == (
        status,
        sequence,
        start,
    )
    tmp.mkdir()
    copy = tmp / "calendar.ics"
    copy.write_bytes(raw)
    events = ical_js([copy])[0]["events"]
    assert isinstance(events, list)
    js = next(e for e in events if e["uid"] == uid)
    assert (js["status"], js["sequence"], js["start"]) == (
        status,
        sequence,
        start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    )
    return status, sequence, start


@pytest.mark.node
def test_pause_then_resume_on_a_git_repository(tmp_path: Path, run: Run) -> None:
    root = _repo(tmp_path)
    uid = stable_uid(load_project(root, use_cache=False).charter, "post:black-friday-teaser")
    built = run(["build", "--root", str(root), "--today", "2026-11-20"])
    assert built.exit_code == 0, built.output
    assert _three_parsers(root, tmp_path / "before", uid)[:2] == ("CONFIRMED", 0)
    assert "Publication suspendue" not in (root / "dist/site/index.html").read_text(encoding="utf-8")

    charter_before = (root / "charter.yaml").read_text(encoding="utf-8")
    paused = run(["pause", "--root", str(root), "--reason", "Bad buzz", "--today", "2026-11-22"])
    assert paused.exit_code == 0, paused.output
    # One line added to the charter; its comments, quotes and order kept.
    charter_after = (root / "charter.yaml").read_text(encoding="utf-8")
    added = [line for line in charter_after.splitlines() if line not in charter_before.splitlines()]
    assert added == [
        "    - {from: 2026-11-22, to: 2027-03-22, reason: Bad buzz, since: '2026-11-22T00:00:00+01:00'}"
    ]
    assert charter_after.replace(added[0] + "\n", "") == charter_before
    # The build's bundle handed the teaser to each scheduler: each is told how to suspend it, with its source.
    notice = (root / "dist/bundle/pause-2026-11-22.txt").read_text(encoding="utf-8")
    assert notice in paused.output
    for scheduler, how in HOW_TO.items():
        assert f"{scheduler}: 3 entries to suspend" in notice  # the teaser on Instagram and LinkedIn, occupe
        assert how.source in notice
    assert "2026-11-24 18:30  instagram  black-friday-teaser" in notice
    assert "occupe" in notice
    again = run(["pause", "--root", str(root), "--reason", "Encore", "--today", "2026-11-23"])
    assert again.exit_code == 2 and "already paused" in again.output

    commit_all(root, "pause", date="2026-11-22T10:00:00+01:00")
    checked = run(["check", "--root", str(root), "--today", "2026-11-22", "--format", "json"])
    freezes = [f for f in json.loads(checked.output)["findings"] if f["rule"] == "cadence.freeze"]
    assert {f["file"].rsplit("/", 1)[1] for f in freezes} == {f"{TEASER}.md", "2026-11-26-occupe.md"}
    assert all(f["level"] == "warning" and "crisis pause" in f["message"] for f in freezes)
    built = run(["build", "--root", str(root), "--today", "2026-11-22"])
    assert built.exit_code == 0, built.output  # warnings: the cancelled feeds and the banner go out
    assert _three_parsers(root, tmp_path / "paused", uid)[:2] == ("CANCELLED", 1)
    assert "Publication suspendue" in (root / "dist/site/index.html").read_text(encoding="utf-8")
    report = (root / "dist/site/report.html").read_text(encoding="utf-8")
    assert '<p class="rationale">Rien ne part pendant une pause' in report  # the rationale, in French
    manifest = next((root / "dist/bundle").glob("almanac-2026-11-22--*.zip"))
    assert b"black-friday-teaser" not in manifest.read_bytes()  # held back posts are not handed over again

    post_file = post_path(root, TEASER)
    before = post_file.read_bytes()
    planned = run(["resume", "--root", str(root), "--today", "2026-11-26"])
    assert planned.exit_code == 0, planned.output
    # Thursday 09:00 is within 4 h of the 10:00 post, 12:00 too: Friday 09:00 is the first slot.
    assert "black-friday-teaser: Tue, Nov 24 at 6:30\u202fPM -> Fri, Nov 27 at 9:00\u202fAM" in planned.output
    assert "occupe" not in planned.output  # due after the pause ends: it keeps its slot
    assert "Dry run" in planned.output and post_file.read_bytes() == before

    applied = run(["resume", "--root", str(root), "--today", "2026-11-26", "--apply"])
    assert applied.exit_code == 0, applied.output
    changed = [
        (a, b)
        for a, b in zip(before.decode().splitlines(), post_file.read_text().splitlines(), strict=True)
        if a != b
    ]
    assert changed == [("publish_at: 2026-11-24 18:30", "publish_at: 2026-11-27 09:00")]
    ended = (root / "charter.yaml").read_text(encoding="utf-8")
    assert "to: 2026-11-26" in ended and "ended: '2026-11-26T00:00:00+01:00'" in ended
    commit_all(root, "resume", date="2026-11-26T08:00:00+01:00")
    built = run(["build", "--root", str(root), "--today", "2026-11-26"])
    assert built.exit_code == 0, built.output
    status, sequence, start = _three_parsers(root, tmp_path / "resumed", uid)
    # Moved by one commit (+1) and after an ended pause (+2): higher than the cancelled event's 1.
    assert (status, sequence) == ("CONFIRMED", 3)
    assert start == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert "Publication suspendue" not in (root / "dist/site/index.html").read_text(encoding="utf-8")
    assert run(["resume", "--root", str(root), "--today", "2026-11-27"]).exit_code == 2  # nothing to resume


def test_a_pause_from_today_leaves_earlier_posts_of_the_day_alone(tmp_path: Path, run: Run) -> None:
    root = _repo(tmp_path)
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(
        text.replace(
            "reason: Trêve de Noël}",
            "reason: Trêve de Noël}\n"
            "    - {from: 2026-11-26, to: 2026-11-30, reason: Crise, since: '2026-11-26T10:30:00+01:00'}",
        ),
        encoding="utf-8",
    )
    checked = run(["check", "--root", str(root), "--today", "2026-11-26", "--format", "json"])
    files = {f["file"] for f in json.loads(checked.output)["findings"] if f["rule"] == "cadence.freeze"}
    assert files == set()  # the 10:00 post went out before the pause began at 10:30
    charter.write_text(
        text.replace(
            "reason: Trêve de Noël}",
            "reason: Trêve de Noël}\n"
            + "    - {from: 2026-11-26, to: 2026-11-30, reason: Crise, since: '2026-11-26T09:30:00+01:00'}",
        ),
        encoding="utf-8",
    )
    checked = run(["check", "--root", str(root), "--today", "2026-11-26", "--format", "json"])
    files = {f["file"] for f in json.loads(checked.output)["findings"] if f["rule"] == "cadence.freeze"}
    assert files == {"content/posts/2026/11/2026-11-26-occupe.md"}


def test_a_bad_reason_or_until_writes_nothing(tmp_path: Path, run: Run) -> None:
    root = _repo(tmp_path)
    before = (root / "charter.yaml").read_bytes()
    blank = run(["pause", "--root", str(root), "--reason", "  ", "--today", "2026-11-22"])
    past = run(
        ["pause", "--root", str(root), "--reason", "x", "--until", "2026-11-01", "--today", "2026-11-22"]
    )
    assert (blank.exit_code, past.exit_code) == (2, 2)
    assert "--reason" in blank.output and "before today" in past.output
    assert (root / "charter.yaml").read_bytes() == before


def test_the_posts_held_back_are_listed_as_the_users_language_writes_them(tmp_path: Path, run: Run) -> None:
    root = _repo(tmp_path)
    french = run(["pause", "--root", str(root), "--reason", "Crise", "--today", "2026-11-22", "--lang", "fr"])
    assert french.exit_code == 0, french.output
    lines = french.output.splitlines()
    head = "2 publications retenues par la pause (check les signale\u202f; les flux les annulent)\u00a0:"
    assert lines[0] == head
    assert lines[1].startswith("  mar. 24 nov. à 18:30  black-friday-teaser  [")
    assert lines[2] == "  jeu. 26 nov. à 10:00  occupe  [instagram]"
    git(root, "checkout", "--", "charter.yaml")
    english = run(["pause", "--root", str(root), "--reason", "Crisis", "--today", "2026-11-25"])
    assert english.output.splitlines()[:2] == [
        "1 post held back by the pause (check flags it; the feeds cancel it):",
        "  Thu, Nov 26 at 10:00\u202fAM  occupe  [instagram]",
    ]


def test_resuming_a_lapsed_pause_does_not_stretch_it(tmp_path: Path, run: Run) -> None:
    root = _repo(tmp_path)
    args = ["--root", str(root)]
    assert (
        run(
            ["pause", *args, "--reason", "Courte", "--until", "2026-11-23", "--today", "2026-11-22"]
        ).exit_code
        == 0
    )
    resumed = run(["resume", *args, "--today", "2026-11-30", "--apply"])
    assert resumed.exit_code == 0, resumed.output
    assert "No post to move" in resumed.output  # the teaser (24 November) came after the pause's last day
    charter = (root / "charter.yaml").read_text(encoding="utf-8")
    assert "to: 2026-11-23" in charter and "ended: '2026-11-24T00:00:00+01:00'" in charter
    checked = run(["check", *args, "--today", "2026-11-20", "--format", "json"])
    assert not [f for f in json.loads(checked.output)["findings"] if f["rule"] == "cadence.freeze"]


def test_resume_respects_the_weekly_maximum(tmp_path: Path, run: Run) -> None:
    root = _repo(tmp_path)
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(
        text.replace("cadence:\n", "cadence:\n  per_week: {instagram: [0, 1]}\n"), encoding="utf-8"
    )
    args = ["--root", str(root)]
    assert run(["pause", *args, "--reason", "Crise", "--today", "2026-11-22"]).exit_code == 0
    planned = run(["resume", *args, "--today", "2026-11-26"])
    # Week 48 already has its one Instagram post (Thursday 10:00): the teaser goes to Monday of week 49.
    assert "black-friday-teaser: Tue, Nov 24 at 6:30\u202fPM -> Mon, Nov 30 at 9:00\u202fAM" in planned.output
    # In French, every moment as French writes it: the weekday was click's English « Mon » before.
    french = run(["resume", *args, "--today", "2026-11-26", "--lang", "fr"]).output
    assert french.startswith(
        "La pause commencée le dim. 22 nov. à 00:00 (Crise) prend fin le jeu. 26 nov. à 00:00."
    ), french
    assert "  black-friday-teaser\u00a0: mar. 24 nov. à 18:30 -> lun. 30 nov. à 09:00\n" in french


def test_resume_keeps_a_pillar_under_its_share(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    # Five more promo posts, Monday 30 November to Friday 4 December at 11:00, on LinkedIn.
    for day in ("2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"):
        stem = f"{day}-promo"
        path = post_path(root, stem)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(stem, f"{day} 11:00", "[linkedin]", "approved", ""))
    project = load_project(root, use_cache=False)
    tz = project.charter.tz
    pause = Freeze.model_validate(
        {
            "from": "2026-11-22",
            "to": "2027-03-01",
            "reason": "Crise",
            "since": datetime(2026, 11, 22, tzinfo=tz),
        }
    )
    ended, last = datetime(2026, 11, 26, tzinfo=tz), date(2027, 3, 1)

    def slot(mix: Mix | None) -> datetime | None:
        cadence = project.charter.cadence.model_copy(update={"freezes": [pause], "mix": mix})
        (move,) = plan(project.posts, project.charter.model_copy(update={"cadence": cadence}), 0, ended, last)
        assert move.post.id == "black-friday-teaser"
        return move.new.astimezone(tz) if move.new else None

    # Without a mix, Friday 09:00 (Thursday is within 4 h of the 10:00 post).
    assert slot(None) == datetime(2026, 11, 27, 9, 0, tzinfo=tz)
    # With promo at most half of any 7-day window of 5 posts or more, every slot whose window holds
    # four of the five promo posts is refused: the first one free is Tuesday 8 December at 11:15,
    # once the 1 December post has left the window.
    mix = Mix.model_validate({"window_days": 7, "max_share": {"promo": 0.5}})
    assert slot(mix) == datetime(2026, 12, 8, 11, 15, tzinfo=tz)


def test_pause_on_a_new_brand_keeps_its_empty_list_and_comment(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "marque"
    assert run(["init", str(root), "--today", "2026-11-20"]).exit_code == 0
    before = (root / "charter.yaml").read_text(encoding="utf-8").splitlines()
    assert (
        run(["pause", "--root", str(root), "--reason", "Rappel : lot 12", "--today", "2026-11-22"]).exit_code
        == 0
    )
    after = (root / "charter.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0].strip().startswith("freezes: []")
    old_comment = changed[0][0].split("#", 1)[1]
    assert changed[0][1].endswith("# " + old_comment.strip()) or changed[0][1].endswith("#" + old_comment)
    assert "reason: 'Rappel : lot 12'" in changed[0][1]
    checked = run(["check", "--root", str(root), "--today", "2026-11-22"])
    assert checked.exit_code == 0, checked.output


@pytest.mark.browser
def test_the_banner_in_chromium(tmp_path: Path, run: Run) -> None:
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root = _repo(tmp_path)
    assert (
        run(["pause", "--root", str(root), "--reason", "Rappel produit", "--today", "2026-11-22"]).exit_code
        == 0
    )
    commit_all(root, "pause", date="2026-11-22T10:00:00+01:00")
    assert run(["build", "--root", str(root), "--today", "2026-11-22"]).exit_code == 0
    problems: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone: the banner still shows
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        for name in ("index.html", "report.html"):
            page.goto((root / "dist/site" / name).as_uri())
            banner = page.get_by_role("alert")
            assert banner.is_visible()
            assert "Publication suspendue" in banner.inner_text() and "Rappel produit" in banner.inner_text()
            box = banner.bounding_box()
            assert box is not None and box["width"] <= 390
        browser.close()
    assert problems == []
    assert all(url.startswith("file://") for url in requests)
