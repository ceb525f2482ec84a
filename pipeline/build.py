"""The build: load → check → history → visuals, feeds, site, bundle → one atomic publish.

Everything is gathered in memory (or in the visuals cache) first and written at
the end by :func:`pipeline.output.publish`, so a failed build leaves the
previous ``dist/`` as it was. This module calls stages; it never prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.bundle.make import build_outputs as bundle_outputs
from pipeline.check import run_checks
from pipeline.findings import Finding, has_failures
from pipeline.history import History, build_time, read_history
from pipeline.load import Project, load_project
from pipeline.output import Artifact, PublishStats, publish
from pipeline.records import VisualRecord
from pipeline.report import as_json
from pipeline.site import render_site


@dataclass(frozen=True)
class BuildOptions:
    """How to build: strictness, parallelism, and the day checks count from."""

    strict: bool = False
    jobs: int | None = None
    today: date | None = None
    """Day date-relative checks count from; the clock in the brand's zone when None."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: its findings, and what was published (None when it failed)."""

    findings: list[Finding]
    failed: bool
    published: PublishStats | None
    out: Path
    stages: dict[str, int] = field(default_factory=dict)
    """Number of output files per stage."""


def check_today(project: Project, today: date | None) -> date:
    """The day checks count from: the given one, else today in the brand's zone."""
    return today or datetime.now(project.charter.tz).date()


def build(root: Path, out: Path | None = None, options: BuildOptions | None = None) -> BuildResult:
    """Build a brand repository into ``out`` (``<root>/dist`` by default)."""
    options = options or BuildOptions()
    project = load_project(root)
    out = out if out is not None else project.root / "dist"
    findings = run_checks(project, today=check_today(project, options.today))
    if has_failures(findings, strict=options.strict):
        return BuildResult(findings, failed=True, published=None, out=out)

    history = read_history(project.root)
    outputs = _gather(project, history, findings)
    stats = publish(out, {rel: art for stage in outputs.values() for rel, art in stage.items()})
    return BuildResult(
        findings,
        failed=False,
        published=stats,
        out=out,
        stages={name: len(files) for name, files in outputs.items()},
    )


def _gather(project: Project, history: History, findings: list[Finding]) -> dict[str, dict[str, Artifact]]:
    """Every output of every stage, by stage name, in memory."""
    _stamp = build_time(history)
    visual_records: list[VisualRecord] = []  # the visuals stage's records (issue 4)
    visual_files: dict[str, Artifact] = {}  # and its files, by path under dist (site/visuals/...)
    return {
        "report": {"report.json": Artifact.of_bytes(as_json(findings).encode())},
        "site": render_site(project, history, findings, visual_records),
        "bundle": bundle_outputs(project, history, findings, visual_records, visual_files, _stamp),
    }
