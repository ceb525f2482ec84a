"""Rendered events kept by content, in memory and in ``.almanac/feeds-cache.json``.

The key is a hash of the event's values and of the renderer's version, so a
cached rendering is always the one icalendar would write now. Entries not used
by a build are dropped when it saves, so the file never grows past one build's
events. Failing to read or write the file is never an error: it only costs time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.feeds.model import EventSpec

CACHE_VERSION = 1


@dataclass
class EventCache:
    """Event bytes by content key; ``hits`` and ``misses`` say what a build reused."""

    path: Path | None
    salt: str
    stored: dict[str, str] = field(default_factory=dict)
    used: dict[str, bytes] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, path: Path | None, salt: str) -> EventCache:
        """Read the cache file (a missing, stale or broken one is an empty cache)."""
        cache = cls(path, salt)
        if path is None:
            return cache
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return cache
        if isinstance(raw, dict) and raw.get("version") == CACHE_VERSION and raw.get("salt") == salt:
            entries = raw.get("events")
            if isinstance(entries, dict):
                cache.stored = {k: v for k, v in entries.items() if isinstance(v, str)}
        return cache

    def key(self, event: EventSpec) -> str:
        """The content key of an event's rendering."""
        return hashlib.sha256(event.model_dump_json().encode()).hexdigest()

    def get(self, event: EventSpec, render: Callable[[EventSpec], bytes]) -> bytes:
        """The event's bytes: from this build, from the file, or rendered now."""
        key = self.key(event)
        found = self.used.get(key)
        if found is not None:
            self.hits += 1
            return found
        text = self.stored.get(key)
        if text is not None:
            self.hits += 1
            data = text.encode()
        else:
            self.misses += 1
            data = render(event)
        self.used[key] = data
        return data

    def save(self) -> None:
        """Write this build's entries, atomically, when anything changed."""
        if self.path is None:
            return
        entries = {k: v.decode() for k, v in sorted(self.used.items())}
        if entries == self.stored:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": CACHE_VERSION, "salt": self.salt, "events": entries}))
            tmp.replace(self.path)
