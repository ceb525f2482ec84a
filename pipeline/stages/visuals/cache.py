"""The visuals cache in ``<root>/.almanac/visuals/``: source digests by stat, outputs by key.

* Sources are hashed (sha256) only when their stat (size, mtime, inode) changed
  since the last run; an unchanged file costs one ``os.stat``.
* An output's key hashes everything that makes it (see :func:`output_key`), so
  an output is redone only when one of those changes.
* After a build, files no output refers to any more are pruned.

The index is plain JSON, written atomically; a missing or damaged index is an
empty cache (everything is redone), never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.stages.load.parse_cache import save_cache_file
from pipeline.stages.visuals.render import Rendered

INDEX_VERSION = 1
RENDERER_VERSION = "3"
"""Bump when the rendering code changes what it writes: every output is then redone."""


def output_key(parts: dict[str, Any]) -> str:
    """The cache key of an output: sha256 of what made it, as canonical JSON, plus the renderer version."""
    blob = json.dumps({"renderer": RENDERER_VERSION, **parts}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class VisualCache:
    """The index of the visuals cache; see the module docstring."""

    folder: Path
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: bool = False
    hashed: int = 0
    """Files actually read and hashed this run (the others were known by stat)."""

    @classmethod
    def open(cls, folder: Path) -> VisualCache:
        """Read the index; anything unreadable is an empty cache."""
        try:
            raw = json.loads((folder / "index.json").read_bytes())
        except (OSError, ValueError):
            return cls(folder, dirty=True)
        if not isinstance(raw, dict) or raw.get("version") != INDEX_VERSION:
            return cls(folder, dirty=True)
        return cls(folder, dict(raw.get("sources", {})), dict(raw.get("outputs", {})))

    def digest(self, path: Path) -> str:
        """sha256 of a file, re-read only when its stat changed since it was last hashed."""
        stat = path.stat()
        rel = str(path)
        seen = self.sources.get(rel)
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        if seen is not None and seen.get("stat") == stamp:
            return str(seen["sha256"])
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self.hashed += 1
        self.sources[rel] = {"stat": stamp, "sha256": digest}
        self.dirty = True
        return digest

    def lookup(self, key: str, path: Path) -> Rendered | None:
        """The cached result of an output, if its file is still there (or it had no file)."""
        entry = self.outputs.get(key)
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
            tuple((rule, message) for rule, message in entry["problems"]),
        )

    def remember(self, result: Rendered) -> None:
        """Record a freshly rendered output."""
        self.outputs[result.key] = {
            "sha256": result.sha256,
            "bytes": result.bytes,
            "width": result.width,
            "height": result.height,
            "problems": [list(p) for p in result.problems],
        }
        self.dirty = True

    def prune(self, keys: set[str], sources: set[str]) -> int:
        """Forget outputs and sources no longer used, deleting their files; returns files deleted."""
        for key in set(self.outputs) - keys:
            del self.outputs[key]
            self.dirty = True
        for rel in set(self.sources) - sources:
            del self.sources[rel]
            self.dirty = True
        deleted = 0
        out = self.folder / "out"
        if not out.is_dir():
            return 0
        for sub in out.iterdir():
            for file in sub.iterdir() if sub.is_dir() else ():
                if file.name.split(".", 1)[0] not in keys or file.name.startswith("."):
                    with contextlib.suppress(OSError):
                        file.unlink()
                        deleted += 1
        return deleted

    def save(self) -> None:
        """Write the index atomically; failing to write a cache is never an error."""
        if not self.dirty:
            return
        body = {"version": INDEX_VERSION, "sources": self.sources, "outputs": self.outputs}
        if save_cache_file(self.folder / "index.json", json.dumps(body, sort_keys=True)):
            self.dirty = False
