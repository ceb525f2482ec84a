"""Load + check timing on synthetic repositories: cold (no cache), warm, and warm after one edit.

Run: ``python -m tests.bench.bench_load [N ...]`` (default 1000 10000). Prints medians of 3 runs.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pipeline.model.inputs import CACHE_DIR
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project
from tests.bench.synth import edit_post, make_repo


def _timed(root: Path) -> float:
    start = time.perf_counter()
    project = load_project(root)
    run_checks(project, today=date(2026, 6, 1))
    return time.perf_counter() - start


def bench(n: int) -> dict[str, float]:
    """Median seconds for cold, warm and edited runs on an n-post repository."""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / "brand", n, git=False)
        cold, warm, edited = [], [], []
        posts = sorted((root / "content").rglob("*.md"))
        for run in range(3):
            shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
            cold.append(_timed(root))
            warm.append(_timed(root))
            edit_post(posts[run * 7], f"edit{run}")
            edited.append(_timed(root))
        return {
            "cold": statistics.median(cold),
            "warm": statistics.median(warm),
            "edit": statistics.median(edited),
        }


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        figures = bench(size)
        print(f"{size:>6} posts: " + "  ".join(f"{k} {v * 1000:8.0f} ms" for k, v in figures.items()))
