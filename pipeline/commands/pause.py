"""``almanac pause``: stop everything now — a freeze from this instant in the charter, and the list of
what the schedulers already hold.

The pause is an ordinary change of ``charter.yaml`` (commit it, open a pull
request): from then on ``check`` flags every post inside it (``cadence.freeze``),
the feeds cancel their events, the site shows a banner and the bundle leaves
them out. What was already handed to a scheduler cannot be called back from
here: the command lists it per scheduler, with that scheduler's way to suspend
it, prints it and writes it beside the bundles (:func:`layout.pause_notice`).
What the publication ledger says already went out leaves those lists and is
listed apart, with its permalink (:func:`pipeline.commands.handover.split_published`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError

from pipeline.build.context import clock_at, read_clock
from pipeline.commands.charter_edit import add_pause
from pipeline.commands.handover import (
    SOURCES,
    Handover,
    HandoverSource,
    Ledger,
    Published,
    notice,
    split_published,
    to_suspend,
)
from pipeline.errors import CharterError, OutputError, UsageError
from pipeline.model.charter import Charter, Freeze
from pipeline.model.content import Post
from pipeline.model.pause import open_pauses, pauses
from pipeline.model.project import CHARTER_FILE
from pipeline.output import layout
from pipeline.output.atomic import write_atomic
from pipeline.stages.bundle.place import place_file
from pipeline.stages.ledger.store import LedgerError, read_ledger
from pipeline.stages.load.frontmatter import FrontMatterError, parse_yaml
from pipeline.stages.load.loader import load_project
from pipeline.text.i18n import Translator
from pipeline.text.messages import N_, msg
from pipeline.text.oserrors import with_reason

ALREADY_PAUSED = N_("publishing is already paused since {since} ({reason}); run almanac resume first")
UNTIL_PAST = N_("--until {until} is before today ({today})")


@dataclass(frozen=True)
class PauseRun:
    """What ``pause`` wrote: the pause, the posts it holds back, the schedulers' lists and where they went."""

    pause: Freeze
    held: tuple[Post, ...]
    """Posts not ideas whose time falls inside the pause, in time order."""
    to_suspend: dict[str, list[Handover]]
    """What the schedulers hold inside the pause and did not publish yet, by scheduler."""
    published: tuple[Published, ...]
    """What the ledger says went out already (too late to suspend), in time order."""
    notice: str
    notice_path: Path
    exact: bool
    """False when charter.yaml's layout could not be kept byte for byte outside the edit."""


def validated(text: str) -> Charter:
    """The charter an edited text gives, or a CharterError (nothing is written then)."""
    try:
        return Charter.model_validate(parse_yaml(text, 1))
    except (FrontMatterError, ValidationError) as exc:
        raise CharterError(
            msg("the edit would not validate: {error}", error=exc), file=CHARTER_FILE
        ) from None


def pause(
    root: Path,
    *,
    reason: str,
    until: date | None = None,
    today: date | None = None,
    out: Path | None = None,
    sources: Iterable[HandoverSource] = SOURCES,
    words: Translator | None = None,
) -> PauseRun:
    """Write a pause from now (00:00 of ``today`` when given) to ``until`` (default: the horizon's end).

    The schedulers' list is written in ``words`` (the user's language; English when None).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise UsageError(msg("--reason is required: say why, it is shown wherever the pause is"))
    instant = read_clock()
    project = load_project(root)
    charter = project.charter
    clock = clock_at(charter.tz, instant, today)
    current = open_pauses(charter, clock.today)
    if current:
        since = current[0].since
        assert since is not None
        when = f"{since.astimezone(charter.tz):%Y-%m-%d %H:%M}"
        raise UsageError(msg(ALREADY_PAUSED, since=when, reason=current[0].reason))
    last = until if until is not None else clock.today + timedelta(days=charter.publish.horizon_days)
    if last < clock.today:
        raise UsageError(msg(UNTIL_PAST, until=last, today=clock.today))
    edited = add_pause(project.charter_text, since=clock.now, until=last, reason=reason)
    new_charter = validated(edited.text)
    save_user_file(project.root / CHARTER_FILE, edited.text)
    written = pauses(new_charter)[-1]
    held = tuple(
        sorted(
            (p for p in project.posts if p.meta.status != "idea" and written.covers(p.when, charter.tz)),
            key=lambda p: (p.when, p.id),
        )
    )
    out = out if out is not None else project.root / "dist"
    ledger, problem = _ledger(project.root)
    grouped, published = split_published(
        to_suspend(out, written, new_charter, sources), ledger, written, charter
    )
    text = notice(written, grouped, new_charter, published, problem, words)
    path = place_file(out, layout.pause_notice(clock.today), text.encode("utf-8"))
    return PauseRun(written, held, grouped, tuple(published), text, path, edited.exact)


def _ledger(root: Path) -> tuple[Ledger, str | None]:
    # The charter is already written: a ledger file that cannot be read must not stop the list, only warn.
    try:
        return read_ledger(root), None
    except LedgerError as exc:
        return {}, str(exc)


def save_user_file(path: Path, text: str) -> None:
    """Replace a file of the brand repository in one step, keeping its permissions, flushed to the disk."""
    try:
        write_atomic(path, text, mode=path.stat().st_mode & 0o7777, durable=True)
    except OSError as exc:
        raise OutputError(with_reason(N_("cannot write {path}: {error}"), exc, path=path.name)) from exc


__all__ = ["PauseRun", "pause", "save_user_file", "validated"]
