"""Keys of the disclosure and compliance rules: a post's contest, and the charter's packs.

Kept apart from the content and charter models so the rules' vocabulary lives in one place.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CompliancePack = Literal["evin", "contest"]
"""``evin``: alcohol advertising (loi Évin); ``contest``: games and contests."""
PACKS: tuple[CompliancePack, ...] = ("evin", "contest")


class Contest(BaseModel):
    """A contest or giveaway a post announces."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    rules: str = Field(min_length=1, description="Address of the contest rules, linked by the post.")
