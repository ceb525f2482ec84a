"""The text a member of staff shares from a personal account: the approved text, a tracked link.

An advocacy share is the brand's approved text for that network (its ``## channel``
variant or the default text), with the brand's hashtags, and a link tagged so that
the visits it brings are told apart from the brand's own posts:
``utm_source=advocacy``, ``utm_medium=social`` (Google Analytics 4 files a visit
whose medium is ``social`` under "Organic Social", so advocacy stays in the social
channel group and is still told apart by its source), the campaign the brand's own
link carries, and ``utm_content=<post id>`` so each visit leads back to its post.
The link is tagged even when the charter does not ask for UTM parameters: telling
the staff's shares apart is the point of the pack.
"""

from __future__ import annotations

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.text.compose import hashtags_to_append, tagged
from pipeline.text.urls import is_safe_link

SOURCE = "advocacy"
"""``utm_source`` of every link in the advocacy pack."""
MEDIUM = "social"


def advocacy_link(post: Post) -> str | None:
    """The post's link tagged for advocacy, or None when it has no link that may be published.

    ``utm_source``, ``utm_medium`` and ``utm_content`` replace whatever the author
    wrote (a brand link often says ``utm_source=social``, which would file the
    staff's visits under the brand's own posts); other parameters are kept.
    """
    link = post.meta.link
    if link is None or not is_safe_link(link):
        return None
    wanted = [
        ("utm_source", SOURCE),
        ("utm_medium", MEDIUM),
        ("utm_campaign", post.meta.campaign or post.meta.topic or post.id),
        ("utm_content", post.id),
    ]
    return tagged(link, wanted, replace=frozenset({"utm_source", "utm_medium", "utm_content"}))


def required_hashtag(post: Post, charter: Charter, text: str) -> list[str]:
    """The charter's first required hashtag, as ``#Tag``, when neither the text nor the post carries one.

    The charter asks for at least one of its required hashtags on every post; the
    checks hold approved posts to it, so this adds one only to a text the checks
    were told to let through (an ``ignore``).
    """
    required = charter.voice.hashtags.required
    if not required:
        return []
    carried = {tag.lower() for tag in post.meta.hashtags}
    lowered = text.lower()
    if any(tag.lower() in carried or f"#{tag.lower()}" in lowered for tag in required):
        return []
    return [f"#{required[0]}"]


def advocacy_text(post: Post, channel: str, charter: Charter) -> str:
    """The whole text to copy for one network: the approved text, the tracked link, the hashtags.

    The link goes into the text only on networks that show links in a post
    (``link_in_text``; not Instagram, Pinterest or TikTok, where the page offers it
    to copy on its own). A brand link the author wrote into the text is replaced by
    the tracked one, on every network.
    """
    text, _line = post.text_for(channel)
    link = advocacy_link(post)
    profile = charter.profiles.get(channel)
    shows_links = profile is None or profile.link_in_text
    parts = [text]
    if link is not None and post.meta.link is not None:
        if post.meta.link in text:
            parts[0] = text.replace(post.meta.link, link)
        elif shows_links:
            parts.append(link)
    tags = hashtags_to_append(post, parts[0])
    tags += required_hashtag(post, charter, " ".join([parts[0], *tags]))
    if tags:
        parts.append(" ".join(tags))
    return "\n\n".join(part for part in parts if part)
