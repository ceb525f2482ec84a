"""The ledger's values: one row of a scheduler's export, one line of the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class LedgerEntry(BaseModel):
    """One post published on one channel: a line of ``ledger/<yyyy>/<mm>.csv``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    post_id: str = Field(min_length=1)
    channel: str = Field(min_length=1)
    published_at: AwareDatetime
    permalink: str
    source: str = Field(description="The export format it came from: hootsuite, buffer, meta.")


@dataclass(frozen=True)
class SentRow:
    """One row of a scheduler's or network's export of sent posts, as read."""

    row: int
    """Its place in the file, as a person counts it (the header is row 1 in a CSV)."""
    channel: str | None
    """The Almanac channel it went out on, when the export says (None: any)."""
    published_at: datetime
    text: str
    permalink: str
    links: tuple[str, ...] = ()
    """Links the export gives besides the text (a link column)."""
