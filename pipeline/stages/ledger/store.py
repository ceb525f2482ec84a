"""``ledger/<yyyy>/<mm>.csv`` in the brand repository: read all, merge, write a month at a time.

Plain UTF-8 CSV, one line per post and channel, header
``post_id,channel,published_at,permalink,source`` (``published_at`` ISO 8601 with
its offset, in the brand's zone; ``source`` the export format), sorted by time,
so that a pull request shows what went out line by line. The month is the one of
``published_at`` in the brand's zone. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from pipeline.errors import OutputError
from pipeline.output.atomic import write_atomic
from pipeline.stages.ledger.model import LedgerEntry
from pipeline.text.messages import N_, msg
from pipeline.text.oserrors import with_reason

LEDGER_DIR = "ledger"
HEADER = ("post_id", "channel", "published_at", "permalink", "source")

Key = tuple[str, str]


def month_file(root: Path, moment: datetime, tz: ZoneInfo) -> Path:
    """``<root>/ledger/<yyyy>/<mm>.csv`` for the month of ``moment`` in the brand's zone."""
    local = moment.astimezone(tz)
    return root / LEDGER_DIR / f"{local.year:04d}" / f"{local.month:02d}.csv"


class LedgerError(ValueError):
    """A ledger file that cannot be read: its path (from the brand root), line and what is wrong."""

    def __init__(self, file: str, line: int, detail: str) -> None:
        super().__init__(f"{file}:{line}: {detail}")
        self.file = file
        self.line = line
        self.detail = detail


def read_ledger(root: Path) -> dict[Key, LedgerEntry]:
    """Every entry of the brand's ledger, by (post id, channel); empty without a ``ledger/`` folder."""
    entries: dict[Key, LedgerEntry] = {}
    folder = root / LEDGER_DIR
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9].csv")):
        for entry in _read_file(path, root):
            entries[(entry.post_id, entry.channel)] = entry
    return entries


def _read_file(path: Path, root: Path) -> list[LedgerEntry]:
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerError(rel, 1, msg("cannot be read as UTF-8 ({error})", error=exc)) from exc
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or tuple(rows[0]) != HEADER:
        raise LedgerError(rel, 1, msg("the header must be {header}", header=",".join(HEADER)))
    out: list[LedgerEntry] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        try:
            out.append(LedgerEntry.model_validate(dict(zip(HEADER, row, strict=True))))
        except (ValueError, ValidationError) as exc:
            raise LedgerError(rel, number, msg("not a ledger line ({error})", error=exc)) from exc
    return out


def render_month(entries: Iterable[LedgerEntry], tz: ZoneInfo) -> bytes:
    """One month's file: header and lines sorted by time, post and channel; CRLF as RFC 4180."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for e in sorted(entries, key=lambda e: (e.published_at, e.post_id, e.channel)):
        when = e.published_at.astimezone(tz).isoformat()
        writer.writerow([e.post_id, e.channel, when, e.permalink, e.source])
    return buffer.getvalue().encode("utf-8")


def merge_and_write(root: Path, new: Iterable[LedgerEntry], tz: ZoneInfo) -> list[Path]:
    """Add ``new`` to the ledger (a post and channel already there is replaced); the files written."""
    current = read_ledger(root)
    changed: set[Path] = set()
    for entry in new:
        old = current.get((entry.post_id, entry.channel))
        if old is not None:
            changed.add(month_file(root, old.published_at, tz))
        current[(entry.post_id, entry.channel)] = entry
        changed.add(month_file(root, entry.published_at, tz))
    for path in sorted(changed):
        month = [e for e in current.values() if month_file(root, e.published_at, tz) == path]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, render_month(month, tz), mode=0o644)
        except OSError as exc:
            raise OutputError(with_reason(N_("cannot write {path}: {error}"), exc, path=path)) from exc
    return sorted(changed)
