"""The team's words in a monthly report: ``reports/<yyyy>-<mm>.md``, and how figures are written in them.

The file is Markdown; its ``## Conclusion`` and ``## Recommandations`` (or
``## Recommendations``) sections are shown on the month's report page, in that
order. Anything else in it (the figures ``almanac report new`` wrote as a
starting point, notes) stays in the file for the team.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPORTS_DIR = "reports"
CONCLUSION = frozenset({"conclusion", "conclusions", "bilan"})
RECOMMENDATIONS = frozenset({"recommandations", "recommendations", "préconisations", "recommandation"})
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Narrative:
    """The two written parts of a monthly report (empty when not written yet)."""

    conclusion: str = ""
    recommendations: str = ""
    path: str = ""
    """The file, relative to the root ('' when there is none)."""


def report_file(root: Path, key: str) -> Path:
    """``<root>/reports/<yyyy>-<mm>.md``."""
    return root / REPORTS_DIR / f"{key}.md"


def read_narrative(root: Path, key: str) -> Narrative:
    """Month ``key``'s conclusion and recommendations (bytes that are not UTF-8 are replaced)."""
    path = report_file(root, key)
    if not path.is_file():
        return Narrative()
    text = path.read_bytes().decode("utf-8", errors="replace")
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            name = heading.group(1).strip().casefold()
            current = "c" if name in CONCLUSION else "r" if name in RECOMMENDATIONS else None
            if current:
                sections.setdefault(current, [])
            continue
        if current:
            sections[current].append(line)
    rel = path.relative_to(root).as_posix()
    return Narrative("\n".join(sections.get("c", [])).strip(), "\n".join(sections.get("r", [])).strip(), rel)


def is_french(language: str) -> bool:
    """Whether a brand language (``fr-FR``) is French."""
    return language.lower().startswith("fr")


def number(value: int | None, french: bool) -> str:
    """``12 345`` (U+202F between thousands, as French typography does) or ``12,345``; ``–`` for none."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", "\u202f" if french else ",")


def percent(value: float | None, french: bool, *, signed: bool = False) -> str:
    """``4,1 %`` or ``4.1%`` (``+12 %`` when ``signed``); ``–`` for none."""
    if value is None:
        return "–"
    text = f"{value * 100:+.1f}" if signed else f"{value * 100:.1f}"
    return text.replace(".", ",") + "\u00a0%" if french else text + "%"
