"""Read one post-performance export into :class:`ExportRow` values, every row or a message naming the bad one.

The format is recognised by its header (:mod:`pipeline.stages.results.formats`);
Meta's export covers Facebook and Instagram, told apart by each row's permalink
(``instagram.com`` / ``facebook.com``), else by the account columns Instagram's
export has. X gives the day only, but a post id is a "snowflake": its top bits
count milliseconds since 2010-11-04 01:42:54.657 UTC (X's developer
documentation, "Twitter IDs"), so the exact instant comes from the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pipeline.stages.results.formats import META, ExportFormat, Field, X, detect
from pipeline.stages.results.sheet import SheetError, count, decode, moment, read_rows, separators
from pipeline.text.messages import N_, msg

SNOWFLAKE_EPOCH_MS = 1288834974657
"""X's snowflake epoch, in milliseconds since 1970 (2010-11-04T01:42:54.657Z)."""

UNKNOWN_FORMAT = N_(
    "not a known export: no header row with the columns of Meta Business Suite "
    "(Post ID, Permalink, Publish time), LinkedIn (Post title, Post link, Created date, Impressions) "
    "or X (Post id, Post text, Date, Impressions)"
)
SHORT_ROW = N_("row has {cells} cells, the header {columns}")
NO_CHANNEL = N_("cannot tell Facebook from Instagram: the permalink {link!r} is on neither")


@dataclass(frozen=True)
class ExportRow:
    """One row of an export, read: where it is, which post it shows, and its figures."""

    line: int
    """Row in the file (the first line is 1), for messages."""
    source: str
    channel: str
    text: str
    permalink: str
    published: datetime
    timed: bool
    """False when the export gave the day only."""
    impressions: int | None
    reach: int | None
    engagements: int | None
    clicks: int | None


@dataclass(frozen=True)
class ExportFile:
    """A whole export, read."""

    format: ExportFormat
    french: bool
    rows: tuple[ExportRow, ...]
    errors: tuple[SheetError, ...]


def read_export(data: bytes, zone: ZoneInfo) -> ExportFile:
    """Every row of an export; a row that cannot be read is in ``errors`` with its line, never dropped."""
    text = decode(data)
    for separator in separators(text):
        rows = read_rows(text, separator)
        found = detect(rows)
        if found is not None:
            break
    else:
        raise SheetError(msg(UNKNOWN_FORMAT), line=1)
    fmt, header_at, columns, french = found
    width = len(rows[header_at])
    out: list[ExportRow] = []
    errors: list[SheetError] = []
    for offset, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        try:
            out.append(_row(fmt, columns, cells, offset, width, zone, french))
        except SheetError as exc:
            errors.append(exc)
    return ExportFile(fmt, french, tuple(out), tuple(errors))


def _row(
    fmt: ExportFormat,
    columns: dict[Field, int],
    cells: list[str],
    line: int,
    width: int,
    zone: ZoneInfo,
    french: bool,
) -> ExportRow:
    if len(cells) < min(width, max(columns.values()) + 1):
        raise SheetError(msg(SHORT_ROW, cells=len(cells), columns=width), line=line)

    def cell(field: Field) -> str:
        index = columns.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def number(field: Field) -> int | None:
        return count(cell(field), line, field) if field in columns else None

    published, timed = moment(cell("published"), line, "published", zone, day_first=french)
    if fmt is X and cell("id").isdigit():
        published, timed = _snowflake(int(cell("id"))) or (published, timed)
    permalink = cell("permalink")
    engagements = number("interactions")
    if engagements is None:
        parts = [number(f) for f in fmt.summed]
        engagements = sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None
    clicks = number("clicks")
    if clicks is None:
        clicks = number("total_clicks")
    return ExportRow(
        line=line,
        source=fmt.name,
        channel=_channel(fmt, permalink, cell("account"), line),
        text=cell("text"),
        permalink=permalink,
        published=published,
        timed=timed,
        impressions=number("impressions"),
        reach=number("reach"),
        engagements=engagements,
        clicks=clicks,
    )


def _channel(fmt: ExportFormat, permalink: str, account: str, line: int) -> str:
    if fmt is not META:
        return fmt.name
    host = (urlsplit(permalink).hostname or "").removeprefix("www.")
    if host.endswith("instagram.com"):
        return "instagram"
    if host.endswith(("facebook.com", "fb.com", "fb.watch")):
        return "facebook"
    if not permalink:
        return "instagram" if account else "facebook"
    raise SheetError(msg(NO_CHANNEL, link=permalink), line=line)


def _snowflake(post_id: int) -> tuple[datetime, bool] | None:
    """The instant an X post id was made; None for an id too small to be a snowflake (before late 2010)."""
    ms = (post_id >> 22) + SNOWFLAKE_EPOCH_MS
    if post_id >> 22 == 0:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC), True
