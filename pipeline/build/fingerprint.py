"""The build's short-circuit: every input of a build, summed up cheaply, to tell "nothing changed".

A fingerprint is taken before a build reads anything. It holds:

* the stat (size, mtime, ctime, inode) of every file under the root, except
  git's folder, the caches in ``.almanac/`` and the output (whatever file a
  loader or a stage reads, a new file, a removed one or an edit shows here; an
  edit that puts back the size and the mtime still moves the ctime and usually
  the inode);
* the HEAD commit (history, authors and the build time come from it), what is
  staged (a staged change makes the tree dirty), ``SOURCE_DATE_EPOCH``;
* the day date-relative checks count from, the options, the output folder and
  the build it points at;
* the code: a hash of the ``pipeline`` package's files, Python's version and
  the versions of the libraries that shape the outputs.

Files changed in the last seconds before a fingerprint ("racy", as git calls
them) could change again within the file system's timestamp resolution without
their stat moving: their content hash is kept too and compared on the next run.

After a successful build the fingerprint is saved with the build's findings
and counts, in the store's ``build-stamp`` table. The next build with the
same fingerprint returns them without loading anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.model.inputs import CACHE_DIR
from pipeline.output.store import Table, code_digest

STAMP_VERSION = 1
RACY_NS = 3_000_000_000
"""Files whose ctime or mtime is this close to the fingerprint are also hashed by content."""
SKIP = frozenset({".git", CACHE_DIR, "__pycache__"})


@dataclass(frozen=True)
class Fingerprint:
    """What a build reads: ``head`` sums up everything but the files, ``files`` their stats."""

    parts: dict[str, Any]
    files: dict[str, list[int]]
    racy: dict[str, str]
    """Content sha256 of the files changed just before the fingerprint was taken."""

    def head(self, out: Path) -> str:
        """Everything but the files, with the build ``out`` shows now, as one digest."""
        blob = json.dumps({**self.parts, "published": _published_state(out)}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def same_as(self, saved: dict[str, Any], root: Path, out: Path) -> bool:
        """True when a saved fingerprint describes exactly these inputs."""
        if saved.get("head") != self.head(out) or saved.get("files") != self.files:
            return False
        racy = saved.get("racy")
        if not isinstance(racy, dict):
            return False
        return all(_sha256(root / rel) == digest for rel, digest in racy.items())


LIBRARIES = ("pydantic", "ruamel.yaml", "Jinja2", "Pillow", "icalendar", "GitPython", "markdown-it-py")
"""Libraries whose version changes what a build writes."""


@cache
def libraries() -> list[str]:
    """Python's version and the versions of :data:`LIBRARIES` (once per process)."""
    found = [sys.version]
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} none")
    return found


def take(root: Path, out: Path, settings: dict[str, Any]) -> Fingerprint:
    """The fingerprint of a build of ``root`` into ``out`` with ``settings`` (today, options)."""
    now = time.time_ns()
    root = root.resolve()
    out = out.parent.resolve() / out.name  # not the folder a ``dist`` link points at: the link itself
    skip = {str(out), str(out.parent / f".{out.name}.builds")}
    files: dict[str, list[int]] = {}
    racy: dict[str, str] = {}
    _walk(root, "", skip, files)
    for rel, (_size, mtime, ctime, _ino) in files.items():
        if now - max(mtime, ctime) < RACY_NS:
            racy[rel] = _sha256(root / rel)
    parts = {
        "version": STAMP_VERSION,
        "code": code_digest(),
        "libraries": libraries(),
        "git": _git_state(root),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "settings": settings,
        "out": str(out),
    }
    return Fingerprint(parts, files, racy)


def _walk(folder: str | Path, prefix: str, skip: set[str], files: dict[str, list[int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name in SKIP or entry.path in skip:
            continue
        rel = prefix + entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, rel + "/", skip, files)
                continue
            st = entry.stat()  # follows a symbolic link: what a reader of the path would get
        except OSError:
            files[rel] = [-1, -1, -1, -1]
            continue
        files[rel] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _sha256(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _git_state(root: Path) -> list[str]:
    """HEAD's commit and what is staged against it; a marker outside a repository.

    Staged changes are listed by content (``git diff-index --cached``), not by the
    index file's stat: git refreshes that file's stat cache as it reads it.
    """
    state = []
    for args in (["rev-parse", "HEAD"], ["diff-index", "--cached", "-z", "HEAD", "--"]):
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
        except OSError:
            return ["no git"]
        state.append(f"{done.returncode}:{hashlib.sha256(done.stdout).hexdigest()}")
    return state


def _published_state(out: Path) -> list[Any]:
    """Which build ``out`` shows, and the stat of its manifest (so a removed output is rebuilt)."""
    try:
        target = str(out.readlink())
        st = (out / ".almanac-manifest.json").stat()
    except OSError:
        return ["none"]
    return [target, st.st_size, st.st_mtime_ns, st.st_ino]


def load_stamp(path: Path) -> dict[str, Any]:
    """The saved stamp, or an empty one when missing, broken or from another version."""
    data = Table.open(path, _SALT).get("stamp")
    return data if isinstance(data, dict) else {}


def save_stamp(path: Path, fingerprint: Fingerprint, out: Path, result: dict[str, Any]) -> None:
    """Save a fingerprint (with the build ``out`` now shows) and what the build said; never an error."""
    data = {
        "head": fingerprint.head(out),
        "files": fingerprint.files,
        "racy": fingerprint.racy,
        "result": result,
    }
    table = Table(path, _SALT)
    table.put("stamp", data)
    table.save()


def forget_stamp(path: Path) -> None:
    """Drop the saved stamp (a build that fails or changes the output must not be skipped next)."""
    Table(path, _SALT).forget()


_SALT = f"stamp {STAMP_VERSION}"
