"""Hootsuite Bulk Composer CSV: date/time, message, link; one social profile per file.

Format (no header row; three positional fields): the date and time, the message,
the link (Hootsuite shortens it and appends it to the message). The date format is
chosen in the upload dialog: pick *Day/Month/Year* (or *Month/Day/Year* for an
en-US brand) with 24-hour time. At most 350 messages per file, so longer lists are
split. Times must be at least 10 minutes ahead and on 5-minute steps, one message
per slot: times are rounded up and spaced, never dropped, with a warning each.
Images cannot be given in the CSV (add them in Hootsuite after the upload; the
zip's ``media/`` holds them).
"""

from __future__ import annotations

from datetime import timedelta

from pipeline.stages.bundle.csvsafe import is_neutralised, write_csv
from pipeline.stages.bundle.exports import (
    EXPORTS_DIR,
    ExportContext,
    ExportFiles,
    by_profile,
    chunks,
    file_names,
    link_outside_text,
)
from pipeline.stages.bundle.slots import day_first, fit_times

STEP = timedelta(minutes=5)


def date_format(language: str) -> str:
    """The strftime format of the first column."""
    return "%d/%m/%Y %H:%M" if day_first(language) else "%m/%d/%Y %H:%M"


def export(ctx: ExportContext) -> ExportFiles:
    """One CSV per channel (and per draft state), split every 350 rows."""
    out = ExportFiles()
    fmt = date_format(ctx.language)
    for (channel, draft), entries in by_profile(ctx.entries).items():
        label = f"hootsuite {channel}"
        times, moved = fit_times(entries, ctx.built_at, ctx.tz, step=STEP, gap=STEP, label=label)
        out.warnings.extend(moved)
        rows: list[list[str]] = []
        for entry, when in zip(entries, times, strict=True):
            message, link = link_outside_text(entry)
            if is_neutralised(message):
                out.warnings.append(f"{label}: {entry.post} starts with a formula character; prefixed with '")
            rows.append([when.strftime(fmt), message, link])
        stem = f"{EXPORTS_DIR}/hootsuite/{channel}" + ("-review" if draft else "")
        parts = chunks(rows)
        for name, part in zip(file_names(stem, len(parts), "csv"), parts, strict=True):
            out.files[name] = write_csv(part)
    return out
