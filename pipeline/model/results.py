"""Post performance: the figures one post earned on one channel, as ``results/<yyyy>/<mm>.csv`` keeps them.

One :class:`ResultRow` per post and channel. ``engagements`` is the same sum on
every network (reactions or likes, comments, shares or reposts, saves or
bookmarks), so channels compare; clicks are counted apart. A figure the
network's export does not give (LinkedIn and X give no reach) is ``None``,
never 0.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.text.messages import msg

MatchedBy = Literal["ledger", "utm", "time-text", "file"]
"""How an imported row was tied to its post: the ledger's permalink, ``utm_content`` in a
link, publish time and text, or an existing results file (read back)."""

RESULT_FIELDS = (
    "post_id",
    "channel",
    "published_at",
    "permalink",
    "impressions",
    "reach",
    "engagements",
    "clicks",
    "source",
    "matched_by",
)
"""The header of ``results/<yyyy>/<mm>.csv``, in order."""


class ResultRow(BaseModel):
    """The figures of one post on one channel."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    post_id: str = Field(min_length=1)
    channel: str = Field(min_length=1)
    published_at: datetime = Field(description="When it went out, time-zone aware.")
    permalink: str = ""
    impressions: int | None = Field(default=None, ge=0)
    reach: int | None = Field(default=None, ge=0)
    engagements: int | None = Field(default=None, ge=0)
    clicks: int | None = Field(default=None, ge=0)
    source: str = Field(description="Export format: meta, linkedin, x.")
    matched_by: MatchedBy

    @field_validator("published_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError(msg("published_at needs a UTC offset, e.g. 2026-12-03T18:30:00+01:00"))
        return value

    @property
    def engagement_rate(self) -> float | None:
        """Engagements per impression (None without impressions)."""
        if not self.impressions or self.engagements is None:
            return None
        return self.engagements / self.impressions
