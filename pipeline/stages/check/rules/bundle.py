"""Rules the bundle raises while it is made (registered here for their id, level and rationale).

They stop a bundle that a scheduler would take apart: an entry without the media
its network needs, visuals never built, a text a scheduler's own validator
refuses. Like ``feed.size``, they are raised by their stage, not by a check.
"""

from __future__ import annotations

from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import Rule
from pipeline.text.messages import N_

BUNDLE_MEDIA = Rule(
    "bundle.media",
    Level.ERROR,
    N_(
        "A post shipped without the media its network requires, or whose visuals were never built, "
        "fails at the scheduler or goes out without its image."
    ),
    "load",
)
BUNDLE_LIMIT = Rule(
    "bundle.scheduler-limit",
    Level.ERROR,
    N_(
        "A scheduler that refuses one entry of a request refuses the whole request (Postiz counts X "
        "posts raw as well as weighted)."
    ),
    "load",
)

RULES: tuple[Rule, ...] = (BUNDLE_MEDIA, BUNDLE_LIMIT)
