"""Work shared with worker processes gives exactly what one process gives.

The workers here are real processes (forkserver), and this process is kept
from taking any chunk itself, so every file is parsed and every post checked
in a worker and comes back by pickle.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pipeline.model.findings import Finding
from pipeline.stages import fanout
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project, parse_files
from pipeline.stages.load.parse_cache import ParseCache
from tests.conftest import copy_brand

TODAY = date(2026, 11, 20)
needs_fork_server = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here"
)
BROKEN = "---\ntitle: Bûche\npublish_at: 2026-12-0 10:00\nchannels: [instagram\n---\nTexte.\n"


@pytest.fixture
def workers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share out from the first item, and leave every chunk to the workers."""
    monkeypatch.setattr(fanout, "MIN_ITEMS", 1)
    monkeypatch.setattr(fanout, "SHARE_HERE", False)


def _findings(root: Path, jobs: int) -> list[Finding]:
    return run_checks(load_project(root, jobs=jobs), today=TODAY, jobs=jobs)


def _table(root: Path, name: str) -> str:
    """A store table's entries, without what differs between two copies (stat times, the root)."""
    head = (root / ".almanac" / name).read_bytes().split(b"\n", 1)[0]
    entries = json.loads(head)["entries"]
    for entry in entries.values():
        for key in ("mtime_ns", "ctime_ns"):
            entry.pop(key, None)
    return json.dumps(entries, sort_keys=True).replace(str(root), "<root>")


def test_map_keeps_the_order_of_the_items(workers_only: None, brand: Callable[[str], Path]) -> None:
    root = brand("demo")
    rels = sorted(p.relative_to(root).as_posix() for p in (root / "content" / "posts").rglob("*.md"))
    with fanout.Fanout(2) as fan:
        shared = fan.map(parse_files, str(root), rels)
    alone = parse_files(str(root), rels)
    assert [item[:3] for item in shared] == [item[:3] for item in alone]
    assert [parsed["yaml"] for _, _, parsed, _ in shared if parsed] == [
        (root / rel).read_text(encoding="utf-8").split("---\n")[1] for rel in rels
    ]


def test_demo_brand_same_findings_and_caches_with_workers(workers_only: None, tmp_path: Path) -> None:
    one, two = copy_brand("demo", tmp_path / "one"), copy_brand("demo", tmp_path / "two")
    for root in (one, two):
        posts = root / "content" / "posts"
        (posts / "2026-12-05-cassee.md").write_text(BROKEN, encoding="utf-8")
        first = sorted(posts.rglob("*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\nTODO : des croisants...\n", encoding="utf-8")
    alone, shared = _findings(one, jobs=1), _findings(two, jobs=2)
    assert [f.model_dump() for f in shared] == [f.model_dump() for f in alone]
    assert any(f.file.endswith("cassee.md") and f.rule == "yaml.syntax" for f in shared)
    per_post = {f.rule for f in shared if f.file == first.relative_to(two).as_posix()}
    assert {"post.placeholder", "voice.spelling", "typography.fr"} <= per_post  # run in the workers
    for table in ("parse-cache.json", "check-cache.json", "sources.json"):
        assert _table(two, table) == _table(one, table), table
    # And warm, from those caches, nothing changes.
    assert [f.model_dump() for f in _findings(two, jobs=2)] == [f.model_dump() for f in alone]


def _grow(shared: list[int], chunk: list[int]) -> list[tuple[int, int]]:
    """Each item with the length of ``shared`` once this chunk has added one to it, and its first value."""
    shared.append(0)
    return [(len(shared), shared[0]) for _ in chunk]


@needs_fork_server
def test_a_worker_unpickles_the_shared_value_once_per_map(workers_only: None) -> None:
    # The per-post checks share 140 KB (charter, topics, sources) with every chunk: a worker that
    # unpickled it for each chunk spent a third of its time there. Here the one worker does all
    # eight chunks of a map, each adding to the object it was given: one object, eight additions.
    with fanout.Fanout(2, chunk=1) as fan:
        first = fan.map(_grow, [1] * 1000, list(range(8)))
        second = fan.map(_grow, [2] * 1000, list(range(8)))
    # (The chunks are handed out from the back, so the last item's chunk came first.)
    assert first == [(1009 - n, 1) for n in range(1, 9)]
    assert second == [(1009 - n, 2) for n in range(1, 9)]  # the next map's own value, from its start


def _chunk_size(_shared: None, chunk: list[int]) -> list[int]:
    return [len(chunk)] * len(chunk)


@needs_fork_server
def test_a_map_may_cut_smaller_chunks_than_its_fanout(workers_only: None) -> None:
    with fanout.Fanout(2) as fan:
        assert fan.map(_chunk_size, None, list(range(40))) == [5] * 40  # four chunks a process at most
        assert fan.map(_chunk_size, None, list(range(40)), chunk=2) == [2] * 40


def _squares(pause: tuple[int, float], chunk: list[int]) -> list[int]:
    # A slow chunk in the process that maps, a quick one in a worker: the worker, however late
    # it starts on a loaded machine, finishes chunks while this process still has its own.
    here, seconds = pause
    time.sleep(seconds if os.getpid() == here else 0.001)
    return [n * n for n in chunk]


@needs_fork_server
@pytest.mark.parametrize("here", [True, False])
def test_each_chunks_results_are_handed_once_with_their_start(
    monkeypatch: pytest.MonkeyPatch, here: bool
) -> None:
    """``each`` sees every chunk once, made here or by a worker, with the index of its first item."""
    monkeypatch.setattr(fanout, "MIN_ITEMS", 1)
    monkeypatch.setattr(fanout, "SHARE_HERE", here)
    items = list(range(1000))
    handed: list[tuple[int, list[int]]] = []
    with fanout.Fanout(2) as fan:
        pause = (os.getpid(), 0.05)
        made = fan.map(
            _squares, pause, items, chunk=10, each=lambda start, part: handed.append((start, part))
        )
    assert made == [n * n for n in items]
    starts = [start for start, _part in handed]
    assert sorted(starts) == list(range(0, 1000, 10))  # each chunk once
    assert all(part == made[start : start + len(part)] for start, part in handed)
    if here:
        # The worker's chunks (from the back) were handed between this process's own, not after.
        assert starts != sorted(starts)
    # And without a worker (too few items), the one chunk of everything.
    handed.clear()
    with fanout.Fanout(2, min_items=5000) as fan:
        fan.map(_squares, (0, 0.0), items, each=lambda start, part: handed.append((start, part)))
    assert handed == [(0, made)]


def test_one_job_starts_no_worker(brand: Callable[[str], Path]) -> None:
    with fanout.Fanout(1, min_items=1) as fan:
        assert fan.workers == 0
        assert fan.map(parse_files, str(brand("minimal")), []) == []
        assert fan._pool is None


def test_jobs_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fanout.JOBS_VARIABLE, "1")
    assert fanout.default_jobs() == 1
    assert fanout.Fanout().workers == 0
    monkeypatch.setenv(fanout.JOBS_VARIABLE, "three")  # not a number: the cores decide
    assert fanout.default_jobs() >= 1


def test_what_a_paused_block_keeps_leaves_it_in_the_oldest_generation() -> None:
    import gc

    assert gc.isenabled()
    with fanout.gc_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(20_000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    young = {id(thing) for thing in gc.get_objects(generation=0)}
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert not any(id(item) in young for item in kept)
    assert all(id(item) in oldest for item in kept)


def test_a_paused_block_inside_a_frozen_one_leaves_the_freeze_alone() -> None:
    import gc

    with fanout.gc_frozen():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with fanout.gc_paused():
            made = [[n] for n in range(1_000)]
        assert gc.get_freeze_count() == frozen
        assert len(made) == 1_000
    assert gc.get_freeze_count() == 0


def test_a_fresh_checkout_elsewhere_parses_no_post_again(workers_only: None, tmp_path: Path) -> None:
    """CI restores ``.almanac/`` into a new clone: other folder, new mtimes, same bytes.

    Proves the parse cache is read, not the files parsed again: a body planted in it comes out.
    """
    root = copy_brand("demo", tmp_path / "brand")
    load_project(root, jobs=2)
    rel = sorted(p.relative_to(root).as_posix() for p in (root / "content" / "posts").rglob("*.md"))[0]
    cache = ParseCache.open(root / ".almanac" / "parse-cache.json")
    parsed = json.loads(cache.table.blobs[rel])
    cache.table.put_bytes(rel, json.dumps({**parsed, "text": "planted"}).encode())
    cache.save()
    moved = tmp_path / "elsewhere" / "brand"
    shutil.copytree(root, moved)
    later = 1_900_000_000_000_000_000  # 2030: after anything the first load saw
    for path in moved.rglob("*"):
        os.utime(path, ns=(later, later))
    assert [p.body for p in load_project(moved, jobs=2).posts if p.path == rel] == ["planted"]
    (moved / rel).write_text((moved / rel).read_text(encoding="utf-8") + "\nAutre.\n", encoding="utf-8")
    assert [p.body for p in load_project(moved, jobs=2).posts if p.path == rel] != ["planted"]


WARM_UP = """
import json, sys
from multiprocessing import forkserver
from pipeline.stages import fanout
from pipeline.stages.load.loader import parse_files
fanout.warm_up()
started = forkserver._forkserver._forkserver_pid is not None
fanout.MIN_ITEMS, fanout.SHARE_HERE = 1, False
root, rels = sys.argv[1], sys.argv[2:]
with fanout.Fanout() as fan:
    parsed = fan.map(parse_files, root, rels)
print(json.dumps([started, [item[2]["yaml"] if item[2] else None for item in parsed]]))
"""


@needs_fork_server
def test_warm_up_starts_the_fork_server_only_for_more_than_one_process(brand: Callable[[str], Path]) -> None:
    """A fresh process each: the fork server is one per process, and started once."""
    root = brand("demo")
    rels = sorted(p.relative_to(root).as_posix() for p in (root / "content" / "posts").rglob("*.md"))
    alone = [item[2]["yaml"] if item[2] else None for item in parse_files(str(root), rels)]
    for jobs, started in (("1", False), ("2", True)):
        env = {**os.environ, fanout.JOBS_VARIABLE: jobs}
        argv = [sys.executable, "-c", WARM_UP, str(root), *rels]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
        assert json.loads(done.stdout) == [started, alone], jobs


CHECK_RECORDING_WARM_UP = """
import sys
from multiprocessing import forkserver
from click.testing import CliRunner
from pipeline.cli import cli

started = []
real = forkserver.ensure_running


def recording():
    started.append("pipeline.build.runs" in sys.modules)  # were the check's modules imported yet?
    real()


forkserver.ensure_running = recording  # the pool calls its server's method, not this function
done = CliRunner().invoke(cli, ["check", "--root", sys.argv[1], "--today", "2026-11-20", *sys.argv[2:]])
print(done.exit_code, started)
"""


@needs_fork_server
def test_check_starts_the_fork_server_ahead_only_for_many_posts_and_no_cache(
    tmp_path: Path, git_repo: Callable[[Path], Path]
) -> None:
    def started(root: Path, *args: str) -> str:
        env = {**os.environ, fanout.JOBS_VARIABLE: "2"}
        argv = [sys.executable, "-c", CHECK_RECORDING_WARM_UP, str(root), *args]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
        code, recorded = done.stdout.split(" ", 1)
        assert code in ("0", "1")  # checked, with or without findings
        return recorded.strip()

    small = copy_brand("demo", tmp_path / "small")
    assert started(small) == "[]"  # a few dozen posts: no worker will be needed
    big = copy_brand("demo", tmp_path / "big")
    for n in range(fanout.MIN_ITEMS):
        post = big / "content" / "posts" / "2027" / "09" / f"2027-09-01-banc-{n:03}.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(
            f"---\ntitle: Banc {n}\npublish_at: 2027-09-01 10:00\nchannels: [linkedin]\npillar: community\n"
            f"status: draft\n---\nUn texte d'essai numéro {n}.\n",
            encoding="utf-8",
        )
    git_repo(big)
    assert started(big) == "[False]"  # started before the check's own imports
    assert started(big) == "[]"  # the parse cache is there now
    assert started(big, "--since", "HEAD") == "[False]"  # pull-request mode reads the calendar index
    assert started(big, "--since", "HEAD") == "[]"
