"""Seasonal dates: when each topic falls in a given year.

A topic recurs on a fixed day (``date: "02-14"``), by an RFC 5545 rule evaluated
with python-dateutil, or at an offset from Western Easter (``dateutil.easter``).
Per-year ``overrides`` replace the computed date for the years a rule gets wrong.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.easter import easter
from dateutil.rrule import rrule, rrulestr
from pydantic import BaseModel, ConfigDict

from pipeline.model.content import Recurrence, SeasonalTopic


class Occurrence(BaseModel):
    """One year's occurrence of a topic: its days and its lead window."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str
    title: str
    year: int
    start: date
    end: date
    """Last day, included."""
    lead_start: date
    """First day on which posts about it count."""
    must_cover: bool


def date_in_year(recurrence: Recurrence, year: int) -> date | None:
    """The date a recurrence gives in ``year`` (None when the rule skips that year)."""
    if recurrence.date is not None:
        month, day = (int(x) for x in recurrence.date.split("-"))
        try:
            return date(year, month, day)
        except ValueError:
            return None  # 02-29 outside leap years
    if recurrence.easter is not None:
        return easter(year) + timedelta(days=recurrence.easter)
    assert recurrence.rrule is not None
    start = datetime(year, 1, 1)  # noqa: DTZ001 - calendar arithmetic, no instant involved
    rule = rrulestr(recurrence.rrule, dtstart=start)
    assert isinstance(rule, rrule)
    found = rule.after(start, inc=True)
    return found.date() if found is not None and found.year == year else None


def occurrence(topic: SeasonalTopic, year: int) -> Occurrence | None:
    """A topic's occurrence in one year, with overrides applied."""
    meta = topic.meta
    day = meta.overrides.get(year) or date_in_year(meta.recurrence, year)
    if day is None:
        return None
    return Occurrence(
        slug=topic.slug,
        title=meta.title,
        year=year,
        start=day,
        end=day + timedelta(days=meta.duration_days - 1),
        lead_start=day - timedelta(days=meta.lead_days),
        must_cover=meta.must_cover,
    )


def occurrences_between(
    topics: tuple[SeasonalTopic, ...] | list[SeasonalTopic], first: date, last: date
) -> list[Occurrence]:
    """Every occurrence whose start falls in ``[first, last]``, by date then slug."""
    found = [
        occ
        for topic in topics
        for year in range(first.year, last.year + 1)
        if (occ := occurrence(topic, year)) is not None and first <= occ.start <= last
    ]
    return sorted(found, key=lambda o: (o.start, o.slug))
