"""Metricool bulk-import CSV: one row per post × network, network flags ``TRUE``/``FALSE``.

``Date`` is YYYY-MM-DD and ``Time`` HH:MM:SS, wall time in the brand's zone
(Metricool reads them in the account's zone: set it to the brand's). The row's
network is ``TRUE``, every other network ``FALSE`` (not empty). The channel's first
visual goes in ``Picture Url 1`` with its alt text; review posts get ``Draft``
``TRUE``. Pinterest rows fill ``Pinterest Board`` (the charter's
``channels.pinterest.board``, else a placeholder and a warning), ``Pinterest Pin
Title`` and ``Pinterest Pin Link``. Channels Metricool has no column for (Mastodon, custom ones) are left
out with a warning. The header comes from :mod:`metricool_templates`.
"""

from __future__ import annotations

from pipeline.stages.bundle.csvsafe import is_neutralised, write_csv
from pipeline.stages.bundle.exports import EXPORTS_DIR, FORMULA, ExportContext, ExportFiles, board_for
from pipeline.stages.bundle.exports.metricool_templates import (
    LATEST,
    NETWORK_COLUMNS,
    NETWORK_FLAGS,
    TEMPLATES,
)
from pipeline.stages.bundle.manifest import Entry
from pipeline.text.messages import msg


def network_column(channel: str, header: tuple[str, ...]) -> str | None:
    """The header's flag column for a channel (current or older name), if any."""
    return next((name for name in NETWORK_COLUMNS.get(channel, ()) if name in header), None)


def export(ctx: ExportContext, template: str = LATEST) -> ExportFiles:
    """``exports/metricool.csv`` in the given template version's header."""
    header = TEMPLATES[template]
    out = ExportFiles()
    rows: list[list[str]] = []
    flags = [name for name in header if name in NETWORK_FLAGS]
    for entry in sorted(ctx.entries, key=lambda e: (e.publish_at_utc, e.post, e.channel)):
        column = network_column(entry.channel, header)
        if column is None:
            out.warnings.append(
                msg(
                    "metricool: no {channel} column in template {model}; {post} left out",
                    channel=entry.channel,
                    model=template,
                    post=entry.post,
                )
            )
            continue
        if is_neutralised(entry.text):
            out.warnings.append(msg(FORMULA, label="metricool", post=entry.post))
        cells = _cells(entry, ctx)
        if entry.channel == "pinterest":
            board, asked = board_for(ctx, entry.channel, "metricool", "METRICOOL_PINTEREST_BOARD")
            out.warnings.extend(w for w in asked if w not in out.warnings)
            cells.update({"Pinterest Board": board, "Pinterest Pin Title": entry.title})
            cells["Pinterest Pin Link"] = entry.link or ""
        cells.update({name: "TRUE" if name == column else "FALSE" for name in flags})
        rows.append([cells.get(name, "") for name in header])
    out.files[f"{EXPORTS_DIR}/metricool.csv"] = write_csv(rows, header)
    return out


def _cells(entry: Entry, ctx: ExportContext) -> dict[str, str]:
    when = entry.publish_at.astimezone(ctx.tz)
    cells = {
        "Text": entry.text,
        "Date": when.strftime("%Y-%m-%d"),
        "Time": when.strftime("%H:%M:%S"),
        "Draft": "TRUE" if entry.draft else "FALSE",
    }
    if entry.media:
        cells["Picture Url 1"] = entry.media[0].url or ""
        cells["Alt text picture 1"] = entry.media[0].alt
    return cells
