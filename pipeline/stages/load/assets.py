"""Whether an asset path a post or the charter names is safe and readable.

The checks report what this finds; the visuals stage leaves such assets out.
Both ask here, below them, so neither imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.text.messages import msg


def asset_problem(root: Path, src: str) -> tuple[str, str] | None:
    """``(rule id, message)`` when an asset path is unsafe, missing or unreadable, else None."""
    if not src.strip():
        return "asset.missing", msg("empty asset path")
    candidate = Path(src)
    if candidate.is_absolute() or candidate.drive:
        return "asset.outside-root", msg(
            "`{src}` is an absolute path; use a path inside the repository", src=src
        )
    path = root / candidate
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return "asset.unreadable", msg("`{src}` cannot be resolved (a link loop?)", src=src)
    if not resolved.is_relative_to(root):
        climbs = not Path(os.path.normpath(path)).is_relative_to(root)
        if climbs:
            return "asset.outside-root", msg(
                "`{src}` is a path that climbs out of the repository; assets must stay inside it", src=src
            )
        return "asset.outside-root", msg(
            "`{src}` is a link that leads out of the repository; assets must stay inside it", src=src
        )
    if not resolved.exists():
        return "asset.missing", msg("`{src}` does not exist", src=src)
    if not resolved.is_file() or not os.access(resolved, os.R_OK):
        return "asset.unreadable", msg("`{src}` is not a readable file", src=src)
    return None
