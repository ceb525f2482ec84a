"""iCalendar text: calendar properties with icalendar, events written directly, and their assembly.

Events are written by :mod:`pipeline.stages.feeds.ics`, byte for byte as icalendar
writes them (``tests/test_feeds_ics.py`` holds the two to the same bytes): icalendar
costs about 200 µs an event, and a 10,000-post brand has 45,000 events across its
feeds. :func:`icalendar_event` builds the same event as an icalendar component; it
writes the events :mod:`ics` leaves to it, and is what the tests and the bench
compare against. One :class:`ics.EventWriter` serves a build's feeds, so a post's
lines common to its feeds are written once. A feed is the calendar's own
serialisation with the event bytes placed before ``END:VCALENDAR``, which is
exactly what ``Calendar.to_ical()`` would have written with the events inside.

Workarounds for icalendar 7.3.0, kept because they are harmless on fixed versions:

* ``NAME``, ``X-WR-CALNAME`` and ``X-WR-CALDESC`` are written unescaped by 7.3.0
  (its types factory does not know them as TEXT): they are added as ``vText``.
* ``REFRESH-INTERVAL`` needs ``VALUE=DURATION`` (RFC 7986), which ``Calendar.new``
  leaves out; ``X-PUBLISHED-TTL`` needs a ``vDuration``, or it prints ``12:00:00``.
* ``Calendar.new`` and ``Event.new`` put a random UID and the current time in by
  default: every value is given explicitly.

Post events are in UTC (``DTSTART:20261124T173000Z``), so no VTIMEZONE is needed:
icalendar's generated one (RDATE lists) is ignored by Outlook and misread by ical.js.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event, vDuration, vText
from icalendar.enums import STATUS, TRANSP

from pipeline.model.charter import Charter
from pipeline.output import layout
from pipeline.stages.feeds import ics
from pipeline.stages.feeds.ics import clean_text
from pipeline.stages.feeds.model import EventSpec, FeedSpec, stable_uid

PRODID = "-//Almanac//Editorial calendar//EN"
_END = b"END:VCALENDAR\r\n"


def icalendar_event(spec: EventSpec) -> Event:
    """One VEVENT (with its VALARM when asked) as an icalendar component."""
    event = Event.new(
        uid=spec.uid,
        summary=clean_text(spec.summary),
        description=clean_text(spec.description),
        start=spec.start,
        end=spec.end,
        stamp=spec.stamp,
        last_modified=spec.stamp,
        sequence=spec.sequence,
        categories=spec.categories,
        status=STATUS(spec.status) if spec.status else None,
        url=spec.url,
        transparency=TRANSP.TRANSPARENT,  # a post or a seasonal day never makes anyone busy
    )
    if spec.alarm_minutes is not None:
        event.add_component(
            Alarm.new_display(
                description=clean_text(spec.summary), trigger=timedelta(minutes=-spec.alarm_minutes)
            )
        )
    return event


def render_event(spec: EventSpec) -> bytes:
    """One VEVENT (with its VALARM when asked), as icalendar serialises it."""
    return b"".join(event_parts(spec, ics.EventWriter()))


def event_parts(spec: EventSpec, writer: ics.EventWriter) -> list[bytes]:
    """:func:`render_event`'s bytes in pieces, written by ``writer`` when :func:`ics.direct` allows."""
    if ics.direct(spec):
        return writer.parts(spec)
    data: bytes = icalendar_event(spec).to_ical()
    return [data]


def feed_url(charter: Charter, path: str) -> str:
    """Where a feed is published: ``<site_url>feeds/<file>``."""
    return layout.public_url(charter.brand.site_url, path)


def icalendar_calendar(feed: FeedSpec, charter: Charter) -> Calendar:
    """The VCALENDAR with its properties and no events, as an icalendar component."""
    cal = Calendar.new(
        # Seeded with the file name, as since the first feeds: a calendar's UID must never change.
        uid=stable_uid(charter, f"feed:{layout.file_name(feed.path)}"),
        prodid=PRODID,
        source=feed_url(charter, feed.path),
        url=charter.brand.site_url,
    )
    cal.add("CALSCALE", "GREGORIAN")
    for key in ("NAME", "X-WR-CALNAME"):
        cal.add(key, vText(feed.name))
    cal.add("DESCRIPTION", feed.description)
    cal.add("X-WR-CALDESC", vText(feed.description))
    cal.add("REFRESH-INTERVAL", vDuration(feed.refresh), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(feed.refresh))
    cal.add("X-WR-TIMEZONE", charter.brand.timezone)
    return cal


def render_header(feed: FeedSpec, charter: Charter) -> bytes:
    """The VCALENDAR with its properties and no events, serialised by icalendar."""
    data: bytes = icalendar_calendar(feed, charter).to_ical()
    return data


def render_feed(feed: FeedSpec, charter: Charter, writer: ics.EventWriter | None = None) -> bytes:
    """A whole .ics file: CRLF, folded at 75 octets, UTF-8 without BOM, one VCALENDAR.

    Joined once from the events' pieces: a 17 MB feed is never copied whole.
    """
    writer = writer or ics.EventWriter()
    header = render_header(feed, charter)
    assert header.endswith(_END)
    parts = [header[: -len(_END)]]
    for event in feed.events:
        parts += event_parts(event, writer)
    parts.append(_END)
    return b"".join(parts)
