"""Waiting for a brand's files to change, for the commands that stay up (``serve``, ``check --watch``).

A change is a difference between two :func:`snapshot` s: the stat of every watched file. On
Linux the wait is woken by the kernel (inotify, through the C library: no new dependency) as
soon as a watched folder sees a write, a rename or a removal, and the snapshot then says whether
anything really changed; a snapshot is also taken every :data:`KERNEL_POLL` seconds in case an
event was never sent (a network file system sends none). Elsewhere, or when inotify cannot be had
(no watches left), the wait polls every ``interval``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import struct
import sys
import threading
from pathlib import Path
from stat import S_ISDIR
from types import TracebackType

from pipeline.stages.load.resident import StatKey, stat_key

WATCHED = ("content", "calendar", "assets", "charter.yaml", "results", "reports")
"""What the commands that stay up look at, relative to the brand's root."""
GIT_KEY = ".git:"
"""How a snapshot names git's own files (see :func:`git_pointers`): no watched file's path starts so."""

Snapshot = dict[str, StatKey]
"""Each watched file by its path relative to the root (``/`` separators) → its stat key
(:data:`~pipeline.stages.load.resident.StatKey`); git's files by :data:`GIT_KEY` and their name."""

SETTLE = 0.02
"""Seconds waited after a first event for the rest of a save (an editor writes, renames, sets modes)."""
KERNEL_POLL = 5.0
"""Seconds between snapshots while the kernel reports changes: only for events it never sends (a
network file system), so that a watch left open costs nothing (a snapshot of 10,000 files is 0.04 s)."""

# inotify(7): what a folder's watch reports, and the flags that say a folder appeared.
_IN_EVENTS = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800
"""IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE,
IN_DELETE_SELF, IN_MOVE_SELF."""
_IN_ARRIVED, _IN_ISDIR, _IN_Q_OVERFLOW = 0x80 | 0x100, 0x40000000, 0x4000
"""IN_MOVED_TO | IN_CREATE; the event is about a folder; events were lost."""
_EVENT = struct.Struct("iIII")
"""``struct inotify_event`` before its name: wd, mask, cookie, len."""


def snapshot(root: Path) -> Snapshot:
    """The stat key of every watched file (links not followed, hidden folders skipped) and git's pointers."""
    found: Snapshot = {}
    base = str(root)
    for name in WATCHED:
        _scan(os.path.join(base, name), name, found)  # noqa: PTH118 - thousands of files: plain os calls
    for name, path in git_pointers(root).items():
        with contextlib.suppress(OSError):
            found[GIT_KEY + name] = stat_key(os.stat(path))  # noqa: PTH116 - as the files'
    return found


def git_pointers(root: Path) -> dict[str, str]:
    """The files of the repository holding ``root`` that move when HEAD moves, by name → absolute path.

    A commit, a checkout, a reset or a pull changes no brand file but changes what a check says
    (``time.past`` reads when each post was last committed): HEAD, the branch it points to and
    ``packed-refs`` (where git packs branches) say so, or a reftable repository's list of tables.
    Found without running git: ``.git`` is a folder, or a file naming one (a worktree, a
    submodule), whose ``commondir`` holds the branches. Empty outside a repository.
    """
    git_dir = _git_dir(root)
    if git_dir is None:
        return {}
    common = git_dir
    with contextlib.suppress(OSError, UnicodeDecodeError):
        common = os.path.normpath(os.path.join(git_dir, _first_line(os.path.join(git_dir, "commondir"))))  # noqa: PTH118
    found = {
        "HEAD": os.path.join(git_dir, "HEAD"),  # noqa: PTH118
        "packed-refs": os.path.join(common, "packed-refs"),  # noqa: PTH118
        # A repository made with --ref-format=reftable keeps every ref in the tables this file lists.
        "reftable": os.path.join(common, "reftable", "tables.list"),  # noqa: PTH118
    }
    with contextlib.suppress(OSError, UnicodeDecodeError):
        head = _first_line(found["HEAD"])
        ref = head.removeprefix("ref: ").strip()
        # A branch, as git names them (refs/heads/main): a HEAD naming anything else is no path to follow.
        if head.startswith("ref: refs/") and ".." not in ref.split("/"):
            found[ref] = os.path.join(common, *ref.split("/"))  # noqa: PTH118
    return found


def _git_dir(root: Path) -> str | None:
    """The git folder of the repository holding ``root`` (the first ``.git`` up the tree), if any."""
    here = Path(os.path.abspath(root))  # noqa: PTH100 - up the real tree, without resolving links
    for folder in (here, *here.parents):
        dot_git = os.path.join(folder, ".git")  # noqa: PTH118
        if os.path.isdir(dot_git):  # noqa: PTH112
            return dot_git
        if os.path.isfile(dot_git):  # noqa: PTH113
            try:
                named = _first_line(dot_git)
            except (OSError, UnicodeDecodeError):
                return None
            if not named.startswith("gitdir: "):
                return None
            return os.path.normpath(os.path.join(folder, named.removeprefix("gitdir: ").strip()))  # noqa: PTH118
    return None


def _first_line(path: str) -> str:
    with open(path, encoding="utf-8") as file:  # noqa: PTH123
        return file.readline().rstrip("\n")


def folders(root: Path) -> list[str]:
    """The root, every folder under the watched ones (hidden ones skipped) and git's pointers' folders."""
    found = [str(root)]
    found.extend(dict.fromkeys(os.path.dirname(path) for path in git_pointers(root).values()))  # noqa: PTH120
    for name in WATCHED:
        top = os.path.join(root, name)  # noqa: PTH118
        with contextlib.suppress(OSError):
            if not S_ISDIR(os.lstat(top).st_mode):
                continue
            found.append(top)
            for folder, dirs, _files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, d) for d in dirs)  # noqa: PTH118
    return found


def _scan(path: str, rel: str, found: Snapshot) -> None:
    """Add ``path`` (a file, or a folder walked down) to ``found``; what vanishes meanwhile is left out."""
    try:
        st = os.lstat(path)
    except OSError:
        return
    if not S_ISDIR(st.st_mode):  # a file, or a link (not followed)
        found[rel] = stat_key(st)
        return
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = f"{rel}/{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, child, found)
            else:
                found[child] = stat_key(entry.stat(follow_symlinks=False))
        except OSError:
            continue  # removed while walking: the next snapshot sees it gone


class ChangeWaiter:
    """Blocks until the watched files differ from the last snapshot taken (see the module's text)."""

    def __init__(self, root: Path, interval: float, *, kernel_poll: float = KERNEL_POLL) -> None:
        self.root = root
        self.interval = interval
        self.kernel_poll = kernel_poll
        self.seen = snapshot(root)
        self._notify = _Inotify.open()
        self._watch_folders()

    def __enter__(self) -> ChangeWaiter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Give the kernel's watches back."""
        if self._notify is not None:
            self._notify.close()
            self._notify = None

    def wait(self, stop: threading.Event) -> Snapshot | None:
        """The new snapshot once something changed; None once ``stop`` is set (seen within ``interval``)."""
        quiet = 0.0  # seconds the kernel has said nothing
        while not stop.is_set():
            if self._notify is None:
                if stop.wait(self.interval):
                    return None
            elif self._notify.wait(self.interval):
                quiet = 0.0
                stop.wait(SETTLE)
                if self._notify.drain():
                    self._watch_folders()  # a folder made (or moved in) since has no watch yet
            else:
                quiet += self.interval
                if quiet < self.kernel_poll:
                    continue
                quiet = 0.0
            now = snapshot(self.root)
            if now != self.seen:
                if _git_keys(now) != _git_keys(self.seen):
                    self._watch_folders()  # another branch checked out: its folder may have no watch yet
                self.seen = now
                return now
        return None

    def _watch_folders(self) -> None:
        if self._notify is not None and not self._notify.watch(folders(self.root)):
            self._notify.close()  # out of watches (fs.inotify.max_user_watches): poll instead
            self._notify = None


def _git_keys(seen: Snapshot) -> list[str]:
    return [key for key in seen if key.startswith(GIT_KEY)]


class _Inotify:
    """Linux's inotify through the C library: one descriptor, a watch per folder."""

    def __init__(self, libc: ctypes.CDLL, fd: int) -> None:
        self._libc = libc
        self.fd = fd

    @classmethod
    def open(cls) -> _Inotify | None:
        """A new inotify descriptor; None where there is none (not Linux, or the limit reached)."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return None
        return cls(libc, fd) if fd >= 0 else None

    def watch(self, paths: list[str]) -> bool:
        """Watch each folder (a folder watched already keeps its watch); False when the kernel refuses."""
        for path in paths:
            if self._libc.inotify_add_watch(self.fd, os.fsencode(path), _IN_EVENTS) < 0:
                error = ctypes.get_errno()
                if error == 28:  # ENOSPC: no watches left; a folder gone meanwhile is no failure
                    return False
        return True

    def wait(self, timeout: float) -> bool:
        """True when an event came within ``timeout`` seconds."""
        try:
            ready, _w, _x = select.select([self.fd], [], [], timeout)
        except (OSError, ValueError):
            return False
        return bool(ready)

    def drain(self) -> bool:
        """Read every event queued; True when a folder appeared (or events were lost).

        What changed is the snapshot's to say; only a new folder needs something here, a watch.
        """
        appeared = False
        with contextlib.suppress(OSError):  # nothing more to read (the descriptor does not block)
            while data := os.read(self.fd, 65536):
                at = 0
                while at + _EVENT.size <= len(data):
                    _wd, mask, _cookie, length = _EVENT.unpack_from(data, at)
                    if (mask & _IN_ARRIVED and mask & _IN_ISDIR) or mask & _IN_Q_OVERFLOW:
                        appeared = True
                    at += _EVENT.size + length
        return appeared

    def close(self) -> None:
        """Close the descriptor (the kernel drops its watches)."""
        with contextlib.suppress(OSError):
            os.close(self.fd)
