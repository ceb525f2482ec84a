"""The build-state store in ``<root>/.almanac/``: every cache of Almanac, one format, one writer, one prune.

Each kind of artifact (parsed files, per-post findings, source inspections,
visuals, site pages, the build stamp) is a :class:`Table`: a
mapping from a key (the digest of everything that made the value, or the path
whose stat and digest the value records) to a plain JSON value or to bytes.
A table lives in one file, so a run reads only the kinds it needs:

* line 1: a JSON header ``{"format", "kind", "salt", "entries", "blobs"}``, where
  ``blobs`` gives each key's offset and length in the rest of the file;
* then the bytes of the blobs, back to back (read without decoding them from
  JSON strings).

No pickle: a cache must never run code, and a damaged file must cost a
recomputation, not a crash. A table whose ``salt`` differs (another format,
another renderer, another charter) opens empty.

Prune: a table remembers the keys a run read or wrote; :meth:`Table.prune`
drops the others, so a table never grows past what one run produced. Files
under the store (rendered visuals) are pruned by name with :func:`prune_files`.

Writes go through :func:`pipeline.output.atomic.write_atomic`. When they fail
(a read-only repository, a full disk), nothing is raised: the table is kept in
this process's memory, so the next run in the same process (``almanac serve``)
still finds it. A command may leave a large table's write to a thread while it
goes on (:meth:`Table.save` with ``behind``); it waits for it with
:func:`finish_writes` before it returns, and opening that table again waits too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.model.inputs import CACHE_DIR
from pipeline.output.atomic import is_temporary, write_atomic

FORMAT = 1
STALE_SECONDS = 600
"""A temporary file this old in the store is a killed process's leftover, not a write under way."""
_IGNORE = "# Almanac's caches: safe to delete, never committed.\n*\n"

_MEMORY: dict[str, tuple[str, dict[str, Any], dict[str, bytes]]] = {}
"""Tables that could not be written, by file path: the store degraded to memory."""
_WRITING: dict[str, threading.Thread] = {}
"""Tables a thread is writing (:meth:`Table.save` with ``behind``), by file path."""


def finish_writes() -> None:
    """Wait for every table a thread is still writing: before a command returns its result."""
    for path in list(_WRITING):
        _written(path)


def _written(path: str) -> None:
    """Wait for the write of the table at ``path``, if a thread is making it."""
    thread = _WRITING.pop(path, None)
    if thread is not None:
        thread.join()


def key_of(*parts: object) -> str:
    """sha256 of values as canonical JSON (dates and other values as their ``str``): a store key."""
    blob = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def code_digest() -> str:
    """sha256 over Almanac's own package (code, templates, data), once per process.

    Everything a cached artifact was made by is part of its key: a changed rule, template
    or dictionary makes every entry it produced stale.
    """
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # noqa: PTH120
    vendored = os.path.join(package, "stages", "admin", "vendor")  # noqa: PTH118
    digest = hashlib.sha256()
    # os.walk and plain paths: pathlib's sorting and joining were most of its time on every command.
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        rel = os.path.relpath(folder, package).replace(os.sep, "/")
        for name in sorted(names):
            # The vendored CMS (6.5 MB) counts through its SHA256SUMS, which the admin stage checks
            # the files against: reading it all would add some 50 ms to every check.
            path = os.path.join(folder, name)  # noqa: PTH118
            if not os.path.isfile(path):  # noqa: PTH113
                continue
            data = b""
            if folder != vendored or name == "SHA256SUMS":
                with open(path, "rb") as file:  # noqa: PTH123
                    data = file.read()
            digest.update(f"{rel}/{name}".encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def make_cache_dir(folder: Path) -> None:
    """Create a store folder with a ``.gitignore`` of its own, as pytest does for its cache.

    A brand repository then never commits caches, and git does not see its tree as
    dirty after a check (which the bundle manifest would report).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            write_atomic(ignore, _IGNORE, mode=0o644)


_encode = json.JSONEncoder(separators=(",", ":")).encode
"""A value as the table's file holds it: compact, ASCII."""
_encode_text = json.encoder.encode_basestring_ascii
"""A text as a JSON string, ASCII (the keys of the entries)."""


def save_file(path: Path, data: str | bytes) -> bool:
    """Write a store file atomically; False when it could not be (never an error)."""
    try:
        make_cache_dir(path.parent)
        write_atomic(path, data)
    except OSError:
        return False
    _sweep(path)
    return True


def _sweep(written: Path) -> None:
    """Delete temporary files a killed process left, once old enough not to be another's write.

    "Now" is the mtime of the file just written: the file system's clock, which is the
    one that dated the leftovers (the process's clock may differ, under faketime say).
    """
    with contextlib.suppress(OSError), os.scandir(written.parent) as entries:
        limit = written.stat().st_mtime - STALE_SECONDS
        for entry in entries:
            if is_temporary(entry.name) and entry.stat(follow_symlinks=False).st_mtime < limit:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)  # noqa: PTH108 - a scandir entry's path


@dataclass
class Table:
    """One kind of artifact: values and blobs by key, read from and saved to one file.

    ``path`` None is a table in memory only (caching switched off).
    """

    path: Path | None
    salt: str
    values: dict[str, Any] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    """The keys given a value or a blob since the table was read."""
    dirty: bool = False
    encoded: dict[str, str] = field(default_factory=dict)
    """The JSON texts of values put with ``now`` (:meth:`put`), which :meth:`save` writes as they are."""

    @classmethod
    def open(cls, path: Path | None, salt: str) -> Table:
        """Read a table; a missing, damaged or differently salted one is empty (and will be rewritten)."""
        table = cls(path, salt)
        if path is None:
            return table
        _written(str(path))
        kept = _MEMORY.get(str(path))
        if kept is not None and kept[0] == salt:
            table.values, table.blobs = dict(kept[1]), dict(kept[2])
            return table
        try:
            data = path.read_bytes()
            end = data.find(b"\n")
            # A table without blobs is its header alone: parse it without copying 30 MB first.
            head, rest = (data, b"") if end in (-1, len(data) - 1) else (data[:end], data[end + 1 :])
            header = json.loads(head)
            if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("salt") != salt:
                raise ValueError("another format or salt")
            values, spans = header["entries"], header["blobs"]
            if not isinstance(values, dict) or not isinstance(spans, dict):
                raise ValueError("not a table")
            if any(at < 0 or size < 0 or at + size > len(rest) for at, size in spans.values()):
                raise ValueError("a blob runs past the end of the file")
            blobs = {key: rest[at : at + size] for key, (at, size) in spans.items()}
        except FileNotFoundError:
            return table
        except (OSError, ValueError, TypeError, KeyError):
            table.dirty = True  # a damaged file: start afresh and replace it
            return table
        table.values, table.blobs = values, blobs
        return table

    @property
    def kind(self) -> str:
        """The kind of artifact, named after the table's file."""
        return self.path.name.split(".", 1)[0] if self.path is not None else "memory"

    def get(self, key: str) -> Any:
        """The value of ``key`` (None when absent); a key read is kept by :meth:`prune`."""
        found = self.values.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value: Any, *, now: bool = False) -> None:
        """Set the JSON value of ``key``.

        ``now`` encodes it at once rather than at :meth:`save`, for a caller whose workers are
        busy meanwhile (the value must not change afterwards): 10,000 index entries encoded at
        the save were 0.06 s with one core idle.
        """
        self.values[key] = value
        if now:
            self.encoded[key] = _encode(value)
        else:
            self.encoded.pop(key, None)
        self.used.add(key)
        self.changed.add(key)
        self.dirty = True

    def get_bytes(self, key: str) -> bytes | None:
        """The blob of ``key`` (None when absent); a key read is kept by :meth:`prune`."""
        found = self.blobs.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put_bytes(self, key: str, data: bytes) -> None:
        """Set the blob of ``key``."""
        self.blobs[key] = data
        self.used.add(key)
        self.changed.add(key)
        self.dirty = True

    def prune(self, keep: set[str] | None = None) -> int:
        """Drop the entries this run neither produced nor read, or those not in ``keep``; returns how many."""
        keep = self.used if keep is None else keep
        gone = (self.values.keys() | self.blobs.keys()) - keep
        for key in gone:
            self.values.pop(key, None)
            self.blobs.pop(key, None)
            self.encoded.pop(key, None)
        if gone:
            self.dirty = True
        return len(gone)

    def save(self, *, behind: bool = False) -> bool:
        """Write the table when it changed; False when it stayed in memory only (never an error).

        ``behind``: the file is written by a thread while the caller goes on (the table must not
        change afterwards); :func:`finish_writes`, or opening the table again, waits for it. Only
        the bytes are made here: writing the 7 MB calendar index was 0.03–0.06 s of a cold
        ``check --since``, with the other core idle and the check still to run.
        """
        if self.path is None or not self.dirty:
            return True
        _written(str(self.path))
        spans: dict[str, tuple[int, int]] = {}
        at = 0
        for key, data in sorted(self.blobs.items()):
            spans[key] = (at, len(data))
            at += len(data)
        # ASCII: a lone surrogate (from a file decoded with surrogateescape) stays readable JSON.
        # The header as one json.dumps writes it, with the values encoded at put() as they were.
        encoded, text = self.encoded, _encode_text
        if encoded:
            pairs = (
                f"{text(key)}:{encoded.get(key) or _encode(value)}" for key, value in self.values.items()
            )
            entries = "{" + ",".join(pairs) + "}"
        else:
            entries = _encode(self.values)  # one call: the per-value path costs 1 µs a value more
        head = (
            f'{{"format":{_encode(FORMAT)},"kind":{text(self.kind)},"salt":{text(self.salt)},'
            f'"entries":{entries},"blobs":{_encode(spans)}}}'
        ).encode("ascii")
        body = b"".join(data for _key, data in sorted(self.blobs.items()))
        if not behind:
            return self._write(head + b"\n" + body)
        self.dirty = False  # as if written; a failed write leaves the table in memory, as below
        thread = threading.Thread(target=self._write, args=(head + b"\n" + body,), name="almanac-store")
        _WRITING[str(self.path)] = thread
        thread.start()
        return True

    def _write(self, data: bytes) -> bool:
        assert self.path is not None
        if save_file(self.path, data):
            _MEMORY.pop(str(self.path), None)
            self.dirty = False
            return True
        _MEMORY[str(self.path)] = (self.salt, dict(self.values), dict(self.blobs))
        self.dirty = True
        return False

    def forget(self) -> None:
        """Empty the table and delete its file (and its copy in memory); never an error."""
        self.values, self.blobs, self.dirty = {}, {}, False
        if self.path is not None:
            _MEMORY.pop(str(self.path), None)
            with contextlib.suppress(OSError):
                self.path.unlink()


@dataclass
class Store:
    """The tables of one brand repository, opened once each; ``folder`` None keeps them in memory only."""

    folder: Path | None
    tables: dict[str, Table] = field(default_factory=dict)

    @classmethod
    def at(cls, root: Path, *, enabled: bool = True) -> Store:
        """The store of ``root`` (in ``<root>/.almanac/``), or a memory-only one when caching is off."""
        return cls(root / CACHE_DIR if enabled else None)

    def table(self, kind: str, salt: str, *, file: str | None = None) -> Table:
        """The table of one kind of artifact (in ``<kind>.json`` unless ``file`` names another)."""
        found = self.tables.get(kind)
        if found is None or found.salt != salt:
            path = None if self.folder is None else self.folder / (file or f"{kind}.json")
            found = self.tables[kind] = Table.open(path, salt)
        return found

    def save(self) -> bool:
        """Write every table that changed; False when one stayed in memory only (never an error)."""
        saved = [table.save() for table in self.tables.values()]  # every table, not up to the first failure
        return all(saved)


def prune_files(folder: Path, keep: set[str]) -> int:
    """Delete files in ``folder``'s subfolders whose key (name before the first dot) is not in ``keep``.

    Temporary files a killed process left behind go too. Returns how many were deleted.
    """
    deleted = 0
    if not folder.is_dir():
        return 0
    for sub in folder.iterdir():
        for file in sub.iterdir() if sub.is_dir() else ():
            if file.name.startswith(".") or is_temporary(file.name) or file.name.split(".", 1)[0] not in keep:
                with contextlib.suppress(OSError):
                    file.unlink()
                    deleted += 1
    return deleted
