"""The build-state store: atomic writes, digest keys, prune, read-only roots, damaged files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.model.inputs import CACHE_DIR
from pipeline.output.atomic import is_temporary, write_atomic
from pipeline.output.store import Store, Table, finish_writes, key_of, prune_files
from pipeline.stages.check.engine import run_checks
from pipeline.stages.check.fix import FileFix, apply_fixes
from pipeline.stages.load.loader import load_project

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 1)

# A child process that may write at most 4 KiB per file, then writes 1 MiB over ``path``:
# with SIGXFSZ ignored the write fails with EFBIG, with its default action the kernel kills
# the process in the middle of the write, as a power cut or an OOM kill would (Python
# itself starts with SIGXFSZ ignored).
_CHILD = """
import resource, signal, sys
from pathlib import Path
from pipeline.output.atomic import write_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN if sys.argv[2] == "ignore" else signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    write_atomic(Path(sys.argv[1]), b"new" * 400_000)
except OSError as exc:
    print(type(exc).__name__)
    sys.exit(3)
"""


def _write_in_child(path: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode], env=env, capture_output=True, text=True, check=False
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if is_temporary(p.name))


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    done = _write_in_child(target, "ignore")
    assert (done.returncode, done.stdout.strip()) == (3, "OSError")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_process_killed_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    done = _write_in_child(target, "kill")
    assert done.returncode == -signal.SIGXFSZ
    assert target.read_bytes() == b"old"
    # The killed process could not clean up; the store's prune removes what it left.
    assert len(_leftovers(tmp_path)) == 1


def test_a_failed_rename_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError, match="directory"):
        write_atomic(target, "text")
    assert _leftovers(tmp_path) == []


def test_write_atomic_sets_the_mode_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    write_atomic(target, "un", mode=0o640)
    write_atomic(target, "deux", mode=0o644, durable=True)
    assert target.read_text() == "deux"
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_fix_leaves_no_temporary_file(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.mkdir()  # a folder where the post should be: the rename fails
    (post / "x").write_text("")
    fix = FileFix("post.md", before="a", after="b", crlf=False, bom=False)
    with pytest.raises(OutputError, match="cannot write the fix"):
        apply_fixes(tmp_path, [fix])
    assert _leftovers(tmp_path) == []


def test_keys_are_digests_of_the_inputs() -> None:
    assert key_of({"a": 1, "b": [2, 3]}, "x") == key_of({"b": [2, 3], "a": 1}, "x")
    assert key_of({"a": 1}, "x") != key_of({"a": 2}, "x")
    assert key_of("ab", "c") != key_of("a", "bc")
    assert key_of(date(2026, 3, 1)) == key_of("2026-03-01")
    assert len(key_of()) == 64


def test_a_table_round_trips_values_and_blobs(tmp_path: Path) -> None:
    path = tmp_path / CACHE_DIR / "kind.json"
    table = Table.open(path, "v1")
    table.put("k1", {"findings": ["é", 1, None]})
    table.put_bytes("k2", b"\x00BEGIN:VEVENT\n\xff")
    table.put_bytes("k3", b"")
    table.put("k4", "caf\udce9")  # a lone surrogate, as surrogateescape decodes a stray byte
    assert table.save()
    again = Table.open(path, "v1")
    assert again.get("k1") == {"findings": ["é", 1, None]}
    assert again.get_bytes("k2") == b"\x00BEGIN:VEVENT\n\xff"
    assert again.get_bytes("k3") == b""
    assert again.get("k4") == "caf\udce9"
    assert not again.dirty
    assert (path.parent / ".gitignore").read_text().endswith("*\n")  # the store ignores itself
    assert Table.open(path, "v2").values == {}  # another salt: another format or inputs


def test_values_encoded_at_put_are_saved_as_one_encoding_of_the_whole_would_be(tmp_path: Path) -> None:
    values = {"a/é.md": [1, None, "caf\udce9", {"k": [1.5, True]}], "b": "zé", "c": {"n": None}, "d": 4}
    saved = []
    for now in (False, True):
        table = Table.open(tmp_path / f"{now}" / "kind.json", "sel é")
        for key, value in values.items():
            table.put(key, value, now=now)
        table.put_bytes("blob", b"\x00\x01")
        if now:
            table.put("d", 5, now=True)
            table.put("d", 4)  # put again without now: the new value, not the old encoding
            table.put("e", ["gone"], now=True)
            table.used.discard("e")
            assert table.prune() == 1  # e and its encoding
        assert table.save()
        saved.append((tmp_path / f"{now}" / "kind.json").read_bytes())
    assert saved[0] == saved[1]
    head = json.dumps(
        {"format": 1, "kind": "kind", "salt": "sel é", "entries": values, "blobs": {"blob": [0, 2]}},
        separators=(",", ":"),
    )
    assert saved[0] == head.encode("ascii") + b"\n\x00\x01"


def test_prune_drops_what_the_last_run_did_not_produce(tmp_path: Path) -> None:
    path = tmp_path / ".almanac" / "kind.json"
    first = Table.open(path, "s")
    for key in ("a", "b", "c"):
        first.put(key, key)
    first.put_bytes("d", b"d")
    first.save()
    second = Table.open(path, "s")
    assert second.get("a") == "a"
    second.put("e", "e")
    assert second.prune() == 3  # b, c, d: nothing read or made them
    second.save()
    assert sorted(Table.open(path, "s").values) == ["a", "e"]
    assert Table.open(path, "s").blobs == {}


def test_prune_files_keeps_the_files_of_kept_keys(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "ab").mkdir(parents=True)
    for name in ("abc1.jpg", "abd2.png", ".almanac-x.tmp"):
        (out / "ab" / name).write_bytes(b"x")
    assert prune_files(out, {"abc1"}) == 2
    assert sorted(p.name for p in (out / "ab").iterdir()) == ["abc1.jpg"]
    assert prune_files(tmp_path / "missing", set()) == 0


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00\xff garbage", b'{"format": 1, "salt": "s", "entries": [], "blobs": {}}\n', b"[1, 2]\n"],
)
def test_a_damaged_table_is_a_fresh_start(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / ".almanac" / "kind.json"
    path.parent.mkdir()
    path.write_bytes(damage)
    table = Table.open(path, "s")
    assert table.values == {}
    table.put("k", 1)
    assert table.save()
    assert Table.open(path, "s").get("k") == 1


def test_a_blob_span_past_the_end_is_a_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "kind.json"
    path.write_bytes(b'{"format": 1, "salt": "s", "entries": {}, "blobs": {"k": "no span"}}\nxyz')
    assert Table.open(path, "s").blobs == {}
    path.write_bytes(b'{"format": 1, "salt": "s", "entries": {}, "blobs": {"k": [1, 9]}}\nxyz')
    assert Table.open(path, "s").blobs == {}  # a file cut short: its blobs are not trusted
    path.write_bytes(b'{"format": 1, "salt": "s", "entries": {}, "blobs": {"k": [1, 2]}}\nxyz')
    assert Table.open(path, "s").get_bytes("k") == b"yz"


def test_an_unwritable_store_degrades_to_memory(tmp_path: Path) -> None:
    # Running as root ignores permission bits: a file where the store's folder should be
    # blocks every write whoever runs the test.
    (tmp_path / ".almanac").write_text("not a folder")
    path = tmp_path / ".almanac" / "kind.json"
    table = Table.open(path, "s")
    table.put("k", [1])
    assert table.save() is False
    assert Table.open(path, "s").get("k") == [1]  # the next run in this process still has it
    assert Table.open(path, "other").values == {}
    Table(path, "s").forget()
    assert Table.open(path, "s").values == {}


def test_a_table_written_behind_is_the_same_file_and_is_waited_for(tmp_path: Path) -> None:
    """``save(behind=True)``: the bytes of a plain save; opening the table again waits for the write."""
    values = {f"content/posts/{n:04d}.md": [n, "entrée", {"k": None}] for n in range(3000)}
    saved = []
    for behind in (False, True):
        path = tmp_path / f"{behind}" / "kind.json"
        table = Table.open(path, "s")
        for key, value in values.items():
            table.put(key, value, now=True)
        assert table.save(behind=behind)
        if behind:
            assert Table.open(path, "s").values == values  # waited for the thread, not a half file
        finish_writes()
        saved.append(path.read_bytes())
    assert saved[0] == saved[1]
    finish_writes()  # nothing left to wait for


def test_a_table_that_cannot_be_written_behind_stays_in_memory(tmp_path: Path) -> None:
    (tmp_path / ".almanac").write_text("not a folder")
    path = tmp_path / ".almanac" / "kind.json"
    table = Table.open(path, "s")
    table.put("k", [1])
    assert table.save(behind=True)  # the thread's to find out
    finish_writes()
    assert table.dirty
    assert Table.open(path, "s").get("k") == [1]


def test_check_on_an_unwritable_root_matches_a_cold_check(brand: Callable[[str], Path]) -> None:
    root = brand("invalid")
    (root / ".almanac").write_text("read-only, as far as Almanac can tell")
    cold = run_checks(load_project(root, use_cache=False), today=TODAY, cache=False)
    assert run_checks(load_project(root), today=TODAY) == cold
    assert run_checks(load_project(root), today=TODAY) == cold  # from the caches kept in memory
    assert (root / ".almanac").read_text().startswith("read-only")


def test_saving_sweeps_what_a_killed_writer_left(tmp_path: Path) -> None:
    folder = tmp_path / CACHE_DIR
    folder.mkdir()
    stale, fresh = folder / ".almanac-old.tmp", folder / ".almanac-new.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"under way")
    os.utime(stale, (1_000_000_000, 1_000_000_000))
    table = Table.open(folder / "kind.json", "s")
    table.put("k", 1)
    assert table.save()
    assert _leftovers(folder) == [fresh.name]


def test_a_store_opens_each_table_once(tmp_path: Path) -> None:
    store = Store.at(tmp_path)
    first = store.table("events", "v1", file="feeds-cache.bin")
    assert store.table("events", "v1") is first
    first.put_bytes("k", b"ics")
    assert store.save()
    assert (tmp_path / ".almanac" / "feeds-cache.bin").is_file()
    assert Store.at(tmp_path).table("events", "v1", file="feeds-cache.bin").get_bytes("k") == b"ics"
    assert Store.at(tmp_path).table("events", "v2", file="feeds-cache.bin").blobs == {}
    off = Store.at(tmp_path, enabled=False)
    off.table("events", "v1").put("k", 1)
    assert off.save()
    assert off.folder is None
