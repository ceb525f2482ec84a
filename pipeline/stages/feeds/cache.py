"""Rendered events kept by content, in memory and in the store's ``feeds-cache`` table.

The key is a hash of the event's values and of the renderer's version, so a
cached rendering is always the one icalendar would write now. Entries not used
by a build are dropped when it saves, so the table never grows past one build's
events. Failing to read or write it is never an error: it only costs time.

Events are the table's blobs: a warm build reads them without decoding 20 MB of
JSON strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.output.store import Table
from pipeline.stages.feeds.model import EventSpec

CACHE_VERSION = 3


@dataclass
class EventCache:
    """Event bytes by content key; ``hits`` and ``misses`` say what a build reused."""

    table: Table
    used: dict[str, bytes] = field(default_factory=dict)
    keys: dict[int, tuple[EventSpec, str]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, path: Path | None, salt: str) -> EventCache:
        """Read the cache file (a missing, stale or broken one is an empty cache)."""
        return cls(Table.open(path, f"events {CACHE_VERSION} {salt}"))

    def key(self, event: EventSpec) -> str:
        """The content key of an event's rendering (computed once per event object in a build)."""
        known = self.keys.get(id(event))
        if known is not None and known[0] is event:
            return known[1]
        key = hashlib.sha256(event.model_dump_json().encode()).hexdigest()
        self.keys[id(event)] = (event, key)  # holding the event keeps its id from being reused
        return key

    def get(self, event: EventSpec, render: Callable[[EventSpec], bytes]) -> bytes:
        """The event's bytes: from this build, from the file, or rendered now."""
        key = self.key(event)
        found = self.used.get(key)
        if found is None:
            found = self.table.get_bytes(key)
            if found is None:
                self.misses += 1
                found = render(event)
                self.table.put_bytes(key, found)
            else:
                self.hits += 1
            self.used[key] = found
        else:
            self.hits += 1
        return found

    def save(self) -> None:
        """Write this build's entries, atomically, when they differ from the file's."""
        self.table.prune()
        self.table.save()
