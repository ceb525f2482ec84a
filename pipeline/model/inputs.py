"""Where a brand repository's inputs live, relative to its root.

Apart from the models, so that what only needs a path (git's listing of the changes
in pull-request mode) does not wait for pydantic to build them.
"""

from __future__ import annotations

import os
from pathlib import Path

CHARTER_FILE = "charter.yaml"
POSTS_DIR = "content/posts"
SEASONAL_DIR = "calendar/seasonal"
CAMPAIGNS_DIR = "calendar/campaigns"
CACHE_DIR = ".almanac"
PARSE_CACHE_FILE = "parse-cache.json"
"""In :data:`CACHE_DIR`: every content file's parsed form, kept by the full load."""
PARSE_CACHE_RECENT_FILE = "parse-cache-recent.json"
"""In :data:`CACHE_DIR`: the parsed forms changed since :data:`PARSE_CACHE_FILE` was last written whole."""
CALENDAR_INDEX_FILE = "calendar-index.json"
"""In :data:`CACHE_DIR`: what pull-request mode keeps of each unchanged post."""
CHECK_CACHE_FILE = "check-cache.json"
"""In :data:`CACHE_DIR`: each unchanged post's per-post findings, kept by the check."""
SOURCE_STORE_FILE = "sources.json"
"""In :data:`CACHE_DIR`: what was learnt of each source image (size, format, whether it decodes)."""
VISUALS_CACHE_DIR = "visuals"
"""In :data:`CACHE_DIR`: rendered visuals, named by what made them (kept by the visuals stage)."""
SITE_PAGES_FILE = "site-pages.json"
"""In :data:`CACHE_DIR`: rendered site pages, kept by what each depends on."""
STAMP_FILE = "build-stamp.json"
"""In :data:`CACHE_DIR`: the last successful build's fingerprint and result (a no-op rebuild replays it)."""


def posts_at_least(root: Path, count: int) -> bool:
    """Whether the posts folder holds ``count`` Markdown files or more (the walk stops there).

    A cheap look before any import: it decides whether a command starts its workers ahead.
    """
    found = 0
    for _dirpath, dirnames, filenames in os.walk(root / POSTS_DIR):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += sum(1 for name in filenames if name.endswith(".md") and not name.startswith("."))
        if found >= count:
            return True
    return False
