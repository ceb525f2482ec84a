"""Every feed read back by three independent parsers: icalendar, vobject and Mozilla's ical.js."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from pipeline.model.project import Project
from pipeline.stages.feeds import FeedsOutput, build_feeds
from pipeline.stages.feeds.lint import lint_ics
from pipeline.stages.feeds.model import feed_uid, stable_uid
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from tests.feedkit import BRAND_NAME, ical_js, write_brand

STAMP = datetime(2024, 12, 1, 9, 0, tzinfo=UTC)
FEEDS = "site/feeds/"


def _build(tmp_path: Path, stamp: datetime = STAMP) -> tuple[Project, FeedsOutput]:
    root = write_brand(tmp_path / "brand")
    project = load_project(root, use_cache=False)
    assert not project.findings, project.findings
    return project, build_feeds(project, read_history(root), stamp)


def _bytes(out: FeedsOutput, name: str) -> bytes:
    data = out.files[FEEDS + name].data
    assert data is not None
    return data


def _write(out: FeedsOutput, folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for rel, art in sorted(out.files.items()):
        assert art.data is not None
        path = folder / rel.rsplit("/", 1)[1]
        path.write_bytes(art.data)
        paths.append(path)
    return paths


def _expected_instants(project: Project, feed: str = "calendar.ics") -> dict[str, datetime]:
    """Each post's UID in ``feed`` (its own in every feed but calendar.ics), and its instant."""
    uids = {p.id: stable_uid(project.charter, f"post:{p.id}") for p in project.posts}
    return {
        (uids[p.id] if feed == "calendar.ics" else feed_uid(uids[p.id], feed)): p.when.astimezone(UTC)
        for p in project.posts
        if p.meta.status != "idea"
    }


def test_no_uid_is_shared_by_two_feeds_and_uids_are_stable(tmp_path: Path) -> None:
    """Clients that key events by UID across calendars (RFC 5545 §3.8.4.7: "globally unique")."""
    project, out = _build(tmp_path)
    seen: dict[str, str] = {}
    for rel in sorted(out.files):
        cal = icalendar.Calendar.from_ical(_bytes(out, rel.removeprefix(FEEDS)))
        for event in cal.walk("VEVENT"):
            uid = str(event["UID"])
            assert uid not in seen, f"{uid} is in {seen.get(uid)} and {rel}"
            seen[uid] = rel
    teaser = stable_uid(project.charter, "post:black-friday-teaser")
    assert seen[teaser] == f"{FEEDS}calendar.ics"
    assert seen[feed_uid(teaser, "instagram.ics")] == f"{FEEDS}instagram.ics"
    _again, rebuilt = _build(tmp_path / "again")
    assert {r: a.data for r, a in rebuilt.files.items()} == {r: a.data for r, a in out.files.items()}


def test_the_expected_feeds_are_built(tmp_path: Path) -> None:
    _project, out = _build(tmp_path)
    names = sorted(rel.removeprefix(FEEDS) for rel in out.files)
    assert names == [
        "calendar-reminders.ics",
        "calendar.ics",
        "instagram.ics",
        "linkedin.ics",
        "seasonal.ics",
        "x.ics",
    ]


def test_icalendar_and_vobject_read_every_post_at_its_instant(tmp_path: Path) -> None:
    project, out = _build(tmp_path)
    # The daylight-saving days of 2026 and 2027 in Europe/Paris are all covered.
    assert {p.when.date() for p in project.posts} >= {
        date(2026, 3, 29),
        date(2026, 10, 25),
        date(2027, 3, 28),
        date(2027, 10, 31),
    }
    for name in ("calendar.ics", "calendar-reminders.ics"):
        expected = _expected_instants(project, name)
        raw = _bytes(out, name)
        cal = icalendar.Calendar.from_ical(raw)
        assert cal.to_ical() == raw  # icalendar reads back exactly what it wrote
        events = {str(e["UID"]): e for e in cal.walk("VEVENT") if isinstance(e, icalendar.Event)}
        assert all(not e.errors for e in events.values())
        read = {uid: e.decoded("DTSTART") for uid, e in events.items() if uid in expected}
        assert read == expected
        for uid, e in events.items():
            if uid in expected:
                assert e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(minutes=20)
        vcal = vobject.readOne(raw.decode("utf-8"), validate=True)
        by_uid = {ev.uid.value: ev for ev in vcal.vevent_list}
        assert {uid: by_uid[uid].dtstart.value.astimezone(UTC) for uid in expected} == expected


@pytest.mark.node
def test_ical_js_reads_every_post_at_its_instant(tmp_path: Path) -> None:
    project, out = _build(tmp_path)
    parsed = {Path(str(f["file"])).name: f for f in ical_js(_write(out, tmp_path / "feeds"))}
    for name in ("calendar.ics", "calendar-reminders.ics"):
        expected = {
            uid: when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            for uid, when in _expected_instants(project, name).items()
        }
        events = parsed[name]["events"]
        assert isinstance(events, list)
        read = {e["uid"]: e["start"] for e in events if e["uid"] in expected}
        assert read == expected
    reminders = parsed["calendar-reminders.ics"]["events"]
    assert isinstance(reminders, list)
    assert all(e["alarms"] == (0 if e["allDay"] else 1) for e in reminders)
    # ical.js does not type X-WR-CALNAME as TEXT, so it hands back the escaped value as written.
    escaped = BRAND_NAME.replace(",", "\\,").replace(";", "\\;")
    assert parsed["calendar.ics"]["calname"] == f"{escaped}\u00a0: calendrier éditorial"
    instagram = parsed["instagram.ics"]["events"]
    assert isinstance(instagram, list)
    assert {e["summary"] for e in instagram if not e["allDay"]} == {
        "[Instagram, LinkedIn] Black Friday teaser",
        "[Instagram] Avant le saut",
        "[Instagram, X] Apres le recul",
        "[Instagram] Halloween",
    }


def _seasonal(cal: icalendar.Calendar) -> dict[str, tuple[date, date]]:
    return {str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in cal.walk("VEVENT")}


@pytest.mark.node
def test_seasonal_dates_in_three_parsers(tmp_path: Path) -> None:
    project, out = _build(tmp_path)  # built on 2024-12-01: 2024-01-01 to 2027-12-01
    raw = _bytes(out, "seasonal.ics")
    assert b"RRULE" not in raw
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert all(not e.errors and str(e["TRANSP"]) == "TRANSPARENT" for e in events)
    uid = stable_uid(project.charter, "topic:black-friday:2027")
    bf = next(e for e in events if str(e["UID"]) == uid)
    assert (bf.decoded("DTSTART"), bf.decoded("DTEND")) == (date(2027, 11, 26), date(2027, 11, 30))
    prepare_uid = stable_uid(project.charter, "prepare:black-friday:2027")
    prepare = next(e for e in events if str(e["UID"]) == prepare_uid)
    assert str(prepare["SUMMARY"]) == "Préparer\u00a0: Black Friday"
    assert (prepare.decoded("DTSTART"), prepare.decoded("DTEND")) == (date(2027, 11, 12), date(2027, 11, 13))
    starts = sorted((str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events)
    assert [d for s, d in starts if s == "Fête des mères"] == [
        date(2024, 5, 26),
        date(2025, 5, 25),
        date(2026, 5, 31),
        date(2027, 5, 30),
    ]
    assert [d for s, d in starts if s == "Black Friday"] == [
        date(2024, 11, 29),
        date(2025, 11, 28),
        date(2026, 11, 27),
        date(2027, 11, 26),
    ]
    vcal = vobject.readOne(raw.decode("utf-8"), validate=True)
    assert {(v.summary.value, v.dtstart.value) for v in vcal.vevent_list} == set(starts)
    js = ical_js(_write(out, tmp_path / "feeds"))
    seasonal = next(f for f in js if str(f["file"]).endswith("seasonal.ics"))["events"]
    assert isinstance(seasonal, list)
    assert {(e["summary"], e["start"]) for e in seasonal} == {(s, d.isoformat()) for s, d in starts}
    assert {"start": "2027-11-26", "end": "2027-11-30"}.items() <= next(
        e for e in seasonal if e["uid"] == uid
    ).items()


def test_an_override_gives_the_real_date(tmp_path: Path) -> None:
    project, out = _build(tmp_path, datetime(2023, 3, 1, 12, tzinfo=UTC))
    cal = icalendar.Calendar.from_ical(_bytes(out, "seasonal.ics"))
    mothers = next(
        e
        for e in cal.walk("VEVENT")
        if str(e["UID"]) == stable_uid(project.charter, "topic:fete-des-meres:2023")
    )
    assert (mothers.decoded("DTSTART"), mothers.decoded("DTEND")) == (date(2023, 6, 4), date(2023, 6, 5))
    assert date(2023, 5, 28) not in {e.decoded("DTSTART") for e in cal.walk("VEVENT")}  # the rule's date


@pytest.mark.parametrize("name", ["calendar.ics", "calendar-reminders.ics", "x.ics", "seasonal.ics"])
def test_lint_every_feed(tmp_path: Path, name: str) -> None:
    _project, out = _build(tmp_path)
    raw = _bytes(out, name)
    assert lint_ics(raw) == []
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    assert any(len(line) == 75 for line in raw.split(b"\r\n"))  # long lines were folded, not avoided


def test_the_lint_catches_what_it_checks() -> None:
    bad = (
        "BEGIN:VCALENDAR\r\nREFRESH-INTERVAL:PT1H\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        "DTSTAMP:20260101T000000\r\nDTSTART;TZID=Europe/Paris:20260101T100000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:a\nb\r\nDESCRIPTION:"
        + "x" * 80
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    problems = " | ".join(lint_ics(bad))
    for expected in (
        "bare LF",
        "over 75",
        "not unique",
        "not in UTC",
        "TZID Europe/Paris has no VTIMEZONE",
        "VALUE=DURATION",
    ):
        assert expected in problems
    assert "byte-order mark" in " ".join(lint_ics(b"\xef\xbb\xbfBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    assert lint_ics(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") == []


def test_calendar_properties(tmp_path: Path) -> None:
    project, out = _build(tmp_path)
    raw = _bytes(out, "calendar.ics")
    text = raw.decode("utf-8").replace("\r\n ", "")
    escaped = BRAND_NAME.replace(",", "\\,").replace(";", "\\;")
    assert (
        f"\r\nNAME:{escaped}\u00a0: calendrier éditorial\r\n" in text
    )  # icalendar 7.3.0 alone would not escape
    assert f"\r\nX-WR-CALNAME:{escaped}\u00a0: calendrier éditorial\r\n" in text
    # A network's feed is named with the same French colon as the others.
    network = _bytes(out, "instagram.ics").decode("utf-8").replace("\r\n ", "")
    assert f"\r\nX-WR-CALNAME:{escaped}\u00a0: Instagram\r\n" in network
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT4H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT4H\r\n" in text
    assert "\r\nSOURCE:https://example.org/maison/feeds/calendar.ics\r\n" in text
    assert "\r\nURL:https://example.org/maison/\r\n" in text
    assert "\r\nX-WR-TIMEZONE:Europe/Paris\r\n" in text
    assert text.count("BEGIN:VCALENDAR") == 1 and not raw.startswith(b"\xef\xbb\xbf")
    cal = icalendar.Calendar.from_ical(raw)
    # icalendar 7.3.0 also reads NAME verbatim (not as TEXT): the escaped value, as written.
    assert str(cal["NAME"]) == f"{escaped}\u00a0: calendrier éditorial"
    assert str(cal["UID"]) == stable_uid(project.charter, "feed:calendar.ics")
    vcal = vobject.readOne(raw.decode("utf-8"), validate=True)
    assert vcal.contents["x-wr-calname"][0].value == f"{BRAND_NAME}\u00a0: calendrier éditorial"
    assert vcal.contents["name"][0].value == f"{BRAND_NAME}\u00a0: calendrier éditorial"
    assert vcal.contents["x-wr-caldesc"][0].value.startswith(
        f"Toutes les publications prévues de {BRAND_NAME} (hors idées"
    )


def test_post_events_say_what_the_team_needs(tmp_path: Path) -> None:
    project, out = _build(tmp_path)
    cal = icalendar.Calendar.from_ical(_bytes(out, "calendar.ics"))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT") if isinstance(e, icalendar.Event)}
    assert stable_uid(project.charter, "post:une-idee") not in events  # ideas are left out
    teaser = events[stable_uid(project.charter, "post:black-friday-teaser")]
    assert str(teaser["SUMMARY"]) == "[Instagram, LinkedIn] Black Friday teaser"
    assert str(teaser["STATUS"]) == "CONFIRMED"
    assert str(teaser["URL"]) == "https://example.org/maison/posts/black-friday-teaser/"
    assert list(teaser.categories) == ["Instagram", "LinkedIn", "promo", "approved"]
    description = str(teaser.decoded("DESCRIPTION"))
    for part in (
        "Statut\u00a0: validé",
        "Texte de Black Friday teaser, avec une virgule; et un point-virgule.",
        "Version LinkedIn.",
        "Aperçu\u00a0: https://example.org/maison/posts/black-friday-teaser/",
    ):
        assert part in description
    statuses = {str(e["SUMMARY"]): str(e.get("STATUS", "")) for e in events.values()}
    assert statuses["[Instagram] Avant le saut"] == "TENTATIVE"  # review
    assert statuses["[LinkedIn] Apres le saut"] == "TENTATIVE"  # draft
    freeze = next(e for e in events.values() if str(e["SUMMARY"]) == "Gel\u00a0: Trêve de Noël")
    assert (freeze.decoded("DTSTART"), freeze.decoded("DTEND")) == (date(2026, 12, 24), date(2026, 12, 27))
    x_feed = icalendar.Calendar.from_ical(_bytes(out, "x.ics"))
    assert sorted(str(e["SUMMARY"]) for e in x_feed.walk("VEVENT")) == [
        "Gel\u00a0: Trêve de Noël",
        "[Instagram, X] Apres le recul",
        "[X] Heure doublee",
        "[X] Nuit",
    ]
    reminders = icalendar.Calendar.from_ical(_bytes(out, "calendar-reminders.ics"))
    alarms = [a for e in reminders.walk("VEVENT") for a in e.walk("VALARM")]
    assert len(alarms) == len(events) - 1  # every post, not the freeze
    assert {a.decoded("TRIGGER") for a in alarms} == {timedelta(minutes=-60)}
