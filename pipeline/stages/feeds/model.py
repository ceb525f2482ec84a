"""Plain values the feeds stage works with: one event, one feed, and the stable UIDs.

An :class:`EventSpec` says everything an event shows, as plain values; the
renderer turns it into iCalendar text (:mod:`pipeline.stages.feeds.ics`, else icalendar).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import uuid
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pipeline.model.charter import Charter

ALMANAC_NAMESPACE = uuid.UUID("5c0b1f6e-3a57-4b8e-9d0a-a1a2a3a4a5a6")
"""Fixed root of every Almanac UID; never change it, or every subscriber sees new events."""


def brand_namespace(charter: Charter) -> uuid.UUID:
    """The UID namespace of one brand, from its site URL.

    Agencies subscribe to several brands at once, and two brands may well both
    have a post called ``black-friday-teaser``: the brand's URL keeps their UIDs apart.
    """
    return _namespace(charter.brand.site_url)


@functools.lru_cache(maxsize=16)
def _namespace(site_url: str) -> uuid.UUID:
    return uuid.uuid5(ALMANAC_NAMESPACE, site_url)


def stable_uid(charter: Charter, key: str) -> str:
    """``uuid5`` of a stable business key (``post:<id>``, ``topic:<slug>:<year>``, ...).

    Never derived from dates or titles that change: a moved post keeps its UID,
    so clients move the event instead of adding a second one.
    """
    return _uuid5(brand_namespace(charter).bytes, key)


def feed_uid(uid: str, feed: str) -> str:
    """The UID of an event in one feed: ``uuid5`` of its base UID and the feed's file name.

    A person subscribed to two feeds (``calendar.ics`` and ``instagram.ics``) must not
    get one event twice, and clients that key events by UID across calendars must not
    let one overwrite the other: so each feed but ``calendar.ics`` (which keeps the base
    UIDs its subscribers already have) gives the same post its own UID, stable across builds.
    """
    return _uuid5(_uuid_bytes(uid), feed)


def _uuid_bytes(uid: str) -> bytes:
    """``uuid.UUID(uid).bytes``, parsed at C speed when ``uid`` is in the 8-4-4-4-12 form we write."""
    if len(uid) == 36 and uid[8] == uid[13] == uid[18] == uid[23] == "-":
        with contextlib.suppress(ValueError):
            octets = bytes.fromhex(uid.replace("-", ""))
            if len(octets) == 16:
                return octets
    return uuid.UUID(uid).bytes


def _uuid5(namespace: bytes, name: str) -> str:
    """``str(uuid.uuid5(UUID(bytes=namespace), name))`` without the two UUID objects.

    RFC 4122 §4.3, as ``uuid.uuid5`` does it: the first 16 octets of SHA-1, version 5,
    variant 10. A 10,000-post build asks for 35,000 of them, one per post and feed.
    """
    octets = bytearray(hashlib.sha1(namespace + name.encode()).digest()[:16])
    octets[6] = octets[6] & 0x0F | 0x50
    octets[8] = octets[8] & 0x3F | 0x80
    hex_ = octets.hex()
    return f"{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"


def in_feed(events: tuple[EventSpec, ...], feed: str) -> tuple[EventSpec, ...]:
    """The events with their UIDs for ``feed`` (a file name such as ``instagram.ics``)."""
    return tuple(e.model_copy(update={"uid": feed_uid(e.uid, feed)}) for e in events)


class EventSpec(BaseModel):
    """One VEVENT, as plain values.

    ``start``/``end`` are UTC datetimes for timed events, dates for all-day ones
    (``end`` exclusive, as RFC 5545 wants).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str
    summary: str
    description: str
    start: datetime | date
    end: datetime | date
    stamp: datetime
    """DTSTAMP and LAST-MODIFIED: the last commit that touched the source file (UTC)."""
    sequence: int
    categories: tuple[str, ...] = ()
    status: Literal["TENTATIVE", "CONFIRMED", "CANCELLED"] | None = None
    url: str | None = None
    alarm_minutes: int | None = None
    """A DISPLAY alarm this many minutes before the start, in the reminders feed only."""


class FeedSpec(BaseModel):
    """One .ics file: its calendar properties and its events, in output order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    """Where it is written: an output path from :mod:`pipeline.output.layout`."""
    name: str
    description: str
    refresh: timedelta
    """How often clients should poll: REFRESH-INTERVAL and X-PUBLISHED-TTL."""
    events: tuple[EventSpec, ...]
