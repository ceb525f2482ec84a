"""iCalendar text with icalendar (>= 7.3): calendar properties, events, and their assembly.

Each event is built and serialised by icalendar on its own, and the bytes are
kept by content (:class:`EventCache`), because icalendar costs about 230 µs an
event and a post appears in three or four feeds. A feed is then the calendar's
own serialisation with the event bytes placed before ``END:VCALENDAR``, which is
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

import icalendar
from icalendar import Alarm, Calendar, Event, vDuration, vText
from icalendar.enums import STATUS, TRANSP

from pipeline.model.charter import Charter
from pipeline.output import layout
from pipeline.stages.feeds.cache import EventCache
from pipeline.stages.feeds.model import EventSpec, FeedSpec, stable_uid

PRODID = "-//Almanac//Editorial calendar//EN"
RENDER_VERSION = f"2/icalendar-{icalendar.__version__}"
"""Part of every cache key: a new renderer or icalendar version renders afresh."""
_END = b"END:VCALENDAR\r\n"
# RFC 5545 TEXT may not hold control characters other than HTAB; U+2028, U+2029 and
# U+0085 end a line for some readers. Titles and texts come from posts: a line break
# stays a line break (icalendar escapes it as \\n), anything else becomes a space.
_CONTROLS: dict[int, str | None] = dict.fromkeys(
    (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, 0x85, 0x2028, 0x2029), " "
)
_CONTROLS[0x0D] = None


def clean_text(text: str) -> str:
    """Text safe for an iCalendar TEXT value: control characters replaced, CR dropped."""
    return text.translate(_CONTROLS)


def render_event(spec: EventSpec) -> bytes:
    """One VEVENT (with its VALARM when asked), serialised by icalendar."""
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
    data: bytes = event.to_ical()
    return data


def feed_url(charter: Charter, path: str) -> str:
    """Where a feed is published: ``<site_url>feeds/<file>``."""
    return layout.public_url(charter.brand.site_url, path)


def render_header(feed: FeedSpec, charter: Charter) -> bytes:
    """The VCALENDAR with its properties and no events, serialised by icalendar."""
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
    data: bytes = cal.to_ical()
    return data


def render_feed(feed: FeedSpec, charter: Charter, cache: EventCache) -> bytes:
    """A whole .ics file: CRLF, folded at 75 octets, UTF-8 without BOM, one VCALENDAR."""
    header = render_header(feed, charter)
    assert header.endswith(_END)
    body = b"".join(cache.get(event, render_event) for event in feed.events)
    return header[: -len(_END)] + body + _END
