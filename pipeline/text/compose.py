"""The text each channel actually publishes: its variant, then the link, then the hashtags.

Checks (lengths, hashtag caps), the preview site and the scheduling bundle all
use this one function, so what is checked is what is shown and exported.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.text.urls import is_safe_link


def link_for(post: Post, channel: str, charter: Charter) -> str | None:
    """The post's link for a channel, with UTM parameters added when the charter asks for them.

    ``utm_content`` is the post's id: the ledger matches exported rows to posts by it.

    Parameters the author already wrote are kept as they are. A link whose scheme
    is not allowed (``javascript:``, ``data:``…) or that cannot be parsed is never
    published: ``voice.link`` reports it, and no output carries it.
    """
    link = post.meta.link
    if link is not None and not is_safe_link(link):
        return None
    if link is None or not charter.voice.links.utm:
        return link
    wanted = [
        ("utm_source", channel),
        ("utm_medium", "social"),
        ("utm_campaign", post.meta.campaign or post.meta.topic or post.id),
        # The ledger finds the post of a scheduler's row by it (``almanac ledger import``).
        ("utm_content", post.id),
    ]
    return tagged(link, wanted)


def tagged(link: str, wanted: list[tuple[str, str]], *, replace: frozenset[str] = frozenset()) -> str:
    """``link`` with the ``wanted`` query parameters, in their order.

    A parameter named in ``replace`` overrides what the author wrote; any other is
    added only where the author wrote none, and the author's parameters keep their place.
    """
    parts = urlsplit(link)
    query = [
        (key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key not in replace
    ]
    present = {key for key, _ in query}
    query.extend((key, value) for key, value in wanted if key not in present)
    return urlunsplit(parts._replace(query=urlencode(query)))


def hashtags_to_append(post: Post, text: str) -> list[str]:
    """The post's hashtags that the text does not already carry, as ``#Tag``."""
    # A substring test first: a tag the text cannot hold skips the pattern (most tags, most texts).
    folded = text.casefold()
    return [
        f"#{tag}"
        for tag in post.meta.hashtags
        if f"#{tag.casefold()}" not in folded
        or not re.search(rf"(?<![\w#])#{re.escape(tag)}(?!\w)", text, re.IGNORECASE)
    ]


def published_text(post: Post, channel: str, charter: Charter) -> str:
    """The whole text a channel publishes for a post."""
    text, _line = post.text_for(channel)
    profile = charter.profiles.get(channel)
    parts = [text]
    link = link_for(post, channel, charter)
    if link and (profile is None or profile.link_in_text) and link not in text:
        parts.append(link)
    tags = hashtags_to_append(post, text)
    if tags:
        parts.append(" ".join(tags))
    return "\n\n".join(part for part in parts if part)
