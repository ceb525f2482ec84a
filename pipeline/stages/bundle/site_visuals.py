"""The visuals of an existing build, for ``almanac bundle`` run on its own.

``almanac build`` hands the bundle the records of the visuals it renders; a
standalone ``almanac bundle`` asks the layout where each visual of each post
would be (every format of every channel of every post that is not an idea and
has a visual) and takes those that the last build published. Nothing is read back
from a file name: the post, channel and format come from the project.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.model.project import Project
from pipeline.model.records import VisualRecord
from pipeline.output import layout


def visuals_in_dist(out: Path, project: Project) -> tuple[list[VisualRecord], dict[str, bytes]]:
    """Records and bytes (by path in the site, as records name them) of the published visuals."""
    records: list[VisualRecord] = []
    files: dict[str, bytes] = {}
    for post in sorted(project.posts, key=lambda p: p.id):
        visual = post.meta.visual
        if visual is None or post.meta.status == "idea":
            continue
        for channel in post.meta.channels:
            profile = project.charter.profiles.get(channel)
            for fmt in profile.formats if profile is not None else ():
                rel = layout.visual(post.id, channel, fmt.name, fmt.extension)
                path = out / rel
                try:
                    data = path.read_bytes()
                    with Image.open(path) as image:
                        width, height = image.size
                except (OSError, UnidentifiedImageError):
                    continue  # not built (yet), or not an image we rendered: leave it out
                record = VisualRecord(
                    post=post.id,
                    channel=channel,
                    format=fmt.name,
                    path=layout.site_path(rel),
                    width=width,
                    height=height,
                    bytes=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    alt=visual.alt or "",
                )
                records.append(record)
                files[record.path] = data
    return records, files
