"""Buffer: a JSON file of GraphQL ``CreatePostInput`` objects (Buffer has no file import).

Each input is what ``createPost(input: …)`` takes (developers.buffer.com, types
``CreatePostInput``, ``AssetInput``, ``ImageAssetInput``, ``PostInputMetaData``):
``channelId``, ``text``, ``schedulingType: automatic``, ``mode: customScheduled``
and ``dueAt`` in UTC, ``assets`` as the ordered list of ``{image: {url, metadata:
{altText}}}`` (the post's alt text; ``altText`` is non-null, so it is left out when
the post has none), ``saveToDraft`` for review posts, and the metadata the networks
need: Instagram ``{type: post, shouldShareToFeed: true}`` (both non-null), Pinterest
``{boardServiceId, title, url}`` (the board is "required on create": the charter's
``channels.pinterest.board``, else a placeholder and a warning). ``channelId`` holds
a placeholder per channel (``channel_ids`` lists them): replace each with the
channel's Buffer id. Nothing is sent; a script or a person makes the calls.
"""

from __future__ import annotations

from pipeline.stages.bundle.exports import EXPORTS_DIR, ExportContext, ExportFiles, board_for
from pipeline.stages.bundle.exports.jsonout import dumps, utc_millis
from pipeline.stages.bundle.manifest import Entry

PINTEREST_TITLE_MAX = 100
"""Pinterest's limit on a pin title."""


def placeholder(channel: str) -> str:
    """The ``channelId`` to replace with the Buffer channel's id."""
    return f"BUFFER_CHANNEL_ID:{channel}"


def board_placeholder(channel: str) -> str:
    """The ``boardServiceId`` to replace when the charter names no board."""
    return f"BUFFER_PINTEREST_BOARD_ID:{channel}"


def _asset(entry: Entry) -> list[dict[str, object]]:
    assets: list[dict[str, object]] = []
    for medium in entry.media[:1]:
        if not medium.url:
            continue
        image: dict[str, object] = {"url": medium.url}
        if medium.alt.strip():
            image["metadata"] = {"altText": medium.alt}
        assets.append({"image": image})
    return assets


def _metadata(entry: Entry, ctx: ExportContext, warnings: list[str]) -> dict[str, object] | None:
    if entry.channel == "instagram":
        return {"instagram": {"type": "post", "shouldShareToFeed": True}}
    if entry.channel == "pinterest":
        board, asked = board_for(ctx, entry.channel, "buffer", board_placeholder(entry.channel))
        warnings.extend(asked)
        pin: dict[str, object] = {"boardServiceId": board, "title": entry.title[:PINTEREST_TITLE_MAX]}
        if entry.link:
            pin["url"] = entry.link
        return {"pinterest": pin}
    return None


def export(ctx: ExportContext) -> ExportFiles:
    """``exports/buffer.json``."""
    entries = sorted(ctx.entries, key=lambda e: (e.publish_at_utc, e.post, e.channel))
    warnings: list[str] = []
    inputs = []
    for e in entries:
        item: dict[str, object] = {
            "channelId": placeholder(e.channel),
            "text": e.text,
            "schedulingType": "automatic",
            "mode": "customScheduled",
            "dueAt": utc_millis(e.publish_at_utc),
            "assets": _asset(e),
            "saveToDraft": e.draft,
        }
        metadata = _metadata(e, ctx, warnings)
        if metadata is not None:
            item["metadata"] = metadata
        inputs.append(item)
    document = {
        "format": "buffer-graphql-CreatePostInput",
        "channel_ids": {c: placeholder(c) for c in sorted({e.channel for e in entries})},
        "posts": [{"post": e.post, "channel": e.channel} for e in entries],
        "inputs": inputs,
    }
    return ExportFiles(
        files={f"{EXPORTS_DIR}/buffer.json": dumps(document)}, warnings=list(dict.fromkeys(warnings))
    )
