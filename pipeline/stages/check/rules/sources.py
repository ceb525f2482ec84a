"""What the visual rules learn about source images, kept across runs in the store's ``sources`` table.

Inspecting a source decodes it (to prove it is not truncated) and a graphic's
palette share decodes a thumbnail: together ≈1 s for a dozen sources, on every
run. Results are stored as plain JSON keyed by the source's path and checked
like the parse cache: (size, mtime_ns) first, then the sha256 of its bytes. On disk
a path inside the repository is relative to it, so that a CI job restoring
``.almanac/`` into a fresh checkout (another folder, new mtimes) still finds its
sources: hashed again, never decoded again. Pillow and numpy are imported only when
a source really has to be inspected.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_mode
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.output.store import Table
from pipeline.text.messages import N_, from_json, msg, to_json
from pipeline.text.oserrors import with_reason

SOURCES_VERSION = 3
MAX_SOURCE_BYTES = 200 * 1_000_000
"""Largest source image read: no network takes more than 20 MB, and a bigger file (a 1×1
PNG padded to 3 GB) would otherwise be read whole just to hash it."""


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
    """Inspection results by source path (resolved, as a string), over one store table.

    ``root`` (resolved) is the repository whose paths are kept relative to it on disk.
    """

    table: Table
    root: str | None = None

    @classmethod
    def open(cls, path: Path | None, root: Path | None = None) -> SourceStore:
        """Read the store; a missing, unreadable or older one is empty."""
        table = Table.open(path, f"sources {SOURCES_VERSION}")
        if root is None:
            return cls(table)
        base = str(root)
        table.values = {os.path.join(base, key): value for key, value in table.values.items()}  # noqa: PTH118
        return cls(table, base)

    @property
    def path(self) -> Path | None:
        """The table's file; None when nothing is kept across runs."""
        return self.table.path

    def _entry(self, source: Path) -> dict[str, Any]:
        """The entry of an unchanged source, or a fresh one (stat first, then sha256)."""
        key = str(source)
        entry: dict[str, Any] | None = self.table.get(key)
        try:
            stat = os.stat(source)  # noqa: PTH116 - hot path
        except (OSError, ValueError):
            return {}
        if entry and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
            return entry
        if not stat_mode.S_ISREG(stat.st_mode) or stat.st_size > MAX_SOURCE_BYTES:
            return {}
        try:
            digest = _digest(source)
        except OSError:
            return {}
        if not entry or entry["sha256"] != digest:
            entry = {"sha256": digest, "shares": {}}
        entry["size"], entry["mtime_ns"] = stat.st_size, stat.st_mtime_ns
        self.table.put(key, entry)
        return entry

    def known(self, source: Path) -> bool:
        """True when the inspection of ``source`` is kept and its bytes did not change since."""
        entry: dict[str, Any] | None = self.table.values.get(str(source))
        return entry is not None and "info" in entry and "info" in self._entry(source)

    def fingerprint(self, source: Path) -> str | None:
        """The sha256 of a source's bytes (hashed only when its size or mtime changed).

        None when it is not read: gone, not a regular file, or over the size limit.
        """
        found: str | None = self._entry(source).get("sha256")
        return found

    def inspect(self, source: Path) -> Inspected:
        """What :func:`pipeline.stages.visuals.inspect.inspect_source` says about a source."""
        refused = _refusal(source)
        if refused is not None:
            return Inspected(error=refused)
        entry = self._entry(source)
        if "info" in entry:
            kept = dict(entry["info"])
            if kept.get("error") is not None:
                kept["error"] = from_json(kept["error"])
            return Inspected(**kept)
        from pipeline.stages.visuals.inspect import inspect_source

        try:
            info = inspect_source(source)
            found = Inspected(info.width, info.height, info.format, info.gps)
        except SourceError as exc:
            found = Inspected(error=exc.message)
        if entry:
            entry["info"] = {**asdict(found), "error": None if found.error is None else to_json(found.error)}
            self.table.dirty = True
        return found

    def palette_share(self, source: Path, palette: list[str], tolerance: float) -> float | None:
        """Share of a graphic within the palette, or None when it cannot be decoded."""
        if _refusal(source) is not None:
            return None
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
            self.table.dirty = True
        return share

    def save(self) -> None:
        """Write the store atomically; failing to write a cache is never an error.

        Not pruned by use: a warm check takes most posts' findings from the check
        cache without looking at their sources, which must still be known next run.
        Sources that are gone are forgotten instead, when the table is written anyway.
        """
        table = self.table
        if not table.dirty:
            return
        table.prune({key for key in table.values if os.path.exists(key)})  # noqa: PTH110 - keys are str
        if self.root is None:
            table.save()
            return
        inside = self.root + os.sep
        relative = {key.removeprefix(inside): value for key, value in table.values.items()}
        if Table(table.path, table.salt, values=relative, dirty=True).save():
            table.dirty = False


def _refusal(source: Path) -> str | None:
    """Why a source is not even opened (not a regular file, over the size limit), or None.

    A FIFO would block the read forever; a sparse file of gigabytes would be read whole.
    """
    try:
        stat = os.stat(source)  # noqa: PTH116 - hot path
    except (OSError, ValueError) as exc:
        return with_reason(N_("`{name}` cannot be read: {error}"), exc, name=source.name)
    if not stat_mode.S_ISREG(stat.st_mode):
        return msg("`{name}` is not a regular file (a pipe, device or socket?)", name=source.name)
    if stat.st_size > MAX_SOURCE_BYTES:
        return msg(
            "`{name}` is {size} MB; sources are limited to {limit} MB and larger ones are not read",
            name=source.name,
            size=f"{stat.st_size / 1e6:,.0f}",
            limit=MAX_SOURCE_BYTES // 1_000_000,
        )
    return None


def _digest(source: Path) -> str:
    """sha256 of a source, read in blocks and never past the size limit."""
    digest = hashlib.sha256()
    left = MAX_SOURCE_BYTES + 1
    with source.open("rb") as handle:
        while left > 0:
            block = handle.read(min(left, 1 << 20))
            if not block:
                break
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()
