"""Postiz: a JSON file of public-API create-post bodies (``POST /public/v1/posts``), one per post.

A post going out on several channels is one body (one Postiz post group): one
``posts[]`` item per channel, each with its integration, its own text in
``value[0].content`` and the provider ``settings`` its DTO requires. ``type`` is
``schedule``, or ``draft`` for review posts; ``date`` is UTC. Integration ids
are placeholders (``integration_ids``) to replace with ``GET /integrations``
ids; images carry their public URL in ``path`` (upload them with
``/upload-from-url`` first if the instance asks for its own ids). Nothing is sent.
"""

from __future__ import annotations

from itertools import groupby

from pipeline.stages.bundle.exports import EXPORTS_DIR, ExportContext, ExportFiles
from pipeline.stages.bundle.exports.jsonout import dumps, utc_millis
from pipeline.stages.bundle.manifest import Entry

_SETTINGS: dict[str, dict[str, str]] = {
    "x": {"who_can_reply_post": "everyone"},
    "instagram": {"post_type": "post"},
    "tiktok": {"privacy_level": "PUBLIC_TO_EVERYONE", "duet": "no", "stitch": "no", "comment": "yes"},
    "youtube": {"type": "public", "selfDeclaredMadeForKids": "no"},
    "pinterest": {"board": "POSTIZ_PINTEREST_BOARD"},
}


def placeholder(channel: str) -> str:
    """The integration id to replace with the Postiz integration's id."""
    return f"POSTIZ_INTEGRATION_ID:{channel}"


def _settings(entry: Entry) -> dict[str, str]:
    settings = {"__type": entry.channel, **_SETTINGS.get(entry.channel, {})}
    if entry.channel in ("youtube", "pinterest", "tiktok"):
        settings["title"] = entry.title[:90]
    if entry.channel == "pinterest" and entry.link:
        settings["link"] = entry.link
    return settings


def _item(entry: Entry) -> dict[str, object]:
    return {
        "integration": {"id": placeholder(entry.channel)},
        "value": [
            {
                "content": entry.text,
                "image": [
                    {"id": m.sha256[:16], "path": m.url, "alt": m.alt} for m in entry.media[:1] if m.url
                ],
            }
        ],
        "settings": _settings(entry),
    }


def export(ctx: ExportContext) -> ExportFiles:
    """``exports/postiz.json``."""
    entries = sorted(ctx.entries, key=lambda e: (e.publish_at_utc, e.post, e.channel))
    bodies = []
    for (post, _when), group in groupby(entries, key=lambda e: (e.post, e.publish_at_utc)):
        items = list(group)
        bodies.append(
            {
                "post": post,
                "body": {
                    "type": "draft" if items[0].draft else "schedule",
                    "date": utc_millis(items[0].publish_at_utc),
                    "shortLink": False,
                    "tags": [],
                    "posts": [_item(e) for e in items],
                },
            }
        )
    document = {
        "format": "postiz-public-api-create-post",
        "endpoint": "POST /public/v1/posts",
        "integration_ids": {c: placeholder(c) for c in sorted({e.channel for e in entries})},
        "bodies": bodies,
    }
    return ExportFiles(files={f"{EXPORTS_DIR}/postiz.json": dumps(document)})
