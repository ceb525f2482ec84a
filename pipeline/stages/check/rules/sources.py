"""What the visual rules learn about source images, kept across runs in ``.almanac/sources.json``.

Inspecting a source decodes it (to prove it is not truncated) and a graphic's
palette share decodes a thumbnail: together ≈1 s for a dozen sources, on every
run. Results are stored as plain JSON keyed by the source's path and checked
like the parse cache: (size, mtime_ns) first, then the sha256 of its bytes. Pillow
and numpy are imported only when a source really has to be inspected.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.stages.load.parse_cache import save_cache_file

SOURCES_VERSION = 1


@dataclass(frozen=True)
class Inspected:
    """A source's upright size, format and GPS flag, or the message saying why it is unusable."""

    width: int = 0
    height: int = 0
    format: str = ""
    gps: bool = False
    error: str | None = None


@dataclass
class SourceStore:
    """Inspection results by source path (resolved, as a string)."""

    path: Path | None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, path: Path | None) -> SourceStore:
        """Read the store; a missing, unreadable or older one is empty."""
        if path is None:
            return cls(None)
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(raw, dict) or raw.get("version") != SOURCES_VERSION:
            return cls(path)
        entries = raw.get("entries")
        return cls(path, entries if isinstance(entries, dict) else {})

    def _entry(self, source: Path) -> dict[str, Any]:
        """The entry of an unchanged source, or a fresh one (stat first, then sha256)."""
        key = str(source)
        entry = self.entries.get(key)
        try:
            stat = os.stat(source)  # noqa: PTH116 - hot path
        except OSError:
            return {}
        if entry and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
            return entry
        try:
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            return {}
        if not entry or entry["sha256"] != digest:
            entry = {"sha256": digest, "shares": {}}
        entry["size"], entry["mtime_ns"] = stat.st_size, stat.st_mtime_ns
        self.entries[key] = entry
        self.dirty = True
        return entry

    def inspect(self, source: Path) -> Inspected:
        """What :func:`pipeline.stages.visuals.inspect.inspect_source` says about a source."""
        entry = self._entry(source)
        if "info" in entry:
            return Inspected(**entry["info"])
        from pipeline.stages.visuals.inspect import inspect_source

        try:
            info = inspect_source(source)
            found = Inspected(info.width, info.height, info.format, info.gps)
        except SourceError as exc:
            found = Inspected(error=exc.message)
        if entry:
            entry["info"] = asdict(found)
            self.dirty = True
        return found

    def palette_share(self, source: Path, palette: list[str], tolerance: float) -> float | None:
        """Share of a graphic within the palette, or None when it cannot be decoded."""
        entry = self._entry(source)
        key = json.dumps([palette, tolerance])
        shares: dict[str, float | None] = entry.get("shares", {})
        if key in shares:
            return shares[key]
        from pipeline.stages.visuals.inspect import palette_share

        try:
            share: float | None = palette_share(source, palette, tolerance)
        except SourceError:
            share = None
        if entry:
            shares[key] = share
            self.dirty = True
        return share

    def save(self) -> None:
        """Write the store atomically; failing to write a cache is never an error."""
        if self.path is None or not self.dirty:
            return
        if save_cache_file(self.path, json.dumps({"version": SOURCES_VERSION, "entries": self.entries})):
            self.dirty = False
