"""Atomic, incremental writing of the build output.

``dist`` is a symbolic link to one complete build folder in ``.dist.builds/``.
A build prepares a folder beside the current one — hard-linking every file
whose bytes did not change, writing only the others — then swaps the link with
one atomic rename. A failed or interrupted build therefore leaves the previous
``dist`` untouched, an unchanged file is never rewritten, and a build whose
outputs are all unchanged touches nothing at all.

The folder prepared is the one the build before last left (double buffering):
it already holds all but the files changed in the last two builds, so a
rebuild after a small change touches a few files instead of linking thousands.
Its manifest is removed before it is changed, so a folder left half-updated
is never trusted again. Files are never changed in place (they are removed and
made again), because they may be hard links shared with the current build.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from pipeline.errors import OutputError
from pipeline.output.place import fill, place
from pipeline.text.messages import N_, msg
from pipeline.text.oserrors import with_reason

MANIFEST = ".almanac-manifest.json"
_CANNOT_WRITE = N_("cannot write the build into {out}: {error}; the previous build is kept")
"""Said in the user's language, the system's reason too (a read-only or full disk)."""


@dataclass(frozen=True)
class Artifact:
    """One output file: bytes in memory, or a file to link (a cached visual), with its sha256."""

    digest: str
    data: bytes | None = None
    source: Path | None = None
    made: bool = False
    """The source is a file this build made (in its spool): linking it counts as writing it."""

    @classmethod
    def of_bytes(cls, data: bytes) -> Artifact:
        """An artifact from bytes in memory."""
        return cls(hashlib.sha256(data).hexdigest(), data=data)

    @classmethod
    def of_file(cls, source: Path, digest: str) -> Artifact:
        """An artifact that is an existing file with a known sha256."""
        return cls(digest, source=source)


Writer = Callable[[IO[bytes]], None]
"""Writes a file's bytes into a seekable binary file, as they are made (the bundle's zip)."""


def written_bytes(write: Writer) -> bytes:
    """The bytes ``write`` writes (a zip's writer seeks back to finish each entry: it needs a file)."""
    # Written to an anonymous temporary file, then read back in one piece: a growing BytesIO
    # held the zip (70 MB at 10,000 posts) about one and a half times over at its peak.
    try:
        with tempfile.TemporaryFile() as buffer:
            write(buffer)
            buffer.seek(0)
            return buffer.read()
    except OSError:
        pass  # no temporary folder, or no room in it: in memory (the same bytes)
    memory = io.BytesIO()
    write(memory)
    return memory.getvalue()


def in_memory(data: bytes | Writer) -> Artifact:
    """An artifact holding its bytes: ``data``, or what a writer writes (where no spool is kept)."""
    return Artifact.of_bytes(data if isinstance(data, bytes) else written_bytes(data))


class Spool:
    """Bytes a build makes, on disk as soon as a stage makes them, until the publish links them.

    A build that held every page, feed and zip in memory until the end would grow
    with the site; the spool is a folder beside ``out`` (so on its file system: the
    publish moves each file to its first place and links the others) where each file
    is written once, named by its sha256. It is removed when the build ends, published or failed, so it never
    stays behind; ``dist`` itself changes only at the publish's one swap.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out.parent / f".{out.name}.spool-{os.getpid()}"
        self._made_parent = not out.parent.exists()
        self._dirs: set[Path] = set()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def keep(self, data: bytes | Writer) -> Artifact:
        """``data`` written to the spool, as an artifact to link (the bytes are not held).

        A writer writes straight into the spool: a large file (the bundle's zip) is never
        whole in memory.
        """
        if not isinstance(data, bytes):
            return self._keep_written(data)
        digest = hashlib.sha256(data).hexdigest()
        try:
            path = self._slot(digest)
            try:
                with path.open("xb") as handle:
                    handle.write(data)
            except FileExistsError:
                pass  # the same bytes, made by another path of this build
        except OSError as exc:
            raise self._refused(exc) from exc
        return Artifact(digest, source=path, made=True)

    def _keep_written(self, write: Writer) -> Artifact:
        """What ``write`` writes, into a file of the spool named by its sha256 once written."""
        # Made like keep()'s files (open, not mkstemp, whose 0600 would reach the published file).
        temp = self.folder / f".{os.urandom(8).hex()}.part"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with temp.open("x+b") as stream:
                write(stream)
                stream.seek(0)
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            path = self._slot(digest)
            temp.replace(path)  # the same bytes made by another path of this build: one file
        except OSError as exc:
            raise self._refused(exc) from exc
        finally:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)  # only there when the write failed
        return Artifact(digest, source=path, made=True)

    def _slot(self, digest: str) -> Path:
        """Where the spool keeps the bytes of ``digest``, its folder made (once a build)."""
        path = self.folder / digest[:2] / digest
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        return path

    def _refused(self, exc: OSError) -> OutputError:
        """The spool removed, and the error to raise: the build cannot be written."""
        self.close()
        return OutputError(with_reason(_CANNOT_WRITE, exc, out=self.out))

    def settle(self, files: Mapping[str, Artifact]) -> dict[str, Artifact]:
        """``files`` with every artifact held in memory moved to the spool."""
        return {rel: self.keep(art.data) if art.data is not None else art for rel, art in files.items()}

    def close(self) -> None:
        """Remove the spool (the published build holds its own links to what it took)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._made_parent:
            with contextlib.suppress(OSError):
                self.out.parent.rmdir()  # only when left empty: a failed first build makes nothing


@dataclass(frozen=True)
class PublishStats:
    """What a publish did."""

    files: int
    written: int
    """Files new or different since the previous build (all of a first build's)."""
    linked: int
    """Files the same as in the previous build, at the same path: what the summary calls unchanged."""
    changed: bool
    folder: Path | None


def check_relpath(rel: str) -> str:
    """Refuse output paths that are absolute or climb out of the output folder."""
    parts = rel.split("/")
    if all(part not in _ODD_PARTS for part in parts) and "\\" not in rel and "\x00" not in rel:
        return rel  # already plain: what ``PurePosixPath(rel).as_posix()`` would give (43,000 times a build)
    pure = PurePosixPath(rel)
    if not rel or pure.is_absolute() or ".." in pure.parts or "\\" in rel or "\x00" in rel:
        raise OutputError(msg("refusing to write outside the output folder: {path}", path=repr(rel)))
    return pure.as_posix()


_ODD_PARTS = frozenset({"", ".", ".."})
"""Path segments that make a path absolute, climbing or not in its plain form."""


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


class PublishedFiles(Mapping[str, Artifact]):
    """The files of a published build by path, as artifacts to link, made only when asked for."""

    def __init__(self, folder: Path | None, manifest: dict[str, str]) -> None:
        self.folder = folder
        self.manifest = manifest

    def __getitem__(self, rel: str) -> Artifact:
        if self.folder is None:
            raise KeyError(rel)
        return Artifact.of_file(self.folder / rel, self.manifest[rel])

    def __iter__(self) -> Iterator[str]:
        return iter(self.manifest)

    def __len__(self) -> int:
        return len(self.manifest)


def published_view(out: Path) -> PublishedFiles:
    """The files of the build ``out`` points at, as artifacts made when asked for (empty when none)."""
    folder = current_folder(out)
    return PublishedFiles(folder, _read_manifest(folder) if folder is not None else {})


def published_files(out: Path) -> dict[str, Artifact]:
    """The files of the build ``out`` points at, as artifacts to link (empty when none)."""
    return dict(published_view(out))


def publish(out: Path, files: Mapping[str, Artifact], *, threads: int = 1) -> PublishStats:
    """Make ``out`` hold exactly ``files``, atomically; see the module docstring.

    A folder filled afresh (the first build, or after a cache loss) is filled by up to
    ``threads`` threads, each in its own run of folders (see :func:`pipeline.output.place.fill`).
    """
    manifest = {check_relpath(rel): art.digest for rel, art in sorted(files.items())}
    previous = current_folder(out)
    if previous is not None and _read_manifest(previous) == manifest:
        return PublishStats(len(manifest), 0, 0, changed=False, folder=previous)
    builds = _builds_dir(out)
    old = _read_manifest(previous)
    staging: Path | None = None
    try:
        builds.mkdir(parents=True, exist_ok=True)
        spare = _spare(builds, previous)
        _remove_stale(builds, keep={previous, spare})
        staging = Path(_next_name(builds))
        if spare is None or not _update(spare, staging, files, manifest, previous, old):
            fill(staging, files, manifest, previous, old, threads)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True))
        _swap(out, staging, builds)
    except OSError as exc:
        # A full disk or a failing write leaves a half-written folder: it would hold the
        # space the next build needs, so it goes, unless the swap had already happened.
        if staging is not None and current_folder(out) != staging.resolve():
            shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(with_reason(_CANNOT_WRITE, exc, out=out)) from exc
    _remove_stale(builds, keep={staging, previous})
    # Counted against the previous build, not by how a file got here: a visual rendered by this very
    # build is linked from the visuals' cache, and a reader would not call it unchanged.
    linked = sum(1 for rel, digest in manifest.items() if old.get(rel) == digest)
    return PublishStats(len(manifest), len(manifest) - linked, linked, changed=True, folder=staging)


def _spare(builds: Path, previous: Path | None) -> Path | None:
    """The newest complete build folder other than the current one, to bring up to date."""
    found = sorted(
        (p for p in builds.glob("b??????*") if p != previous and (p / MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    return found[-1] if found else None


def _update(
    spare: Path,
    staging: Path,
    files: Mapping[str, Artifact],
    manifest: dict[str, str],
    previous: Path | None,
    old: dict[str, str],
) -> bool:
    """Bring an older build folder to ``manifest`` in place; False when it cannot (then fill afresh)."""
    held = _read_manifest(spare)
    try:
        (spare / MANIFEST).unlink()
        spare.rename(staging)
        for rel in held.keys() - manifest.keys():
            (staging / rel).unlink(missing_ok=True)
        _prune_dirs(staging, {(staging / rel).parent for rel in held.keys() - manifest.keys()})
        moved: dict[Path, str] = {}
        for rel, digest in manifest.items():
            if held.get(rel) == digest:
                continue
            target = staging / rel
            target.unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            origin = previous / rel if previous and old.get(rel) == digest else None
            place(files[rel], target, origin, moved)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(spare, ignore_errors=True)
        return False
    return True


def _prune_dirs(top: Path, folders: set[Path]) -> None:
    """Remove folders left empty, deepest first (a folder still in use is not empty: kept)."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != top and folder.is_relative_to(top):
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent


def _next_name(builds: Path) -> str:
    numbers = [int(p.name[1:7]) for p in builds.glob("b??????*") if p.name[1:7].isdigit()]
    return str(builds / f"b{max(numbers, default=0) + 1:06d}")


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
