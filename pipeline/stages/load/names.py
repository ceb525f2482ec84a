"""What a content file is called: a post's id and instant, a topic's or campaign's slug.

Ids and slugs come from the file's name unless the front matter names them; the
date a post's file name starts with is not part of its id.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.model.content import PostMeta
from pipeline.model.walltime import TimeIssue, resolve_wall_time

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SLUGIFIED = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # what python-slugify gives back unchanged


def post_identity(rel: str, meta: PostMeta, tz: ZoneInfo) -> tuple[str, datetime, TimeIssue | None]:
    """A post's id (its file name unless the front matter names one) and its instant in ``tz``."""
    when, issue = resolve_wall_time(meta.publish_at, tz)
    return meta.id or post_id_from_path(rel), when, issue


def slug_from_path(rel: str) -> str:
    """A topic's or campaign's slug: its file name, as a slug."""
    return _slugified(Path(rel).stem) or "untitled"


def post_id_from_path(rel: str) -> str:
    """A post's default id: its file name without the leading date, as a slug."""
    stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
    undated = _DATE_PREFIX.sub("", stem)
    if _SLUG.match(undated):
        return undated
    return _slugified(undated) or _slugified(stem) or "post"


def _slugified(text: str) -> str:
    """python-slugify's slug of ``text``, imported only for a text not one already (most names are)."""
    if _SLUGIFIED.match(text):
        return text
    from slugify import slugify

    return slugify(text)
