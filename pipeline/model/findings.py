"""Findings: what the checks say about the content, and nothing else.

A :class:`Finding` is a plain value. Loading, rules and stages produce them;
``pipeline.stages.check.report`` formats them. Nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Level(StrEnum):
    """How serious a finding is. Errors fail the command; warnings fail it under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Finding(BaseModel):
    """One problem at one place: rule id, level, message, file, line and column (from 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    level: Level
    message: str
    file: str
    line: int = 1
    column: int = 1
    fix: str | None = None
    post: str | None = None
    """Id of the post the finding is about, when there is one (for the site and --since)."""
    template: str | None = None
    """The English template ``message`` was filled from (:func:`pipeline.text.messages.msg`), so the
    message can be said in the reader's language; None when the rule wrote plain text."""
    args: tuple[tuple[str, str], ...] = ()
    """The template's values, by name."""

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        """Stable order: by file, position, level, rule, message."""
        return (self.file, self.line, self.column, self.level.rank, self.rule, self.message)

    def as_json(self) -> dict[str, object]:
        """The public JSON shape of a finding (``fix`` only when known)."""
        data: dict[str, object] = {
            "rule": self.rule,
            "level": self.level.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.fix is not None:
            data["fix"] = self.fix
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order, duplicates removed."""
    return sorted(set(findings), key=Finding.sort_key)


def count_levels(findings: Iterable[Finding]) -> dict[str, int]:
    """``{"error": n, "warning": n, "info": n}``."""
    counts = Counter(f.level.value for f in findings)
    return {level.value: counts.get(level.value, 0) for level in Level}


def has_failures(findings: Iterable[Finding], *, strict: bool) -> bool:
    """True when the findings should fail the command (errors, or warnings under strict)."""
    failing = {Level.ERROR, Level.WARNING} if strict else {Level.ERROR}
    return any(f.level in failing for f in findings)
