"""The benchmark harness (tests/bench/run.py) works on tiny inputs, without Hugo or pyvips; no timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.bench.bench_stages import report
from tests.bench.bench_watch import EDITS
from tests.bench.floors import check_edited, file_clock
from tests.bench.run import main
from tests.bench.synth import edit_post, make_repo
from tests.bench.table import build_report, render_markdown
from tests.conftest import REPO


def _fig(*seconds: float, rss: float | None = None) -> dict[str, list[float]]:
    return {"runs": list(seconds), "rss_mb": [] if rss is None else [rss] * len(seconds)}


def test_targets_read_medians_and_ratios_to_the_peers() -> None:
    figures = {
        "check_cold": _fig(0.5, 9.0, 0.7, rss=120),  # median 0.7, the outlier does not count
        "hugo_cold": _fig(1.0, 1.0, 1.0, rss=100),
        "check_warm_edit": _fig(0.2, 0.2, 0.2, rss=90),
        "check_watch_edit": _fig(0.08, 0.09, 0.3, rss=150),
        "hugo_warm": _fig(1.0, 1.0, 1.0),
        "floor_start": _fig(0.12, 0.15, 0.13),
        "check_since_cold": _fig(0.8),
        "floor_since_cold": _fig(1.2),
        "build_noop": _fig(1.5, rss=640),
        "feeds_cold": _fig(0.3, 0.4, 0.5),
        "feeds_icalendar": _fig(1.0, 1.0, 1.0),
        "build_cold_novisuals": _fig(2.5, rss=450),
    }
    visuals = {"workers": {"1": {"almanac": [9.0, 8.0, 10.0], "pyvips": [10.0, 10.0, 10.0]}}}
    report = build_report({10_000: figures}, visuals, {"runs": 3})
    verdicts = {t["name"]: (t["value"], t["met"]) for t in report["targets"]}
    floors = {t["name"]: t["floor"] for t in report["targets"]}
    assert floors["check warm after edit / Hugo warm"] == 0.13  # the floor's median over Hugo's
    assert floors["check --since, 2 posts, cold (s)"] == 1.2
    assert floors["check cold / Hugo cold"] is None  # no floor measured for it
    assert verdicts["check cold / Hugo cold"] == (0.7, True)
    assert verdicts["check warm after edit / Hugo warm"] == (0.2, False)
    assert verdicts["check --watch after edit / Hugo warm"] == (0.09, True)
    assert floors["check --watch after edit / Hugo warm"] is None
    assert verdicts["check --since, 2 posts, cold (s)"] == (0.8, True)
    assert verdicts["check --since, 2 posts, warm (s)"] == (None, None)  # not measured: n/a, not met
    assert verdicts["no-op rebuild (s)"] == (1.5, False)
    assert verdicts["feeds cold / icalendar's own build+serialise"] == (0.4, True)
    assert verdicts["build cold (visuals excluded) / Hugo cold"] == (2.5, True)
    assert verdicts["peak RSS of any almanac command (MB)"] == (640, False)
    assert verdicts["visuals/s per core / pyvips, 1 process(es)"] == (0.9, True)
    table = render_markdown(report)
    assert "| almanac check, cold (no .almanac) | 700 ms (120 MB) |" in table
    assert "| Hugo, second build | 1000 ms |" in table
    assert "| no-op rebuild (s) | 10000 | 1500 ms |  | ≤ 1 | MISSED |" in table
    assert (
        "| check warm after edit / Hugo warm | 10000 | 0.20× | 0.13× | ≤ 0.1 | MISSED (the floor is above"
        in table
    )
    assert (
        "| check --since, 2 posts, cold (s) | 10000 | 800 ms | 1200 ms | ≤ 1 | met (the floor is above"
        in table
    )
    assert "| icalendar alone: build + serialise the same feeds | 1000 ms |" in table
    assert "| feeds cold / icalendar's own build+serialise | 10000 | 0.40× |  | ≤ 1 | met |" in table


def test_the_one_shot_floor_is_the_least_check_measured_when_there_is_one() -> None:
    figures = {
        "check_warm_edit": _fig(0.5, 0.5, 0.5),
        "hugo_warm": _fig(4.0, 4.0, 4.0),
        "floor_start": _fig(0.2, 0.2, 0.2),
        "floor_edit": _fig(0.3, 0.28, 0.36),
    }
    report = build_report({10_000: figures}, {}, {"runs": 3})
    floors = {t["name"]: t["floor"] for t in report["targets"]}
    assert floors["check warm after edit / Hugo warm"] == 0.3 / 4.0  # floor_edit's median, not the start's
    assert "| floor of a one-shot check after an edit: start, stats, the edited post checked | 300 ms |" in (
        render_markdown(report)
    )


def test_the_one_shot_floor_finds_the_edited_post_and_checks_it(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "brand", 12, images=1, git=False)
    posts = sorted((root / "content" / "posts").rglob("*.md"))
    before = file_clock(tmp_path)  # the file system's time, which faketime does not change
    time.sleep(0.02)
    edit_post(posts[5], "TODO")  # a marker left in the text: post.placeholder reports it
    done = check_edited(root, before, date(2026, 6, 1))
    assert done["changed"] == 1 and done["posts"] == 1
    assert done["findings"] == 1  # the same edit without the marker finds nothing
    quiet = check_edited(root, file_clock(tmp_path) + 10**9, date(2026, 6, 1))
    assert quiet == {"changed": 0, "posts": 0, "findings": 0}


@pytest.mark.waits  # check --watch is timed: its waits and the bench's pauses
def test_quick_run_on_a_tiny_brand_writes_the_table_and_json(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bench.json"
    argv = [
        "--sizes",
        "12",
        "--runs",
        "1",
        "--build-images",
        "1",
        "--no-hugo",
        "--no-visuals",
        "--warm-repeats",
        "2",
    ]
    report = main([*argv, "--out", str(out), "--work", str(tmp_path / "work")])
    assert json.loads(out.read_text(encoding="utf-8")) == report
    figures = report["sizes"]["12"]
    measured = {
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
        "build_cold_novisuals",
        "floor_start",
        "floor_edit",
    }
    for key in (*measured, "build_noop", "feeds_cold", "feeds_icalendar", "floor_posts", "floor_since_cold"):
        repeats = {"check_since_cold": 2, "check_since_warm": 2, "check_watch_edit": EDITS}.get(key, 1)
        assert len(figures[key]["runs"]) == repeats and figures[key]["median_s"] > 0, key
    for key in measured:  # commands run as subprocesses: their memory is read too
        assert figures[key]["peak_rss_mb"] > 10, key
    assert "hugo_cold" not in figures and report["visuals"] == {}
    ratios = {t["name"]: t for t in report["targets"]}
    assert ratios["check cold / Hugo cold"]["met"] is None  # no peer, no verdict
    assert ratios["build cold (visuals excluded) / Hugo cold"]["met"] is None
    printed = capsys.readouterr().out
    assert "| almanac build, no-op rebuild |" in printed
    assert "| almanac check --watch, 1 post edited: from the write to the report |" in printed
    assert "| check cold / Hugo cold | 12 | n/a |  |" in printed
    assert figures["floor_since_cold"]["median_s"] > figures["floor_start"]["median_s"]
    assert ratios["check warm after edit / Hugo warm"]["floor"] is None  # no Hugo: no ratio
    assert not list((tmp_path / "work").glob("build-12-out-*"))  # each build's output removed after timing


def test_the_stage_bench_records_a_one_process_checks_cpu_by_stage(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "brand", 12, images=1, git=False)
    out = tmp_path / "cpu.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "ALMANAC_JOBS": "1"}
    argv = [sys.executable, "-m", "tests.bench.bench_stages", "--child", str(root), str(out)]
    assert subprocess.run(argv, env=env, cwd=tmp_path, check=False).returncode in (0, 1)
    cpu = json.loads(out.read_text(encoding="utf-8"))
    assert set(cpu) == {"imports", "load", "sources proved", "per-post rules", "check stage", "total"}
    assert cpu["check stage"] >= cpu["sources proved"] + cpu["per-post rules"] > 0
    assert cpu["total"] >= cpu["imports"] + cpu["load"] + cpu["check stage"]


def test_the_stage_bench_bounds_a_lossless_split_by_half_the_one_process_cpu() -> None:
    parts = {"imports": 0.2, "load": 0.9, "sources proved": 1.5, "per-post rules": 1.5, "check stage": 3.3}
    rounds = [
        {"hugo": 2.0, "check": 3.0, "one": 4.5, **parts, "total": 4.4},
        {"hugo": 4.4, "check": 3.3, "one": 4.6, **parts, "total": 4.4},
    ]
    text = report(rounds)
    assert "check cold / Hugo fresh, each round: 1.50× / 0.75×" in text
    assert "bound (one-process CPU / 2) / Hugo fresh, each round: 1.10× / 0.50×" in text
    assert "(2 × wall − one-process CPU), each round: 1.60 s / 2.20 s" in text
