"""What ``almanac ledger import`` does: read an export of sent posts, match it, write the ledger.

Nothing is written unless every row is understood (its date read, one post at
most matched), or ``partial`` is asked: then the rows understood are written and
the others listed. Rows no post matches are always listed, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.stages.ledger.formats import ExportError, RowError, read_export
from pipeline.stages.ledger.match import match_rows
from pipeline.stages.ledger.model import LedgerEntry, SentRow
from pipeline.stages.ledger.store import LedgerError, merge_and_write
from pipeline.stages.load.loader import load_project
from pipeline.text.messages import N_, msg, wrap
from pipeline.text.oserrors import with_reason


@dataclass
class LedgerImport:
    """What an import did: the format read, entries written (files), and every row it could not use."""

    source: str | None = None
    entries: tuple[LedgerEntry, ...] = ()
    written: list[str] = field(default_factory=list)
    """The ledger files written, relative to the brand root."""
    unmatched: tuple[SentRow, ...] = ()
    errors: tuple[str, ...] = ()
    refused: bool = False
    """True when nothing was written because some rows were not understood (without ``partial``)."""


def import_export(
    root: Path, export: Path, *, partial: bool = False, fmt: str | None = None, encoding: str | None = None
) -> LedgerImport:
    """Import ``export`` into ``root``'s ledger; see the module docstring."""
    project = load_project(root)
    name = export.name
    try:
        data = export.read_bytes()
    except OSError as exc:
        return LedgerImport(
            errors=(with_reason(N_("{file}: cannot read it ({error})"), exc, file=name),), refused=True
        )
    try:
        source, rows = read_export(data, project.charter.tz, fmt=fmt, encoding=encoding)
    except ExportError as exc:
        return LedgerImport(errors=(wrap("{file}: {problem}", exc.args[0], file=name),), refused=True)
    matched = match_rows(rows, project.posts, project.charter, source)
    errors = tuple(wrap("{file}: {problem}", e.args[0], file=name) for e in matched.errors)
    errors += _twice(name, matched.entries)
    report = LedgerImport(source, matched.entries, [], matched.unmatched, errors)
    if errors and not partial:
        report.refused = True
        return report
    if matched.entries:
        try:
            paths = merge_and_write(project.root, matched.entries, project.charter.tz)
        except LedgerError as exc:
            # The ledger already there cannot be read: merging into it would lose what it holds.
            raise UsageError(msg(BAD_LEDGER, detail=exc.detail), file=exc.file, line=exc.line) from None
        report.written = [p.relative_to(project.root).as_posix() for p in paths]
    return report


BAD_LEDGER = N_("{detail}: fix it by hand, or restore the file from git; nothing was written")
TWICE = N_("{file}: {post} on {channel} appears twice; its last row is kept")


def _twice(name: str, entries: tuple[LedgerEntry, ...]) -> tuple[str, ...]:
    """Two rows that both claim one post on one channel (the export lists it twice)."""
    seen: set[tuple[str, str]] = set()
    twice: list[str] = []
    for entry in entries:
        key = (entry.post_id, entry.channel)
        if key in seen:
            twice.append(msg(TWICE, file=name, post=entry.post_id, channel=entry.channel))
        seen.add(key)
    return tuple(twice)


__all__ = ["LedgerImport", "RowError", "import_export"]
