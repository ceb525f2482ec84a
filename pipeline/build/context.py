"""What one command runs with: the loaded project, its history, one clock reading and the options.

Time has two sources and they never mix. Outputs of the site and the feeds are
a function of the commit (``history.build_time``: SOURCE_DATE_EPOCH, else the
HEAD commit). What is about *now* — checks that count down, the bundle that
exports from now — takes the clock once, at the start of the command, in
:func:`read_clock`, or the day ``--today`` pins. No stage reads the clock or
asks git for the date: they read :attr:`BuildContext.today` and
:attr:`BuildContext.now`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline.model.project import Project

if TYPE_CHECKING:
    from pipeline.stages.history import History
    from pipeline.stages.visuals.stage import ProgressFn


@dataclass(frozen=True)
class Clock:
    """One reading of the clock: the day in the brand's zone and the aware instant."""

    today: date
    now: datetime


def read_clock() -> datetime:
    """The clock, as an aware UTC instant: the one place Almanac reads it, once per command."""
    return datetime.now(UTC)


def clock_at(tz: ZoneInfo, instant: datetime, pinned: date | None = None) -> Clock:
    """The day and instant a command counts from, in the brand's zone; ``pinned`` (``--today``) wins.

    A pinned day starts at 00:00 in the brand's zone, so the same ``--today``
    gives the same result at any hour.
    """
    if pinned is not None:
        return Clock(pinned, datetime.combine(pinned, time(0, 0), tzinfo=tz))
    now = instant.astimezone(tz)
    return Clock(now.date(), now)


@dataclass(frozen=True)
class BuildOptions:
    """How to build: strictness, parallelism, and the day checks and the bundle count from."""

    strict: bool = False
    jobs: int | None = None
    today: date | None = None
    """Pins the day actions about now count from; the clock in the brand's zone when None."""
    progress: ProgressFn | None = None
    """Told of each visual rendered (the command line draws it); the build itself never prints."""


@dataclass(frozen=True)
class BuildContext:
    """Everything a stage may read; frozen, made once per command by the driver."""

    project: Project
    today: date
    """The day date-relative checks count from (brand's zone)."""
    now: datetime
    """The instant the bundle exports from (aware); 00:00 of ``today`` when the day is pinned."""
    options: BuildOptions = BuildOptions()
    history: History | None = None
    """Git's view of the files; read only by commands that write outputs (check does not need it)."""
    changed: frozenset[str] | None = None
    """Pull-request mode (``--since``): the files changed; None means everything."""

    @property
    def git(self) -> History:
        """The history (a stage that dates outputs runs only once the driver has read it)."""
        if self.history is None:
            raise RuntimeError("this stage needs the history: the driver reads it before")
        return self.history

    @property
    def stamp(self) -> datetime:
        """The instant outputs are dated at: the commit's (see :func:`pipeline.stages.history.build_time`)."""
        from pipeline.stages.history import build_time  # GitPython: `almanac check` does not need it

        return build_time(self.git)

    def with_history(self, history: History) -> BuildContext:
        """The same context (same clock) with the history read.

        Without a commit or SOURCE_DATE_EPOCH, outputs are dated at 00:00 UTC of
        the day the command counts from, so rebuilds on one day give the same bytes.
        """
        if history.fallback_time is None:
            midnight = datetime.combine(self.today, time(0, 0), tzinfo=UTC)
            history = history.model_copy(update={"fallback_time": midnight})
        return replace(self, history=history)


def make_context(
    project: Project,
    options: BuildOptions,
    instant: datetime,
    *,
    changed: frozenset[str] | None = None,
) -> BuildContext:
    """The context of one command, from the clock reading taken at its start."""
    clock = clock_at(project.charter.tz, instant, options.today)
    return BuildContext(project, clock.today, clock.now, options, changed=changed)


__all__ = ["BuildContext", "BuildOptions", "Clock", "clock_at", "make_context", "read_clock"]
