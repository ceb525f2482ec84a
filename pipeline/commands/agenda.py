"""``almanac agenda``: what goes out in the coming days, which dates are coming, where the plan is thin.

One pure function, :func:`make_agenda`, turns a loaded project and its findings
into an :class:`Agenda` value; :mod:`pipeline.cli.agenda_view` prints it. Days are
counted in the brand's time zone, ISO weeks in the cadence zone (as the cadence
rules count them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.model.content import Post
from pipeline.model.findings import Finding, Level
from pipeline.model.project import Project
from pipeline.model.seasonal import occurrences_between
from pipeline.stages.results.best_times import BestTime

_FROZEN = ConfigDict(frozen=True, extra="forbid")
COUNTED = ("approved", "review")
"""Statuses that count toward the charter's weekly minimum (as in ``cadence.per-week``)."""


class AgendaPost(BaseModel):
    """One post on the agenda."""

    model_config = _FROZEN
    id: str
    path: str
    date: date
    time: str = Field(description="HH:MM in the brand's zone.")
    channels: tuple[str, ...]
    title: str
    status: str
    pillar: str
    topic: str | None
    findings: int = Field(description="Findings of every level about this post.")
    errors: int = Field(description="Error-level findings about this post.")


class AgendaDate(BaseModel):
    """A seasonal date whose lead window or days meet the agenda's range."""

    model_config = _FROZEN
    slug: str
    title: str
    start: date
    end: date
    lead_start: date
    must_cover: bool
    approved: int = Field(description="Approved posts about it inside its lead window.")
    planned: int = Field(description="Posts of any status about it inside its lead window.")

    @property
    def uncovered(self) -> bool:
        """A must-cover date with no approved post yet."""
        return self.must_cover and self.approved == 0


class AgendaFreeze(BaseModel):
    """A freeze that meets the agenda's range."""

    model_config = _FROZEN
    start: date
    end: date
    reason: str


class AgendaGap(BaseModel):
    """An ISO week with fewer counted posts on a channel than the charter's minimum."""

    model_config = _FROZEN
    week: str = Field(description="ISO week, e.g. 2026-W49.")
    monday: date
    channel: str
    posts: int = Field(description="Approved and review posts that week on that channel.")
    minimum: int


class AgendaDay(BaseModel):
    """One day: its posts, the seasonal dates that fall on it and the freeze it is in."""

    model_config = _FROZEN
    date: date
    posts: tuple[AgendaPost, ...]
    seasonal: tuple[str, ...] = Field(description="Slugs of the seasonal dates on this day.")
    freeze: str | None = Field(description="Reason of the freeze covering this day, if any.")


class AgendaBestTime(BaseModel):
    """A channel's best hour from the brand's results (see :mod:`pipeline.stages.results.best_times`)."""

    model_config = _FROZEN
    channel: str
    time: str = Field(description="HH:00 in the brand's zone.")
    rate: float = Field(description="Engagement rate of the posts at that hour.")
    posts: int = Field(description="Posts at that hour, of `of` with results on the channel.")
    of: int


class Agenda(BaseModel):
    """Everything ``almanac agenda`` shows, for ``[first, last]``."""

    model_config = _FROZEN
    today: date
    first: date
    last: date
    days: tuple[AgendaDay, ...]
    seasonal: tuple[AgendaDate, ...]
    freezes: tuple[AgendaFreeze, ...]
    gaps: tuple[AgendaGap, ...]
    best_times: tuple[AgendaBestTime, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The public JSON shape (``version`` 1)."""
        data = self.model_dump(mode="json")
        return {"version": 1, **data}


def make_agenda(
    project: Project,
    findings: Iterable[Finding],
    *,
    today: date,
    first: date | None = None,
    days: int = 14,
    best: Mapping[str, BestTime] | None = None,
) -> Agenda:
    """The agenda of ``days`` days from ``first`` (today by default); ``best``: each channel's best hour."""
    first = first or today
    last = first + timedelta(days=max(days, 1) - 1)
    tz = project.charter.tz
    counts = _finding_counts(findings)
    posts = sorted(project.posts, key=lambda p: (p.when, p.path))
    by_day: dict[date, list[AgendaPost]] = defaultdict(list)
    for post in posts:
        local = post.when.astimezone(tz)
        if first <= local.date() <= last:
            by_day[local.date()].append(_agenda_post(post, local.date(), f"{local:%H:%M}", counts))
    seasonal = _seasonal(project, posts, first, last)
    freezes = tuple(
        AgendaFreeze(start=f.start, end=f.end, reason=f.reason)
        for f in project.charter.cadence.freezes
        if f.start <= last and f.end >= first
    )
    day_list = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        day_list.append(
            AgendaDay(
                date=day,
                posts=tuple(by_day.get(day, ())),
                seasonal=tuple(s.slug for s in seasonal if s.start <= day <= s.end),
                freeze=next((f.reason for f in freezes if f.start <= day <= f.end), None),
            )
        )
    return Agenda(
        today=today,
        first=first,
        last=last,
        days=tuple(day_list),
        seasonal=seasonal,
        freezes=freezes,
        gaps=_gaps(project, posts, first, last),
        best_times=tuple(
            AgendaBestTime(channel=b.channel, time=b.clock(), rate=round(b.rate, 4), posts=b.posts, of=b.of)
            for b in (best or {}).values()
        ),
    )


def _finding_counts(findings: Iterable[Finding]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        if finding.post is not None:
            counts[finding.post][finding.level.value] += 1
    return counts


def _agenda_post(post: Post, day: date, at: str, counts: dict[str, Counter[str]]) -> AgendaPost:
    found = counts.get(post.id, Counter())
    return AgendaPost(
        id=post.id,
        path=post.path,
        date=day,
        time=at,
        channels=tuple(post.meta.channels),
        title=post.meta.title,
        status=post.meta.status,
        pillar=post.meta.pillar,
        topic=post.meta.topic,
        findings=sum(found.values()),
        errors=found[Level.ERROR.value],
    )


def _seasonal(project: Project, posts: Sequence[Post], first: date, last: date) -> tuple[AgendaDate, ...]:
    """Occurrences whose lead window or days meet ``[first, last]``."""
    tz = project.charter.tz
    reach = max((t.meta.lead_days for t in project.topics), default=0)
    longest = max((t.meta.duration_days for t in project.topics), default=1)
    found = []
    window = (first - timedelta(days=longest), last + timedelta(days=reach))
    for occ in occurrences_between(project.topics, *window):
        if occ.lead_start > last or occ.end < first:
            continue
        about = [p for p in posts if p.meta.topic == occ.slug]
        inside = [p for p in about if occ.lead_start <= p.when.astimezone(tz).date() <= occ.end]
        found.append(
            AgendaDate(
                slug=occ.slug,
                title=occ.title,
                start=occ.start,
                end=occ.end,
                lead_start=occ.lead_start,
                must_cover=occ.must_cover,
                approved=sum(p.meta.status == "approved" for p in inside),
                planned=len(inside),
            )
        )
    return tuple(found)


def _gaps(project: Project, posts: Sequence[Post], first: date, last: date) -> tuple[AgendaGap, ...]:
    """Every ISO week meeting ``[first, last]`` whose counted posts fall short of ``per_week``'s minimum."""
    bounds = project.charter.cadence.per_week
    if not bounds:
        return ()
    tz = project.charter.cadence_tz
    weekly: Counter[tuple[str, date]] = Counter()
    for post in posts:
        if post.meta.status in COUNTED:
            day = post.when.astimezone(tz).date()
            for channel in post.meta.channels:
                weekly[channel, day - timedelta(days=day.weekday())] += 1
    gaps = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        for channel, (least, _most) in sorted(bounds.items()):
            count = weekly[channel, monday]
            if count < least:
                year, week, _ = monday.isocalendar()
                name = f"{year}-W{week:02d}"
                gaps.append(AgendaGap(week=name, monday=monday, channel=channel, posts=count, minimum=least))
        monday += timedelta(days=7)
    return tuple(gaps)
