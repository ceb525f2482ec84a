"""Exports of sent posts, read into :class:`SentRow` values; every problem names its row.

Three formats, recognised by their columns (or named with ``--format``):

- ``meta``: Meta Business Suite's per-post export (Insights → Content → Export), one
  file per network. Columns ``Post ID``, ``Publish time`` (``MM/DD/YYYY HH:MM``, in
  the account's zone, taken as the brand's), ``Permalink``, the caption in ``Title``
  or ``Description``; a Facebook file has ``Page ID``, an Instagram file
  ``Account username``. The column names are those of a public parser's fixture of
  Meta's exports (no Meta help page lists them).
- ``hootsuite``: Hootsuite's export of sent posts. Columns ``Date (GMT)`` (UTC),
  the text in ``Post Message`` or ``Message``, ``Post Permalink`` or ``Permalink``,
  the network in ``Social Network`` or ``Network``; ``Date (GMT)`` is the name a
  public parser of Hootsuite's exports reads; the other names are not documented
  publicly and were not verified.
- ``buffer``: the JSON Buffer's GraphQL API returns for sent posts
  (``posts { edges { node { text sentAt dueAt externalLink channelService } } }``,
  fields of developers.buffer.com's ``Post`` type; a plain list of nodes also).

Files are UTF-8 (with or without a BOM) or UTF-16 with a BOM; another encoding can
be named (``--encoding latin-1``); otherwise the first byte that is not UTF-8 is
reported with its row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from pipeline.stages.ledger.model import SentRow
from pipeline.text.messages import N_, msg, wrap

FORMATS = ("meta", "hootsuite", "buffer")

NETWORKS = {
    "facebook": "facebook",
    "instagram": "instagram",
    "instagrambusiness": "instagram",
    "twitter": "x",
    "x": "x",
    "linkedin": "linkedin",
    "linkedincompany": "linkedin",
    "pinterest": "pinterest",
    "tiktok": "tiktok",
    "youtube": "youtube",
    "threads": "threads",
    "bluesky": "bluesky",
    "mastodon": "mastodon",
}
"""Network names as exports spell them (case and spaces aside) → Almanac channels."""


NOT_UTF8 = N_(
    "row {row} is not UTF-8 (byte 0x{byte}): the file looks like Latin-1 or Windows-1252; "
    "re-export it as UTF-8 or give --encoding latin-1"
)
UNKNOWN_COLUMNS = N_(
    "its columns are not those of a known export: expected Meta Business Suite's (Post ID, Publish "
    "time, Permalink…), Hootsuite's (Date (GMT), Post Message, Post Permalink…) or Buffer's JSON; "
    "found: {found}"
)
BAD_DATE = N_("row {row}: cannot read the date {value}")
BAD_NETWORK = N_("row {row}: unknown network {value}")
NOT_A_POST = N_("row {row}: not a post object")


class ExportError(ValueError):
    """An export that cannot be read as a whole (its encoding, its columns, an empty file)."""


class RowError(ValueError):
    """One row that cannot be understood; the message names the row."""


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of an export: UTF-8 (BOM or not), UTF-16 with a BOM, or the named encoding."""
    if not data.strip(b"\x00 \r\n\t\xef\xbb\xbf\xff\xfe"):
        raise ExportError(msg("the file is empty"))
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ExportError(
                msg("cannot read the file as {encoding}: {error}", encoding=encoding, error=exc)
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ExportError(msg("the file starts as UTF-16 but is not: {error}", error=exc.reason)) from exc
    if b"\x00" in data[:200]:
        raise ExportError(
            msg(
                "the file looks like UTF-16 without a byte-order mark: re-export it as UTF-8 "
                "or give --encoding utf-16-le"
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise ExportError(msg(NOT_UTF8, row=row, byte=f"{data[exc.start]:02X}")) from exc
    raise AssertionError("unreachable")


Reader = Callable[[list[dict[str, str]], ZoneInfo], list[SentRow | RowError]]


def read_export(
    data: bytes, tz: ZoneInfo, *, fmt: str | None = None, encoding: str | None = None
) -> tuple[str, list[SentRow | RowError]]:
    """The export's format and its rows (a row that cannot be read is a :class:`RowError`)."""
    text = decode(data, encoding)
    stripped = text.lstrip("\ufeff \r\n\t")
    if fmt == "buffer" or (fmt is None and stripped[:1] in "[{"):
        return "buffer", _buffer(stripped)
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ExportError(msg("the file is empty"))
    header = [cell.strip() for cell in table[0]]
    found = fmt or _guess(header)
    if found not in ("meta", "hootsuite"):
        raise ExportError(msg(UNKNOWN_COLUMNS, found=", ".join(header[:8])))
    if len(table) == 1:
        raise ExportError(msg("the file has a header and no rows"))
    records = [dict(zip(header, row, strict=False)) for row in table[1:]]
    reader: Reader = _meta(header) if found == "meta" else _hootsuite(header)
    return found, reader(records, tz)


def _guess(header: Sequence[str]) -> str | None:
    if {"Publish time", "Permalink"} <= set(header):
        return "meta"
    if "Date (GMT)" in header:
        return "hootsuite"
    return None


def _column(header: Sequence[str], names: Sequence[str], what: str, fmt: str) -> str:
    found = next((n for n in names if n in header), None)
    if found is None:
        raise ExportError(
            wrap(
                "a {format} export needs a {problem} column ({names}); found: {found}",
                msg(what),
                format=fmt,
                names=", ".join(names),
                found=", ".join(header),
            )
        )
    return found


def _meta(header: Sequence[str]) -> Reader:
    when = _column(header, ("Publish time",), N_("publish time"), "Meta")
    link = _column(header, ("Permalink",), N_("permalink"), "Meta")
    texts = [n for n in ("Description", "Title") if n in header]
    if not texts:
        raise ExportError(
            msg("a Meta export needs a Description or Title column; found: {found}", found=", ".join(header))
        )
    channel = "facebook" if "Page ID" in header else "instagram" if "Account username" in header else None

    def read(records: list[dict[str, str]], tz: ZoneInfo) -> list[SentRow | RowError]:
        out: list[SentRow | RowError] = []
        for number, record in enumerate(records, start=2):
            try:
                moment = _parse(record.get(when, ""), ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"), tz)
            except ValueError:
                out.append(RowError(msg(BAD_DATE, row=number, value=repr(record.get(when, "")))))
                continue
            text = next((record[n] for n in texts if record.get(n, "").strip()), "")
            out.append(SentRow(number, channel, moment, text, record.get(link, "").strip()))
        return out

    return read


def _hootsuite(header: Sequence[str]) -> Reader:
    when = _column(header, ("Date (GMT)",), N_("date"), "Hootsuite")
    message = _column(header, ("Post Message", "Message"), N_("message"), "Hootsuite")
    link = _column(header, ("Post Permalink", "Permalink", "Post Link"), N_("permalink"), "Hootsuite")
    network = next((n for n in ("Social Network", "Network") if n in header), None)
    formats = (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %I:%M %p",
        "%Y-%m-%dT%H:%M:%S",
    )

    def read(records: list[dict[str, str]], _tz: ZoneInfo) -> list[SentRow | RowError]:
        out: list[SentRow | RowError] = []
        for number, record in enumerate(records, start=2):
            try:
                moment = _parse(record.get(when, ""), formats, UTC)
            except ValueError:
                out.append(RowError(msg(BAD_DATE, row=number, value=repr(record.get(when, "")))))
                continue
            channel = _network(record.get(network, "")) if network else None
            if network and channel is None:
                out.append(RowError(msg(BAD_NETWORK, row=number, value=repr(record.get(network, "")))))
                continue
            out.append(
                SentRow(number, channel, moment, record.get(message, ""), record.get(link, "").strip())
            )
        return out

    return read


def _buffer(text: str) -> list[SentRow | RowError]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(
            msg(
                "not valid JSON (line {line}, column {column}): {error}",
                line=exc.lineno,
                column=exc.colno,
                error=exc.msg,
            )
        ) from exc
    nodes = document
    if isinstance(document, dict):
        edges = document.get("data", {}).get("posts", {}).get("edges")
        if not isinstance(edges, list):
            raise ExportError(msg("a Buffer export is the JSON of a posts query: data.posts.edges[].node"))
        nodes = [edge.get("node") if isinstance(edge, dict) else None for edge in edges]
    if not isinstance(nodes, list) or not nodes:
        raise ExportError(msg("the Buffer export holds no posts"))
    out: list[SentRow | RowError] = []
    for number, node in enumerate(nodes, start=1):
        if not isinstance(node, dict):
            out.append(RowError(msg(NOT_A_POST, row=number)))
            continue
        stamp = node.get("sentAt") or node.get("dueAt")
        try:
            moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError("no offset")
        except ValueError:
            out.append(RowError(msg(BAD_DATE, row=number, value=repr(stamp))))
            continue
        channel = _network(str(node.get("channelService", "")))
        link = str(node.get("externalLink") or "")
        out.append(SentRow(number, channel, moment, str(node.get("text") or ""), link))
    return out


def _network(name: str) -> str | None:
    return NETWORKS.get(name.strip().lower().replace(" ", "").replace("_", ""))


def _parse(value: str, formats: Sequence[str], tz: tzinfo) -> datetime:
    value = value.strip()
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise ValueError(value)
