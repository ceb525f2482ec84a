"""Rules the feeds stage raises while it builds (registered here for their id, level and rationale)."""

from __future__ import annotations

from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import Rule
from pipeline.text.messages import N_

FEED_SIZE_LIMIT = 1_000_000
"""Bytes past which Google Calendar is reported to drop a subscribed feed's events."""

# The engine skips "load" rules: like the loader's, this one is raised by its stage, not by a check.
FEED_SIZE = Rule(
    "feed.size",
    Level.WARNING,
    N_("Google Calendar drops the events of a subscribed feed past about 1 MB."),
    "load",
)

RULES: tuple[Rule, ...] = (FEED_SIZE,)
