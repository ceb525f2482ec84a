"""Tie an export's rows to posts: by permalink through the ledger, else ``utm_content``, else time and text.

1. **Ledger.** What went out is recorded with its permalink in the brand's ledger
   (``ledger/<yyyy>/<mm>.csv``, written by ``almanac`` at hand-off): callers pass
   it as a mapping permalink → (post id, channel). Exact and preferred.
2. **utm_content.** Links the bundle publishes carry ``utm_content=<post id>``;
   a row whose text or permalink holds one names its post.
3. **Time and text.** A post on the row's channel published within
   ``tolerance`` of the row (the same day when the export gives the day only),
   whose text is similar enough (difflib's ratio on the words, or the share of a
   text cut short found in the post, ≥ ``MIN_SIMILARITY``);
   the most similar wins, the nearest in time on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from pipeline.model.content import Post
from pipeline.model.results import MatchedBy, ResultRow
from pipeline.stages.results.importer import ExportRow

Ledger = Mapping[str, tuple[str, str]]
"""permalink → (post id, channel), as the ledger records what went out."""

TOLERANCE = timedelta(hours=2)
"""How far from its planned time a post may have gone out and still match by time and text."""
MIN_SIMILARITY = 0.5
MIN_WORDS_CUT = 6
"""A text cut short by the export counts as the post's when it has at least this many words."""
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """A row tied to its post, or not (``result`` None)."""

    row: ExportRow
    result: ResultRow | None


def match_rows(
    rows: Sequence[ExportRow],
    posts: Sequence[Post],
    zone: ZoneInfo,
    *,
    ledger: Ledger | None = None,
    tolerance: timedelta = TOLERANCE,
) -> list[Match]:
    """Each row with the :class:`ResultRow` it gives, when a post matches it."""
    known = {p.id: p for p in posts}
    out = []
    for row in rows:
        found = (
            _by_ledger(row, ledger or {}) or _by_utm(row, known) or _by_time_text(row, posts, zone, tolerance)
        )
        if found is None:
            out.append(Match(row, None))
            continue
        when = row.published
        post = known.get(found[0])
        if not row.timed and post is not None:
            # The export gave the day only (LinkedIn): the planned time stands in for the hour.
            when = post.when
        out.append(Match(row, _result(row, when.astimezone(zone), *found)))
    return out


def _result(row: ExportRow, when: datetime, post_id: str, channel: str, how: MatchedBy) -> ResultRow:
    return ResultRow(
        post_id=post_id,
        channel=channel,
        published_at=when,
        permalink=row.permalink,
        impressions=row.impressions,
        reach=row.reach,
        engagements=row.engagements,
        clicks=row.clicks,
        source=row.source,
        matched_by=how,
    )


def _by_ledger(row: ExportRow, ledger: Ledger) -> tuple[str, str, MatchedBy] | None:
    hit = ledger.get(row.permalink) or ledger.get(row.permalink.rstrip("/"))
    return (hit[0], hit[1], "ledger") if hit else None


def _by_utm(row: ExportRow, known: Mapping[str, Post]) -> tuple[str, str, MatchedBy] | None:
    for url in [row.permalink, *_URL.findall(row.text)]:
        for value in parse_qs(urlsplit(url).query).get("utm_content", []):
            post = known.get(value)
            if post is not None and row.channel in post.meta.channels:
                return post.id, row.channel, "utm"
    return None


def _words(text: str) -> list[str]:
    return _WORD.findall(_URL.sub(" ", text).casefold())


def similarity(a: str, b: str) -> float:
    """How alike two post texts are, 0 to 1, on their words (links and punctuation aside)."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    ratio = matcher.ratio()
    shorter = min(len(left), len(right))
    if shorter < MIN_WORDS_CUT:
        return ratio
    # LinkedIn's "Post title" is the text cut short: a cut text found whole in the post matches.
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return max(ratio, matched / shorter)


def _by_time_text(
    row: ExportRow, posts: Sequence[Post], zone: ZoneInfo, tolerance: timedelta
) -> tuple[str, str, MatchedBy] | None:
    best: tuple[float, float, str] | None = None
    for post in posts:
        if row.channel not in post.meta.channels:
            continue
        if row.timed:
            gap = abs((post.when - row.published).total_seconds())
            if gap > tolerance.total_seconds():
                continue
        else:
            if post.when.astimezone(zone).date() != row.published.astimezone(zone).date():
                continue
            gap = 0.0
        score = similarity(row.text, post.text_for(row.channel)[0]) if row.text else 0.0
        if score < MIN_SIMILARITY:
            continue
        if best is None or (score, -gap) > (best[0], -best[1]):
            best = (score, gap, post.id)
    return (best[2], row.channel, "time-text") if best else None
