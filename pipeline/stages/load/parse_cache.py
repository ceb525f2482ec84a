"""Parsed content files kept across runs: a view of the store's ``parse-cache`` table.

Entries are keyed by the file's path and checked by stat, then by the sha256
of its bytes. They hold only plain JSON values (no pickle): the YAML mapping as
parsed, the body, and the positions the loader derived. A file whose YAML holds
values JSON cannot carry exactly (non-string keys, bytes, sets) is simply not
cached.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.output.store import Table, make_cache_dir, save_file

CACHE_VERSION = 3

__all__ = ["CACHE_VERSION", "ParseCache", "make_cache_dir", "save_cache_file"]

save_cache_file = save_file
"""The store's atomic writer, under the name earlier callers used."""


@dataclass
class ParseCache:
    """Parsed files by relative path, over one store table."""

    table: Table

    @classmethod
    def open(cls, path: Path | None) -> ParseCache:
        """Read the cache file; a missing or unreadable one is an empty cache."""
        return cls(Table.open(path, f"parse {CACHE_VERSION}"))

    @property
    def entries(self) -> dict[str, Any]:
        """The entries by relative path."""
        return self.table.values

    @property
    def dirty(self) -> bool:
        """True when something must be written back."""
        return self.table.dirty

    def fresh(self, rel: str, path: str) -> bool:
        """True when the entry of ``rel`` matches the file's stat (no need to read it)."""
        entry = self.table.values.get(rel)
        if not entry:
            return False
        try:
            stat = os.stat(path)  # noqa: PTH116 - hot path
        except OSError:
            return False
        return [entry["size"], entry["mtime_ns"], entry.get("ctime_ns")] == [
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
        ]

    def lookup(self, rel: str, stat: os.stat_result, read: Any) -> tuple[bytes | None, dict[str, Any] | None]:
        """The cached entry for a file, reading it only when its stat changed.

        Returns ``(bytes or None, entry or None)``; the bytes are returned when the
        file had to be read, so the caller does not read it twice.
        """
        entry = self.table.values.get(rel)
        # ctime too: an edit that keeps the size and puts the mtime back still moves it.
        if entry and [entry["size"], entry["mtime_ns"], entry.get("ctime_ns")] == [
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
        ]:
            return None, entry["data"]
        data: bytes = read()
        digest = hashlib.sha256(data).hexdigest()
        if entry and entry["sha256"] == digest:
            entry.update(size=stat.st_size, mtime_ns=stat.st_mtime_ns, ctime_ns=stat.st_ctime_ns)
            self.table.put(rel, entry)
            return data, entry["data"]
        return data, None

    def store(self, rel: str, stat: os.stat_result, data: bytes, parsed: dict[str, Any]) -> None:
        """Remember a freshly parsed file, when its values survive JSON unchanged."""
        if not _json_exact(parsed):
            return
        self.table.put(
            rel,
            {
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "ctime_ns": stat.st_ctime_ns,
                "sha256": parsed.get("sha256") or hashlib.sha256(data).hexdigest(),
                "data": parsed,
            },
        )

    def prune(self, keep: set[str]) -> None:
        """Forget files that are gone."""
        self.table.prune(keep)

    def save(self) -> None:
        """Write the cache atomically; failing to write a cache is never an error."""
        self.table.save()


def _json_exact(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_exact(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_exact(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)
