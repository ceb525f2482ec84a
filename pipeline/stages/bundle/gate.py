"""What a scheduler would refuse, found before the bundle is made.

Errors (raised as stage hits, settled by the check engine like every finding,
with the post's file and line):

- ``bundle.media``: an entry on a network that requires a visual has none, or
  the post has a visual whose renders for that channel were never built (the
  standalone ``almanac bundle`` takes the visuals of the last ``almanac build``);
- ``bundle.scheduler-limit``: Postiz's ``validatePosts`` (gitroomhq/postiz-app,
  ``posts.service.ts``) refuses an X post when ``max(weightedLength, raw length)``
  is over 280, the raw length being JavaScript's ``string.length`` (UTF-16 code
  units) of the text: a long link counts in full there, 23 on X. Its ``CreatePostDto``
  also wants ``content`` of at least 6 characters, and its Pinterest DTO a numeric
  ``board`` id.

Warnings: entries due sooner after the export than a scheduler's minimum lead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.hits import Hit, StageHit
from pipeline.stages.bundle.manifest import Entry
from pipeline.stages.check.rules.bundle import BUNDLE_LIMIT, BUNDLE_MEDIA
from pipeline.text.messages import N_, msg
from pipeline.text.metrics import utf16_length, x_weighted_length

POSTIZ_X_LIMIT = 280
POSTIZ_MIN_CONTENT = 6

MINIMUM_LEAD: dict[str, timedelta] = {
    # Sprout's bulk-scheduling help page: "at least 10 minutes after the time you upload the .CSV".
    "sprout": timedelta(minutes=10),
    # Friends+Me's Hootsuite-style bulk format (no Hootsuite page found): 10 minutes ahead.
    "hootsuite": timedelta(minutes=10),
    # Metricool, Buffer and Postiz document no minimum; Postiz publishes a past date at once and
    # Buffer refuses a past dueAt, so the largest documented lead (Sprout's) is kept for them too.
    "metricool": timedelta(minutes=10),
    "buffer": timedelta(minutes=10),
    "postiz": timedelta(minutes=10),
}
"""How long after the upload each scheduler wants a post, at the least."""

UNBUILT = N_(
    "the {channel} visuals of {post} are not built: run `almanac build` first "
    "(the bundle ships the visuals of the last build)"
)
NO_VISUAL = N_("{label} requires a visual and {post} has none: no scheduler can publish it")
POSTIZ_TOO_LONG = N_(
    "Postiz refuses X posts over {limit} characters counted raw: {post} is {count} "
    "(links count in full there); shorten the X text or its link, or leave postiz out of "
    "publish.bundle.schedulers"
)
POSTIZ_TOO_SHORT = N_(
    "Postiz refuses a text under {minimum} characters: {post} on {channel} has {count}; write more"
)
POSTIZ_BOARD = N_(
    "Postiz wants the numeric id of the Pinterest board, not its name: channels.{channel}.board is "
    "{board} (find the id in the channel's boards list)"
)
TOO_SOON = N_(
    "{scheduler}: {post} on {channel} is due at {when}, less than {minutes} minutes "
    "after the bundle was made: import it at once or move it"
)

FITTED = frozenset({"sprout", "hootsuite"})
"""Schedulers whose exporter moves a time that is too close (their CSVs get slots); others are flagged."""


def gate_hits(
    entries: Iterable[Entry], posts: Mapping[str, Post], charter: Charter, schedulers: Iterable[str]
) -> list[StageHit]:
    """Media and scheduler-limit problems of the entries, one hit per post, channel and problem."""
    wanted = set(schedulers)
    hits: list[StageHit] = []
    for entry in entries:
        post = posts[entry.post]
        profile = charter.profiles.get(entry.channel)
        visual = post.meta.visual
        if not entry.media and visual is not None and profile is not None and profile.formats:
            message = msg(UNBUILT, channel=entry.channel, post=entry.post)
            hits.append(StageHit(BUNDLE_MEDIA.id, Hit(message, post.line_of("visual"), post=post)))
        elif not entry.media and visual is None and profile is not None and profile.visual_required:
            message = msg(NO_VISUAL, label=profile.label, post=entry.post)
            hits.append(StageHit(BUNDLE_MEDIA.id, Hit(message, post.line_of("channels"), post=post)))
        if "postiz" in wanted:
            hits.extend(_postiz_rules(entry, post, charter))
        if "postiz" in wanted and entry.channel == "x":
            raw = utf16_length(entry.text)
            counted = max(raw, x_weighted_length(entry.text))
            if counted > POSTIZ_X_LIMIT:
                _text, line = post.text_for("x")
                message = msg(POSTIZ_TOO_LONG, limit=POSTIZ_X_LIMIT, post=entry.post, count=counted)
                hits.append(StageHit(BUNDLE_LIMIT.id, Hit(message, line, post=post)))
    return hits


def _postiz_rules(entry: Entry, post: Post, charter: Charter) -> list[StageHit]:
    found: list[StageHit] = []
    _text, line = post.text_for(entry.channel)
    if len(entry.text.strip()) < POSTIZ_MIN_CONTENT:
        message = msg(
            POSTIZ_TOO_SHORT,
            minimum=POSTIZ_MIN_CONTENT,
            post=entry.post,
            channel=entry.channel,
            count=len(entry.text.strip()),
        )
        found.append(StageHit(BUNDLE_LIMIT.id, Hit(message, line, post=post)))
    profile = charter.profiles.get(entry.channel)
    board = profile.board if profile is not None else None
    if entry.channel == "pinterest" and board is not None and not board.isdigit():
        message = msg(POSTIZ_BOARD, channel=entry.channel, board=repr(board))
        found.append(StageHit(BUNDLE_LIMIT.id, Hit(message, post.line_of("channels"), post=post)))
    return found


def lead_warnings(
    entries: Iterable[Entry], now: datetime, tz: ZoneInfo, schedulers: Iterable[str]
) -> list[str]:
    """A warning per entry due sooner after ``now`` than a scheduler (without slot fitting) accepts."""
    warnings: list[str] = []
    for name in schedulers:
        lead = MINIMUM_LEAD.get(name)
        if lead is None or name in FITTED:
            continue
        for entry in entries:
            if entry.publish_at_utc < now + lead:
                warnings.append(
                    msg(
                        TOO_SOON,
                        scheduler=name,
                        post=entry.post,
                        channel=entry.channel,
                        when=f"{entry.publish_at.astimezone(tz):%Y-%m-%d %H:%M}",
                        minutes=int(lead.total_seconds() // 60),
                    )
                )
    return warnings
