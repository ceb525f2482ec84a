"""``time.past``: an approved post written or edited after the time it was to go out.

Git tells when a file was last committed (one ``git log`` of the brand's
charter, posts, topics and campaigns, read only when the rule is on and some
approved post is already due); a file with uncommitted changes counts as edited
at the time of the check. Such a post cannot have gone out as written. A
correction made after publication, for the record, is flagged too: the message
says how to silence it with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import GitError
from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, calendar_rule
from pipeline.stages.check.rules.ledger import ledger_of
from pipeline.text.messages import N_, msg

if TYPE_CHECKING:
    from pipeline.stages.history import History


def _history(ctx: CheckContext) -> History | None:
    if ctx.history is not None:
        return ctx.history
    # GitPython (a fifth of the check's imports) only once an approved post is due.
    from pipeline.stages.history import read_history

    try:
        return read_history(ctx.project.root)
    except GitError:
        return None  # the build reports an unreadable history; the check goes on without it


def uncommitted(root: Path) -> set[str]:
    """Files under ``root`` (relative to it) that differ from HEAD or are not tracked yet."""
    import git

    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            top = Path(repo.working_tree_dir or root).resolve()
            prefix = root.resolve().relative_to(top).as_posix()
            where = "." if prefix == "." else prefix
            raw = repo.git.status("--porcelain", "-z", "--untracked-files=all", "--", where)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError, OSError):
        return set()
    lead = "" if prefix == "." else prefix + "/"
    files: set[str] = set()
    entries = iter(raw.split("\x00"))
    for entry in entries:
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            next(entries, None)  # the name the file had before
        name = entry[3:]
        if name.startswith(lead):
            files.add(name[len(lead) :])
    return files


def _past(ctx: CheckContext) -> Iterator[Hit]:
    # A pinned --today counts from the start of that day, so findings do not depend on the clock.
    check_now = ctx.instant
    published = {post for post, _channel in ledger_of(ctx)}
    # Its findings are each on its own post: in pull-request mode only changed posts can
    # report one, and a calendar of past posts then reads no history at all.
    due = [
        p
        for p in ctx.targets
        if p.meta.status == "approved"
        and p.when < check_now
        and not p.meta.ignore.get("time.past")
        and p.id not in published  # the ledger says it went out: what it says now is the record
    ]
    if not due:
        return
    history = _history(ctx)
    if history is None or history.head is None:
        return
    edited_now = uncommitted(ctx.project.root) if history.dirty else set()
    for post in due:
        yield from _late(ctx, post, history, check_now if post.path in edited_now else None)


def _late(ctx: CheckContext, post: Post, history: History, now: datetime | None) -> Iterator[Hit]:
    known = history.files.get(post.path)
    edited = now if now is not None else (known.last if known is not None else None)
    if edited is None or edited <= post.when:
        return
    tz = ctx.charter.tz
    when = f"{post.when.astimezone(tz):%Y-%m-%d %H:%M}"
    message = (
        msg(
            "this approved post has changes not committed yet, after it was to go out ({when}): it cannot "
            "have gone out as written. A correction made afterwards for the record is flagged too: say so "
            "with `ignore: {{time.past: why}}`",
            when=when,
        )
        if now is not None
        else msg(
            "this approved post was last edited {edited}, after it was to go out ({when}): it cannot have "
            "gone out as written. A correction made afterwards for the record is flagged too: say so with "
            "`ignore: {{time.past: why}}`",
            edited=f"{edited.astimezone(tz):%Y-%m-%d %H:%M}",
            when=when,
        )
    )
    line, column = ctx.locate(post, ("publish_at",))
    yield Hit(
        message,
        line=line,
        column=column,
        post=post,
    )


RULES: tuple[Rule, ...] = (
    calendar_rule(
        "time.past",
        Level.WARNING,
        N_(
            "An approved post edited after its time cannot have gone out as written:"
            " the calendar no longer says what was published."
        ),
        _past,
    ),
)
