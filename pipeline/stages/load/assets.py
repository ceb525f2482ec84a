"""Whether an asset path a post or the charter names is safe and readable.

The checks report what this finds; the visuals stage leaves such assets out.
Both ask here, below them, so neither imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path


def asset_problem(root: Path, src: str) -> tuple[str, str] | None:
    """``(rule id, message)`` when an asset path is unsafe, missing or unreadable, else None."""
    if not src.strip():
        return "asset.missing", "empty asset path"
    candidate = Path(src)
    if candidate.is_absolute() or candidate.drive:
        return "asset.outside-root", f"`{src}` is an absolute path; use a path inside the repository"
    path = root / candidate
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return "asset.unreadable", f"`{src}` cannot be resolved (a link loop?)"
    if not resolved.is_relative_to(root):
        climbs = not Path(os.path.normpath(path)).is_relative_to(root)
        how = "a path that climbs" if climbs else "a link that leads"
        return "asset.outside-root", f"`{src}` is {how} out of the repository; assets must stay inside it"
    if not resolved.exists():
        return "asset.missing", f"`{src}` does not exist"
    if not resolved.is_file() or not os.access(resolved, os.R_OK):
        return "asset.unreadable", f"`{src}` is not a readable file"
    return None
