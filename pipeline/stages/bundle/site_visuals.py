"""The visuals of an existing build, for ``almanac bundle`` run on its own.

``almanac build`` hands the bundle the records of the visuals it renders; a
standalone ``almanac bundle`` reads the visuals already published in
``dist/site/visuals/<post>/<channel>-<format>.<ext>`` and rebuilds their records
(size from the image, alt text from the post).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.model.project import Project
from pipeline.model.records import VisualRecord
from pipeline.stages.bundle.collect import VISUALS_PREFIX


def visuals_in_site(site: Path, project: Project) -> tuple[list[VisualRecord], dict[str, bytes]]:
    """Records and bytes (by site path) of the published visuals of the project's posts."""
    records: list[VisualRecord] = []
    files: dict[str, bytes] = {}
    folder = site / VISUALS_PREFIX.rstrip("/")
    for post in project.posts:
        post_dir = folder / post.id
        if not post_dir.is_dir():
            continue
        alt = (post.meta.visual.alt or "") if post.meta.visual else ""
        for path in sorted(post_dir.iterdir()):
            channel = next((c for c in post.meta.channels if path.stem.startswith(c + "-")), None)
            if channel is None or not path.is_file():
                continue
            try:
                data = path.read_bytes()
                with Image.open(path) as image:
                    width, height = image.size
            except (OSError, UnidentifiedImageError):
                continue  # not an image we rendered: leave it out
            rel = f"{VISUALS_PREFIX}{post.id}/{path.name}"
            records.append(
                VisualRecord(
                    post=post.id,
                    channel=channel,
                    format=path.stem[len(channel) + 1 :],
                    path=rel,
                    width=width,
                    height=height,
                    bytes=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    alt=alt,
                )
            )
            files[rel] = data
    return records, files
