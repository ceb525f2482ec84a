"""Publish times as the CSV importers accept them: ahead of the upload, on steps, apart.

Importers reject rows instead of fixing them, so the bundle fixes them first and
says so: a time is moved (never dropped) to the next allowed slot, and every move
becomes a warning in the manifest. "Now" is the moment the bundle is made (the
command's one clock reading, or ``--today``): a time before it would be rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.stages.bundle.manifest import Entry
from pipeline.text.messages import msg, wrap

LEAD = timedelta(minutes=10)


def ceil_to(moment: datetime, step: timedelta) -> datetime:
    """The first instant at or after ``moment`` on a ``step`` boundary (counted in UTC).

    Every zone offset in use is a multiple of 15 minutes, so UTC boundaries of 1 or
    5 minutes are the same minutes on the wall clock.
    """
    seconds = int(step.total_seconds())
    stamp = moment.timestamp()
    whole = -(-int(stamp) // seconds) * seconds
    if whole < stamp:
        whole += seconds
    return datetime.fromtimestamp(whole, UTC)


def fit_times(
    entries: Sequence[Entry],
    built_at: datetime,
    tz: ZoneInfo,
    *,
    step: timedelta,
    gap: timedelta,
    label: str,
) -> tuple[list[datetime], list[str]]:
    """Slot times (in ``tz``) for entries of one profile, in publish order, and what moved.

    Each time is rounded up to ``step``, kept at least 10 minutes after ``built_at``,
    and at least ``gap`` after the previous one.
    """
    earliest = ceil_to(built_at + LEAD, step)
    times: list[datetime] = []
    warnings: list[str] = []
    previous: datetime | None = None
    for entry in entries:
        wanted = entry.publish_at
        slot = max(ceil_to(wanted, step), earliest)
        if previous is not None and slot < previous + gap:
            slot = ceil_to(previous + gap, step)
        local = slot.astimezone(tz)
        if slot != wanted:
            why = _why(wanted, slot, earliest, step)
            warnings.append(
                wrap(
                    "{label}: {post} moved from {wanted} to {local} ({problem})",
                    why,
                    label=label,
                    post=entry.post,
                    wanted=f"{wanted.astimezone(tz):%Y-%m-%d %H:%M:%S}",
                    local=f"{local:%Y-%m-%d %H:%M}",
                )
            )
        times.append(local)
        previous = slot
    return times, warnings


def _why(wanted: datetime, slot: datetime, earliest: datetime, step: timedelta) -> str:
    if slot == earliest and wanted < earliest:
        return msg("at least 10 minutes after the build time")
    if slot == ceil_to(wanted, step):
        return msg("{minutes}-minute steps", minutes=int(step.total_seconds() // 60))
    return msg("one post per slot, spaced out")


def day_first(language: str) -> bool:
    """Whether dates read day/month (everywhere but the United States)."""
    return not language.lower().endswith("-us")
