"""``almanac report new YYYY-MM``: the month's report file, its figures filled in for the team."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.model.project import Project
from pipeline.output.atomic import write_atomic
from pipeline.stages.results.analysis import MonthFigures, analyse_month, change
from pipeline.stages.results.narrative import is_french, number, percent, report_file
from pipeline.stages.results.store import read_all
from pipeline.text.messages import N_, msg

BAD_MONTH = N_("{value} is not a month like 2027-01")
EXISTS = N_("{path} already exists; edit it")
NO_RESULTS = N_(
    "no results for {key} in results/: import the networks' exports first (almanac results import FILE)"
)

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def parse_month(value: str) -> date:
    """``2027-01`` → its first day, or a UsageError."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or not 2000 <= int(found.group(1)) <= 2100:
        raise UsageError(msg(BAD_MONTH, value=repr(value)))
    return date(int(found.group(1)), int(found.group(2)), 1)


def month_name(first: date, french: bool) -> str:
    """``janvier 2027`` or ``January 2027``."""
    return f"{MOIS[first.month - 1]} {first.year}" if french else f"{first:%B %Y}"


def new_report(project: Project, first: date) -> Path:
    """Write ``reports/<yyyy>-<mm>.md`` with the month's figures; never overwrites."""
    key = f"{first.year:04d}-{first.month:02d}"
    path = report_file(project.root, key)
    if path.exists():
        raise UsageError(msg(EXISTS, path=path.relative_to(project.root).as_posix()))
    french = is_french(project.charter.brand.language)
    zone = project.charter.tz
    figures = analyse_month(first, read_all(project.root), project.posts, zone, JOURS if french else DAYS)
    if not figures.total.posts:
        raise UsageError(msg(NO_RESULTS, key=key))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, scaffold(figures, project, french), mode=0o644, durable=True)
    return path


def scaffold(figures: MonthFigures, project: Project, french: bool) -> str:
    """The text of a new report file: the figures as bullet points under the two headings to write."""
    profiles = project.charter.profiles
    before = month_name(_previous(figures.first), french)
    lines = [f"# {'Bilan de' if french else 'Report for'} {month_name(figures.first, french)}", ""]
    lines += [
        "<!-- "
        + (
            "Écrit par almanac report new à partir de results/. Les chiffres sont déjà sur la page "
            "du site : gardez ici ce que l'équipe en conclut, et ce qu'elle change."
            if french
            else "Written by almanac report new from results/. The figures are on the site's page "
            "already: keep here what the team concludes, and what it changes."
        )
        + " -->",
        "",
        "## Conclusion",
        "",
    ]
    colon = "\u00a0:" if french else ":"
    for ch in figures.channels:
        label = profiles[ch.channel].label if ch.channel in profiles else ch.channel
        shown = number(ch.now.impressions, french)
        trend = percent(change(ch.now.impressions, ch.before.impressions), french, signed=True)
        rate, rate_before = percent(ch.now.rate, french), percent(ch.before.rate, french)
        if french:
            lines.append(
                f"- {label}{colon} {shown} impressions ({trend} par rapport à {before}), "
                f"taux d'engagement {rate} ({rate_before} en {before})."
            )
        else:
            lines.append(
                f"- {label}{colon} {shown} impressions ({trend} on {before}), "
                f"engagement rate {rate} ({rate_before} in {before})."
            )
    ranked = (
        (("Meilleure publication", "Best post"), figures.best),
        (("Moins bonne", "Weakest"), figures.worst),
    )
    for (name_fr, name_en), posts in ranked:
        for p in posts[:1]:
            quoted = f"«\u00a0{p.title}\u00a0»" if french else f"“{p.title}”"
            rate = percent(p.row.engagement_rate, french)
            lines.append(f"- {name_fr if french else name_en}{colon} {quoted} ({p.row.channel}, {rate}).")
    lines += [
        "",
        "## Recommandations" if french else "## Recommendations",
        "",
        "- (à écrire\u00a0: ce que l'équipe change le mois prochain)"
        if french
        else "- (to write: what the team changes next month)",
        "",
    ]
    return "\n".join(lines)


def _previous(first: date) -> date:
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)
