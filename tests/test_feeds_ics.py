"""The feeds' shortcuts against the libraries they stand for: the event writer (pipeline.stages.feeds.ics)
against icalendar, byte for byte, on awkward texts; the per-feed UIDs against ``uuid.uuid5``."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from pipeline.stages.feeds import ics
from pipeline.stages.feeds.lint import lint_ics
from pipeline.stages.feeds.model import EventSpec, brand_namespace, feed_uid, stable_uid
from pipeline.stages.feeds.render import event_parts, icalendar_event, render_event
from pipeline.stages.load.loader import load_project
from tests.feedkit import write_brand

# Each one is something icalendar's escaping or folding treats apart: TEXT escapes,
# the "\N" icalendar reads as a line break, RFC 6868's "^", line ends and control
# characters clean_text replaces, and UTF-8 sequences of 2, 3 and 4 octets.
PIECES = [
    "a", "mot ", "lumière", "€", "😀", "\\", "\\\\", "^", ";", ",", ":", '"', "\\N", "\\n",
    "\n", "\r\n", "\r", "\t", "\x00", "\x0b", "\x7f", "\x85", "\u2028", "\u2029", " ", "«\u00a0»",
]  # fmt: skip
BASE = EventSpec(
    uid="0e4f6a1c-8a43-5b8e-9d6a-1b2c3d4e5f60",
    summary="[Instagram, LinkedIn] Black Friday teaser",
    description="Statut\u00a0: validé",
    start=datetime(2026, 11, 24, 17, 30, tzinfo=UTC),
    end=datetime(2026, 11, 24, 17, 50, tzinfo=UTC),
    stamp=datetime(2026, 11, 1, 9, 0, 5, tzinfo=UTC),
    sequence=2,
    categories=("Instagram", "LinkedIn", "promo", "approved"),
    status="CONFIRMED",
    url="https://example.org/maison/posts/black-friday-teaser/",
)


def _text(rng: random.Random, pieces: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(pieces))


def _same(spec: EventSpec) -> None:
    assert ics.direct(spec)
    mine = render_event(spec)
    assert mine == icalendar_event(spec).to_ical()
    assert lint_ics(b"BEGIN:VCALENDAR\r\n" + mine + b"END:VCALENDAR\r\n") == []


def test_random_texts_are_written_as_icalendar_writes_them() -> None:
    rng = random.Random(5545)
    for n in range(400):
        _same(
            BASE.model_copy(
                update={
                    "uid": _text(rng, rng.randint(1, 30)),
                    "summary": _text(rng, rng.randint(1, 60)),
                    "description": _text(rng, rng.randint(0, 400)),
                    "categories": tuple(_text(rng, rng.randint(0, 12)) for _ in range(rng.randint(0, 5))),
                    "status": rng.choice([None, "TENTATIVE", "CONFIRMED", "CANCELLED"]),
                    "url": rng.choice([None, "", "https://example.org/" + "p/" * rng.randint(0, 60)]),
                    "alarm_minutes": rng.choice([None, 0, 15, 60, 90, 1440, 1501]),
                    "sequence": rng.randint(0, 10**6),
                    "stamp": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 10**8)),
                }
            )
        )
        if n % 2:
            _same(BASE.model_copy(update={"start": date(1999, 12, 31), "end": date(2000, 1, 1)}))


def test_one_writer_for_many_events_writes_each_as_icalendar_does() -> None:
    # A build's writer reuses the lines an event shares with its copies in other feeds
    # (another UID, an alarm): copies and near-copies must never get another's lines.
    rng = random.Random(7986)
    writer = ics.EventWriter()
    specs = []
    for _ in range(150):
        spec = BASE.model_copy(
            update={
                "summary": _text(rng, rng.randint(1, 40)),
                "description": _text(rng, rng.randint(0, 200)),
                "sequence": rng.randint(0, 3),
                "categories": rng.choice([(), ("Instagram",), ("Instagram", "promo")]),
                "status": rng.choice([None, "CONFIRMED", "CANCELLED"]),
            }
        )
        specs += [
            spec,
            spec.model_copy(update={"uid": feed_uid(spec.uid, "instagram.ics")}),
            spec.model_copy(update={"uid": _text(rng, 8), "alarm_minutes": rng.choice([0, 15, 60])}),
            spec.model_copy(update={"sequence": spec.sequence + 1}),
            spec.model_copy(update={"url": None}),
            spec.model_copy(update={"start": date(2026, 11, 24), "end": date(2026, 11, 25)}),
        ]
    rng.shuffle(specs)
    for spec in specs * 2:
        assert b"".join(event_parts(spec, writer)) == icalendar_event(spec).to_ical()


@pytest.mark.parametrize("piece", ["\\", "^", "\\\\", ";", "é", "€", "😀", "\\N", "\n"])
def test_every_fold_position_of_an_escape_or_a_long_character(piece: str) -> None:
    # The first fold falls at octet 74 ("DESCRIPTION:" is 12): slide the piece across it.
    for before in range(55, 80):
        _same(BASE.model_copy(update={"description": "x" * before + piece * 3 + "y" * 80}))
        _same(BASE.model_copy(update={"summary": "é" * (before // 2) + piece + "z" * 3, "alarm_minutes": 10}))


def test_an_event_in_another_zone_is_left_to_icalendar() -> None:
    paris = ZoneInfo("Europe/Paris")
    spec = BASE.model_copy(update={"start": datetime(2026, 11, 24, 18, 30, tzinfo=paris)})
    assert not ics.direct(spec)
    assert b"DTSTART;TZID=Europe/Paris:20261124T183000\r\n" in render_event(spec)


def test_a_display_alarm_without_a_text_is_still_refused() -> None:
    spec = BASE.model_copy(update={"summary": "\r", "alarm_minutes": 15})
    assert not ics.direct(spec)
    with pytest.raises(icalendar.InvalidCalendar):
        render_event(spec)


def test_uids_are_uuid5_of_their_namespace_and_key(tmp_path: Path) -> None:
    charter = load_project(write_brand(tmp_path), use_cache=False).charter
    rng = random.Random(4122)
    for _ in range(2000):
        base = str(uuid.UUID(int=rng.getrandbits(128)))
        feed = "".join(rng.choice("abcé😀.-_") for _ in range(rng.randint(0, 24))) + ".ics"
        assert feed_uid(base, feed) == str(uuid.uuid5(uuid.UUID(base), feed))
        assert stable_uid(charter, f"post:{feed}") == str(
            uuid.uuid5(brand_namespace(charter), f"post:{feed}")
        )
    base = "0E4F6A1C-8A43-5B8E-9D6A-1B2C3D4E5F60"
    for other in (base, "{" + base + "}", "urn:uuid:" + base.lower(), base.replace("-", "")):
        assert feed_uid(other, "x.ics") == str(uuid.uuid5(uuid.UUID(base), "x.ics"))
    with pytest.raises(ValueError):
        feed_uid("0e4f6a1c-8a43-5b8e-9d6a-1b2c3d4e5f 0", "x.ics")
