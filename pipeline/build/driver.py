"""The build: load → check → history → visuals, feeds, site, bundle → one atomic publish.

Everything is gathered in memory (or in the visuals cache) first and written at
the end by :func:`pipeline.output.publish.publish`, so a failed build leaves the
previous ``dist/`` as it was. This module calls stages; it never prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pipeline.build.fingerprint import Fingerprint, load_stamp, save_stamp, take
from pipeline.model.findings import Finding, has_failures, sort_findings
from pipeline.model.project import CACHE_DIR, Project
from pipeline.model.records import VisualRecord
from pipeline.output.publish import Artifact, PublishStats, current_folder, publish, published_view
from pipeline.stages.check.engine import check_today, run_checks, settle_stage_hits
from pipeline.stages.check.report import as_json
from pipeline.stages.history import History, build_time, read_history
from pipeline.stages.load.loader import load_project

if TYPE_CHECKING:
    from pipeline.stages.visuals.stage import ProgressFn


@dataclass(frozen=True)
class BuildOptions:
    """How to build: strictness, parallelism, and the day checks count from."""

    strict: bool = False
    jobs: int | None = None
    today: date | None = None
    """Day date-relative checks count from; the clock in the brand's zone when None."""
    progress: ProgressFn | None = None
    """Told of each visual rendered (the command line draws it); the build itself never prints."""


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


STAMP_FILE = "build-stamp.json"


def build(root: Path, out: Path | None = None, options: BuildOptions | None = None) -> BuildResult:
    """Build a brand repository into ``out`` (``<root>/dist`` by default).

    When every input is as it was at the last successful build (see
    :mod:`pipeline.build.fingerprint`), the build answers from that build's stamp
    without loading anything.
    """
    options = options or BuildOptions()
    target = out if out is not None else root.resolve() / "dist"
    stamp = root / CACHE_DIR / STAMP_FILE
    settings = {"today": options.today.isoformat() if options.today else "clock", "strict": options.strict}
    fingerprint = take(root, target, settings) if root.is_dir() else None
    if fingerprint is not None:
        replayed = _replay(load_stamp(stamp), fingerprint, root, target)
        if replayed is not None:
            return replayed
    project = load_project(root)
    out = out if out is not None else project.root / "dist"
    today = check_today(project, options.today)
    findings = run_checks(project, today=today)
    if has_failures(findings, strict=options.strict):
        return BuildResult(findings, failed=True, published=None, out=out)

    history = read_history(project.root)
    outputs = _gather(project, history, findings, options, published_view(out))
    if has_failures(findings, strict=options.strict):
        # A stage found an error (a visual over its weight): fail like a check error would.
        return BuildResult(sort_findings(findings), failed=True, published=None, out=out)
    stats = publish(out, {rel: art for stage in outputs.values() for rel, art in stage.items()})
    result = BuildResult(
        findings,
        failed=False,
        published=stats,
        out=out,
        stages={name: len(files) for name, files in outputs.items()},
    )
    if fingerprint is not None:
        saved = {
            "findings": [f.model_dump(mode="json") for f in findings],
            "files": stats.files,
            "stages": result.stages,
            "tz": project.charter.brand.timezone,
            "day": today.isoformat(),
        }
        save_stamp(stamp, fingerprint, out, saved)
    return result


def _replay(saved: dict[str, Any], fingerprint: Fingerprint, root: Path, out: Path) -> BuildResult | None:
    """The last build's result, when its stamp matches every input now (and the clock's day)."""
    result = saved.get("result")
    if not isinstance(result, dict) or not fingerprint.same_as(saved, root, out):
        return None
    try:
        clock = fingerprint.parts["settings"]["today"] == "clock"
        if clock and datetime.now(ZoneInfo(result["tz"])).date().isoformat() != result["day"]:
            return None
        findings = [Finding.model_validate(f) for f in result["findings"]]
        files, stages = int(result["files"]), {str(k): int(v) for k, v in result["stages"].items()}
    except (KeyError, TypeError, ValueError):
        return None
    published = PublishStats(files, 0, 0, changed=False, folder=current_folder(out))
    return BuildResult(findings, failed=False, published=published, out=out, stages=stages, skipped=True)


def _gather(
    project: Project,
    history: History,
    findings: list[Finding],
    options: BuildOptions,
    previous: Mapping[str, Artifact] | None = None,
) -> dict[str, dict[str, Artifact]]:
    """Every output of every stage, by stage name, in memory (visuals as links into their cache).

    Problems the stages find are appended to ``findings``, so the report and the
    build's result carry them.
    """
    _stamp = build_time(history)
    # The stages import Pillow, numpy, Jinja and icalendar: only a build that runs needs them,
    # and a no-op rebuild answered from its stamp would otherwise spend most of its time here.
    from pipeline.stages.bundle.make import build_outputs as bundle_outputs
    from pipeline.stages.feeds import build_feeds
    from pipeline.stages.site import render_site
    from pipeline.stages.visuals.stage import render_visuals

    visuals = render_visuals(project, jobs=options.jobs, progress=options.progress)
    findings.extend(settle_stage_hits(project, visuals.hits, findings))
    records: list[VisualRecord] = visuals.records
    feeds = build_feeds(project, history, _stamp)
    findings.extend(feeds.findings)  # so the report, the site and the command line show them
    return {
        "visuals": visuals.artifacts,
        "feeds": feeds.files,
        "report": {"report.json": Artifact.of_bytes(as_json(sort_findings(findings)).encode())},
        "site": render_site(project, history, findings, records, previous=previous),
        "bundle": bundle_outputs(project, history, findings, records, visuals.artifacts, _stamp),
    }
