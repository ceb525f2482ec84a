"""The time ``almanac new post`` suggests: the best hour from the brand's results, inside its windows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from pipeline.errors import AlmanacError
from pipeline.model.project import Project
from pipeline.stages.results.best_times import best_times
from pipeline.stages.results.store import read_all


def suggested_time(project: Project, channels: Sequence[str], day: date) -> time | None:
    """The best hour of the post's channel with the most results, when every channel's windows allow it.

    None without enough results (then the first posting window is used). A
    results file that cannot be read gives no suggestion here: ``almanac build``
    reports it where it belongs.
    """
    try:
        rows = read_all(project.root)
    except (AlmanacError, OSError):
        return None
    best = best_times(rows, project.charter.tz)
    cadence = project.charter.cadence
    for found in sorted((best[c] for c in channels if c in best), key=lambda b: (-b.of, b.channel)):
        at = time(found.hour, 0)
        if all(
            not cadence.windows_for(name)
            or any(w.contains(day.weekday(), at) for w in cadence.windows_for(name))
            for name in channels
        ):
            return at
    return None
