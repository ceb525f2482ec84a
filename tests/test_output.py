"""Atomic, incremental publishing of dist/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.output.publish import Artifact, current_folder, publish


def _files(**contents: bytes) -> dict[str, Artifact]:
    return {name.replace("__", "/"): Artifact.of_bytes(data) for name, data in contents.items()}


def test_first_build_then_noop_then_one_change(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = publish(out, _files(a=b"A", site__b=b"B"))
    assert first.changed and first.written == 2
    assert (out / "site" / "b").read_bytes() == b"B"
    inode = (out / "a").stat().st_ino

    again = publish(out, _files(a=b"A", site__b=b"B"))
    assert not again.changed and again.written == 0 and again.folder == first.folder

    changed = publish(out, _files(a=b"A", site__b=b"C"))
    assert changed.changed and changed.written == 1 and changed.linked == 1
    assert (out / "a").stat().st_ino == inode  # unchanged file never rewritten
    assert (out / "site" / "b").read_bytes() == b"C"


def test_files_no_longer_produced_disappear(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish(out, _files(a=b"A", old=b"O"))
    publish(out, _files(a=b"A"))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a"]


def test_failed_build_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish(out, _files(a=b"A"))
    before = current_folder(out)
    broken = {"a": Artifact.of_bytes(b"new"), "b": Artifact.of_file(tmp_path / "vanished.jpg", "0" * 64)}
    with pytest.raises(OutputError, match="previous build is kept"):
        publish(out, broken)
    assert current_folder(out) == before
    assert (out / "a").read_bytes() == b"A"
    # The half-written folder is cleaned up by the next build.
    publish(out, _files(a=b"A2"))
    builds = [p.name for p in (tmp_path / ".dist.builds").iterdir()]
    assert len(builds) == 2


def test_plain_folder_from_before_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "stale.txt").write_text("old")
    publish(out, _files(a=b"A"))
    assert out.is_symlink()
    assert not (out / "stale.txt").exists()


@pytest.mark.parametrize("bad", ["../escape", "/etc/passwd", "a/../../b", "", "a\\b"])
def test_hostile_output_paths_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(OutputError):
        publish(tmp_path / "dist", {bad: Artifact.of_bytes(b"x")})
    assert not (tmp_path / "dist").exists()


def test_link_target_is_relative(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish(out, _files(a=b"A"))
    assert not os.readlink(out).startswith("/")
