"""A warm check, from the caches in .almanac/, gives exactly the findings of a cold one."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.model.findings import Finding
from pipeline.stages.check.engine import CACHE_FILE, run_checks
from pipeline.stages.load.loader import load_project
from tests.bench.synth import edit_post, make_repo

TODAY = date(2026, 3, 1)


def _cold(root: Path) -> list[Finding]:
    return run_checks(load_project(root, use_cache=False), today=TODAY, cache=False)


def _warm(root: Path) -> list[Finding]:
    return run_checks(load_project(root), today=TODAY)


def _keys(root: Path) -> dict[str, str]:
    entries = json.loads((root / CACHE_FILE).read_text())["entries"]
    return {path: entry["key"] for path, entry in entries.items()}


def _same_warm_and_cold(root: Path) -> None:
    cold = _cold(root)
    assert _warm(root) == cold  # fills the caches
    assert _warm(root) == cold  # reads them


def test_invalid_fixture_warm_equals_cold(brand: Callable[[str], Path]) -> None:
    root = brand("invalid")
    _same_warm_and_cold(root)
    assert _keys(root)  # per-post findings were really cached


def test_generated_repo_warm_equals_cold_and_an_edit_invalidates_one_entry(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "brand", 40, images=4, git=False)
    _same_warm_and_cold(root)
    before = _keys(root)
    post = sorted((root / "content" / "posts").rglob("*.md"))[5]
    edit_post(post, "pas cher !!! #promo")
    cold = _cold(root)
    assert _warm(root) == cold
    after = _keys(root)
    changed = {path for path in before if before[path] != after.get(path)}
    assert changed == {post.relative_to(root).as_posix()}


def test_cached_findings_are_what_a_warm_run_reports(tmp_path: Path) -> None:
    """Proves the cache is read: a finding planted in it comes out of the next run."""
    root = make_repo(tmp_path / "brand", 5, images=1, git=False)
    _warm(root)
    cache = root / CACHE_FILE
    data = json.loads(cache.read_text())
    path = next(iter(data["entries"]))
    planted = {"rule": "voice.term", "level": "warning", "message": "planted", "file": path}
    data["entries"][path]["findings"].append(planted)
    cache.write_text(json.dumps(data))
    assert "planted" in [f.message for f in _warm(root)]
    (root / "charter.yaml").write_text((root / "charter.yaml").read_text() + "\n# changed\n")
    assert "planted" not in [f.message for f in _warm(root)]  # a charter change drops the cache


def test_a_truncated_source_is_caught_on_a_warm_run(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "brand", 10, images=1, git=False)
    _same_warm_and_cold(root)
    source = root / "assets" / "images" / "src-0000.jpg"
    data = source.read_bytes()
    source.write_bytes(data[: len(data) * 2 // 3])
    cold = _cold(root)
    assert any(f.rule == "asset.unreadable" for f in cold)
    assert _warm(root) == cold


def _checked_out_elsewhere(root: Path, to: Path) -> Path:
    """What CI has after restoring ``.almanac/`` into a fresh clone: another folder, every mtime new."""
    shutil.copytree(root, to)
    later = 1_900_000_000_000_000_000  # 2030: after anything the first run saw
    for path in to.rglob("*"):
        os.utime(path, ns=(later, later))
    return to


def test_the_caches_hold_in_a_fresh_checkout_in_another_folder(tmp_path: Path) -> None:
    """Proves both caches are read after a move: what is planted in them comes out."""
    root = make_repo(tmp_path / "brand", 5, images=1, git=False)
    _warm(root)
    cache = root / CACHE_FILE
    data = json.loads(cache.read_text())
    path = next(path for path, entry in data["entries"].items() if ":" in entry["key"])  # has a source
    data["entries"][path]["findings"].append(
        {"rule": "voice.term", "level": "warning", "message": "planted", "file": path}
    )
    cache.write_text(json.dumps(data))
    sources = root / ".almanac" / "sources.json"
    table = json.loads(sources.read_text())
    assert list(table["entries"]) == ["assets/images/src-0000.jpg"]  # relative to the repository
    table["entries"]["assets/images/src-0000.jpg"]["info"]["error"] = "planted source"
    sources.write_text(json.dumps(table))

    moved = _checked_out_elsewhere(root, tmp_path / "elsewhere" / "brand")
    assert "planted" in [f.message for f in _warm(moved)]
    (moved / CACHE_FILE).unlink()  # the per-post rules run again, on what the source store kept
    assert "planted source" in [f.message for f in _warm(moved)]
    (moved / "assets" / "images" / "src-0000.jpg").write_bytes(
        (root / "assets/images/src-0000.jpg").read_bytes()[:-9]
    )
    assert not any(f.message.startswith("planted") for f in _warm(moved))  # other bytes: both keys change
