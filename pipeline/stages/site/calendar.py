"""Calendar views as plain values: months of day cells with chips and bands, and ISO weeks.

Everything here is computed from the loaded project and the build day; the
templates only lay it out. Days are counted in the brand's time zone. Nothing
here knows which day it is when someone reads the site: the browser marks that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pipeline.model.charter import Charter
from pipeline.model.content import Campaign, Post, SeasonalTopic
from pipeline.model.findings import Finding, Level
from pipeline.model.seasonal import Occurrence, occurrences_between
from pipeline.stages.site.ledger import WentOut


@dataclass(frozen=True)
class Chip:
    """A post as shown in a day cell or a week list."""

    post: Post
    local: datetime
    pillar_slot: int
    problems: int
    """Error and warning findings about the post."""
    went_out: tuple[WentOut, ...] = ()
    """The ledger's word on each channel (empty without a ledger, or for a post not approved)."""

    @property
    def ledger(self) -> str | None:
        """``missed`` when a channel is, ``published`` when every channel is; None: nothing to flag yet."""
        statuses = {w.status for w in self.went_out}
        if "missed" in statuses:
            return "missed"
        return "published" if statuses == {"published"} else None

    @property
    def time(self) -> str:
        """Wall time, ``HH:MM`` (the templates use ``t.time(chip.local)``, the locale's form)."""
        return self.local.strftime("%H:%M")

    @property
    def filters(self) -> dict[str, str]:
        """What the month's filters match (``data-*`` attributes): channels, status, pillar, campaign."""
        meta = self.post.meta
        return {
            "channels": " ".join(meta.channels),
            "status": meta.status,
            "pillar": meta.pillar,
            "campaign": meta.campaign or "",
        }


@dataclass(frozen=True)
class Band:
    """A stretch of days drawn across cells: a seasonal date, its lead window, a freeze, a campaign."""

    kind: str
    """``topic`` | ``lead`` | ``freeze`` | ``campaign``."""
    label: str
    """What the band is about: the topic's or campaign's title, the freeze's reason (templates
    say which kind it is, in the brand's language)."""
    first: date
    last: date
    until: date | None = None
    """For a lead-up band, the seasonal date it leads to (the browser counts the days to it)."""

    def starts(self, day: date) -> bool:
        """True where the band's label is written: its first day, or the start of a week row."""
        return day == self.first or day.weekday() == 0


@dataclass(frozen=True)
class Cell:
    """One day of a month grid."""

    day: date
    in_month: bool
    chips: tuple[Chip, ...]
    bands: tuple[Band | None, ...]
    """Bands by lane: a band keeps its lane across the days of a row (None is an empty lane)."""


@dataclass(frozen=True)
class Month:
    """A month grid: rows of seven cells, Monday first."""

    first: date
    rows: tuple[tuple[Cell, ...], ...]
    count: int

    @property
    def key(self) -> str:
        """``YYYY-MM``, the page name."""
        return f"{self.first:%Y-%m}"


@dataclass(frozen=True)
class Week:
    """One ISO week and its posts, day by day."""

    monday: date
    days: tuple[tuple[date, tuple[Chip, ...]], ...]
    bands: tuple[Band, ...]

    @property
    def key(self) -> str:
        """``2026-W49``, the page name."""
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def count(self) -> int:
        """Posts in the week."""
        return sum(len(chips) for _, chips in self.days)


@dataclass
class Calendar:
    """Every chip by day, every band, and the build day: what month and week views are made of."""

    build_day: date
    by_day: dict[date, list[Chip]] = field(default_factory=lambda: defaultdict(list))
    bands: list[Band] = field(default_factory=list)

    def chips_on(self, day: date) -> tuple[Chip, ...]:
        """Posts of a day, by time then id."""
        return tuple(self.by_day.get(day, ()))

    def bands_on(self, day: date) -> tuple[Band, ...]:
        """Bands covering a day."""
        return tuple(b for b in self.bands if b.first <= day <= b.last)

    def span(self) -> tuple[date, date]:
        """First and last day that must be shown: every post, and the build day."""
        days = [*self.by_day, self.build_day]
        return min(days), max(days)


def pillar_slots(charter: Charter, posts: Iterable[Post]) -> dict[str, int]:
    """A colour slot per pillar: the charter's order, then any other pillar alphabetically."""
    named = list(charter.pillars or [])
    extra = sorted({p.meta.pillar for p in posts} - set(named))
    return {name: i for i, name in enumerate([*named, *extra])}


def make_calendar(
    charter: Charter,
    posts: Sequence[Post],
    topics: Sequence[SeasonalTopic],
    campaigns: Sequence[Campaign],
    findings: Sequence[Finding],
    build_day: date,
    went_out: Mapping[str, tuple[WentOut, ...]] | None = None,
) -> Calendar:
    """Place posts on their days and collect the bands around them; ``went_out``: the ledger, by post id."""
    cal = Calendar(build_day=build_day)
    slots = pillar_slots(charter, posts)
    problems: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.post and f.level is not Level.INFO:
            problems[f.post] += 1
    for post in sorted(posts, key=lambda p: (p.when, p.id)):
        local = post.when.astimezone(charter.tz)
        ledger = went_out.get(post.id, ()) if went_out else ()
        cal.by_day[local.date()].append(Chip(post, local, slots[post.meta.pillar], problems[post.id], ledger))
    first, last = cal.span()
    for occ in occurrences_between(list(topics), first - timedelta(days=400), last + timedelta(days=400)):
        cal.bands.extend(_occurrence_bands(occ))
    for freeze in charter.cadence.freezes:
        cal.bands.append(Band("freeze", freeze.reason, freeze.start, freeze.end))
    for camp in campaigns:
        cal.bands.append(Band("campaign", camp.meta.title, camp.meta.start, camp.meta.end))
    order = {"freeze": 0, "topic": 1, "lead": 2, "campaign": 3}
    cal.bands.sort(key=lambda b: (order[b.kind], b.first, b.label))
    return cal


def _occurrence_bands(occ: Occurrence) -> list[Band]:
    bands = [Band("topic", occ.title, occ.start, occ.end)]
    if occ.lead_start < occ.start:
        bands.append(Band("lead", occ.title, occ.lead_start, occ.start - timedelta(days=1), occ.start))
    return bands


def _month_starts(first: date, last: date) -> list[date]:
    months, cursor = [], first.replace(day=1)
    while cursor <= last:
        months.append(cursor)
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months


def _lanes(bands: list[Band]) -> dict[Band, int]:
    """Give each band the first lane free on its first day, so a band stays level across a row."""
    ends: list[date] = []
    lanes: dict[Band, int] = {}
    for band in sorted(bands, key=lambda b: (b.first, b.kind, b.label)):
        lane = next((i for i, end in enumerate(ends) if end < band.first), len(ends))
        if lane == len(ends):
            ends.append(band.last)
        ends[lane] = band.last
        lanes[band] = lane
    return lanes


def _laned(cal: Calendar, day: date, lanes: dict[Band, int], width: int) -> tuple[Band | None, ...]:
    slots: list[Band | None] = [None] * width
    for band in cal.bands_on(day):
        slots[lanes[band]] = band
    return tuple(slots)


def months(cal: Calendar) -> list[Month]:
    """Every month from the first post (or the build day) to the last."""
    found = []
    for start in _month_starts(*cal.span()):
        grid_start = start - timedelta(days=start.weekday())
        grid_end = grid_start + timedelta(days=41)
        lanes = _lanes([b for b in cal.bands if b.first <= grid_end and b.last >= grid_start])
        rows: list[tuple[Cell, ...]] = []
        day = grid_start
        while day.month == start.month or day < start:
            week = [day + timedelta(days=i) for i in range(7)]
            width = max((lanes[b] + 1 for d in week for b in cal.bands_on(d)), default=0)
            rows.append(
                tuple(
                    Cell(d, d.month == start.month, cal.chips_on(d), bands)
                    for d in week
                    for bands in (_laned(cal, d, lanes, width),)
                )
            )
            day += timedelta(days=7)
        count = sum(len(c.chips) for r in rows for c in r if c.in_month)
        found.append(Month(start, tuple(rows), count))
    return found


def weeks(cal: Calendar) -> list[Week]:
    """Every ISO week of every month shown, so each row of a month grid has its week page."""
    first, last = cal.span()
    first = first.replace(day=1)
    last = (last.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    monday = first - timedelta(days=first.weekday())
    found = []
    while monday <= last:
        days = tuple((d, cal.chips_on(d)) for d in (monday + timedelta(days=i) for i in range(7)))
        sunday = monday + timedelta(days=6)
        bands = tuple(b for b in cal.bands if b.first <= sunday and b.last >= monday)
        found.append(Week(monday, days, bands))
        monday += timedelta(days=7)
    return found


def month_key(day: date) -> str:
    """Page name of the month holding a day."""
    return f"{day:%Y-%m}"


def month_start(key: str) -> date:
    """The first day of the month a page name (``YYYY-MM``, see :func:`month_key`) stands for."""
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def week_key(day: date) -> str:
    """Page name of the ISO week holding a day."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def week_monday(key: str) -> date:
    """The Monday of the ISO week a page name (``YYYY-Www``, see :func:`week_key`) stands for."""
    year, number = key.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def filter_choices(
    charter: Charter, posts: Sequence[Post], campaigns: Sequence[Campaign]
) -> dict[str, list[str]]:
    """The values the month's filters offer: channels, statuses, pillars and campaigns in use."""
    statuses = [s for s in ("idea", "draft", "review", "approved") if any(p.meta.status == s for p in posts)]
    return {
        "channel": sorted({c for p in posts for c in p.meta.channels}),
        "status": statuses,
        "pillar": list(pillar_slots(charter, posts)),
        "campaign": sorted({p.meta.campaign for p in posts if p.meta.campaign} | {c.slug for c in campaigns}),
    }
