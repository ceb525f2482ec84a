"""Per-post findings kept across runs: a view of the store's ``check-cache`` table.

A warm check after one edit should run the per-post rules on that post only.
An entry is valid while its post's bytes and the bytes of the source it points
at are unchanged (sha256 both: a fresh checkout elsewhere, with new mtimes,
still hits); the whole cache is valid while the charter, the seasonal topics'
and campaigns' slugs, the set of rules with their levels and Almanac's own code
are unchanged. No per-post rule depends on the day or on the other posts
(calendar rules always run), so neither is part of the key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.model.content import Post
from pipeline.model.findings import Finding
from pipeline.output.store import Table, code_digest

CHECK_CACHE_VERSION = 2


def run_key(parts: list[object]) -> str:
    """The key of everything a run's per-post findings depend on besides the post itself."""
    raw = json.dumps([CHECK_CACHE_VERSION, code_digest(), *parts], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class ResultCache:
    """Findings of the per-post rules by post path, for one run key (the table's salt)."""

    path: Path | None
    key: str
    table: Table

    @classmethod
    def open(cls, path: Path | None, key: str) -> ResultCache:
        """Read the cache; another run key (charter, rules, code changed) starts it empty."""
        return cls(path, key, Table.open(path, key))

    def post_key(self, post: Post, source_key: Callable[[str], str | None]) -> str | None:
        """The post's bytes and ``source_key`` of the source it points at; None when it cannot be cached."""
        if self.path is None or not post.digest:
            return None
        visual = post.meta.visual
        if visual is None or visual.src is None:
            return post.digest
        source = source_key(visual.src)
        return None if source is None else f"{post.digest}:{visual.src}:{source}"

    def holds(self, post: Post) -> bool:
        """True when the cache has findings for the post's path, of whatever key."""
        return self.table.values.get(post.path) is not None

    def get(self, post: Post, key: str | None) -> list[Finding] | None:
        """The cached findings of a post, or None when they must be computed."""
        entry = self.table.get(post.path)
        if key is None or entry is None or entry["key"] != key:
            return None
        return [Finding.model_validate(item) for item in entry["findings"]]

    def put(self, post: Post, key: str | None, findings: list[Finding]) -> None:
        """Remember a post's findings."""
        if key is None:
            return
        self.table.put(post.path, {"key": key, "findings": [f.model_dump(mode="json") for f in findings]})

    def prune(self, keep: set[str]) -> None:
        """Forget posts that are gone."""
        self.table.prune(keep)

    def save(self, *, behind: bool = False) -> None:
        """Write the cache atomically (``behind``: from a thread); failing to write it is never an error."""
        self.table.save(behind=behind)
