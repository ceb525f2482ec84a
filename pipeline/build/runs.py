"""The other commands through the same driver: ``check``, ``bundle`` and ``agenda``.

Each reads the clock once (or takes ``--today``), makes one
:class:`~pipeline.build.context.BuildContext` and runs the stages it needs
with the same signature as the build's. The command line only parses flags,
calls these and prints what they return; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.build.context import BuildOptions, make_context, read_clock
from pipeline.build.stages import Upstream, check_stage
from pipeline.errors import UsageError
from pipeline.model.findings import Finding
from pipeline.model.project import CHARTER_FILE
from pipeline.model.records import default_bundle_range
from pipeline.stages.load.loader import load_project
from pipeline.text.messages import msg

if TYPE_CHECKING:
    from pipeline.commands.agenda import Agenda
    from pipeline.stages.bundle.make import BundleOutcome
    from pipeline.stages.check.fix import FileFix
    from pipeline.stages.check.since import ChangesAhead


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
        project = load_changed(root, changes.files, blobs=changes.blobs)
    else:
        project = load_project(root)
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


__all__ = ["BundleRun", "CheckRun", "agenda", "bundle", "check"]
