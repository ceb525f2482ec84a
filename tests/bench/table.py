"""The benchmark's figures: medians, ratios to the peers, the issue's targets, a text table and JSON.

Pure functions over plain dicts, so the smoke test can check them on made-up figures
without running Hugo or pyvips. A figure is ``{"runs": [seconds, ...], "rss_mb": [MB, ...]}``;
a missing peer (not installed, or skipped) is simply absent and its ratios read ``n/a``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

Figures = dict[str, dict[str, list[float]]]
"""One size's measurements: label -> {"runs": seconds, "rss_mb": peak RSS per run (may be empty)}."""

ROWS: tuple[tuple[str, str], ...] = (
    ("check_cold", "almanac check, cold (no .almanac)"),
    ("check_cold_one_core", "almanac check, cold, ALMANAC_JOBS=1 (one process)"),
    ("check_cold_sources_known", "almanac check, cold but for the source images' inspections"),
    ("check_warm_edit", "almanac check, warm, 1 post edited"),
    ("check_watch_edit", "almanac check --watch, 1 post edited: from the write to the report"),
    ("check_ci", "almanac check, fresh clone with .almanac/ restored (CI)"),
    ("check_since_cold", "almanac check --since, 2 posts, cold"),
    ("check_since_warm", "almanac check --since, 2 posts, warm"),
    ("check_since_ci", "almanac check --since, 2 posts, fresh clone with .almanac/ restored (CI)"),
    ("build_cold", "almanac build, cold (fresh out, no cache)"),
    ("build_noop", "almanac build, no-op rebuild"),
    ("build_cold_novisuals", "almanac build, cold, visuals excluded (only their cache kept)"),
    ("feeds_cold", "feeds stage in-process, no event cache"),
    ("feeds_icalendar", "icalendar alone: build + serialise the same feeds"),
    ("floor_start", "floor: a fresh Python importing pydantic and the models"),
    ("floor_posts", "floor: every post read, split and validated, YAML parse left out (one process)"),
    ("floor_parse", "(the plain reader's parse of every post, one process)"),
    ("floor_since_cold", "floor of check --since cold: start + posts / cores"),
    ("floor_edit", "floor of a one-shot check after an edit: start, stats, the edited post checked"),
    ("hugo_cold", "Hugo, fresh destination"),
    ("hugo_warm", "Hugo, second build"),
)
ALMANAC_COMMANDS = (
    "check_cold",
    "check_cold_one_core",
    "check_cold_sources_known",
    "check_warm_edit",
    "check_watch_edit",
    "check_ci",
    "check_since_cold",
    "check_since_warm",
    "check_since_ci",
    "build_cold",
    "build_noop",
    "build_cold_novisuals",
)
TARGET_SIZE = 10_000
"""The absolute targets (seconds, MB) are stated for 10,000 posts; smaller sizes show them for information."""


def median(values: list[float]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def med(figures: Figures, key: str, field: str = "runs") -> float | None:
    """Median of one field of one figure, None when it was not measured."""
    return median(figures.get(key, {}).get(field, []))


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, None when either is missing or b is zero."""
    return None if a is None or b is None or b == 0 else a / b


@dataclass(frozen=True)
class Target:
    """One of the issue's targets, evaluated on one run's figures."""

    name: str
    size: int | None
    value: float | None
    limit: float
    higher_is_better: bool = False
    floor: float | None = None
    """What no code in this stack goes under, measured in the same run (see tests/bench/floors.py)."""

    @property
    def met(self) -> bool | None:
        """True/False, or None when a figure is missing."""
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "name": self.name,
            "size": self.size,
            "value": self.value,
            "limit": self.limit,
            "higher_is_better": self.higher_is_better,
            "met": self.met,
            "floor": self.floor,
        }


def size_targets(size: int, figures: Figures) -> list[Target]:
    """The targets that depend on the number of posts."""
    peak = [m for key in ALMANAC_COMMANDS for m in figures.get(key, {}).get("rss_mb", [])]
    return [
        Target(
            "check cold / Hugo cold", size, ratio(med(figures, "check_cold"), med(figures, "hugo_cold")), 1.0
        ),
        Target(
            "check warm after edit / Hugo warm",
            size,
            ratio(med(figures, "check_warm_edit"), med(figures, "hugo_warm")),
            0.1,
            # The one-shot check's own floor when it was measured, else the start alone.
            floor=ratio(med(figures, "floor_edit") or med(figures, "floor_start"), med(figures, "hugo_warm")),
        ),
        Target(
            "check --watch after edit / Hugo warm",
            size,
            ratio(med(figures, "check_watch_edit"), med(figures, "hugo_warm")),
            0.1,
        ),
        Target(
            "check --since, 2 posts, cold (s)",
            size,
            med(figures, "check_since_cold"),
            1.0,
            floor=med(figures, "floor_since_cold"),
        ),
        Target("check --since, 2 posts, warm (s)", size, med(figures, "check_since_warm"), 1.0),
        Target("no-op rebuild (s)", size, med(figures, "build_noop"), 1.0),
        Target(
            "feeds cold / icalendar's own build+serialise",
            size,
            ratio(med(figures, "feeds_cold"), med(figures, "feeds_icalendar")),
            1.0,
        ),
        Target(
            "build cold (visuals excluded) / Hugo cold",
            size,
            ratio(med(figures, "build_cold_novisuals"), med(figures, "hugo_cold")),
            3.0,
        ),
        Target("peak RSS of any almanac command (MB)", size, max(peak) if peak else None, 500.0),
    ]


def visual_targets(visuals: dict[str, Any]) -> list[Target]:
    """Visuals per core against pyvips per core, for each worker count measured."""
    out = []
    for workers, sides in sorted(visuals.get("workers", {}).items(), key=lambda kv: int(kv[0])):
        mine, theirs = median(sides.get("almanac", [])), median(sides.get("pyvips", []))
        out.append(
            Target(
                f"visuals/s per core / pyvips, {workers} process(es)",
                None,
                ratio(mine, theirs),
                0.8,
                higher_is_better=True,
            )
        )
    return out


def build_report(
    results: dict[int, Figures], visuals: dict[str, Any], meta: dict[str, Any]
) -> dict[str, Any]:
    """Everything the run measured, with medians and targets, as one JSON-able dict."""
    sizes: dict[str, Any] = {}
    targets: list[Target] = []
    for size, figures in sorted(results.items()):
        sizes[str(size)] = {
            key: {
                **fig,
                "median_s": median(fig.get("runs", [])),
                "peak_rss_mb": max(fig.get("rss_mb") or [0]) or None,
            }
            for key, fig in figures.items()
        }
        targets.extend(size_targets(size, figures))
    targets.extend(visual_targets(visuals))
    return {"meta": meta, "sizes": sizes, "visuals": visuals, "targets": [t.as_dict() for t in targets]}


def _fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f}×" if unit == "x" else f"{value:.1f}"


def verdict(met: bool | None) -> str:
    """Met / MISSED / n/a."""
    return "n/a" if met is None else ("met" if met else "MISSED")


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables: timings per size, visuals, targets."""
    sizes = list(report["sizes"])
    lines = [
        "| stage | " + " | ".join(f"{s} posts: median (peak RSS)" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for key, label in ROWS:
        cells = []
        for s in sizes:
            fig = report["sizes"][s].get(key)
            if fig is None:
                cells.append("n/a")
                continue
            rss = f" ({_fmt(fig['peak_rss_mb'], 'MB')})" if fig.get("peak_rss_mb") else ""
            cells.append(_fmt(fig["median_s"]) + rss)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    vis = report["visuals"]
    if vis.get("workers"):
        lines += [
            "",
            f"Visuals: {vis.get('sources')} sources {vis.get('source_size')} × {vis.get('formats')} "
            "formats, visuals/s per core (median):",
            "",
            "| processes | almanac (Pillow) | pyvips | ratio |",
            "|---|---|---|---|",
        ]
        for workers, sides in sorted(vis["workers"].items(), key=lambda kv: int(kv[0])):
            mine, theirs = median(sides.get("almanac", [])), median(sides.get("pyvips", []))
            lines.append(
                f"| {workers} | {_fmt(mine, 'n')} | {_fmt(theirs, 'n')} | {_fmt(ratio(mine, theirs), 'x')} |"
            )
    lines += ["", "| target | posts | value | floor | limit | verdict |", "|---|---|---|---|---|---|"]
    for t in report["targets"]:
        unit = "MB" if "MB" in t["name"] else ("s" if "(s)" in t["name"] else "x")
        limit = f"{'≥' if t['higher_is_better'] else '≤'} {t['limit']:g}"
        where = "" if t["size"] is None else str(t["size"])
        note = "" if t["size"] in (None, TARGET_SIZE) or "/" in t["name"] else " (target is at 10,000)"
        floor = t.get("floor")
        if floor is not None and not t["higher_is_better"] and floor > t["limit"]:
            note += " (the floor is above the limit)"
        shown = "" if floor is None else _fmt(floor, unit)
        value = _fmt(t["value"], unit)
        lines.append(f"| {t['name']} | {where} | {value} | {shown} | {limit} | {verdict(t['met'])}{note} |")
    return "\n".join(lines)
