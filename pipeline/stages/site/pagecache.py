"""Rendered pages kept by what they depend on, in the store's ``site-pages`` table.

Each entry maps a page's path to ``[key, sha256]``: the key hashes exactly what
the page is made of (the shared header and footer values, the code and
templates, and the page's own posts, findings, visuals and history); the sha256
is the bytes the page had. The bytes themselves are not stored again: they are
the file of that digest in the build ``dist`` shows now, which the publish step
links. An unchanged page therefore costs a dictionary lookup, with no rendering,
no reading and no hashing.

A missing or damaged table is an empty cache (every page is rendered), never an
error; pages this build did not make are dropped from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.model.content import Post
from pipeline.model.findings import Finding
from pipeline.model.records import VisualRecord
from pipeline.output.publish import Artifact
from pipeline.output.store import Table

CACHE_VERSION = 1


def digest(*parts: str) -> str:
    """sha256 of text parts, each ended by a NUL so that no two splits of one text collide."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def post_digest(post: Post) -> str:
    """A post's source as loaded: its path, front matter, text and variants.

    Everything else on the model derives from these and the charter, which the
    shared key holds.
    """
    variants = [f"{name}\x1f{v.model_dump_json()}" for name, v in post.variants.items()]
    return digest(post.id, post.path, post.front_matter, post.body, *variants)


def records_digest(findings: Iterable[Finding], visuals: Iterable[VisualRecord], *extra: str) -> str:
    """The findings and visual records shown on a page, and any other text it shows."""
    return digest(
        *(f.model_dump_json() for f in findings),
        "\x1e",
        *(v.model_dump_json() for v in visuals),
        "\x1e",
        *extra,
    )


def value_digest(value: Any) -> str:
    """sha256 of a plain value as canonical JSON (dates and other values as their ``str``)."""
    return digest(json.dumps(value, sort_keys=True, default=str, separators=(",", ":")))


@dataclass
class PageCache:
    """Page keys and digests of the last build, and this build's; see the module docstring."""

    table: Table
    previous: Mapping[str, Artifact]
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, path: Path | None, previous: Mapping[str, Artifact]) -> PageCache:
        """Read the cache file; ``previous`` is the published build whose files hold the bytes."""
        salt = f"pages {CACHE_VERSION}"
        # Without a published build, the digests recorded could point at nothing.
        return cls(Table.open(path, salt) if previous else Table(path, salt), previous)

    def get(self, rel: str, key: str) -> Artifact | None:
        """The published page ``rel`` when it was made from ``key``; None when it must be rendered."""
        entry = self.table.values.get(rel)
        if entry is not None and entry[0] == key:
            art = self.previous.get(rel)
            if art is not None and art.digest == entry[1]:
                self.table.used.add(rel)
                self.hits += 1
                return art
        self.misses += 1
        return None

    def put(self, rel: str, key: str, art: Artifact) -> None:
        """Remember a page rendered now."""
        entry = [key, art.digest]
        if self.table.values.get(rel) == entry:
            self.table.used.add(rel)
        else:
            self.table.put(rel, entry)

    def save(self) -> None:
        """Write this build's entries when they changed; failing to write is never an error."""
        self.table.prune()
        self.table.save()
