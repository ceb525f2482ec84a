"""What a rule or a stage reports before the findings policy turns it into a :class:`Finding`.

A :class:`Hit` says what is wrong and where; the check engine alone decides its
level (the charter's ``rules:``), whether it is kept (per-post ``ignore:``,
``--since``) and whether a draft softens it. Stages below the engine (visuals,
feeds) report hits too, so one policy applies to every problem of a build.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model.content import Post
from pipeline.model.findings import Level


@dataclass(frozen=True)
class Hit:
    """What a rule function reports; the engine turns it into a Finding with the right level."""

    message: str
    line: int = 1
    column: int = 1
    post: Post | None = None
    file: str | None = None
    """Defaults to the post's file."""
    fix: str | None = None
    level: Level | None = None
    """Overrides the rule's default level (e.g. a term's own level)."""
    related: tuple[str, ...] = ()
    """Other files the finding involves (a calendar neighbour): ``--since`` keeps it when one changed."""


@dataclass(frozen=True)
class StageHit:
    """A problem a build stage found (a visual over its weight, a feed too large), by rule id."""

    rule: str
    hit: Hit


__all__ = ["Hit", "StageHit"]
