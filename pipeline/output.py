"""Atomic, incremental writing of the build output.

``dist`` is a symbolic link to one complete build folder in ``.dist.builds/``.
A build writes a new folder beside the current one — hard-linking every file
whose bytes did not change, writing only the others — then swaps the link with
one atomic rename. A failed or interrupted build therefore leaves the previous
``dist`` untouched, an unchanged file is never rewritten, and a build whose
outputs are all unchanged touches nothing at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import OutputError

MANIFEST = ".almanac-manifest.json"


@dataclass(frozen=True)
class Artifact:
    """One output file: bytes in memory, or a file to link (a cached visual), with its sha256."""

    digest: str
    data: bytes | None = None
    source: Path | None = None

    @classmethod
    def of_bytes(cls, data: bytes) -> Artifact:
        """An artifact from bytes in memory."""
        return cls(hashlib.sha256(data).hexdigest(), data=data)

    @classmethod
    def of_file(cls, source: Path, digest: str) -> Artifact:
        """An artifact that is an existing file with a known sha256."""
        return cls(digest, source=source)


@dataclass(frozen=True)
class PublishStats:
    """What a publish did."""

    files: int
    written: int
    linked: int
    changed: bool
    folder: Path | None


def check_relpath(rel: str) -> str:
    """Refuse output paths that are absolute or climb out of the output folder."""
    pure = PurePosixPath(rel)
    if not rel or pure.is_absolute() or ".." in pure.parts or "\\" in rel or "\x00" in rel:
        raise OutputError(f"refusing to write outside the output folder: {rel!r}")
    return pure.as_posix()


def _builds_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.builds"


def current_folder(out: Path) -> Path | None:
    """The build folder ``out`` points at, if it is one of ours."""
    if not out.is_symlink():
        return None
    target = (out.parent / out.readlink()).resolve()
    return target if target.is_dir() else None


def _read_manifest(folder: Path | None) -> dict[str, str]:
    if folder is None:
        return {}
    try:
        data = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def published_files(out: Path) -> dict[str, Artifact]:
    """The files of the build ``out`` points at, as artifacts to link (empty when none)."""
    folder = current_folder(out)
    if folder is None:
        return {}
    return {rel: Artifact.of_file(folder / rel, digest) for rel, digest in _read_manifest(folder).items()}


def publish(out: Path, files: Mapping[str, Artifact]) -> PublishStats:
    """Make ``out`` hold exactly ``files``, atomically; see the module docstring."""
    manifest = {check_relpath(rel): art.digest for rel, art in sorted(files.items())}
    previous = current_folder(out)
    if previous is not None and _read_manifest(previous) == manifest:
        return PublishStats(len(manifest), 0, 0, changed=False, folder=previous)
    builds = _builds_dir(out)
    try:
        builds.mkdir(parents=True, exist_ok=True)
        _remove_stale(builds, keep={previous})
        staging = Path(_next_name(builds))
        written, linked = _fill(staging, files, manifest, previous, _read_manifest(previous))
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True))
        _swap(out, staging, builds)
    except OSError as exc:
        raise OutputError(f"cannot write the build into {out}: {exc}; the previous build is kept") from exc
    _remove_stale(builds, keep={staging, previous})
    return PublishStats(len(manifest), written, linked, changed=True, folder=staging)


def _next_name(builds: Path) -> str:
    numbers = [int(p.name[1:7]) for p in builds.glob("b??????*") if p.name[1:7].isdigit()]
    return str(builds / f"b{max(numbers, default=0) + 1:06d}")


def _fill(
    staging: Path,
    files: Mapping[str, Artifact],
    manifest: dict[str, str],
    previous: Path | None,
    old: dict[str, str],
) -> tuple[int, int]:
    staging.mkdir()
    made: set[Path] = {staging}
    written = linked = 0
    for rel, digest in manifest.items():
        target = staging / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        art = files[rel]
        origin = previous / rel if previous is not None and old.get(rel) == digest else art.source
        if origin is not None and _link(origin, target):
            linked += 1
            continue
        if art.data is not None:
            target.write_bytes(art.data)
        elif art.source is not None:
            shutil.copyfile(art.source, target)
        written += 1
    return written, linked


def _link(origin: Path, target: Path) -> bool:
    try:
        os.link(origin, target)
    except OSError:
        return False  # another file system, or links not allowed: write instead
    return True


def _swap(out: Path, staging: Path, builds: Path) -> None:
    if out.exists() and not out.is_symlink():
        # A plain folder from before Almanac managed it: keep it aside until the swap is done.
        out.rename(builds / f"previous-{staging.name}")
    link = out.parent / f".{out.name}.swap-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(os.path.relpath(staging, out.parent))
    link.replace(out)


def _remove_stale(builds: Path, keep: set[Path | None]) -> None:
    for folder in builds.iterdir():
        if folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)
