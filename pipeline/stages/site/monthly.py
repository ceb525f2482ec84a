"""The monthly report pages: ``results/<yyyy>-<mm>.html`` per month with results, and ``results/index.html``.

The four parts of a monthly report: results per channel (month against the
month before), analysis (best and worst posts, by pillar, weekday, hour, visual
or text only), then the team's conclusion and recommendations from
``reports/<yyyy>-<mm>.md``. Figures come from ``results/`` in the commit, so the
pages depend on the commit alone like every other page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.commands.report import DAYS, JOURS, month_name
from pipeline.output import layout
from pipeline.stages.results.analysis import (
    analyse_month,
    change,
    month_key,
    months_with_results,
    previous_month,
)
from pipeline.stages.results.narrative import is_french, number, percent, read_narrative
from pipeline.stages.results.store import read_all

if TYPE_CHECKING:
    from pipeline.stages.site.pages import _Site


def monthly_pages(site: _Site) -> None:
    """Render the index of monthly reports and one page per month with results."""
    project = site.project
    charter = project.charter
    french = is_french(charter.brand.language)
    rows = read_all(project.root)
    months = months_with_results(rows, charter.tz)
    keys = [month_key(m) for m in months]
    labels = {month_key(m): month_name(m, french) for m in months}
    helpers: dict[str, Any] = {
        "num": lambda v: number(v, french),
        "pct": lambda v: percent(v, french),
        "delta": lambda now, before: percent(change(now, before), french, signed=True),
        "change": change,
        "channel_label": lambda ch: charter.profiles[ch].label if ch in charter.profiles else ch,
        "month_labels": labels,
    }
    site.page(layout.results_index(), "results_index.html", months=list(reversed(keys)), **helpers)
    visual_labels = (
        ("Photo ou graphisme", "Carte générée", "Texte seul")
        if french
        else ("Photo or graphic", "Generated card", "Text only")
    )
    for i, first in enumerate(months):
        figures = analyse_month(
            first, rows, project.posts, charter.tz, JOURS if french else DAYS, visual_labels
        )
        site.page(
            layout.results_page(figures.key),
            "results_month.html",
            figures=figures,
            narrative=read_narrative(project.root, figures.key),
            prev=keys[i - 1] if i > 0 else None,
            next=keys[i + 1] if i + 1 < len(keys) else None,
            label=labels[figures.key],
            before_label=month_name(previous_month(first), french),
            **helpers,
        )
