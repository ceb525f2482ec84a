"""Postiz: a JSON file of public-API create-post bodies (``POST /public/v1/posts``), one per post.

A post going out on several channels is one body (one Postiz post group): one
``posts[]`` item per channel, each with its integration, its own text in
``value[0].content`` and the provider ``settings`` its DTO requires. ``type`` is
``schedule``, or ``draft`` for review posts; ``date`` is UTC. Integration ids
are placeholders (``integration_ids``) to replace with ``GET /integrations``
ids; images carry their public URL in ``path`` (upload them with
``/upload-from-url`` first if the instance asks for its own ids). The Pinterest
``board`` (required by Postiz's Pinterest DTO) is the charter's
``channels.pinterest.board``, else a placeholder and a warning. Nothing is sent.

Postiz's public API allows 30 requests an hour (docs.postiz.com, public API
introduction; self-hosted instances set their own ``API_LIMIT``): one body is one
request, so the bodies are cut into ``batches`` of 30, in publish order, to send
an hour apart. A batch that could only be sent after one of its posts is due is
flagged, since Postiz publishes a past date at once.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from pipeline.stages.bundle.exports import EXPORTS_DIR, ExportContext, ExportFiles, board_for
from pipeline.stages.bundle.exports.jsonout import dumps, utc_millis
from pipeline.stages.bundle.manifest import Entry
from pipeline.text.messages import N_, msg

_SETTINGS: dict[str, dict[str, str]] = {
    "x": {"who_can_reply_post": "everyone"},
    "instagram": {"post_type": "post"},
    "tiktok": {"privacy_level": "PUBLIC_TO_EVERYONE", "duet": "no", "stitch": "no", "comment": "yes"},
    "youtube": {"type": "public", "selfDeclaredMadeForKids": "no"},
}

REQUESTS_PER_HOUR = 30
"""Postiz's public API rate limit, as its documentation gives it."""
PINTEREST_TITLE_MAX = 100
"""Postiz's Pinterest DTO: ``title`` at most 100 characters."""
LATE_BATCH = N_(
    "postiz: batch {batch} can only be sent from {start} (30 requests an hour), after {post} is due "
    "at {due}: send that post by hand first, or ask the instance for a higher API_LIMIT"
)


def placeholder(channel: str) -> str:
    """The integration id to replace with the Postiz integration's id."""
    return f"POSTIZ_INTEGRATION_ID:{channel}"


def _settings(entry: Entry, ctx: ExportContext, warnings: list[str]) -> dict[str, str]:
    settings = {"__type": entry.channel, **_SETTINGS.get(entry.channel, {})}
    if entry.channel in ("youtube", "tiktok"):
        settings["title"] = entry.title[:90]
    if entry.channel == "pinterest":
        board, asked = board_for(ctx, entry.channel, "postiz", f"POSTIZ_PINTEREST_BOARD:{entry.channel}")
        warnings.extend(asked)
        settings["board"] = board
        settings["title"] = entry.title[:PINTEREST_TITLE_MAX]
        if entry.link:
            settings["link"] = entry.link
    return settings


def _item(entry: Entry, ctx: ExportContext, warnings: list[str]) -> dict[str, object]:
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
        "settings": _settings(entry, ctx, warnings),
    }


def export(ctx: ExportContext) -> ExportFiles:
    """``exports/postiz.json``."""
    entries = sorted(ctx.entries, key=lambda e: (e.publish_at_utc, e.post, e.channel))
    warnings: list[str] = []
    bodies: list[dict[str, object]] = []
    batches: list[dict[str, object]] = []
    groups = groupby(entries, key=lambda e: (e.post, e.publish_at_utc))
    for index, ((post, when), group) in enumerate(groups):
        items = list(group)
        number = index // REQUESTS_PER_HOUR + 1
        start = ctx.built_at + timedelta(hours=number - 1)
        if number > len(batches):
            batches.append({"batch": number, "send_from": utc_millis(start), "posts": []})
        posts = batches[-1]["posts"]
        assert isinstance(posts, list)
        posts.append(post)
        if when <= start:
            due = f"{when.astimezone(ctx.tz):%Y-%m-%d %H:%M}"
            warnings.append(
                msg(LATE_BATCH, batch=number, start=f"{start.astimezone(ctx.tz):%H:%M}", post=post, due=due)
            )
        bodies.append(
            {
                "post": post,
                "batch": number,
                "body": {
                    "type": "draft" if items[0].draft else "schedule",
                    "date": utc_millis(when),
                    "shortLink": False,
                    "tags": [],
                    "posts": [_item(e, ctx, warnings) for e in items],
                },
            }
        )
    document = {
        "format": "postiz-public-api-create-post",
        "endpoint": "POST /public/v1/posts",
        "rate_limit": {"requests": REQUESTS_PER_HOUR, "per": "hour"},
        "integration_ids": {c: placeholder(c) for c in sorted({e.channel for e in entries})},
        "batches": batches,
        "bodies": bodies,
    }
    return ExportFiles(
        files={f"{EXPORTS_DIR}/postiz.json": dumps(document)}, warnings=list(dict.fromkeys(warnings))
    )
