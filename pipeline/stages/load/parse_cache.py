"""A JSON cache of parsed content files, keyed by path and checked by stat then content hash.

It holds only plain JSON values (no pickle): the YAML mapping as parsed, the body,
and the positions the loader derived. A file whose YAML holds values JSON cannot
carry exactly (non-string keys, bytes, sets) is simply not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_VERSION = 3


@dataclass
class ParseCache:
    """Parsed files by relative path; ``dirty`` when something must be written back."""

    path: Path | None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, path: Path | None) -> ParseCache:
        """Read the cache file; a missing or unreadable one is an empty cache."""
        if path is None:
            return cls(None)
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return cls(path, dirty=True)
        if not isinstance(raw, dict) or raw.get("version") != CACHE_VERSION:
            return cls(path, dirty=True)
        entries = raw.get("entries")
        return cls(path, entries if isinstance(entries, dict) else {})

    def lookup(self, rel: str, stat: os.stat_result, read: Any) -> tuple[bytes | None, dict[str, Any] | None]:
        """The cached entry for a file, reading it only when its stat changed.

        Returns ``(bytes or None, entry or None)``; the bytes are returned when the
        file had to be read, so the caller does not read it twice.
        """
        entry = self.entries.get(rel)
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
            self.dirty = True
            return data, entry["data"]
        return data, None

    def store(self, rel: str, stat: os.stat_result, data: bytes, parsed: dict[str, Any]) -> None:
        """Remember a freshly parsed file, when its values survive JSON unchanged."""
        if not _json_exact(parsed):
            return
        self.entries[rel] = {
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "ctime_ns": stat.st_ctime_ns,
            "sha256": parsed.get("sha256") or hashlib.sha256(data).hexdigest(),
            "data": parsed,
        }
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        """Forget files that are gone."""
        for rel in set(self.entries) - keep:
            del self.entries[rel]
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically; failing to write a cache is never an error."""
        if self.path is None or not self.dirty:
            return
        if save_cache_file(self.path, json.dumps({"version": CACHE_VERSION, "entries": self.entries})):
            self.dirty = False


def make_cache_dir(folder: Path) -> None:
    """Create the cache folder with a ``.gitignore`` of its own, as pytest does for its cache.

    A brand repository then never commits caches, and git does not see its tree as
    dirty after a check (which the bundle manifest would report).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Almanac's caches: safe to delete, never committed.\n*\n")


def save_cache_file(path: Path, data: str | bytes) -> bool:
    """Write a cache file atomically (temporary file, then rename); False when it could not be.

    Failing to write a cache is never an error: the next run recomputes what it holds.
    """
    try:
        make_cache_dir(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        return False
    return True


def _json_exact(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_exact(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_exact(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)
