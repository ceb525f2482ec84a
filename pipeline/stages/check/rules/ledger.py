"""``ledger.missing``: an approved post a day past its time that the ledger does not have.

Only for a brand that keeps a ledger (a ``ledger/`` folder, written by
``almanac ledger import``): then a post and channel with no entry a day after its
time has either not gone out or not been imported yet. An info, since the export
may simply not have been imported.

``ledger.unreadable``: a ledger file that cannot be read (edited by hand, a merge
gone wrong), with its file and line. An error: the other rules, the site, ``pause``
and ``results import`` rely on the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, calendar_rule
from pipeline.stages.ledger.model import LedgerEntry
from pipeline.stages.ledger.status import GRACE
from pipeline.stages.ledger.store import LEDGER_DIR, LedgerError, read_ledger
from pipeline.text.messages import N_, msg

MISSING = N_(
    "no ledger entry for {channels} a day after its time ({when}): import the scheduler's export "
    "(almanac ledger import FILE), or check that it went out"
)


def ledger_of(ctx: CheckContext) -> dict[tuple[str, str], LedgerEntry]:
    """The brand's ledger (empty without one, or unreadable: ``ledger.unreadable`` says why)."""
    try:
        return read_ledger(ctx.project.root)
    except LedgerError:
        return {}


def _missing(ctx: CheckContext) -> Iterator[Hit]:
    if not (ctx.project.root / LEDGER_DIR).is_dir():
        return
    ledger = ledger_of(ctx)
    moment = ctx.instant
    for post in ctx.project.posts:
        if post.meta.status != "approved" or post.when + GRACE >= moment:
            continue
        absent = [c for c in post.meta.channels if (post.id, c) not in ledger]
        if absent:
            line, column = ctx.locate(post, ("publish_at",))
            when = f"{post.when.astimezone(ctx.charter.tz):%Y-%m-%d %H:%M}"
            yield Hit(msg(MISSING, channels=", ".join(absent), when=when), line, column, post=post)


def _unreadable(ctx: CheckContext) -> Iterator[Hit]:
    try:
        read_ledger(ctx.project.root)
    except LedgerError as exc:
        yield Hit(msg(UNREADABLE, detail=exc.detail), exc.line, 1, file=exc.file)


UNREADABLE = N_("{detail}: fix it by hand, or restore the file from git")

RULES: tuple[Rule, ...] = (
    calendar_rule(
        "ledger.missing",
        Level.INFO,
        N_("A post past its time that the ledger does not have may not have gone out."),
        _missing,
    ),
    calendar_rule(
        "ledger.unreadable",
        Level.ERROR,
        N_("The ledger records what went out; a file that cannot be read hides it from every command."),
        _unreadable,
    ),
)
