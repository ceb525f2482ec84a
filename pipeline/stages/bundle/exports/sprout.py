"""Sprout Social bulk scheduling CSV: ``date``, ``time_24hr``, ``message_text``, ``image_url``, ``tags``.

The three first headers are the required, case-sensitive ones of Sprout's help
page; ``date`` is dd/mm/yyyy (mm/dd/yyyy for an en-US brand: set the same import
preference in Sprout). ``image_url`` and ``tags`` are optional columns whose exact
names Sprout's page does not list: Sprout lets you map columns at import. At most
350 messages per import; messages at least 10 minutes apart per profile and at
least 10 minutes after the upload: times are moved, never dropped. One file per
channel, since the profile is picked at import; review posts go in ``-review``
files, to import as Drafts.
"""

from __future__ import annotations

from datetime import timedelta

from pipeline.stages.bundle.csvsafe import is_neutralised, write_csv
from pipeline.stages.bundle.exports import (
    EXPORTS_DIR,
    FORMULA,
    ExportContext,
    ExportFiles,
    by_profile,
    chunks,
    file_names,
)
from pipeline.stages.bundle.slots import day_first, fit_times
from pipeline.text.messages import msg

HEADER = ("date", "time_24hr", "message_text", "image_url", "tags")
GAP = timedelta(minutes=10)
STEP = timedelta(minutes=1)


def export(ctx: ExportContext) -> ExportFiles:
    """One CSV per channel (and per draft state), split every 350 rows."""
    out = ExportFiles()
    date_fmt = "%d/%m/%Y" if day_first(ctx.language) else "%m/%d/%Y"
    for (channel, draft), entries in by_profile(ctx.entries).items():
        label = f"sprout {channel}"
        times, moved = fit_times(entries, ctx.built_at, ctx.tz, step=STEP, gap=GAP, label=label)
        out.warnings.extend(moved)
        rows: list[list[str]] = []
        for entry, when in zip(entries, times, strict=True):
            if is_neutralised(entry.text):
                out.warnings.append(msg(FORMULA, label=label, post=entry.post))
            image = (entry.media[0].url or "") if entry.media else ""
            tags = ",".join(t for t in (entry.pillar, entry.campaign, entry.topic) if t)
            rows.append([when.strftime(date_fmt), when.strftime("%H:%M"), entry.text, image, tags])
        stem = f"{EXPORTS_DIR}/sprout/{channel}" + ("-review" if draft else "")
        parts = chunks(rows)
        for name, part in zip(file_names(stem, len(parts), "csv"), parts, strict=True):
            out.files[name] = write_csv(part, HEADER)
    return out
