"""The other commands through the same driver: ``check`` (once, or ``--watch``), ``bundle`` and ``agenda``.

Each reads the clock once (or takes ``--today``), makes one
:class:`~pipeline.build.context.BuildContext` and runs the stages it needs
with the same signature as the build's. The command line only parses flags,
calls these and prints what they return; nothing here prints.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.build.context import BuildOptions, make_context, read_clock
from pipeline.build.stages import Upstream, check_stage
from pipeline.errors import AlmanacError, UsageError
from pipeline.model.findings import Finding
from pipeline.model.project import CHARTER_FILE
from pipeline.model.records import default_bundle_range
from pipeline.output.store import finish_writes
from pipeline.stages.load.loader import load_project
from pipeline.text.messages import msg

if TYPE_CHECKING:
    from pipeline.build.context import BuildContext
    from pipeline.commands.agenda import Agenda
    from pipeline.stages.bundle.make import BundleOutcome
    from pipeline.stages.check.fix import FileFix
    from pipeline.stages.check.since import ChangesAhead
    from pipeline.stages.history import History


@dataclass(frozen=True)
class CheckRun:
    """What ``check`` did: its findings, the fixes applied (or planned), and the diff of a dry run."""

    findings: list[Finding]
    fixes: list[FileFix] = field(default_factory=list)
    diff: str | None = None
    """With ``fix`` and ``dry_run``: the unified diff; nothing was changed or checked."""


def check(
    root: Path,
    *,
    today: date | None = None,
    since: str | None = None,
    fix: bool = False,
    dry_run: bool = False,
    ahead: ChangesAhead | None = None,
) -> CheckRun:
    """Check a brand repository; with ``fix``, apply the safe fixes first and check the result.

    ``ahead``: git's listing of the changes since ``since``, when the caller started it already.
    """
    try:
        return _check(root, today, since, fix, dry_run, ahead)
    finally:
        finish_writes()  # the caches written behind while the rules ran


def _check(
    root: Path, today: date | None, since: str | None, fix: bool, dry_run: bool, ahead: ChangesAhead | None
) -> CheckRun:
    instant = read_clock()
    changes = None
    if ahead is not None:
        changes = ahead.result()
    elif since:
        from pipeline.stages.check.since import changed_since  # only pull-request mode needs git

        changes = changed_since(root, since)
    changed = None if changes is None else changes.files
    if changes is not None and not fix and CHARTER_FILE not in changes.files:
        from pipeline.stages.check.index import load_changed

        # Pull-request mode: the unchanged posts come from the calendar index, not validated again.
        project = load_changed(root, changes.files, blobs=changes.blobs, write_behind=True)
    else:
        project = load_project(root, write_behind=True)
    fixes: list[FileFix] = []
    if fix:
        from pipeline.stages.check.fix import apply_fixes, plan_fixes, unified_diff

        fixes = plan_fixes(project, only=changed)
        if dry_run:
            return CheckRun([], fixes, unified_diff(fixes))
        apply_fixes(project.root, fixes)
        if fixes:
            project = load_project(root)  # the fixed files, as they now are
    ctx = make_context(project, BuildOptions(today=today), instant, changed=changed)
    return CheckRun(list(check_stage(ctx, Upstream()).findings), fixes)


@dataclass(frozen=True)
class WatchedRun:
    """One check of ``check --watch``: its findings, or the error that stopped it (a broken charter)."""

    findings: list[Finding]
    error: AlmanacError | None
    reloaded: int
    """Post files read again for this check (every one the first time)."""
    seconds: float
    """How long the check took, from the change seen to the findings."""


def watch_check(
    root: Path, stop: threading.Event, *, today: date | None = None, interval: float = 0.5
) -> Generator[WatchedRun, None, None]:
    """Check now, then again after every change to the brand's files, until ``stop`` is set.

    The process stays up, so the posts whose files did not change stay loaded
    (:class:`~pipeline.stages.load.resident.ResidentLoader`) and a check after an edit costs the
    edited file and the rules. Each check reads the clock (or takes ``today``): a watch left open
    past midnight counts from the new day. A check that cannot run (``charter.yaml`` broken) is a
    run with its error, and the watch goes on.
    """
    from pipeline.build.watch import ChangeWaiter
    from pipeline.stages.load.resident import ResidentLoader

    loader = ResidentLoader(root)
    history = _HistoryAtHead(loader.root)
    with ChangeWaiter(loader.root, interval) as waiter:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                project = loader.load(waiter.seen)
                ctx = history.given(make_context(project, BuildOptions(today=today), read_clock()))
                findings = list(check_stage(ctx, Upstream()).findings)
                error = None
            except AlmanacError as exc:
                findings, error = [], exc
            yield WatchedRun(findings, error, loader.reloaded, time.perf_counter() - started)
            if waiter.wait(stop) is None:
                return


class _HistoryAtHead:
    """The git history for a process that stays up: read again only when HEAD moves.

    A file's commits are those HEAD reaches; whether the working tree differs is asked every
    time (the history says "dirty", so ``time.past`` asks git which files are edited).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._head: str | None = None
        self._history: History | None = None

    def given(self, ctx: BuildContext) -> BuildContext:
        """``ctx`` with the history of the current HEAD (as it was, when git cannot be read)."""
        from pipeline.stages.check.since import commit_of
        from pipeline.stages.history import read_history

        head = commit_of(self.root, "HEAD")
        if self._history is None or head != self._head:
            try:
                self._history = read_history(self.root).model_copy(update={"dirty": True})
            except AlmanacError:
                return ctx  # the rule reads it itself, and says nothing when it cannot
            self._head = head
        return ctx.with_history(self._history)


@dataclass(frozen=True)
class BundleRun:
    """What ``bundle`` did: the bundle (or the findings that refused it), its range and where it went."""

    outcome: BundleOutcome
    first: date
    last: date
    path: Path | None
    warnings: list[str]
    """What the command line warns about: the manifest's ``warnings`` in order, translatable (``msg()``)."""


def bundle(
    root: Path,
    out: Path | None = None,
    *,
    first: date | None = None,
    last: date | None = None,
    today: date | None = None,
    base_url: str | None = None,
    allow_drafts: bool = False,
    excel: bool = False,
) -> BundleRun:
    """The scheduling bundle of a range into ``<out>/bundle/`` (nothing else of ``out`` moves).

    The range defaults to [today, today + horizon]; ``last`` defaults to ``first``
    plus the horizon. Nothing due before now (or 00:00 of ``today``) is shipped.
    Visuals are those of the last build in ``out``.
    """
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(msg("--base-url {url} must start with https:// (or http://)", url=repr(base_url)))
    instant = read_clock()
    project = load_project(root)
    out = out if out is not None else project.root / "dist"
    ctx = make_context(project, BuildOptions(today=today), instant)
    first = first or ctx.today
    last = last or default_bundle_range(first, project.charter.publish.horizon_days)[1]
    if last < first:
        raise UsageError(msg("--to {last} is before --from {first}", last=last, first=first))
    findings = check_stage(ctx, Upstream()).findings
    from pipeline.stages.history import read_history

    ctx = ctx.with_history(read_history(project.root))

    from pipeline.stages.bundle.make import make_bundle
    from pipeline.stages.bundle.place import place_bundle
    from pipeline.stages.bundle.site_visuals import visuals_in_dist

    records, files = visuals_in_dist(out, project)
    outcome = make_bundle(
        project,
        ctx.git,
        findings,
        records,
        lambda record: files[record.path],
        first=first,
        last=last,
        built_at=ctx.stamp,
        now=ctx.now,
        base_url=base_url,
        allow_drafts=allow_drafts,
        excel=excel,
    )
    if outcome.bundle is None:
        return BundleRun(outcome, first, last, None, [])
    made = outcome.bundle
    # The manifest lists every warning, so what the command prints and what the zip says agree.
    warnings = list(made.warnings)
    return BundleRun(outcome, first, last, place_bundle(out, first, last, made.data), warnings)


def agenda(root: Path, *, today: date | None = None, first: date | None = None, days: int = 14) -> Agenda:
    """The agenda of ``days`` days from ``first`` (today by default), with each post's findings."""
    from pipeline.commands.agenda import make_agenda
    from pipeline.stages.results.best_times import best_times
    from pipeline.stages.results.store import read_all

    instant = read_clock()
    project = load_project(root)
    ctx = make_context(project, BuildOptions(today=today), instant)
    findings = check_stage(ctx, Upstream()).findings
    best = best_times(read_all(project.root), project.charter.tz)
    return make_agenda(project, findings, today=ctx.today, first=first, days=days, best=best)


__all__ = ["BundleRun", "CheckRun", "WatchedRun", "agenda", "bundle", "check", "watch_check"]
