"""``almanac results import FILE [--partial]``: a network's export → ``results/<yyyy>/<mm>.csv``.

All or nothing: unless ``partial``, a row that cannot be read or matched to a
post stops the import with a message naming each such row, and no file is
written. With ``partial``, the rows understood are stored and the others listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.model.project import Project
from pipeline.model.results import ResultRow
from pipeline.stages.ledger.store import LedgerError, read_ledger
from pipeline.stages.results.importer import read_export
from pipeline.stages.results.matching import TOLERANCE, Ledger, match_rows
from pipeline.stages.results.sheet import SheetError
from pipeline.stages.results.store import merge
from pipeline.text.messages import N_, joined, msg, nest
from pipeline.text.oserrors import with_reason

UNREADABLE = N_("cannot read {file}: {reason}")
UNMATCHED = N_("no post matches this {channel} row ({when}, “{text}”)")
REFUSED = N_("rows not understood: {count}; nothing written (--partial stores the others):\n{rows}")
NOTHING = N_("no row of {file} matches a post: nothing written")
TWICE = N_("matches {post} on {channel} like row {line}: which one is it?")
BAD_LEDGER = N_("{problem} (rows are tied to posts by the ledger's permalinks: fix it, then import again)")


@dataclass(frozen=True)
class Skipped:
    """A row left out, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored, and what it left out."""

    source: str
    french: bool
    stored: tuple[ResultRow, ...]
    skipped: tuple[Skipped, ...]
    written: tuple[Path, ...]


def import_results(
    project: Project,
    file: Path,
    *,
    partial: bool = False,
    ledger: Ledger | None = None,
    tolerance: timedelta = TOLERANCE,
) -> ImportOutcome:
    """Read ``file``, match its rows to posts and merge them into the results files.

    ``ledger`` (permalink → post id and channel) is the brand's record of what
    went out, read from ``ledger/`` by :func:`ledger_links` when not given (an
    empty mapping turns it off); a row it does not know matches by
    ``utm_content`` or by time and text.
    """
    zone = project.charter.tz
    if ledger is None:
        ledger = ledger_links(project.root)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UsageError(with_reason(UNREADABLE, exc, name="reason", file=file)) from None
    try:
        export = read_export(data, zone)
    except SheetError as exc:
        raise SheetError(exc.message, file=file, line=exc.line) from None
    skipped = [Skipped(e.line or 0, e.message) for e in export.errors]
    matches = match_rows(export.rows, project.posts, zone, ledger=ledger, tolerance=tolerance)
    lines: dict[tuple[str, str], list[int]] = {}
    for m in matches:
        if m.result is not None:
            lines.setdefault((m.result.post_id, m.result.channel), []).append(m.row.line)
    stored = []
    for m in matches:
        if m.result is None:
            when = m.row.published.astimezone(zone).strftime("%Y-%m-%d %H:%M" if m.row.timed else "%Y-%m-%d")
            text = m.row.text[:50] + ("…" if len(m.row.text) > 50 else "")
            skipped.append(Skipped(m.row.line, msg(UNMATCHED, channel=m.row.channel, when=when, text=text)))
            continue
        key = (m.result.post_id, m.result.channel)
        others = [line for line in lines[key] if line != m.row.line]
        if others:
            # Two rows for one post on one channel: keeping either could store the wrong figures.
            skipped.append(Skipped(m.row.line, msg(TWICE, post=key[0], channel=key[1], line=others[0])))
        else:
            stored.append(m.result)
    skipped.sort(key=lambda s: s.line)
    if skipped and not partial:
        # Each row's reason stays translatable inside the listing (the CLI says it in the user's language).
        listing = joined(
            [nest("  {file}:{line}: {reason}", {"reason": s.reason}, file=file, line=s.line) for s in skipped]
        )
        raise UsageError(nest(REFUSED, {"rows": listing}, count=len(skipped)))
    if not stored:
        raise UsageError(msg(NOTHING, file=file))
    written = merge(project.root, stored, zone)
    return ImportOutcome(export.format.name, export.french, tuple(stored), tuple(skipped), tuple(written))


def ledger_links(root: Path) -> dict[str, tuple[str, str]]:
    """The brand's ledger as permalink → (post id, channel); empty without one.

    Each permalink is also keyed without its trailing ``/``: an export may write
    ``…/p/Ddr9jGEmLMp/`` where the ledger has it without, or the other way round.
    """
    try:
        entries = read_ledger(root)
    except LedgerError as exc:
        raise UsageError(msg(BAD_LEDGER, problem=exc)) from None
    links: dict[str, tuple[str, str]] = {}
    for key, entry in sorted(entries.items()):
        if entry.permalink:
            links.setdefault(entry.permalink, key)
            links.setdefault(entry.permalink.rstrip("/"), key)
    return links
