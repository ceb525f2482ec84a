"""The build: load → history → check → visuals, feeds, report, site, bundle → one atomic publish.

The feeds, which need nothing a stage makes, are made while the checks' worker checks posts, and
the bundle while the site's worker renders post pages; each is taken in its turn.

Each stage's files go to a spool beside the output as the stage makes them
(:class:`pipeline.output.publish.Spool`: the build never holds every page, feed
and zip in memory), and :func:`pipeline.output.publish.publish` moves them into
the new build folder and swaps ``dist/`` once at the end, so a failed build
leaves the previous ``dist/`` as it was (and the spool is removed either way).
The clock is read once, at the start; every stage has the signature of
:mod:`pipeline.build.stages` and every problem a stage reports becomes a
finding through the check engine's one policy. This module calls stages; it
never prints.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pipeline.build.context import BuildContext, BuildOptions, clock_at, make_context, read_clock
from pipeline.build.fingerprint import Fingerprint, load_stamp, save_stamp, take
from pipeline.errors import GitError
from pipeline.model.findings import Finding, has_failures, sort_findings
from pipeline.model.inputs import STAMP_FILE
from pipeline.model.project import CACHE_DIR, Project
from pipeline.output.publish import (
    Artifact,
    PublishStats,
    Spool,
    current_folder,
    in_memory,
    publish,
    published_view,
)
from pipeline.output.store import finish_writes
from pipeline.text.messages import from_json, to_json

if TYPE_CHECKING:
    from pipeline.build.stages import Stage, StageResult, Upstream


@dataclass(frozen=True)
class BuildResult:
    """What a build did: its findings, and what was published (None when it failed)."""

    findings: list[Finding]
    failed: bool
    published: PublishStats | None
    out: Path
    stages: dict[str, int] = field(default_factory=dict)
    """Number of output files per stage."""
    skipped: bool = False
    """True when every input was as at the last successful build: its result was returned, nothing run."""
    notes: list[str] = field(default_factory=list)
    """What the command line should tell besides findings (posts the bundle left out as past)."""


def build(root: Path, out: Path | None = None, options: BuildOptions | None = None) -> BuildResult:
    """Build a brand repository into ``out`` (``<root>/dist`` by default).

    When every input is as it was at the last successful build (see
    :mod:`pipeline.build.fingerprint`), the build answers from that build's stamp
    without loading anything.
    """
    options = options or BuildOptions()
    instant = read_clock()
    target = out if out is not None else root.resolve() / "dist"
    stamp = root / CACHE_DIR / STAMP_FILE
    settings = {"today": options.today.isoformat() if options.today else "clock", "strict": options.strict}
    fingerprint = take(root, target, settings) if root.is_dir() else None
    if fingerprint is not None:
        replayed = _replay(load_stamp(stamp), fingerprint, root, target, instant, options)
        if replayed is not None:
            return replayed
    from pipeline.stages.fanout import gc_frozen
    from pipeline.stages.load.loader import load_project

    try:
        # The parse cache is written by a thread while the checks run (0.1 s of a cold build).
        project = load_project(root, jobs=options.jobs, write_behind=True)
        with gc_frozen():
            result, day, stale_at = _build_loaded(project, out, options, instant)
    finally:
        finish_writes()
    if fingerprint is not None and result.published is not None:
        saved = {
            "findings": [f.model_dump(mode="json") for f in result.findings],
            "files": result.published.files,
            "stages": result.stages,
            "tz": project.charter.brand.timezone,
            "day": day.isoformat(),
            "notes": [to_json(n) for n in result.notes],  # still translatable on a build that changes nothing
            "stale_at": stale_at,
        }
        save_stamp(stamp, fingerprint, result.out, saved)
    return result


def _build_loaded(
    project: Project, out: Path | None, options: BuildOptions, instant: datetime
) -> tuple[BuildResult, date, str | None]:
    """Check, output stages, publish: the result, the day it counted from, when it goes stale."""
    # Imported here: a build answered from its stamp loads and checks nothing, and these
    # modules (rules, lexicons, GitPython) were half of a no-op rebuild's time.
    from pipeline.build.stages import BESIDE_CHECKS, OUTPUT_STAGES, Upstream, check_stage
    from pipeline.stages.fanout import default_jobs
    from pipeline.stages.history import read_history

    out = out if out is not None else project.root / "dist"
    ctx = make_context(project, options, instant)
    release_memory()  # what the loader parsed with is freed: give its pages back before the checks
    # Read before the checks, which need it too (time.past) and read it themselves without it: 0.1 s
    # twice at 10,000 posts. A history git cannot read is the build's error, after the findings.
    with contextlib.suppress(GitError):
        ctx = ctx.with_history(read_history(project.root))
    early: dict[str, tuple[Upstream, StageResult]] = {}
    with contextlib.ExitStack() as stack:
        # After the history: git must not see the spool (beside ``dist`` in the brand) as an untracked file.
        spool = stack.enter_context(Spool(out)) if ctx.history is not None else None
        beside = None
        # A file the loader could not read fails the build whatever the rules say (the usual failure
        # while editing): the feeds would be made for nothing.
        doomed = has_failures(project.findings, strict=options.strict)
        if spool is not None and BESIDE_CHECKS is not None and not doomed:
            given = Upstream(keep=spool.keep)
            beside = _beside(ctx, given, BESIDE_CHECKS, dict(OUTPUT_STAGES)[BESIDE_CHECKS], early)
        checked = check_stage(ctx, Upstream(beside=beside))
        findings = list(checked.findings)
        if has_failures(findings, strict=options.strict):
            return BuildResult(findings, failed=True, published=None, out=out), ctx.today, None
        if ctx.history is None:
            ctx = ctx.with_history(read_history(project.root))
        release_memory()
        spool = spool or stack.enter_context(Spool(out))
        outputs, findings, notes, stale_at = run_stages(ctx, findings, published_view(out), spool, early)
        if has_failures(findings, strict=options.strict):
            # A stage found an error (a visual over its weight): fail like a check error would.
            failed = BuildResult(findings, failed=True, published=None, out=out, notes=notes)
            return failed, ctx.today, None
        files = {rel: art for stage in outputs.values() for rel, art in stage.items()}
        stats = publish(out, files, threads=options.jobs or default_jobs())
    result = BuildResult(
        findings,
        failed=False,
        published=stats,
        out=out,
        stages={name: len(files) for name, files in outputs.items()},
        notes=notes,
    )
    return result, ctx.today, stale_at


def run_stages(
    ctx: BuildContext,
    findings: list[Finding],
    previous: Mapping[str, Artifact] | None = None,
    spool: Spool | None = None,
    early: dict[str, tuple[Upstream, StageResult]] | None = None,
) -> tuple[dict[str, dict[str, Artifact]], list[Finding], list[str], str | None]:
    """Every output stage in order: artifacts by stage, all findings, notes, when the bundle goes stale.

    Each stage sees the findings settled so far, so the report, the site and
    the bundle show the problems the visuals and the feeds found. With a
    ``spool``, every file a stage made is on disk when the next one starts
    (pages as they are rendered); without, artifacts keep their bytes.
    ``early``: stages already run beside the checks, with what they were given.
    """
    from pipeline.build.stages import BESIDE, BESIDE_CHECKS, OUTPUT_STAGES, Upstream
    from pipeline.stages.check.engine import settle

    outputs: dict[str, dict[str, Artifact]] = {}
    keep = spool.keep if spool is not None else in_memory
    upstream = Upstream(findings=tuple(findings), previous=previous, keep=keep)
    notes: list[str] = []
    stale_at: str | None = None
    by_name = dict(OUTPUT_STAGES)
    early = dict(early or {})
    for name, stage in OUTPUT_STAGES:
        given, done_early = early.pop(name, (None, None))
        # What was made beside the checks reads nothing of ``upstream`` but where to keep its files.
        if done_early is not None and (
            given == upstream or (name == BESIDE_CHECKS and given is not None and given.keep == keep)
        ):
            done = done_early
        else:
            later = BESIDE.get(name)
            beside = None if later is None else _beside(ctx, upstream, later, by_name[later], early)
            done = stage(ctx, replace(upstream, beside=beside))
        outputs[name] = spool.settle(done.artifacts) if spool is not None else done.artifacts
        notes.extend(done.notes)
        stale_at = done.stale_at or stale_at
        found = settle(ctx.project, done.hits, changed=ctx.changed)
        upstream = Upstream(
            findings=tuple(sort_findings([*upstream.findings, *found])),
            records=upstream.records + done.records,
            visuals=outputs.get("visuals", {}),
            previous=previous,
            keep=keep,
        )
        release_memory()
    return outputs, list(upstream.findings), notes, stale_at


def _beside(
    ctx: BuildContext,
    upstream: Upstream,
    later: str,
    stage: Stage,
    early: dict[str, tuple[Upstream, StageResult]],
) -> Callable[[], None]:
    """Stage ``later`` run on ``upstream``, its result kept in ``early`` with what it was given."""

    def beside() -> None:
        early[later] = (upstream, stage(ctx, upstream))

    return beside


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc (macOS, musl): the allocator keeps its own policy
    return trim


def release_memory() -> None:
    """Hand the memory a stage freed back to the system (glibc keeps it otherwise).

    Python frees a stage's temporary objects, but glibc's allocator keeps the
    pages for later: after the load and each stage the build's resident size
    would stay at its high-water mark, and the next stage's own peak would add
    to it. ``malloc_trim`` costs a few milliseconds.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _replay(
    saved: dict[str, Any],
    fingerprint: Fingerprint,
    root: Path,
    out: Path,
    instant: datetime,
    options: BuildOptions,
) -> BuildResult | None:
    """The last build's result, when its stamp matches every input now (and the clock's day).

    With the clock (no ``--today``), the day must be the same, and the bundle it
    published must not have gone stale since (an entry now past, or too close to
    now for a scheduler to take).
    """
    result = saved.get("result")
    if not isinstance(result, dict) or not fingerprint.same_as(saved, root, out):
        return None
    try:
        if options.today is None:
            clock = clock_at(ZoneInfo(result["tz"]), instant)
            if clock.today.isoformat() != result["day"]:
                return None
            stale_at = result.get("stale_at")
            if stale_at is not None and datetime.fromisoformat(stale_at) <= clock.now:
                return None
        findings = [Finding.model_validate(f) for f in result["findings"]]
        files, stages = int(result["files"]), {str(k): int(v) for k, v in result["stages"].items()}
        notes = [from_json(n) for n in result.get("notes", [])]
    except (KeyError, TypeError, ValueError):
        return None
    published = PublishStats(files, 0, 0, changed=False, folder=current_folder(out))
    return BuildResult(
        findings, failed=False, published=published, out=out, stages=stages, skipped=True, notes=notes
    )


__all__ = ["BuildOptions", "BuildResult", "build", "release_memory", "run_stages"]
