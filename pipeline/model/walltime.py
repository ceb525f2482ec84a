"""Wall times in a time zone, with daylight-saving gaps and repeated hours made explicit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo

TimeIssue = Literal["nonexistent", "ambiguous"]


def resolve_wall_time(value: datetime, tz: ZoneInfo) -> tuple[datetime, TimeIssue | None]:
    """The aware instant of a post's ``publish_at`` in the brand's zone.

    A value with an offset keeps its instant. A naive value is wall time in ``tz``:
    inside a spring-forward gap it does not exist (resolved as if the clock had not
    moved yet, and flagged); inside the repeated autumn hour it is ambiguous
    (resolved to the first occurrence, and flagged).
    """
    if value.tzinfo is not None:
        return value.astimezone(tz), None
    first = value.replace(tzinfo=tz, fold=0)
    second = value.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first, None
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != value:
        return first.astimezone(UTC).astimezone(tz), "nonexistent"
    return first, "ambiguous"
