"""Records that stages hand to each other (the visuals stage to the site and the bundle)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class VisualRecord(BaseModel):
    """One rendered visual: which post, channel and format made it, and what it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    post: str
    channel: str
    format: str
    path: str
    """Path inside ``dist/site/``, e.g. ``visuals/black-friday-teaser/instagram-feed.jpg``."""
    width: int
    height: int
    bytes: int
    sha256: str
    alt: str
