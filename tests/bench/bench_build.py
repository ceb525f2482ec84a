"""``almanac build`` at 1,000 and 10,000 posts: cold, no-op rebuild, rebuild after one edited post.

Run: ``PYTHONPATH=$PWD python tests/bench/bench_build.py [N ...] [--runs 3]``. Prints medians and
peak RSS (of the ``almanac build`` child process); asserts nothing about time.

* The brand is ``tests/bench/synth.py``'s (2400×1600 sources) with three rules turned off
  (``channel.length``, ``visual.resolution``, ``voice.hashtag-case``): the synthetic texts break
  them on most posts, and locating thousands of findings measures the checks, not the build.
* Sources: 100 at most (one per 10 posts at 1,000), so that the first build stays minutes long;
  the number of visuals per post (and so of files published) is unchanged.
* "cold" is a build with no ``dist/`` and no cache but the visuals cache: image throughput is
  measured by ``bench_visuals.py``; the first build (which fills that cache) is timed once.
* "edit" changes one word of one post (not committed) and rebuilds.
* The stage breakdown runs the stages in-process on the edited brand with warm caches.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from pipeline.model.inputs import CACHE_DIR, VISUALS_CACHE_DIR
from tests.bench.synth import _git, edit_post, make_repo

T = TypeVar("T")
TODAY = "2026-06-01"
RULES = '\nrules:\n  channel.length: "off"\n  visual.resolution: "off"\n  voice.hashtag-case: "off"\n'


def brand(root: Path, posts: int) -> Path:
    """A synthetic brand that builds (see the module docstring), committed."""
    make_repo(root, posts, images=min(100, max(1, posts // 10)))
    with (root / "charter.yaml").open("a", encoding="utf-8") as charter:
        charter.write(RULES)
    (root / ".gitignore").write_text(".almanac/\ndist\n.dist.builds/\n", encoding="utf-8")
    _git(root, "add", "charter.yaml", ".gitignore")
    _git(root, "commit", "-q", "-m", "bench rules")
    return root


def almanac_build(root: Path) -> tuple[float, float, str]:
    """One ``almanac build`` in a child process: wall seconds, peak RSS in MB, last line of output.

    Peak RSS is GNU time's ``%M`` (the process and the visuals workers it waits for).
    """
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    cmd = [sys.executable, "-m", "pipeline", "build", "--root", str(root), "--today", TODAY]
    t0 = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "RSS %M", *cmd], capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-2000:]}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("RSS ")][-1]
    return wall, int(rss.split()[1]) / 1024, done.stdout.strip().splitlines()[-1]


def forget_outputs(root: Path) -> None:
    """Back to "cold": no output, no cache but the visuals'."""
    for name in ("dist", ".dist.builds"):
        path = root / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    for cache in (root / CACHE_DIR).glob("*"):
        if cache.name != VISUALS_CACHE_DIR:
            cache.unlink() if cache.is_file() else shutil.rmtree(cache)


def stages(root: Path) -> dict[str, float]:
    """Seconds per stage of a warm in-process rebuild (caches and dist as the last build left them)."""

    from pipeline.build.context import BuildOptions, make_context, read_clock
    from pipeline.build.stages import OUTPUT_STAGES, Upstream, check_stage
    from pipeline.model.findings import sort_findings
    from pipeline.output.publish import Artifact, publish, published_view
    from pipeline.stages.check.engine import settle
    from pipeline.stages.history import read_history
    from pipeline.stages.load.loader import load_project

    times: dict[str, float] = {}

    def timed(label: str, func: Callable[[], T]) -> T:
        t0 = time.perf_counter()
        value = func()
        times[label] = time.perf_counter() - t0
        return value

    project = timed("load", lambda: load_project(root))
    options = BuildOptions(today=date.fromisoformat(TODAY), jobs=1)
    ctx = make_context(project, options, read_clock())
    findings = timed("check", lambda: list(check_stage(ctx, Upstream()).findings))
    ctx = ctx.with_history(timed("history", lambda: read_history(root)))
    previous = timed("published_view", lambda: published_view(root / "dist"))
    # The driver's stages one by one, as pipeline.build.driver.run_stages runs them.
    upstream = Upstream(findings=tuple(findings), previous=previous)
    files: dict[str, Artifact] = {}
    for name, stage in OUTPUT_STAGES:
        done = timed(name, functools.partial(stage, ctx, upstream))
        files.update(done.artifacts)
        found = settle(project, done.hits)
        upstream = Upstream(
            findings=tuple(sort_findings([*upstream.findings, *found])),
            records=upstream.records + done.records,
            visuals=done.artifacts if name == "visuals" else upstream.visuals,
            previous=previous,
        )
    timed("publish", lambda: publish(root / "dist", files))
    return times


def bench(posts: int, runs: int, scratch: Path) -> None:
    root = brand(scratch / f"brand-{posts}", posts)
    print(f"\n## {posts} posts")
    wall, rss, line = almanac_build(root)
    print(f"first build (renders every visual)   {wall:8.2f} s   peak {rss:6.0f} MB   {line}")
    rows: dict[str, list[tuple[float, float]]] = {"cold (visuals cached)": [], "no-op": [], "one edit": []}
    post = sorted((root / "content" / "posts").rglob("*.md"))[posts // 2]
    for run in range(runs):
        forget_outputs(root)
        rows["cold (visuals cached)"].append(almanac_build(root)[:2])
        rows["no-op"].append(almanac_build(root)[:2])
        edit_post(post, f"Modifié{run}")
        rows["one edit"].append(almanac_build(root)[:2])
    for label, values in rows.items():
        walls = [w for w, _ in values]
        print(
            f"{label:<36} {statistics.median(walls):8.2f} s   peak {max(r for _, r in values):6.0f} MB"
            f"   runs: {', '.join(f'{w:.2f}' for w in walls)}"
        )
    edit_post(post, "Encore")
    try:
        breakdown = stages(root)
    except (ImportError, TypeError) as exc:  # an older pipeline, when comparing before and after
        print(f"  no stage breakdown: {exc}")
        return
    for label, seconds in breakdown.items():
        print(f"  in-process after one edit: {label:<40} {seconds * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", nargs="*", type=int, default=[1000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        for posts in args.posts:
            bench(posts, args.runs, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
