"""Best posting times per channel, from the brand's own results, for ``almanac new`` and the agenda.

For each channel, the hour of the day (in the brand's zone) whose posts earned
the highest engagement rate (summed engagements / summed impressions), among
hours with at least ``MIN_POSTS`` posts; a channel with fewer than
``MIN_CHANNEL_POSTS`` results gets none (a guess from two posts is noise).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pipeline.model.results import ResultRow

MIN_POSTS = 2
MIN_CHANNEL_POSTS = 5


@dataclass(frozen=True)
class BestTime:
    """A channel's best hour and what it rests on."""

    channel: str
    hour: int
    rate: float
    posts: int
    """Posts published at that hour."""
    of: int
    """Posts with results on the channel."""

    def clock(self) -> str:
        """``18:00``."""
        return f"{self.hour:02d}:00"


def best_times(rows: Iterable[ResultRow], zone: ZoneInfo) -> dict[str, BestTime]:
    """Each channel's best hour, for channels with enough results."""
    by_channel: dict[str, dict[int, list[ResultRow]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.impressions and r.engagements is not None:
            by_channel[r.channel][r.published_at.astimezone(zone).hour].append(r)
    out = {}
    for channel, hours in sorted(by_channel.items()):
        of = sum(len(v) for v in hours.values())
        if of < MIN_CHANNEL_POSTS:
            continue
        scored = []
        for hour, group in hours.items():
            if len(group) < MIN_POSTS:
                continue
            shown = sum(r.impressions or 0 for r in group)
            engaged = sum(r.engagements or 0 for r in group)
            scored.append((engaged / shown, len(group), -hour, hour))
        if scored:
            rate, posts, _, hour = max(scored)
            out[channel] = BestTime(channel, hour, rate, posts, of)
    return out
