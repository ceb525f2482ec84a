"""Mix and cadence as numbers ready to draw: posts per week per channel, pillar shares, seasonal coverage.

The templates draw the SVG charts; this module only counts and scales, so the
charts are plain data in tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.model.charter import Charter
from pipeline.model.content import Post, SeasonalTopic
from pipeline.model.seasonal import occurrences_between
from pipeline.stages.site.calendar import week_key


@dataclass(frozen=True)
class WeekBar:
    """One week's count for one channel."""

    week: str
    monday: date
    count: int
    status: str
    """``ok`` | ``low`` | ``high`` against the charter's per-week bounds; ``ok`` without bounds."""


@dataclass(frozen=True)
class ChannelCadence:
    """Posts per ISO week on one channel, with the charter's [min, max] when it sets one."""

    channel: str
    label: str
    bars: tuple[WeekBar, ...]
    bounds: tuple[int, int] | None
    top: int
    """The largest value on the chart's scale."""


@dataclass(frozen=True)
class PillarShare:
    """One pillar's share of the posts, with the charter's bounds."""

    pillar: str
    slot: int
    count: int
    share: float
    min_share: float | None
    max_share: float | None

    @property
    def status(self) -> str:
        """``ok`` | ``low`` | ``high``."""
        if self.max_share is not None and self.share > self.max_share:
            return "high"
        if self.min_share is not None and self.share < self.min_share:
            return "low"
        return "ok"


@dataclass(frozen=True)
class Coverage:
    """One seasonal date in the horizon: its lead window and the posts planned for it."""

    slug: str
    title: str
    start: date
    lead_start: date
    must_cover: bool
    posts: tuple[Post, ...]
    approved: int


def cadence(charter: Charter, posts: Sequence[Post]) -> list[ChannelCadence]:
    """Posts per week for every channel with posts or bounds, over every week from first to last post."""
    tz = charter.cadence_tz
    counts: Counter[tuple[str, str]] = Counter()
    days = []
    for post in posts:
        day = post.when.astimezone(tz).date()
        days.append(day)
        for channel in post.meta.channels:
            counts[(channel, week_key(day))] += 1
    if not days:
        return []
    monday = min(days) - timedelta(days=min(days).weekday())
    mondays = []
    while monday <= max(days):
        mondays.append(monday)
        monday += timedelta(days=7)
    channels = [c for c in charter.profiles if c in {ch for ch, _ in counts} or c in charter.cadence.per_week]
    channels += sorted({ch for ch, _ in counts} - set(channels))
    result = []
    for channel in channels:
        bounds = charter.cadence.per_week.get(channel)
        bars = []
        for m in mondays:
            n = counts[(channel, week_key(m))]
            status = "ok" if bounds is None else "low" if n < bounds[0] else "high" if n > bounds[1] else "ok"
            bars.append(WeekBar(week_key(m), m, n, status))
        top = max([b.count for b in bars] + ([bounds[1]] if bounds else []) + [1])
        profile = charter.profiles.get(channel)
        label = profile.label if profile else channel.capitalize()
        result.append(ChannelCadence(channel, label, tuple(bars), bounds, top))
    return result


def pillar_mix(charter: Charter, posts: Sequence[Post], slots: dict[str, int]) -> list[PillarShare]:
    """Every pillar's share of all posts, against the charter's mix bounds."""
    counts = Counter(p.meta.pillar for p in posts)
    total = max(1, len(posts))
    mix = charter.cadence.mix
    return [
        PillarShare(
            pillar=name,
            slot=slot,
            count=counts[name],
            share=counts[name] / total,
            min_share=mix.min_share.get(name) if mix else None,
            max_share=mix.max_share.get(name) if mix else None,
        )
        for name, slot in slots.items()
    ]


def coverage(
    charter: Charter, posts: Sequence[Post], topics: Sequence[SeasonalTopic], build_day: date
) -> list[Coverage]:
    """Seasonal dates from the build day to the publishing horizon, with the posts about each."""
    tz = charter.tz
    found = []
    last = build_day + timedelta(days=charter.publish.horizon_days)
    for occ in occurrences_between(list(topics), build_day, last):
        planned = tuple(
            sorted(
                (
                    p
                    for p in posts
                    if p.meta.topic == occ.slug and occ.lead_start <= p.when.astimezone(tz).date() <= occ.end
                ),
                key=lambda p: (p.when, p.id),
            )
        )
        approved = sum(1 for p in planned if p.meta.status == "approved")
        found.append(
            Coverage(occ.slug, occ.title, occ.start, occ.lead_start, occ.must_cover, planned, approved)
        )
    return found
