"""What every page of the site shows around its own content, and how a worker process gets it.

The header, the footer and the pause banner show the same values on every page
of a build (the brand, the build day and commit, the finding counts, the
pillars' colours, the filters). :class:`PageValues` holds them in a compact,
picklable form: a worker process rendering post pages receives it once per
chunk and makes the same template context from it with :func:`page_context`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pipeline.model.charter import Charter
from pipeline.model.pause import open_pauses
from pipeline.model.records import VisualRecord
from pipeline.output import layout
from pipeline.stages.check.localize import message_of
from pipeline.stages.site import calendar
from pipeline.stages.site.cards import badge
from pipeline.text.i18n import Translator, translator


@dataclass(frozen=True)
class PageValues:
    """The values every page shows, one build's worth; small enough to pickle for each chunk of pages."""

    charter: Charter
    build_day: date
    head: str | None
    counts: dict[str, int]
    slots: dict[str, int]
    """The colour slot of each pillar."""
    topic_titles: dict[str, str]
    campaign_titles: dict[str, str]
    filters: dict[str, list[str]]
    keeps_ledger: bool


def page_context(values: PageValues, thumbs: Mapping[str, VisualRecord] | None = None) -> dict[str, Any]:
    """The template context every page starts from.

    ``thumbs`` (each post's thumbnail) is only for the pages that list posts: the
    post pages do without it, so a worker does not receive 10,000 records with
    every chunk. A template asking for it there fails (undefined names raise).
    """
    charter = values.charter
    words = translator(charter.brand.language)
    common: dict[str, Any] = {
        "brand": charter.brand,
        "palette": charter.visual.palette,
        "build_day": values.build_day,
        "build_month": calendar.month_key(values.build_day),
        "build_week": calendar.week_key(values.build_day),
        "commit": (values.head or "")[:10],
        "counts": values.counts,
        "slots": values.slots,
        "badge": badge,
        "weekdays": words.weekdays(),
        "bundle": layout.download(),
        "horizon_days": charter.publish.horizon_days,
        "instant": instant,
        # Former names, kept for templates written before the catalogues (other branches'):
        # both now say the day in the brand's language.
        "day_label": words.day,
        "jour": words.day,
        "week_of": calendar.week_key,
        "month_start": calendar.month_start,
        "week_monday": calendar.week_monday,
        "pauses": open_pauses(charter, values.build_day),
        "topic_titles": values.topic_titles,
        "campaign_titles": values.campaign_titles,
        "filters": values.filters,
        "status_names": status_names(words),
        "say": functools.partial(message_of, words=words),
        "unit_names": {
            "characters": words.gettext("characters"),
            "weighted characters": words.gettext("weighted characters"),
            "graphemes": words.gettext("graphemes"),
            "UTF-16 units": words.gettext("UTF-16 units"),
        },
        "keeps_ledger": values.keeps_ledger,
        # The page parts shared by every page of a section and depth (see env.part): new for each
        # context, so a part never outlives the values it was made from.
        "parts": {},
    }
    if thumbs is not None:
        common["thumbs"] = thumbs
    return common


def status_names(words: Translator) -> dict[str, str]:
    """Statuses and finding levels as the brand's language names them (the values stay English in data)."""
    _ = words.gettext
    return {
        "idea": _("idea"),
        "draft": _("draft"),
        "review": _("review"),
        "approved": _("approved"),
        "error": _("error"),
        "warning": _("warning"),
        "info": _("info"),
    }


def instant(moment: datetime) -> str:
    """An exact instant for the browser's script: ISO 8601 in UTC, ``2026-11-24T17:30:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
