"""Which post and channel each exported row is: by ``utm_content``, else by time and text.

1. A link in the row (its text or its link column) whose query has
   ``utm_content=<post id>`` (the build adds it to every link when the charter
   asks for UTM parameters) names the post; the row's network names the channel.
2. Otherwise the posts on that channel due within :data:`TOLERANCE` of the row's
   time whose published text is at least :data:`SIMILAR` alike (difflib's ratio,
   on lower-cased text with links, hashtags and spacing set aside) are candidates:
   one is a match, two or more make the row ambiguous (an error naming both), none
   leaves it unmatched (reported, never dropped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from difflib import SequenceMatcher
from urllib.parse import parse_qs, urlsplit

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.stages.ledger.formats import RowError
from pipeline.stages.ledger.model import LedgerEntry, SentRow
from pipeline.text.compose import published_text
from pipeline.text.messages import N_, msg

AMBIGUOUS = N_("row {row}: matches more than one post: {names}")
TOLERANCE = timedelta(hours=3)
"""How far from its planned time a post may have gone out (slots moved, queues, by hand)."""
SIMILAR = 0.6
"""The least text similarity for a match by time and text."""

_URL = re.compile(r"https?://\S+")
_NOISE = re.compile(r"https?://\S+|#\w+|\s+")


@dataclass(frozen=True)
class Matched:
    """The ledger entries found, the rows no post matches, and the rows that cannot be used."""

    entries: tuple[LedgerEntry, ...]
    unmatched: tuple[SentRow, ...]
    errors: tuple[RowError, ...]


def utm_content(urls: Iterable[str]) -> set[str]:
    """The ``utm_content`` values of the URLs."""
    found: set[str] = set()
    for url in urls:
        try:
            query = parse_qs(urlsplit(url.rstrip(").,;")).query)
        except ValueError:
            continue
        found.update(query.get("utm_content", []))
    return found


def _plain(text: str) -> str:
    return _NOISE.sub(" ", text).strip().lower()


def match_rows(
    rows: Sequence[SentRow | RowError], posts: Sequence[Post], charter: Charter, source: str
) -> Matched:
    """Each row's ledger entry, or why it has none."""
    by_id = {p.id: p for p in posts if p.meta.status in ("approved", "review")}
    entries: list[LedgerEntry] = []
    unmatched: list[SentRow] = []
    errors: list[RowError] = [r for r in rows if isinstance(r, RowError)]
    for row in (r for r in rows if isinstance(r, SentRow)):
        found = _candidates(row, by_id, charter)
        if len(found) > 1:
            names = ", ".join(f"{p.id} ({c})" for p, c in found)
            errors.append(RowError(msg(AMBIGUOUS, row=row.row, names=names)))
        elif not found:
            unmatched.append(row)
        else:
            post, channel = found[0]
            entries.append(
                LedgerEntry(
                    post_id=post.id,
                    channel=channel,
                    published_at=row.published_at.astimezone(charter.tz),
                    permalink=row.permalink,
                    source=source,
                )
            )
    return Matched(tuple(entries), tuple(unmatched), tuple(errors))


def _candidates(row: SentRow, posts: dict[str, Post], charter: Charter) -> list[tuple[Post, str]]:
    ids = utm_content([*_URL.findall(row.text), *row.links])
    tagged = [posts[i] for i in sorted(ids) if i in posts]
    if tagged:
        return [(p, c) for p in tagged for c in _channels(p, row)]
    plain = _plain(row.text)
    found: list[tuple[Post, str]] = []
    for post in posts.values():
        if abs(post.when - row.published_at) > TOLERANCE:
            continue
        for channel in _channels(post, row):
            ours = _plain(published_text(post, channel, charter))
            if plain and SequenceMatcher(None, plain, ours).ratio() >= SIMILAR:
                found.append((post, channel))
                break  # one post is one candidate, whatever channel the export does not name
    return found


def _channels(post: Post, row: SentRow) -> list[str]:
    if row.channel is not None:
        return [row.channel] if row.channel in post.meta.channels else []
    return list(post.meta.channels)
