"""Network previews: a post's text and visual as each network will show them.

The "… more" folds are approximate, as observed in each network's feed
(Instagram folds at about 125 characters); networks that show the whole text have
no fold. No source gives Facebook's fold: 480 characters is an estimate, to be
corrected when one is found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model.channels import ChannelProfile
from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.records import VisualRecord
from pipeline.text.compose import link_for, published_text
from pipeline.text.metrics import length_for_unit

FOLDS: dict[str, int] = {
    "instagram": 125,
    "linkedin": 210,
    "facebook": 480,
    "tiktok": 150,
    "youtube": 100,
}
"""Characters shown before a network cuts the text with "… more"."""

BADGES: dict[str, str] = {
    "instagram": "IG",
    "facebook": "f",
    "linkedin": "in",
    "x": "X",
    "threads": "@",
    "bluesky": "bs",
    "mastodon": "M",
    "pinterest": "P",
    "tiktok": "TT",
    "youtube": "YT",
}
"""Short text badges standing for each network (no logo files, nothing fetched)."""

VISUAL_FIRST = frozenset({"instagram", "pinterest", "tiktok", "youtube"})
"""Networks whose posts open on the visual, with the text under it."""


def badge(channel: str) -> str:
    """The text badge of a channel: a known one, else its first two letters."""
    return BADGES.get(channel, channel[:2].upper())


@dataclass(frozen=True)
class Card:
    """What one network shows for a post."""

    channel: str
    label: str
    badge: str
    visible: str
    """Text above the fold (the whole text when it is not cut)."""
    hidden: str
    """Text behind "… more"; empty when the network shows everything."""
    length: int
    """Counted the way the network counts (the same count `channel.length` checks)."""
    unit: str
    max_length: int | None
    link: str | None
    link_in_text: bool
    visual: VisualRecord | None
    others: tuple[VisualRecord, ...]
    """The channel's other formats (stories, squares)."""
    visual_first: bool
    visual_required: bool
    aspect: tuple[int, int]
    """Width and height of the channel's main format, for the placeholder of a missing visual."""


UNIT_NAMES = {
    "chars": "characters",
    "twitter": "weighted characters",
    "graphemes": "graphemes",
    "mastodon": "characters",
    "utf16": "UTF-16 units",
}


def fold(text: str, limit: int | None) -> tuple[str, str]:
    """Cut ``text`` where a network folds it: at the last space before ``limit``."""
    if limit is None or len(text) <= limit:
        return text, ""
    cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    if cut <= 0:
        cut = limit
    return text[:cut].rstrip(), text[cut:].lstrip()


VisualIndex = dict[tuple[str, str], list[VisualRecord]]
"""Visual records by (post id, channel)."""


def index_visuals(visuals: Sequence[VisualRecord]) -> VisualIndex:
    """Visual records by (post id, channel), so each card finds its own without scanning them all."""
    index: VisualIndex = {}
    for v in visuals:
        index.setdefault((v.post, v.channel), []).append(v)
    return index


def _visuals_for(
    profile: ChannelProfile, post: Post, visuals: VisualIndex
) -> tuple[VisualRecord | None, tuple[VisualRecord, ...]]:
    order = {f.name: i for i, f in enumerate(profile.formats)}
    mine = sorted(
        visuals.get((post.id, profile.name), ()),
        key=lambda v: (order.get(v.format, len(order)), v.format),
    )
    return (mine[0] if mine else None), tuple(mine[1:])


def cards_for(post: Post, charter: Charter, visuals: Sequence[VisualRecord] | VisualIndex) -> list[Card]:
    """One card per channel of the post, in the post's channel order."""
    if not isinstance(visuals, dict):
        visuals = index_visuals(visuals)
    cards = []
    for channel in post.meta.channels:
        profile = charter.profiles.get(channel) or ChannelProfile(name=channel, label=channel.capitalize())
        text = published_text(post, channel, charter)
        visible, hidden = fold(text, FOLDS.get(channel))
        main, others = _visuals_for(profile, post, visuals)
        shape = profile.formats[0] if profile.formats else None
        cards.append(
            Card(
                channel=channel,
                label=profile.label,
                badge=badge(channel),
                visible=visible,
                hidden=hidden,
                length=length_for_unit(text, profile.length_unit),
                unit=UNIT_NAMES[profile.length_unit],
                max_length=profile.max_length,
                link=link_for(post, channel, charter),
                link_in_text=profile.link_in_text,
                visual=main,
                others=others,
                visual_first=channel in VISUAL_FIRST,
                visual_required=profile.visual_required,
                aspect=(shape.width, shape.height) if shape else (1200, 630),
            )
        )
    return cards


def thumbnails(posts: Sequence[Post], visuals: VisualIndex) -> dict[str, VisualRecord]:
    """Each post's thumbnail: the smallest rendered visual of its first channel that has one."""
    found: dict[str, VisualRecord] = {}
    for post in posts:
        for channel in post.meta.channels:
            mine = visuals.get((post.id, channel))
            if mine:
                found[post.id] = min(mine, key=lambda v: (v.width * v.height, v.format))
                break
    return found
