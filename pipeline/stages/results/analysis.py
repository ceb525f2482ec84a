"""A month's results, analysed the way a monthly report reads: per channel, then what worked and what did not.

Pure functions of the results rows and the posts (no clock, no file): the site
renders :class:`MonthFigures` and ``almanac report new`` writes its scaffold
from it. The engagement rate is engagements / impressions throughout, summed
before dividing (a month's rate is not the mean of its posts' rates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pipeline.model.content import Post
from pipeline.model.results import ResultRow

RANKED = 3
"""Best and worst posts shown."""


@dataclass(frozen=True)
class Totals:
    """Summed figures of a set of rows; a figure no row gave is None."""

    posts: int
    reach: int | None
    impressions: int | None
    engagements: int | None
    clicks: int | None

    @property
    def rate(self) -> float | None:
        """Engagements per impression."""
        if not self.impressions or self.engagements is None:
            return None
        return self.engagements / self.impressions


def _sum(values: Iterable[int | None]) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def totals(rows: Sequence[ResultRow]) -> Totals:
    """The totals of ``rows``."""
    return Totals(
        posts=len(rows),
        reach=_sum(r.reach for r in rows),
        impressions=_sum(r.impressions for r in rows),
        engagements=_sum(r.engagements for r in rows),
        clicks=_sum(r.clicks for r in rows),
    )


@dataclass(frozen=True)
class ChannelLine:
    """One channel's month against the month before."""

    channel: str
    now: Totals
    before: Totals


@dataclass(frozen=True)
class PostLine:
    """One post on one channel, for the best and worst lists."""

    row: ResultRow
    title: str
    pillar: str
    local: datetime


@dataclass(frozen=True)
class Group:
    """Rows grouped by a key (pillar, weekday, hour, visual or not)."""

    key: str
    label: str
    figures: Totals


@dataclass(frozen=True)
class MonthFigures:
    """Everything the report page and the scaffold show of one month."""

    key: str
    first: date
    previous_key: str
    channels: tuple[ChannelLine, ...]
    total: Totals
    total_before: Totals
    best: tuple[PostLine, ...]
    worst: tuple[PostLine, ...]
    by_pillar: tuple[Group, ...]
    by_weekday: tuple[Group, ...]
    by_hour: tuple[Group, ...]
    by_visual: tuple[Group, ...]


def month_key(day: date) -> str:
    """``YYYY-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def previous_month(first: date) -> date:
    """The first day of the month before."""
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def months_with_results(rows: Iterable[ResultRow], zone: ZoneInfo) -> list[date]:
    """First days of the months that have results, in order."""
    return sorted({r.published_at.astimezone(zone).date().replace(day=1) for r in rows})


WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def analyse_month(
    first: date,
    rows: Sequence[ResultRow],
    posts: Sequence[Post],
    zone: ZoneInfo,
    weekday_names: Sequence[str],
    visual_labels: tuple[str, str, str] = ("Photo or graphic", "Generated card", "Text only"),
) -> MonthFigures:
    """The figures of the month starting ``first`` (rows of every month may be given)."""
    before_first = previous_month(first)

    def in_month(start: date) -> list[ResultRow]:
        return [r for r in rows if r.published_at.astimezone(zone).date().replace(day=1) == start]

    now, before = in_month(first), in_month(before_first)
    by_id = {p.id: p for p in posts}
    channels = sorted({r.channel for r in now} | {r.channel for r in before})
    lines = tuple(
        ChannelLine(
            ch, totals([r for r in now if r.channel == ch]), totals([r for r in before if r.channel == ch])
        )
        for ch in channels
    )
    ranked = sorted(
        (r for r in now if r.engagement_rate is not None),
        key=lambda r: (-(r.engagement_rate or 0.0), -(r.impressions or 0), r.post_id, r.channel),
    )
    shown = min(RANKED, len(ranked) // 2) if len(ranked) > 1 else len(ranked)

    def line(r: ResultRow) -> PostLine:
        post = by_id.get(r.post_id)
        return PostLine(
            r,
            post.meta.title if post else r.post_id,
            post.meta.pillar if post else "",
            r.published_at.astimezone(zone),
        )

    def group(
        key_of: Callable[[ResultRow], str | None], labels: Mapping[str, str], order: Sequence[str]
    ) -> tuple[Group, ...]:
        found: dict[str, list[ResultRow]] = defaultdict(list)
        for r in now:
            key = key_of(r)
            if key is not None:
                found[key].append(r)
        return tuple(Group(k, labels.get(k, k), totals(found[k])) for k in order if k in found)

    pillar_of = {p.id: p.meta.pillar for p in posts}
    pillars = sorted(set(pillar_of.values()))
    hours = [f"{h:02d}" for h in range(24)]
    return MonthFigures(
        key=month_key(first),
        first=first,
        previous_key=month_key(before_first),
        channels=lines,
        total=totals(now),
        total_before=totals(before),
        best=tuple(line(r) for r in ranked[:shown]),
        worst=tuple(line(r) for r in reversed(ranked[len(ranked) - shown :])) if shown else (),
        by_pillar=group(lambda r: pillar_of.get(r.post_id), {}, pillars),
        by_weekday=group(
            lambda r: WEEKDAY_KEYS[r.published_at.astimezone(zone).weekday()],
            dict(zip(WEEKDAY_KEYS, weekday_names, strict=True)),
            WEEKDAY_KEYS,
        ),
        by_hour=group(
            lambda r: f"{r.published_at.astimezone(zone).hour:02d}", {h: f"{h} h" for h in hours}, hours
        ),
        by_visual=group(
            lambda r: _visual_kind(by_id[r.post_id]) if r.post_id in by_id else None,
            dict(zip(VISUAL_KINDS, visual_labels, strict=True)),
            VISUAL_KINDS,
        ),
    )


VISUAL_KINDS = ("image", "card", "text")
"""A post's visual: a source image (photo or graphic), a generated card, or none."""


def _visual_kind(post: Post) -> str:
    visual = post.meta.visual
    return "text" if visual is None else "card" if visual.card is not None else "image"


def change(now: float | None, before: float | None) -> float | None:
    """Relative change from ``before`` to ``now`` (0.25 is +25 %); None without both, or from 0."""
    if now is None or not before:
        return None
    return now / before - 1
