"""Feeds stage: the loaded project and its git history → iCal files (paths: :mod:`pipeline.output.layout`).

``calendar.ics`` holds every post but ideas, and the freezes; ``calendar-reminders.ics``
the same with an alert before each post; ``<channel>.ics`` one channel's posts and
the freezes; ``seasonal.ics`` each seasonal topic's days for ``publish.feed_years``
years, with a "Prepare" day where its lead window opens.

Dates and versions come from git: DTSTAMP and LAST-MODIFIED are the last commit
that touched the source file (the post, the topic, or charter.yaml for freezes),
SEQUENCE counts the later commits that changed it. A file git does not know
(no repository, or not committed yet) is dated at the build time
(``history.build_time``: SOURCE_DATE_EPOCH, else the HEAD commit) with SEQUENCE 0,
so the same commit, or the same SOURCE_DATE_EPOCH, builds the same bytes.

Feeds are planned and written one at a time, and each is handed to ``keep`` (the
build's spool writes it to disk at once), so the stage holds one feed's bytes, not
all eight. Nothing is cached between builds: writing an event (about 0.1 ms, less
for its copies in other feeds) costs less than reading it back from a cache did.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.model.hits import Hit, StageHit
from pipeline.model.project import CACHE_DIR, CHARTER_FILE, Project
from pipeline.output import layout
from pipeline.output.publish import Artifact
from pipeline.stages.check.rules.feeds import FEED_SIZE, FEED_SIZE_LIMIT
from pipeline.stages.fanout import gc_paused
from pipeline.stages.feeds.events import iter_feeds
from pipeline.stages.feeds.ics import EventWriter
from pipeline.stages.feeds.render import render_feed
from pipeline.stages.history import History
from pipeline.stages.load.positions import locate
from pipeline.text.messages import msg, wrap


@dataclass(frozen=True)
class FeedsOutput:
    """The feed files by path under ``dist/``, and the stage's problems."""

    files: dict[str, Artifact]
    hits: list[StageHit]
    """Problems at their rule's default level: the check engine's ``settle`` applies the charter's."""


OLD_CACHE = "feeds-cache.bin"
"""The per-event cache earlier versions kept in ``.almanac/`` (73 MB at 10,000 posts): removed when found."""


def build_feeds(
    project: Project,
    history: History,
    stamp: datetime,
    *,
    keep: Callable[[bytes], Artifact] = Artifact.of_bytes,
) -> FeedsOutput:
    """Every feed of the project, each handed to ``keep`` once written; see the module docstring."""
    _remove_old_cache(project.root)
    files: dict[str, Artifact] = {}
    hits: list[StageHit] = []
    writer = EventWriter()
    # Tens of thousands of events and their pieces live until the stage ends: the collector's
    # full passes over them would find nothing to free.
    with gc_paused():
        for feed in iter_feeds(project, history, stamp):
            data = render_feed(feed, project.charter, writer)
            files[feed.path] = keep(data)
            if len(data) > FEED_SIZE_LIMIT:
                hits.append(_size_hit(project, feed.path, len(data)))
            del data, feed  # before the next feed is planned and written
    return FeedsOutput(files, hits)


def _remove_old_cache(root: Path) -> None:
    """Delete the event cache an earlier version left; failing to is harmless (nothing reads it)."""
    with contextlib.suppress(OSError):
        (root / CACHE_DIR / OLD_CACHE).unlink(missing_ok=True)


def _size_hit(project: Project, feed: str, size: int) -> StageHit:
    """A ``feed.size`` problem at the charter's ``publish`` key; the check engine gives it its level."""
    if feed == layout.feed(layout.SEASONAL):
        how = msg("publish.feed_years (the years of seasonal dates it carries)")
    else:
        how = msg("publish.feed_past_days (e.g. 365, to leave older posts out)")
    line, column = locate(project.charter_text, 1, ("publish",), key=True)
    message = wrap(
        "{feed} is {size} MB: Google Calendar drops the events of a "
        "feed past about 1 MB; shorten its horizon with {problem} in charter.yaml",
        how,
        feed=layout.site_path(feed),
        size=f"{size / 1_000_000:.1f}",
    )
    return StageHit(FEED_SIZE.id, Hit(message, line, column, file=CHARTER_FILE))


__all__ = ["FeedsOutput", "build_feeds"]
