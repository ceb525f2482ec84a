"""Buffer: a JSON file of GraphQL ``CreatePostInput`` objects (Buffer has no file import).

Each input is what ``createPost(input: …)`` takes: ``channelId``, ``text``,
``schedulingType: automatic``, ``mode: customScheduled`` and ``dueAt`` in UTC,
``assets`` as the ordered list of ``{image: {url}}`` entries, and ``saveToDraft``
for review posts. ``channelId`` holds a placeholder per channel
(``channel_ids`` lists them): replace each with the channel's Buffer id. Nothing
is sent; a script or a person makes the calls.
"""

from __future__ import annotations

from pipeline.stages.bundle.exports import EXPORTS_DIR, ExportContext, ExportFiles
from pipeline.stages.bundle.exports.jsonout import dumps, utc_millis


def placeholder(channel: str) -> str:
    """The ``channelId`` to replace with the Buffer channel's id."""
    return f"BUFFER_CHANNEL_ID:{channel}"


def export(ctx: ExportContext) -> ExportFiles:
    """``exports/buffer.json``."""
    entries = sorted(ctx.entries, key=lambda e: (e.publish_at_utc, e.post, e.channel))
    inputs = [
        {
            "channelId": placeholder(e.channel),
            "text": e.text,
            "schedulingType": "automatic",
            "mode": "customScheduled",
            "dueAt": utc_millis(e.publish_at_utc),
            "assets": [{"image": {"url": m.url}} for m in e.media[:1] if m.url],
            "saveToDraft": e.draft,
        }
        for e in entries
    ]
    document = {
        "format": "buffer-graphql-CreatePostInput",
        "channel_ids": {c: placeholder(c) for c in sorted({e.channel for e in entries})},
        "posts": [{"post": e.post, "channel": e.channel} for e in entries],
        "inputs": inputs,
    }
    return ExportFiles(files={f"{EXPORTS_DIR}/buffer.json": dumps(document)})
