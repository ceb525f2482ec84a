"""Double-buffered publishing: the folder of the build before last is brought up to date in place."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.output.publish import Artifact, current_folder, publish


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".almanac-manifest.json"
    }


def _dirs(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def test_random_builds_always_publish_exactly_their_files(tmp_path: Path) -> None:
    rng = random.Random(7)
    out = tmp_path / "dist"
    names = [f"site/{a}/{b}.html" for a in "xyz" for b in "pq"] + ["report.json", "x", "y/z"]
    for _ in range(12):
        files = {n: f"{n} {rng.randint(0, 2)}".encode() for n in names if rng.random() < 0.7}
        if "x" in files and rng.random() < 0.5:
            files.pop("x")
            files["x/inside"] = b"a file where a file was"  # a path that was a file becomes a folder
        previous = current_folder(out)
        before = _tree(previous) if previous else {}
        publish(out, {rel: Artifact.of_bytes(data) for rel, data in files.items()})
        folder = current_folder(out)
        assert folder is not None
        assert _tree(folder) == files
        expected_dirs = {str(Path(rel).parent.as_posix()) for rel in files} - {"."}
        expected_dirs |= {Path(d).parent.as_posix() for d in expected_dirs} - {"."}
        assert _dirs(folder) == expected_dirs  # no folder left empty
        if previous is not None and previous != folder and previous.exists():
            assert _tree(previous) == before  # the folder a reader may still hold is never touched
    assert len(list((tmp_path / ".dist.builds").iterdir())) == 2


def test_an_unchanged_file_keeps_its_inode_through_many_builds(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish(out, {"keep": Artifact.of_bytes(b"K"), "n": Artifact.of_bytes(b"0")})
    inode = (out / "keep").stat().st_ino
    for i in range(1, 5):
        stats = publish(out, {"keep": Artifact.of_bytes(b"K"), "n": Artifact.of_bytes(str(i).encode())})
        assert stats.written == 1 and stats.linked == 1
        assert (out / "keep").stat().st_ino == inode
        assert (out / "n").read_bytes() == str(i).encode()


def test_a_half_updated_folder_is_never_trusted(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    publish(out, {"a": Artifact.of_bytes(b"1")})
    publish(out, {"a": Artifact.of_bytes(b"2")})
    spare = sorted((tmp_path / ".dist.builds").iterdir())[0]
    assert spare != current_folder(out)
    (spare / ".almanac-manifest.json").unlink()  # as if a build had died while updating it
    (spare / "a").write_bytes(b"garbage")
    publish(out, {"a": Artifact.of_bytes(b"1"), "b": Artifact.of_bytes(b"B")})
    assert (out / "a").read_bytes() == b"1" and (out / "b").read_bytes() == b"B"
