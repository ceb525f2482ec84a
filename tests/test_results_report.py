"""The monthly report: ``almanac report new``, the site's report pages, best times in ``new`` and the agenda.

Expected figures are recomputed here from ``results/`` with the csv module, not
taken from the code under test.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from tests.results_brand import demo_with_results, render, result_rows

PARIS = ZoneInfo("Europe/Paris")


def _french(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _sum(rows: list[dict[str, str]], channel: str, field: str) -> int:
    return sum(int(r[field]) for r in rows if r["channel"] == channel and r[field])


def test_report_new_writes_the_month_figures_once(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = demo_with_results(tmp_path, reports=False)
    made = run(["report", "new", "2026-12", "--root", str(root)])
    assert made.exit_code == 0, made.output
    assert made.output.strip() == "reports/2026-12.md"
    text = (root / "reports" / "2026-12.md").read_text(encoding="utf-8")
    rows = result_rows(root, "2026-12")
    shown = _french(_sum(rows, "instagram", "impressions"))
    assert f"- Instagram\u00a0: {shown} impressions" in text
    assert text.index("## Conclusion") < text.index("## Recommandations")
    again = run(["report", "new", "2026-12", "--root", str(root)])
    assert again.exit_code == 2 and "reports/2026-12.md already exists" in again.output
    empty = run(["report", "new", "2027-02", "--root", str(root)])
    assert empty.exit_code == 2 and "no results for 2027-02" in empty.output
    wrong = run(["report", "new", "2026-13", "--root", str(root)])
    assert wrong.exit_code == 2 and "is not a month like 2027-01" in wrong.output


class _Page(HTMLParser):
    """Section ids, the text of each section, links and sources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = defaultdict(list)
        self.current: str | None = None
        self.urls: list[str] = []
        self.svgs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.current = found.get("id")
        if tag == "svg":
            self.svgs += 1
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current:
            self.sections[self.current].append(data)

    def text(self, section: str) -> str:
        return re.sub(r"[ \t\r\n]+", " ", "".join(self.sections[section]))  # keeps U+202F and U+00A0


def test_the_month_page_has_the_four_parts(tmp_path: Path) -> None:
    root = demo_with_results(tmp_path)
    render(root, tmp_path / "dist")
    site = tmp_path / "dist" / "site"
    page = _Page()
    page.feed((site / "results" / "2026-12.html").read_text(encoding="utf-8"))
    assert list(page.sections) == ["results", "analysis", "conclusion", "recommendations"]
    rows, before = result_rows(root, "2026-12"), result_rows(root, "2026-11")
    facebook = page.text("results")
    assert _french(_sum(rows, "facebook", "impressions")) in facebook
    total = sum(int(r["impressions"]) for r in rows)
    change = total / sum(int(r["impressions"]) for r in before) - 1
    assert f"{_french(total)} {change * 100:+.1f}\u00a0%".replace(".", ",") in facebook
    assert "Le jeu-concours a été la publication la plus engageante" in page.text("conclusion")
    assert "18\u00a0h plutôt qu'en matinée" in page.text("recommendations")
    assert page.svgs >= 5  # the channel bars and the four analysis charts
    # Each bar's count agrees with its noun: the demo has groups of one post.
    html = (site / "results" / "2026-12.html").read_text(encoding="utf-8")
    counts = re.findall(r"· (\d+) (publications?) ·", html)
    assert ("1", "publication") in counts
    assert all((n == "1") == (noun == "publication") for n, noun in counts)
    # A label and its value, with French's no-break space before the colon.
    assert 'Impressions par réseau\u00a0: <span class="legend now">' in html
    assert not [u for u in page.urls if re.match(r"(https?:)?//", u)]  # no external request
    assert "../results/2026-11.html" in page.urls
    november = (site / "results" / "2026-11.html").read_text(encoding="utf-8")
    assert "Pas encore rédigé" in november and "almanac report new 2026-11" in november  # French brand
    index = (site / "results" / "index.html").read_text(encoding="utf-8")
    assert index.index("décembre 2026") < index.index("novembre 2026")


def _best_hour(root: Path, channel: str) -> int:
    """The hour with the best summed engagement rate among hours with two posts or more."""
    hours: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for month in ("2026-11", "2026-12"):
        for r in result_rows(root, month):
            if r["channel"] == channel and r["impressions"]:
                hour = datetime.fromisoformat(r["published_at"]).astimezone(PARIS).hour
                hours[hour].append((int(r["engagements"]), int(r["impressions"])))
    rates = {h: sum(e for e, _ in v) / sum(i for _, i in v) for h, v in hours.items() if len(v) >= 2}
    return max(rates, key=lambda h: rates[h])


def test_best_times_set_new_posts_time_and_show_in_the_agenda(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = demo_with_results(tmp_path)
    hour = _best_hour(root, "instagram")
    made = run(
        [
            "new",
            "post",
            "Lampes d'hiver",
            "--date",
            "2027-01-13",
            "--channels",
            "instagram",
            "--root",
            str(root),
        ]
    )
    assert made.exit_code == 0, made.output
    text = (root / made.output.strip()).read_text(encoding="utf-8")
    assert f"publish_at: 2027-01-13 {hour:02d}:00" in text
    agenda = run(["agenda", "--root", str(root), "--today", "2027-01-04", "--days", "3", "--format", "json"])
    best = {b["channel"]: b for b in json.loads(agenda.output)["best_times"]}
    assert best["instagram"]["time"] == f"{hour:02d}:00"
    # Without results, the first posting window of the charter (08:00 on a weekday) stands.
    (root / made.output.strip()).unlink()
    for path in (root / "results").rglob("*.csv"):
        path.unlink()
    plain = run(
        [
            "new",
            "post",
            "Lampes d'hiver",
            "--date",
            "2027-01-13",
            "--channels",
            "instagram",
            "--root",
            str(root),
        ]
    )
    assert "publish_at: 2027-01-13 08:00" in (root / plain.output.strip()).read_text(encoding="utf-8")


def test_a_broken_results_file_stops_the_site_with_its_file_and_line(tmp_path: Path) -> None:
    from pipeline.errors import AlmanacError

    root = demo_with_results(tmp_path)
    path = root / "results" / "2026" / "12.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",meta,", ",meta-x,").replace("+01:00", "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AlmanacError, match=r"^results/2026/12\.csv:4: published_at: "):
        render(root, tmp_path / "dist")


def test_almanac_serve_watches_results_and_reports(tmp_path: Path) -> None:
    from pipeline.build.watch import snapshot

    watched = snapshot(demo_with_results(tmp_path))
    assert "results/2026/12.csv" in watched and "reports/2026-12.md" in watched
