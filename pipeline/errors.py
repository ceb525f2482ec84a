"""The one exception tree of Almanac.

Every failure that stops a command (as opposed to a problem *in the content*,
which is a :class:`pipeline.model.findings.Finding`) is raised as a subclass of
:class:`AlmanacError`. Third-party errors (ruamel.yaml, pydantic, GitPython,
Pillow, OS errors) are wrapped at the boundary where they happen, so the command
line needs a single ``except AlmanacError`` and never shows a traceback.

    AlmanacError                 base; carries an optional file and line
    ├── RootError                the brand root is missing or unreadable
    ├── CharterError             charter.yaml is missing or cannot be used at all
    ├── UsageError               arguments that make no sense (bad date, unknown channel)
    ├── GitError                 git history or refs could not be read
    └── OutputError              dist/ could not be written; the previous build is kept

All of them map to exit code 2 ("the command itself could not run").
"""

from __future__ import annotations

from pathlib import Path


class AlmanacError(Exception):
    """Base of every error Almanac raises on purpose."""

    def __init__(self, message: str, *, file: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class RootError(AlmanacError):
    """The brand repository root does not exist or cannot be read."""


class CharterError(AlmanacError):
    """``charter.yaml`` is missing, unreadable, or not a mapping."""


class UsageError(AlmanacError):
    """A command was given arguments it cannot act on."""


class GitError(AlmanacError):
    """Git history or a ref could not be read."""


class OutputError(AlmanacError):
    """The build output could not be written; the previous output is left intact."""


class SourceError(AlmanacError):
    """A source image cannot be used: unreadable, truncated, unsupported or too large."""
