"""Parsed content files kept across runs: a view of the store's ``parse-cache`` table.

Entries are keyed by the file's path and checked by stat, then by the sha256
of its bytes. They hold only plain JSON values (no pickle): the YAML mapping as
parsed, the texts (a topic's or campaign's whole body, a post's text and variants), and the
positions the loader derived. A file whose YAML holds
values JSON cannot carry exactly (non-string keys, bytes, sets) is simply not
cached.

The stat and digest of each file sit in the table's header; its parsed form is
a blob of JSON of its own, so a run that changed one post writes the others'
bytes back as they were instead of encoding 20 MB of JSON again.

A run that changed a few entries does not even write those 20 MB back (0.1 s on
every check after an edit, at 10,000 posts): the entries changed since the cache
was last written whole go to a small second table, :data:`PARSE_CACHE_RECENT_FILE`,
read over the first. When they pass :data:`RECENT_SHARE` of the cache, or a file
is gone, the whole cache is written again and the second table deleted. Whichever
table an entry comes from, it is used only when the file's stat or sha256 matches
it, so a lost or stale second table costs a parse, never a wrong one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.model.inputs import PARSE_CACHE_RECENT_FILE
from pipeline.output.store import Table, make_cache_dir, save_file

CACHE_VERSION = 5
RECENT_SHARE = 20
"""The cache is written whole once the entries changed since exceed 1/20 of it (or 64, if more)."""
RECENT_LEAST = 64

__all__ = ["CACHE_VERSION", "ParseCache", "make_cache_dir", "save_cache_file"]

save_cache_file = save_file
"""The store's atomic writer, under the name earlier callers used."""


@dataclass
class ParseCache:
    """Parsed files by relative path: one store table as read from its two files (see above)."""

    table: Table
    recent: set[str] = field(default_factory=set)
    """The entries changed since the cache was last written whole, as read (this run's are the table's)."""
    whole: int = 0
    """How many entries the cache held when last written whole."""
    gone: bool = False
    """Some entry was pruned: the cache is written whole."""

    @classmethod
    def open(cls, path: Path | None) -> ParseCache:
        """Read the cache files; a missing or unreadable one is empty."""
        salt = f"parse {CACHE_VERSION}"
        table = Table.open(path, salt)
        cache = cls(table, whole=len(table.values))
        if path is not None:
            later = Table.open(path.parent / PARSE_CACHE_RECENT_FILE, salt)
            for rel, entry in later.values.items():
                blob = later.blobs.get(rel)
                if blob is not None:
                    table.values[rel], table.blobs[rel] = entry, blob
                    cache.recent.add(rel)
        return cache

    @property
    def dirty(self) -> bool:
        """True when something must be written back."""
        return self.table.dirty

    def fresh(self, rel: str, stat: os.stat_result, read: Callable[[], bytes]) -> bool:
        """True when the entry of ``rel`` holds: its stat matches, or else its bytes (read now) do.

        A fresh checkout (CI restoring ``.almanac/``) gives every file a new mtime: hashing
        10,000 posts is a tenth of parsing them again. The entry then takes the new stat.
        """
        entry: dict[str, Any] | None = self.table.values.get(rel)
        if entry is None:
            return False
        if _same_stat(entry, stat):
            return True
        try:
            return self._same_bytes(rel, entry, stat, read())
        except OSError:
            return False  # the parse reports it

    def lookup(
        self, rel: str, stat: os.stat_result, read: Callable[[], bytes]
    ) -> tuple[bytes | None, dict[str, Any] | None]:
        """The cached parsed form of a file, reading the file only when its stat changed.

        Returns ``(bytes or None, parsed or None)``; the bytes are returned when the
        file had to be read, so the caller does not read it twice.
        """
        entry = self.table.values.get(rel)
        if entry and _same_stat(entry, stat):
            return None, self._parsed(rel)
        data: bytes = read()
        return data, self._parsed(rel) if entry and self._same_bytes(rel, entry, stat, data) else None

    def _same_bytes(self, rel: str, entry: dict[str, Any], stat: os.stat_result, data: bytes) -> bool:
        """True when ``data`` are the bytes ``entry`` was made from; the entry then takes the new stat."""
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return False
        self.table.put(rel, {**entry, **_stat_of(stat)})
        return True

    def _parsed(self, rel: str) -> dict[str, Any] | None:
        blob = self.table.get_bytes(rel)
        try:
            parsed = json.loads(blob) if blob is not None else None
        except ValueError:
            return None  # a damaged blob: parse the file again
        return parsed if isinstance(parsed, dict) else None

    def store(self, rel: str, stat: os.stat_result, data: bytes, parsed: dict[str, Any]) -> None:
        """Remember a freshly parsed file, when its values survive JSON unchanged."""
        made = encode(stat, data, parsed)
        if made is not None:
            self.put(rel, *made)

    def put(self, rel: str, entry: dict[str, Any], blob: bytes) -> None:
        """Remember a file parsed elsewhere (a worker's share): its header entry and parsed blob."""
        self.table.put(rel, entry)
        self.table.put_bytes(rel, blob)

    def prune(self, keep: set[str]) -> None:
        """Forget files that are gone."""
        self.gone = self.table.prune(keep) > 0 or self.gone

    def save(self, *, behind: bool = False) -> None:
        """Write the entries changed since the cache was written whole, or the whole cache.

        Atomically, file by file; failing to write a cache is never an error. ``behind``: the
        whole cache (30 MB at 10,000 posts) is written by a thread (see :meth:`Table.save`).
        """
        table = self.table
        if table.path is None or not table.dirty:
            return
        recent = table.path.parent / PARSE_CACHE_RECENT_FILE
        changed = self.recent | table.changed
        if self.gone or self.whole == 0 or len(changed) > max(RECENT_LEAST, self.whole // RECENT_SHARE):
            if table.save(behind=behind):
                with suppress(OSError):
                    recent.unlink(missing_ok=True)
                self.whole, self.recent, self.gone = len(table.values), set(), False
                table.changed.clear()
            return
        kept = [rel for rel in sorted(changed) if rel in table.values and rel in table.blobs]
        values = {rel: table.values[rel] for rel in kept}
        if Table(
            recent, table.salt, values=values, blobs={rel: table.blobs[rel] for rel in kept}, dirty=True
        ).save():
            table.dirty = False
            self.recent = changed
            table.changed.clear()


def encode(stat: os.stat_result, data: bytes, parsed: dict[str, Any]) -> tuple[dict[str, Any], bytes] | None:
    """A file's header entry and parsed blob, or None when its values do not survive JSON."""
    try:
        blob = json.dumps(parsed, ensure_ascii=False, separators=(",", ":"), default=_not_json)
        # Read back and compared, both at C speed: a tuple, a number as a key or a NaN would
        # come back otherwise (walking the values in Python cost more than the encoding).
        if json.loads(blob) != parsed:
            return None
    except (TypeError, ValueError, RecursionError):
        return None  # a date, a set, or nesting JSON cannot hold
    entry = {**_stat_of(stat), "sha256": parsed.get("sha256") or hashlib.sha256(data).hexdigest()}
    return entry, blob.encode()


def _not_json(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


def _stat_of(stat: os.stat_result) -> dict[str, int]:
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "ctime_ns": stat.st_ctime_ns}


def _same_stat(entry: dict[str, Any], stat: os.stat_result) -> bool:
    # ctime too: an edit that keeps the size and puts the mtime back still moves it.
    return bool(
        entry["size"] == stat.st_size
        and entry["mtime_ns"] == stat.st_mtime_ns
        and entry.get("ctime_ns") == stat.st_ctime_ns
    )
