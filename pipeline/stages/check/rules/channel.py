"""Per-channel rules, on the text each channel will actually publish (``compose.published_text``)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import position
from pipeline.text.hashtags import hashtags_in
from pipeline.text.messages import N_, msg, wrap
from pipeline.text.metrics import length_for_unit

E = Level.ERROR
_UNIT_NAMES = {
    "chars": N_("characters"),
    "twitter": N_("X weighted length"),
    "graphemes": N_("graphemes"),
    "mastodon": N_("characters, URLs 23"),
    "utf16": N_("UTF-16 units"),
}


def _channel_column(post: Post, channel: str) -> tuple[int, int]:
    line = post.line_of("channels")
    lines = post.front_matter.split("\n")
    raw = lines[line - 2] if 0 <= line - 2 < len(lines) else ""
    at = raw.find(channel)
    return line, at + 1 if at >= 0 else 1


def _length(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    for channel in post.meta.channels:
        profile = ctx.profiles.get(channel)
        if profile is None or profile.max_length is None:
            continue
        text = ctx.published(post, channel)
        size = length_for_unit(text, profile.length_unit)
        if size > profile.max_length:
            written, first_line = post.text_for(channel)
            line, column = position(written, first_line, 0) if written else _channel_column(post, channel)
            yield Hit(
                # The unit is a message of its own ({problem}), translated with the sentence.
                wrap(
                    "{network}: {size}/{limit} ({problem}, with link and hashtags as posted); "
                    "shorten it or write a `## {channel}` variant",
                    msg(_UNIT_NAMES[profile.length_unit]),
                    network=profile.label,
                    size=size,
                    limit=profile.max_length,
                    channel=channel,
                ),
                line=line,
                column=column,
                post=post,
            )


def _hashtags(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    for channel in post.meta.channels:
        profile = ctx.profiles.get(channel)
        if profile is None or profile.max_hashtags is None:
            continue
        count = len(hashtags_in(ctx.published(post, channel)))
        if count > profile.max_hashtags:
            line, column = ctx.locate(post, ("hashtags",))
            if "hashtags" not in post.key_lines:
                line, column = _channel_column(post, channel)
            yield Hit(
                msg(
                    "{network}: {count} hashtags as posted; it takes at most {limit}",
                    network=profile.label,
                    count=count,
                    limit=profile.max_hashtags,
                ),
                line=line,
                column=column,
                post=post,
            )


def _visual_required(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if post.meta.visual is not None:
        return
    for channel in post.meta.channels:
        profile = ctx.profiles.get(channel)
        if profile is not None and profile.visual_required:
            line, column = _channel_column(post, channel)
            yield Hit(
                msg(
                    "{network} needs a visual: add `visual: {{src: ..., alt: ...}}` or a generated "
                    "`visual: {{card: ..., alt: ...}}`",
                    network=profile.label,
                ),
                line=line,
                column=column,
                post=post,
            )


RULES: tuple[Rule, ...] = (
    post_rule(
        "channel.length", E, N_("A text over the network's limit is refused or cut when posted."), _length
    ),
    post_rule(
        "channel.hashtags", E, N_("Networks cap hashtags (Instagram: 5); extra ones are refused."), _hashtags
    ),
    post_rule(
        "channel.visual-required",
        E,
        N_("Instagram, Pinterest, TikTok and YouTube refuse a post with no visual."),
        _visual_required,
    ),
)
