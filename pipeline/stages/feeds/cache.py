"""Rendered events kept by content, in memory and in ``.almanac/feeds-cache.bin``.

The key is a hash of the event's values and of the renderer's version, so a
cached rendering is always the one icalendar would write now. Entries not used
by a build are dropped when it saves, so the file never grows past one build's
events. Failing to read or write the file is never an error: it only costs time.

The file is one JSON line (version, salt, and each key's offset and length)
followed by the events' bytes, so a warm build reads it without decoding 20 MB
of JSON strings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.stages.feeds.model import EventSpec
from pipeline.stages.load.parse_cache import save_cache_file

CACHE_VERSION = 2


@dataclass
class EventCache:
    """Event bytes by content key; ``hits`` and ``misses`` say what a build reused."""

    path: Path | None
    salt: str
    stored: dict[str, bytes] = field(default_factory=dict)
    used: dict[str, bytes] = field(default_factory=dict)
    keys: dict[int, tuple[EventSpec, str]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, path: Path | None, salt: str) -> EventCache:
        """Read the cache file (a missing, stale or broken one is an empty cache)."""
        cache = cls(path, salt)
        if path is None:
            return cache
        try:
            head, _, blob = path.read_bytes().partition(b"\n")
            index = json.loads(head)
        except (OSError, ValueError):
            return cache
        if not isinstance(index, dict) or index.get("version") != CACHE_VERSION or index.get("salt") != salt:
            return cache
        with contextlib.suppress(TypeError, ValueError):
            cache.stored = {key: blob[at : at + size] for key, (at, size) in index["events"].items()}
        return cache

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
            found = self.stored.get(key)
            if found is None:
                self.misses += 1
                found = render(event)
            else:
                self.hits += 1
            self.used[key] = found
        else:
            self.hits += 1
        return found

    def save(self) -> None:
        """Write this build's entries, atomically, when they differ from the file's."""
        if self.path is None or self.used.keys() == self.stored.keys():
            return
        index: dict[str, tuple[int, int]] = {}
        at = 0
        for key, data in sorted(self.used.items()):
            index[key] = (at, len(data))
            at += len(data)
        head = json.dumps({"version": CACHE_VERSION, "salt": self.salt, "events": index}).encode()
        body = b"".join(data for _key, data in sorted(self.used.items()))
        save_cache_file(self.path, head + b"\n" + body)
