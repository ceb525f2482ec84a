"""Ranges a value must lie in before the code can use it, checked at the model boundary.

pydantic accepts ``0001-01-01T00:30:00+05:00`` or ``9999-12-31``, ``.inf``,
``.nan`` and ``1e308``; the code then overflows (converting to UTC, adding lead
days, laying out a calendar, a ``timedelta`` of 1e308 hours) with a traceback.
Every date a brand plans with lies between years :data:`FIRST_YEAR` and
:data:`LAST_YEAR`, and every number is finite: anything else is a ``schema.type``
finding at the value, like any other wrong value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

from pipeline.model.years import FIRST_YEAR, LAST_YEAR
from pipeline.text.messages import msg


def _in_window(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(msg("the year must be between {first} and {last}", first=FIRST_YEAR, last=LAST_YEAR))
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            value.utcoffset()
            value.timestamp()
        except (OverflowError, ValueError) as exc:
            raise ValueError(msg("the time cannot be placed on the calendar ({error})", error=exc)) from None
    return value


def check_year(value: int) -> int:
    """``value`` when it is a year between FIRST_YEAR and LAST_YEAR; ValueError otherwise."""
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(msg("the year must be between {first} and {last}", first=FIRST_YEAR, last=LAST_YEAR))
    return value


PlanDate = Annotated[date, AfterValidator(_in_window)]
"""A calendar day between FIRST_YEAR and LAST_YEAR."""
PlanDatetime = Annotated[datetime, AfterValidator(_in_window)]
"""A date and time between FIRST_YEAR and LAST_YEAR."""
PlanInstant = Annotated[AwareDatetime, AfterValidator(_in_window)]
"""An instant with its UTC offset, between FIRST_YEAR and LAST_YEAR."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _file_path(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(msg("a file path may not hold control characters (NUL, tab, line breaks)"))
    if not value.strip():
        raise ValueError(msg("a file path may not be empty"))
    return value


FilePath = Annotated[str, AfterValidator(_file_path)]
"""A path relative to the root, without control characters (a NUL byte ends a path in the OS)."""
Hours = Annotated[float, Field(ge=0, le=24 * 366, allow_inf_nan=False)]
"""A number of hours, up to a year."""
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
"""A share between 0 and 1."""
