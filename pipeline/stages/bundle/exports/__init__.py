"""One exporter per scheduler: manifest entries in, files for ``exports/`` out. No network."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.stages.bundle.manifest import Entry
from pipeline.text.messages import N_, msg

EXPORTS_DIR = "exports"
MAX_ROWS = 350
"""Hootsuite and Sprout import at most 350 messages per file."""


@dataclass(frozen=True)
class ExportContext:
    """What every exporter reads: the entries, the build time, the brand's zone and language."""

    entries: tuple[Entry, ...]
    built_at: datetime
    """The moment the bundle is made (the command's clock, or ``--today``): slots start after it."""
    tz: ZoneInfo
    language: str
    boards: Mapping[str, str] = field(default_factory=dict)
    """The Pinterest board of each channel that has one in the charter (``channels.<name>.board``)."""
    excel: bool = False
    """Also write each CSV for Excel (``excel/``: UTF-8 with a BOM, ``;`` between cells)."""


@dataclass
class ExportFiles:
    """An exporter's files (path in the zip: bytes) and what it had to change."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    readme: list[str] = field(default_factory=list)
    """Lines for the bundle's README.txt (what to do by hand after the import)."""


Exporter = Callable[[ExportContext], ExportFiles]


def by_profile(entries: tuple[Entry, ...]) -> dict[tuple[str, bool], list[Entry]]:
    """Entries grouped by (channel, draft), each group in publish order."""
    groups: dict[tuple[str, bool], list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.publish_at_utc, e.post, e.channel)):
        groups.setdefault((entry.channel, entry.draft), []).append(entry)
    return dict(sorted(groups.items()))


def file_names(stem: str, parts: int, ext: str) -> list[str]:
    """``stem.ext`` for one part, ``stem-part1.ext`` … when a file had to be split."""
    if parts <= 1:
        return [f"{stem}.{ext}"]
    return [f"{stem}-part{n}.{ext}" for n in range(1, parts + 1)]


def chunks(rows: list[list[str]], size: int = MAX_ROWS) -> list[list[list[str]]]:
    """Rows cut into files of at most ``size`` rows (one empty file for no rows)."""
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]


def link_outside_text(entry: Entry) -> tuple[str, str]:
    """The text without its trailing link paragraph, and that link ("" when not published)."""
    if entry.link and f"\n\n{entry.link}" in entry.text:
        return entry.text.replace(f"\n\n{entry.link}", "", 1), entry.link
    if entry.link and entry.text == entry.link:
        return "", entry.link
    return entry.text, ""


def board_for(ctx: ExportContext, channel: str, scheduler: str, placeholder: str) -> tuple[str, list[str]]:
    """The channel's board from the charter, or ``placeholder`` and the warning that asks for it."""
    board = ctx.boards.get(channel)
    if board:
        return board, []
    return placeholder, [msg(MISSING_BOARD, scheduler=scheduler, channel=channel, placeholder=placeholder)]


FORMULA = N_("{label}: {post} starts with a formula character; prefixed with '")
"""A warning for a text a spreadsheet would run as a formula (see :mod:`pipeline.stages.bundle.csvsafe`)."""
MISSING_BOARD = N_(
    "{scheduler}: no Pinterest board for {channel}: set channels.{channel}.board in charter.yaml, "
    "or replace {placeholder} in the export by the board's id"
)


def all_exporters() -> dict[str, Exporter]:
    """The exporters by scheduler name (imported late: they import this module)."""
    from pipeline.stages.bundle.exports import buffer, hootsuite, metricool, postiz, sprout

    return {
        "hootsuite": hootsuite.export,
        "sprout": sprout.export,
        "metricool": metricool.export,
        "buffer": buffer.export,
        "postiz": postiz.export,
    }
