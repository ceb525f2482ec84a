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
    """Path inside ``dist/site/``, e.g. ``visuals/black-friday-teaser/instagram-feed.jpg``."""
    width: int
    height: int
    bytes: int
    sha256: str
    alt: str


FEEDS_DIR = "feeds"
"""Feeds live in ``dist/site/feeds/``: ``calendar.ics``, ``<channel>.ics``, ``seasonal.ics``,
``calendar-reminders.ics``."""
DOWNLOADS_DIR = "downloads"
"""The site offers the latest bundle at ``dist/site/downloads/<bundle file name>``."""


def bundle_filename(first: date, last: date) -> str:
    """``almanac-<from>--<to>.zip``, the bundle's file name for a date range (days included)."""
    return f"almanac-{first.isoformat()}--{last.isoformat()}.zip"


def default_bundle_range(build_day: date, horizon_days: int) -> tuple[date, date]:
    """The range a bundle covers by default: [first day, first day + horizon] (the first is today)."""
    return build_day, build_day + timedelta(days=horizon_days)
