"""``seasonal.coverage``: each must-cover date in the horizon has an approved post in its lead window."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.findings import Level
from pipeline.model.seasonal import occurrences_between
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, calendar_rule
from pipeline.stages.check.rules.cadence import horizon, local
from pipeline.text.messages import N_, msgn

URGENT_DAYS = 7
"""Within this many days of the date, a missing post is an error: there is hardly time left to plan one."""


def _coverage(ctx: CheckContext) -> Iterator[Hit]:
    first, last = horizon(ctx)
    topics = {t.slug: t for t in ctx.project.topics if t.meta.must_cover}
    if not topics:
        return
    for occ in occurrences_between(list(topics.values()), first, last):
        topic = topics[occ.slug]
        about = [p for p in ctx.project.posts if p.meta.topic == occ.slug]
        covered = any(
            p.meta.status == "approved" and occ.lead_start <= local(p, ctx).date() <= occ.end for p in about
        )
        if covered:
            continue
        days = (occ.start - ctx.today).days
        pending = [p for p in about if occ.lead_start <= local(p, ctx).date() <= occ.end]
        values = {
            "title": occ.title,
            "day": occ.start,
            "first": occ.lead_start,
            "last": occ.end,
            "pending": len(pending),
            "slug": occ.slug,
        }
        message = (
            msgn(
                "{title} is on {day} (in {count} day) and no approved post covers it between "
                "{first} and {last} ({pending} not approved yet); add one with `topic: {slug}`",
                "{title} is on {day} (in {count} days) and no approved post covers it between "
                "{first} and {last} ({pending} not approved yet); add one with `topic: {slug}`",
                days,
                **values,
            )
            if pending
            else msgn(
                "{title} is on {day} (in {count} day) and no approved post covers it between "
                "{first} and {last}; add one with `topic: {slug}`",
                "{title} is on {day} (in {count} days) and no approved post covers it between "
                "{first} and {last}; add one with `topic: {slug}`",
                days,
                **values,
            )
        )
        yield Hit(
            message,
            line=topic.key_lines.get("must_cover", 1),
            file=topic.path,
            level=Level.WARNING if days > URGENT_DAYS else Level.ERROR,
            related=tuple(p.path for p in about),
        )


RULES: tuple[Rule, ...] = (
    calendar_rule(
        "seasonal.coverage",
        Level.ERROR,
        N_(
            "A must-cover date (Mother's Day, Black Friday) the brand misses is a lost moment; "
            "warned while there is time, an error in the last week."
        ),
        _coverage,
    ),
)
