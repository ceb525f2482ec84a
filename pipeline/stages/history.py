"""History stage: what git knows about each file, read in one pass.

Outputs take their times from here, never from the clock, so the same commit
builds the same bytes. ``SOURCE_DATE_EPOCH`` overrides the build time. Without
git history, file times fall back to the build time and revision counts to 0:
still deterministic for a given ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import git
from pydantic import BaseModel, ConfigDict

from pipeline.errors import GitError, UsageError
from pipeline.model.held import held_model
from pipeline.model.inputs import CAMPAIGNS_DIR, CHARTER_FILE, POSTS_DIR, SEASONAL_DIR
from pipeline.text.messages import msg

READ = (CHARTER_FILE, POSTS_DIR, SEASONAL_DIR, CAMPAIGNS_DIR)
"""The files whose history outputs show (the charter, posts, seasonal topics and campaigns), relative
to the brand root: git's log is read for them, not for every file of the repository. A brand's
repository may hold much else: the demo brand's also holds Almanac's code and tests, and at 625
commits its history took 0.12-0.15 s to read for every file (renames looked for among them all)
and 0.035 s for these, whose history is the same either way."""


class FileHistory(BaseModel):
    """One file's history: first and last commit, revision count, authors (latest first)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first: datetime
    last: datetime
    revisions: int
    authors: tuple[str, ...]


class History(BaseModel):
    """Per-file history of a brand root, and the commit it was read at."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    files: dict[str, FileHistory]
    head: str | None
    head_time: datetime | None
    dirty: bool
    fallback_time: datetime | None = None
    """When there is no commit and no SOURCE_DATE_EPOCH: the day the command started (00:00 UTC),
    given by the driver, which alone reads the clock."""

    def of(self, rel: str, fallback: datetime) -> FileHistory:
        """A file's history, or a deterministic stand-in when git has none."""
        return self.files.get(rel) or FileHistory(first=fallback, last=fallback, revisions=0, authors=())


def read_history(root: Path) -> History:
    """Read the git history of the files of :data:`READ` under ``root`` with one ``git log``."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History(files={}, head=None, head_time=None, dirty=False)
    try:
        with repo:
            if not repo.head.is_valid():
                return History(files={}, head=None, head_time=None, dirty=True)
            top = Path(repo.working_tree_dir or root).resolve()
            prefix = root.resolve().relative_to(top).as_posix()
            raw = repo.git.log(
                "--format=%x1e%H%x1f%ct%x1f%an",
                "--name-status",
                "-M",  # follow renames, so a moved post keeps its history (and its SEQUENCE grows)
                "-z",
                "--",
                # Literal: a brand folder named with * or [ ] must not be read as a pattern.
                *(f":(literal){path if prefix == '.' else f'{prefix}/{path}'}" for path in READ),
            )
            head = repo.head.commit
            dirty = repo.is_dirty(untracked_files=True, path=None if prefix == "." else prefix)
            return History(
                files=_parse_log(raw, "" if prefix == "." else prefix + "/"),
                head=head.hexsha,
                head_time=datetime.fromtimestamp(head.committed_date, UTC),
                dirty=dirty,
            )
    except (git.GitCommandError, ValueError, OSError) as exc:
        raise GitError(msg("cannot read git history of {root}: {error}", root=root, error=exc)) from exc


def _parse_log(raw: str, prefix: str) -> dict[str, FileHistory]:
    """Per-file history from ``git log --name-status -M -z`` output (newest commit first).

    A rename ``old → new`` attributes every older commit of ``old`` to the file's
    current name, so history survives moving a post to another day or folder.
    """
    seen: dict[str, dict[str, object]] = {}
    current: dict[str, str] = {}  # a path in older commits → the file's name today
    for chunk in raw.split("\x1e"):
        if not chunk.strip():
            continue
        header, _, changes = chunk.partition("\x00")
        _sha, stamp, author = header.split("\x1f", 2)
        when = datetime.fromtimestamp(int(stamp), UTC)
        tokens = [t.lstrip("\n") for t in changes.split("\x00")]
        index = 0
        while index < len(tokens):
            status = tokens[index]
            if not status:
                index += 1
                continue
            paired = status[0] in "RC"
            paths = tokens[index + 1 : index + (3 if paired else 2)]
            index += 3 if paired else 2
            if not paths:
                break
            name = paths[-1]
            final = current.get(name, name)
            if status[0] == "R":
                current[paths[0]] = final
            _record(seen, final, prefix, when, author)
    # Made as held: every value is already of its field's type (aware UTC datetimes, an int, a tuple
    # of str). Validating 11,000 of them was half of reading the history of 10,000 posts.
    return {
        rel: held_model(
            FileHistory,
            {
                "first": e["first"],
                "last": e["last"],
                "revisions": e["revisions"],
                "authors": tuple(e["authors"]),  # type: ignore[arg-type]
            },
            _FILE_FIELDS,
        )
        for rel, e in seen.items()
    }


_FILE_FIELDS = set(FileHistory.model_fields)
"""Every field of a file's history: one set for all its entries (see held_model)."""


def _record(seen: dict[str, dict[str, object]], name: str, prefix: str, when: datetime, author: str) -> None:
    if not name.startswith(prefix):
        return
    entry = seen.setdefault(name[len(prefix) :], {"last": when, "first": when, "revisions": 0, "authors": []})
    entry["first"] = when  # git log runs newest first: the last seen is the first commit
    entry["revisions"] = int(entry["revisions"]) + 1  # type: ignore[call-overload]
    authors = entry["authors"]
    assert isinstance(authors, list)
    if author not in authors:
        authors.append(author)


def build_time(history: History, environ: Mapping[str, str] | None = None) -> datetime:
    """The instant outputs are dated at: SOURCE_DATE_EPOCH, else the HEAD commit, else today.

    Only the last case depends on the clock (no git, no SOURCE_DATE_EPOCH): the
    driver puts the day the command started (00:00 UTC) in ``fallback_time``, so
    that rebuilds on one day give the same bytes and a no-op rebuild writes
    nothing. A history read without the driver falls back to the Unix epoch.
    The README says so.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # Ignoring a bad value silently would date every output by the clock, the very
        # thing the variable is set to prevent: say so and stop instead.
        try:
            if not epoch.isdigit():
                raise ValueError(epoch)
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                msg(
                    "SOURCE_DATE_EPOCH={value} is not a number of seconds since 1970-01-01 UTC "
                    "(e.g. the output of `git log -1 --format=%ct`)",
                    value=repr(epoch[:40]),
                )
            ) from None
    if history.head_time is not None:
        return history.head_time
    return history.fallback_time or datetime.fromtimestamp(0, UTC)
