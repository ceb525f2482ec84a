"""An event's iCalendar bytes written directly: the same bytes icalendar (>= 7.3) writes.

icalendar builds a component, a parameter dict and a content-line object per
property, then folds each line one character at a time: about 200 µs an event,
and a 10,000-post brand has 45,000 events across its feeds. Here an
:class:`EventSpec` in the shape the feeds stage makes (UTC datetimes or dates)
becomes its lines in a few string operations. Each step copies icalendar's rule:

* TEXT (RFC 5545 §3.3.11): icalendar's ``_escape_char``, in its order (``\\N`` is a
  line break to it, so it is one here too);
* folding (§3.1): at most 74 octets a line before the CRLF and space, never
  inside a UTF-8 sequence, and a ``\\`` or ``^`` that would end a folded line
  moves to the next one (icalendar's ``_foldline``, issue #1501);
* properties in the order of ``Event.canonical_order``, then by name; the alarm's
  by name;
* DATE-TIME in UTC as ``20261124T173000Z``, DATE with ``VALUE=DATE``; DURATION by
  icalendar itself.

Anything else (a datetime in another zone, a URL with a line break) is left to
icalendar by the caller: :func:`direct` says which events this module writes.
``tests/test_feeds_ics.py`` compares both on awkward texts.
"""

from __future__ import annotations

import functools
import operator
import re
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm

from pipeline.stages.feeds.model import EventSpec

# RFC 5545 TEXT may not hold control characters other than HTAB; U+2028, U+2029 and
# U+0085 end a line for some readers. Titles and texts come from posts: a line break
# stays a line break (escaped as \n), anything else becomes a space.
_CONTROLS: dict[int, str | None] = dict.fromkeys(
    (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, 0x85, 0x2028, 0x2029), " "
)
_CONTROLS[0x0D] = None
# str.translate with a dict walks every character through Python lookups (tens of µs
# on a post's text); nearly no text needs it, and a regex says so at C speed.
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_NEEDS_ESCAPING = re.compile(r"[\\;,\r\n]")
_FOLD_AT = 74
"""Octets a line keeps before a fold: icalendar folds before a character that would reach 75."""
_CONTINUATION = 0x80  # 10xxxxxx: inside a UTF-8 sequence
_KEEP_WITH_NEXT = (0x5C, 0x5E)  # "\" and "^" start an escape: icalendar never ends a folded line on them


def clean_text(text: str) -> str:
    """Text safe for an iCalendar TEXT value: control characters replaced, CR dropped."""
    return text.translate(_CONTROLS) if _NEEDS_CLEANING.search(text) else text


def escape_text(text: str) -> str:
    """A TEXT value as icalendar escapes it (RFC 5545 §3.3.11), in icalendar's order."""
    if not _NEEDS_ESCAPING.search(text):
        return text  # UIDs, channel names: seven copies saved
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line in UTF-8, folded as icalendar folds it, without its final CRLF."""
    data = line.encode()
    size = len(data)
    if size <= _FOLD_AT:
        return data
    parts = []
    start = 0
    while size - start > _FOLD_AT:
        cut = start + _FOLD_AT
        while data[cut] & 0xC0 == _CONTINUATION:
            cut -= 1
        if data[cut - 1] in _KEEP_WITH_NEXT and cut - 1 > start:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _when(value: date) -> str:
    """``:20261124T173000Z`` for a UTC datetime, ``;VALUE=DATE:20261124`` for a date."""
    if isinstance(value, datetime):
        return (
            f":{value.year:04}{value.month:02}{value.day:02}"
            f"T{value.hour:02}{value.minute:02}{value.second:02}Z"
        )
    return f";VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"


def _utc_or_date(value: date) -> bool:
    return value.tzinfo is UTC if isinstance(value, datetime) else True


def direct(spec: EventSpec) -> bool:
    """Whether :func:`event_bytes` writes this event (else icalendar must)."""
    return (
        _utc_or_date(spec.start)
        and _utc_or_date(spec.end)
        and spec.stamp.tzinfo is UTC
        and (spec.url is None or ("\r" not in spec.url and "\n" not in spec.url))
        # icalendar refuses a DISPLAY alarm without a text: let it say so.
        and (spec.alarm_minutes is None or clean_text(spec.summary) != "")
    )


@functools.lru_cache(maxsize=64)
def _trigger(minutes: int) -> str:
    """The alarm's TRIGGER line as icalendar writes it: one small alarm serialised per value."""
    alarm = Alarm.new_display(description="-", trigger=timedelta(minutes=-minutes))
    data: bytes = alarm.to_ical()
    return next(line for line in data.decode().split("\r\n") if line.startswith("TRIGGER"))


@functools.lru_cache(maxsize=1024)
def _categories(categories: tuple[str, ...]) -> str:
    # A brand has a few dozen combinations of channels, pillar and status: escape each once.
    return ",".join(escape_text(c) for c in categories)


_OWN_PER_FEED = frozenset({"uid", "alarm_minutes"})
"""The fields of an event that differ between its copies in several feeds."""
_SHARED_KEY = operator.attrgetter(*(name for name in EventSpec.model_fields if name not in _OWN_PER_FEED))
"""Every other field, read at C speed: a field added to EventSpec is part of the key unasked."""


class EventWriter:
    """Writes events, each line an event shares with its copies in other feeds once a build.

    A post is in ``calendar.ics``, ``calendar-reminders.ics`` and each of its channels' feeds
    with another UID (and an alarm in the reminders): everything else, its long description
    above all, is escaped and folded once and the bytes are reused, which is about three
    quarters of the stage's writing at 10,000 posts. The memo lives as long as the writer
    (one build), so nothing is kept between builds.
    """

    def __init__(self) -> None:
        self._shared: dict[object, tuple[bytes, bytes]] = {}

    def parts(self, spec: EventSpec) -> list[bytes]:
        """The event's bytes in pieces (a feed joins them once), as :func:`event_bytes` writes them."""
        key = _SHARED_KEY(spec)
        shared = self._shared.get(key)
        if shared is None:
            shared = self._shared[key] = _shared_lines(spec)
        head, tail = shared
        out = [head, fold(f"UID:{escape_text(spec.uid)}"), tail]
        if spec.alarm_minutes is not None:
            out += [
                b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
                fold(f"DESCRIPTION:{escape_text(clean_text(spec.summary))}"),
                f"\r\n{_trigger(spec.alarm_minutes)}\r\nEND:VALARM\r\n".encode(),
            ]
        out.append(b"END:VEVENT\r\n")
        return out


def _shared_lines(spec: EventSpec) -> tuple[bytes, bytes]:
    """The lines before the UID (its own line in each feed), and those after it up to the alarm."""
    stamp = _when(spec.stamp)
    # Only lines whose length depends on the event are folded: dates, STATUS, TRANSP
    # and the alarm's fixed lines are always well under 74 octets.
    head = [
        b"BEGIN:VEVENT\r\n",
        fold(f"SUMMARY:{escape_text(clean_text(spec.summary))}"),
        f"\r\nDTSTART{_when(spec.start)}\r\nDTEND{_when(spec.end)}\r\nDTSTAMP{stamp}\r\n".encode(),
    ]
    tail = [b"\r\n", fold(f"SEQUENCE:{spec.sequence}"), b"\r\n"]
    if spec.categories:
        tail += [fold(f"CATEGORIES:{_categories(spec.categories)}"), b"\r\n"]
    tail += [
        fold(f"DESCRIPTION:{escape_text(clean_text(spec.description))}"),
        f"\r\nLAST-MODIFIED{stamp}\r\n".encode(),
    ]
    if spec.status:
        tail.append(f"STATUS:{spec.status}\r\n".encode())
    tail.append(b"TRANSP:TRANSPARENT\r\n")
    if spec.url is not None:
        tail += [fold(f"URL:{spec.url}"), b"\r\n"]
    return b"".join(head), b"".join(tail)


def event_bytes(spec: EventSpec) -> bytes:
    """One VEVENT (with its VALARM when asked), byte for byte as icalendar writes it; see :func:`direct`."""
    return b"".join(EventWriter().parts(spec))
