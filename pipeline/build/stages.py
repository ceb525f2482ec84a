"""The build's stages, each with one signature: ``stage(ctx, upstream) -> StageResult``.

A stage reads the frozen :class:`~pipeline.build.context.BuildContext` and what
earlier stages handed on (:class:`Upstream`), and returns its artifacts (paths
under ``dist/``) and the problems it found as hits at their rule's default
level. The driver turns every hit into a finding through the check engine's one
policy (:func:`pipeline.stages.check.engine.settle`); stages never decide a
level, never print and never read the clock.

The stage modules import Pillow, numpy, Jinja and icalendar: they are imported
inside each stage so that ``almanac check`` and a no-op rebuild answered from
its stamp do not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pipeline.build.context import BuildContext
from pipeline.model.findings import Finding, sort_findings
from pipeline.model.hits import StageHit
from pipeline.model.records import VisualRecord
from pipeline.output.publish import Artifact, Writer, in_memory
from pipeline.stages.check.engine import run_checks
from pipeline.stages.check.report import as_json


@dataclass(frozen=True)
class Upstream:
    """What earlier stages handed on: settled findings, visual records and files, the last build."""

    findings: tuple[Finding, ...] = ()
    records: tuple[VisualRecord, ...] = ()
    visuals: Mapping[str, Artifact] = field(default_factory=dict)
    """The visuals stage's artifacts, by path under ``dist/`` (``site/visuals/...``)."""
    previous: Mapping[str, Artifact] | None = None
    """The published build's files, for stages that reuse what did not change."""
    keep: Callable[[bytes | Writer], Artifact] = in_memory
    """Makes an artifact of bytes (or of what a writer writes) as they are made: the build's spool
    writes them to disk at once, so a stage with thousands of files (the site) or a large one (the
    bundle's zip) need not hold them."""
    beside: Callable[[], object] | None = None
    """A later stage's work, for this process while this stage's workers render (see :data:`BESIDE`)."""


@dataclass(frozen=True)
class StageResult:
    """What one stage made: artifacts by path under ``dist/``, problems, and what later stages need."""

    artifacts: dict[str, Artifact] = field(default_factory=dict)
    hits: tuple[StageHit, ...] = ()
    """Problems at their rule's default level; the driver settles them."""
    findings: tuple[Finding, ...] = ()
    """Already settled findings (the check stage's, which is the engine itself)."""
    records: tuple[VisualRecord, ...] = ()
    notes: tuple[str, ...] = ()
    """What the command line should tell (posts the bundle left out as past)."""
    stale_at: str | None = None
    """From this instant (ISO) the bundle made is stale: an entry would be dropped or moved."""


Stage = Callable[[BuildContext, Upstream], StageResult]


def check_stage(ctx: BuildContext, upstream: Upstream) -> StageResult:
    """The loader's findings and every rule's, from ``ctx.today`` (``ctx.changed`` scopes them).

    ``upstream.beside`` is done by this process while the workers check their share of the posts.
    The check cache is written behind: the command waits for it before it ends
    (:func:`~pipeline.output.store.finish_writes`).
    """
    findings = run_checks(
        ctx.project,
        today=ctx.today,
        changed=ctx.changed,
        now=ctx.now,
        history=ctx.history,
        jobs=ctx.options.jobs,
        beside=upstream.beside,
        write_behind=True,
    )
    return StageResult(findings=tuple(findings))


def visuals_stage(ctx: BuildContext, upstream: Upstream) -> StageResult:
    """Every visual, rendered or from its cache; posts the checks found unreadable are left out."""
    from pipeline.stages.visuals.stage import render_visuals

    unusable = {f.post for f in upstream.findings if f.rule == "asset.unreadable" and f.post}
    done = render_visuals(
        ctx.project, jobs=ctx.options.jobs, progress=ctx.options.progress, unusable=unusable
    )
    return StageResult(done.artifacts, tuple(done.hits), records=tuple(done.records))


def feeds_stage(ctx: BuildContext, upstream: Upstream) -> StageResult:
    """The iCal feeds, dated by the commit, each kept (spooled) as soon as it is written."""
    from pipeline.stages.feeds import build_feeds

    feeds = build_feeds(ctx.project, ctx.git, ctx.stamp, keep=upstream.keep)
    return StageResult(feeds.files, tuple(feeds.hits))


def report_stage(_ctx: BuildContext, upstream: Upstream) -> StageResult:
    """``report.json``: every finding of the build."""
    data = as_json(sort_findings(upstream.findings)).encode()
    return StageResult({"report.json": Artifact.of_bytes(data)})


def site_stage(ctx: BuildContext, upstream: Upstream) -> StageResult:
    """The preview site, dated by the commit (what depends on the viewing day is done in the browser)."""
    from pipeline.stages.site import render_site

    pages = render_site(
        ctx.project,
        ctx.git,
        list(upstream.findings),
        list(upstream.records),
        previous=upstream.previous,
        keep=upstream.keep,
        jobs=ctx.options.jobs,
        beside=upstream.beside,
    )
    return StageResult(pages)


def admin_stage(ctx: BuildContext, _upstream: Upstream) -> StageResult:
    """The web editor under the site's ``admin/``, when the charter has an ``editor`` section."""
    from pipeline.stages.admin import render_admin

    return StageResult(render_admin(ctx.project))


def bundle_stage(ctx: BuildContext, upstream: Upstream) -> StageResult:
    """The scheduling bundle of [today, + horizon], from ``ctx.now`` on, its zip kept (spooled) once made.

    Written straight into the spool, never whole in memory: made beside the site's worker, the
    zip (70 MB at 10,000 posts) was held in memory until the site was done, then hashed and
    written by this process alone while the other core waited (half a second).
    """
    from pipeline.stages.bundle.make import build_outputs
    from pipeline.stages.bundle.slots import LEAD

    files, bundle, raised = build_outputs(
        ctx.project,
        ctx.git,
        upstream.findings,
        upstream.records,
        upstream.visuals,
        ctx.stamp,
        now=ctx.now,
        keep=upstream.keep,
    )
    if bundle is None:
        return StageResult(files, raised)
    first = min((e.publish_at_utc for e in bundle.manifest.entries), default=None)
    # Schedulers want a post at least LEAD after the upload: past that point the slots move.
    stale = first - LEAD if first is not None else None
    return StageResult(files, raised, notes=bundle.left_out, stale_at=stale.isoformat() if stale else None)


OUTPUT_STAGES: tuple[tuple[str, Stage], ...] = (
    ("visuals", visuals_stage),
    ("feeds", feeds_stage),
    ("report", report_stage),
    ("site", site_stage),
    ("admin", admin_stage),
    ("bundle", bundle_stage),
)
"""The stages after the checks, in order; visuals and feeds report problems the later ones show."""

BESIDE = {"site": "bundle"}
"""A later stage run by an earlier one's process while that stage's workers render: the bundle
needs nothing the site or the web editor makes, and they report no problem, so it is what it
would be after them; in the meantime the site's worker takes more of the post pages (without it,
the bundle's second and a half of a 10,000-post build left the other core idle). The driver runs
the later stage again if what it was given has changed by its turn."""


BESIDE_CHECKS: str | None = "feeds"
"""The output stage the build runs while the checks' workers check posts, before its turn.

It must be a stage whose result depends on the build's context alone (and where it keeps its
files), never on an earlier stage's findings, records or files: the driver takes what it made in
its turn whatever the stages between added. The feeds need the project, the history and the
build's time, nothing an earlier stage makes. Alone in their turn they kept one core busy for a
second and a half at 10,000 posts while the other waited; beside the checks, the worker takes more
of the posts meanwhile. A build the rules fail has made them for nothing (the spool holding them
is removed with the rest); one the loader already fails makes nothing beside."""
