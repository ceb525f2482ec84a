"""The visuals cache in ``<root>/.almanac/visuals/``: source digests by stat, outputs by key.

* Sources are hashed (sha256) only when their stat (size, mtime, inode) changed
  since the last run; an unchanged file costs one ``os.stat``.
* An output's key hashes everything that makes it (see :func:`output_key`), so
  an output is redone only when one of those changes.
* After a build, files no output refers to any more are pruned.

The index is the store's ``visuals`` table (source stats under ``src:<path>``,
outputs under ``out:<key>``); a missing or damaged index is an empty cache
(everything is redone), never an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.output.store import Table, prune_files
from pipeline.stages.visuals.render import Rendered
from pipeline.text.messages import from_json, to_json

INDEX_VERSION = 2
RENDERER_VERSION = "5"
"""Bump when the rendering code changes what it writes: every output is then redone."""


def output_key(parts: dict[str, Any]) -> str:
    """The cache key of an output: sha256 of what made it, as canonical JSON, plus the renderer version."""
    blob = json.dumps({"renderer": RENDERER_VERSION, **parts}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class VisualCache:
    """The index of the visuals cache; see the module docstring."""

    folder: Path
    table: Table
    hashed: int = 0
    """Files actually read and hashed this run (the others were known by stat)."""

    @classmethod
    def open(cls, folder: Path) -> VisualCache:
        """Read the index; anything unreadable is an empty cache."""
        return cls(folder, Table.open(folder / "index.json", f"visuals {INDEX_VERSION}"))

    def digest(self, path: Path) -> str:
        """sha256 of a file, re-read only when its stat changed since it was last hashed."""
        stat = path.stat()
        rel = f"src:{path}"
        seen = self.table.get(rel)
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        if seen is not None and seen.get("stat") == stamp:
            return str(seen["sha256"])
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self.hashed += 1
        self.table.put(rel, {"stat": stamp, "sha256": digest})
        return digest

    def lookup(self, key: str, path: Path) -> Rendered | None:
        """The cached result of an output, if its file is still there (or it had no file)."""
        entry = self.table.get(f"out:{key}")
        if entry is None:
            return None
        if entry["sha256"] is not None:
            try:
                if path.stat().st_size != entry["bytes"]:
                    return None
            except OSError:
                return None
        return Rendered(
            key,
            entry["sha256"],
            entry["bytes"],
            entry["width"],
            entry["height"],
            tuple((rule, from_json(message)) for rule, message in entry["problems"]),
        )

    def remember(self, result: Rendered) -> None:
        """Record a freshly rendered output."""
        self.table.put(
            f"out:{result.key}",
            {
                "sha256": result.sha256,
                "bytes": result.bytes,
                "width": result.width,
                "height": result.height,
                "problems": [[rule, to_json(message)] for rule, message in result.problems],
            },
        )

    def prune(self, keys: set[str], sources: set[str]) -> int:
        """Forget outputs and sources no longer used, deleting their files; returns files deleted."""
        self.table.prune({f"out:{key}" for key in keys} | {f"src:{rel}" for rel in sources})
        return prune_files(self.folder / "out", keys)

    def save(self) -> None:
        """Write the index atomically; failing to write a cache is never an error."""
        self.table.save()
