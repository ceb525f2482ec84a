"""A spreadsheet export as the networks hand it over: bytes → header and rows of text, then numbers and dates.

What comes out of Meta Business Suite, LinkedIn and X, once opened and saved
again by a team, is seldom plain UTF-8 with commas: Excel writes UTF-16 with a
byte-order mark ("Unicode text", tab-separated) or the machine's code page
(Latin-1 / cp1252 in France) with ``;`` between cells, because the comma is the
French decimal mark. Numbers then read ``1 234`` (a no-break space, U+00A0, or a
narrow one, U+202F, between thousands) and ``12,5 %``. This module reads all of
them; what it cannot read is a :class:`SheetError` naming the row.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pipeline.errors import AlmanacError
from pipeline.text.messages import N_, msg


class SheetError(AlmanacError):
    """A cell or a file that cannot be read; ``line`` is the row in the file (header = 1)."""


# Messages, English msgids with named placeholders (the French is in the locale catalogue).
_NOT_COUNT = N_("{column}: {cell!r} is not a whole number")
_NOT_RATE = N_("{column}: {cell!r} is not a rate")
_NOT_DATE = N_("{column}: {cell!r} is not a date (write 2026-12-03 18:30)")
_NO_SUCH_DAY = N_("{column}: {cell!r} is not a date of the calendar")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode(data: bytes) -> str:
    """The text of an export: UTF-8 or UTF-16 (by BOM, or by NUL bytes), else cp1252 (Windows' Latin-1)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding)
    head = data[:200]
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    if head.count(b"\x00") > len(head) // 4:
        return data.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 decodes every byte but five; Latin-1 takes those.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def separators(text: str) -> list[str]:
    """``,`` ``;`` and tab, the most used in the first lines first (notes may come before the header)."""
    head = "\n".join(text.split("\n", 6)[:6])
    return sorted((",", ";", "\t"), key=lambda sep: -head.count(sep))


def read_rows(text: str, separator: str) -> list[list[str]]:
    """Rows of cells, blank rows left out."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    return [row for row in rows if any(cell.strip() for cell in row)]


def header_key(name: str) -> str:
    """A header compared without case, accents' absence aside, spaces or quotes around it."""
    cleaned = name.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").strip().strip('"')
    return re.sub(r"\s+", " ", cleaned).casefold()


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_EMPTY = {"", "-", "--", "—", "n/a", "na"}


def count(cell: str, line: int, column: str) -> int | None:
    """A whole count: ``1234``, ``1 234``, ``1 234``, ``1,234``, ``1.234``; empty or ``--`` is None."""
    raw = _SPACES.sub("", cell)
    if raw.casefold() in _EMPTY:
        return None
    if _GROUPED.match(raw):
        raw = raw.replace(",", "").replace(".", "")
    if raw.endswith((",0", ".0")):
        raw = raw[:-2]
    if not raw.isdigit():
        raise SheetError(msg(_NOT_COUNT, column=column, cell=cell), line=line)
    return int(raw)


def share(cell: str, line: int, column: str) -> float | None:
    """A rate: ``12,5 %``, ``12.5%`` or ``0.125`` → 0.125; empty is None."""
    raw = _SPACES.sub("", cell)
    if raw.casefold() in _EMPTY:
        return None
    percent = raw.endswith("%")
    raw = raw.rstrip("%").replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise SheetError(msg(_NOT_RATE, column=column, cell=cell), line=line) from None
    return value / 100 if percent or value > 1 else value


_MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"), 1
        )
    },
    "fev": 2,
    "aout": 8,
    "dec": 12,
    "sept": 9,
    "janvier": 1,
    "février": 2,
    "avril": 4,
    "juillet": 7,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
}
_NUMERIC = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_WORDS = re.compile(
    r"^(?:\w+\.?,?\s+)?(?:(\d{1,2})\s+(\w+)\.?|(\w+)\.?\s+(\d{1,2})),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$"
)


def moment(cell: str, line: int, column: str, zone: ZoneInfo, *, day_first: bool) -> tuple[datetime, bool]:
    """A publish time and whether it had a time of day (X and LinkedIn give the day only).

    ISO 8601 keeps its offset; a wall time is read in ``zone`` (the brand's).
    ``03/12/2026`` is the 3rd of December when ``day_first`` (a French export),
    else the 12th of March (Meta and LinkedIn in English write month first);
    a first number over 12 settles it either way.
    """
    raw = cell.strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        timed = "T" in raw or ":" in raw
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)), timed
    found = _NUMERIC.match(raw)
    if found:
        a, b, c, hh, mm, ss, ampm = found.groups()
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        else:
            first, second = int(a), int(b)
            month, day = (second, first) if (day_first or first > 12) and second <= 12 else (first, second)
            year = int(c) + (2000 if len(c) == 2 else 0)
        hour = int(hh) if hh else 0
        if ampm:
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        return _make(year, month, day, hour, int(mm or 0), int(ss or 0), zone, line, column, cell), bool(hh)
    words = _WORDS.match(raw.casefold())
    if words:
        d1, m1, m2, d2, year_text, hh, mm = words.groups()
        name = (m1 or m2 or "").rstrip(".")
        month_number = _MONTHS.get(name) or _MONTHS.get(name[:3])
        if month_number is not None:
            hour, minute = int(hh or 0), int(mm or 0)
            return _make(
                int(year_text), month_number, int(d1 or d2), hour, minute, 0, zone, line, column, cell
            ), bool(hh)
    raise SheetError(
        msg(_NOT_DATE, column=column, cell=cell),
        line=line,
    )


def _make(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    zone: ZoneInfo,
    line: int,
    column: str,
    cell: str,
) -> datetime:
    try:
        return datetime.combine(date(year, month, day), time(hour, minute, second), tzinfo=zone)
    except ValueError:
        raise SheetError(msg(_NO_SUCH_DAY, column=column, cell=cell), line=line) from None
