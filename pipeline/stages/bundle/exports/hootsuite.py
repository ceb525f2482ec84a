"""Hootsuite Bulk Composer CSV: date/time, message, link; one social profile per file.

Format (no header row; three positional fields): the date and time, the message,
the link (Hootsuite shortens it and appends it to the message). The date format is
chosen in the upload dialog: pick *Day/Month/Year* (or *Month/Day/Year* for an
en-US brand) with 24-hour time. At most 350 messages per file, so longer lists are
split. Times must be at least 10 minutes ahead and on 5-minute steps, one message
per slot: times are rounded up and spaced, never dropped, with a warning each.
Images cannot be given in the CSV: no Hootsuite page or user write-up read shows a
media column in the Bulk Composer's file. Every row whose post has a visual is
listed in the bundle's README.txt (file, row, post, time and the image in
``media/``) to add by hand in Hootsuite after the upload, with one warning per file.
"""

from __future__ import annotations

from datetime import timedelta

from pipeline.stages.bundle.csvsafe import is_neutralised, write_csv
from pipeline.stages.bundle.exports import (
    EXPORTS_DIR,
    FORMULA,
    MAX_ROWS,
    ExportContext,
    ExportFiles,
    by_profile,
    chunks,
    file_names,
    link_outside_text,
)
from pipeline.stages.bundle.slots import day_first, fit_times
from pipeline.text.i18n import translator
from pipeline.text.messages import msg, msgn

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
                out.warnings.append(msg(FORMULA, label=label, post=entry.post))
            rows.append([when.strftime(fmt), message, link])
        stem = f"{EXPORTS_DIR}/hootsuite/{channel}" + ("-review" if draft else "")
        parts = chunks(rows)
        names = file_names(stem, len(parts), "csv")
        for name, part in zip(names, parts, strict=True):
            out.files[name] = write_csv(part)
        by_hand = [
            (names[index // MAX_ROWS], index % MAX_ROWS + 1, entry, row[0])
            for index, (entry, row) in enumerate(zip(entries, rows, strict=True))
            if entry.media
        ]
        if by_hand:
            out.warnings.append(
                msgn(
                    "{label}: {count} row needs its image added by hand in Hootsuite (listed in README.txt)",
                    "{label}: {count} rows need their image added by hand in Hootsuite "
                    "(listed in README.txt)",
                    len(by_hand),
                    label=label,
                )
            )
        words = translator(ctx.language)  # the README speaks the brand's language
        out.readme.extend(
            words.gettext(
                "{file} row {row} ({post}, {when}): add {media}",
                file=name,
                row=number,
                post=entry.post,
                when=when,
                media=entry.media[0].path,
            )
            for name, number, entry, when in by_hand
        )
    return out
