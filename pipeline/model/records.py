"""Records that stages hand to each other (the visuals stage to the site and the bundle)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict


class VisualRecord(BaseModel):
    """One rendered visual: which post, channel and format made it, and what it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    post: str
    channel: str
    format: str
    path: str
    """Path inside ``dist/site/``, e.g. ``visuals/black-friday-teaser/instagram-feed.jpg``
    (:func:`pipeline.output.layout.visual` names it)."""
    width: int
    height: int
    bytes: int
    sha256: str
    alt: str


def default_bundle_range(build_day: date, horizon_days: int) -> tuple[date, date]:
    """The range a bundle covers by default: [first day, first day + horizon] (the first is today)."""
    return build_day, build_day + timedelta(days=horizon_days)
