"""``almanac bundle``: the scheduling bundle of a date range, into dist/bundle/ (nothing else moves)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from pipeline.cli.common import EXIT_FINDINGS, EXIT_OK, echo, parse_day, reports_errors, root_option
from pipeline.errors import UsageError
from pipeline.model.records import default_bundle_range
from pipeline.stages.bundle.make import make_bundle
from pipeline.stages.bundle.place import place_bundle
from pipeline.stages.bundle.site_visuals import visuals_in_dist
from pipeline.stages.check.engine import check_today, run_checks
from pipeline.stages.check.report import as_text
from pipeline.stages.history import build_time, read_history
from pipeline.stages.load.loader import load_project


@click.command("bundle")
@root_option
@click.option("--from", "first", callback=parse_day, metavar="DATE", help="First day (default: build day).")
@click.option("--to", "last", callback=parse_day, metavar="DATE", help="Last day (default: + horizon).")
@click.option("--base-url", default=None, metavar="URL", help="Where visuals are served (default: site_url).")
@click.option("--allow-drafts", is_flag=True, help="Add posts in review, marked as drafts.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: ROOT/dist); the zip goes in OUT/bundle/.",
)
@reports_errors
def bundle_command(
    root: Path,
    first: date | None,
    last: date | None,
    base_url: str | None,
    allow_drafts: bool,
    out: Path | None,
) -> None:
    """Write the scheduling bundle (manifest, media, scheduler imports) of a date range."""
    project = load_project(root)
    out = out if out is not None else project.root / "dist"
    history = read_history(project.root)
    built_at = build_time(history)
    default_first, default_last = default_bundle_range(
        built_at.astimezone(project.charter.tz).date(), project.charter.publish.horizon_days
    )
    first = first or default_first
    last = last or (default_last if first == default_first else first + (default_last - default_first))
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(f"--base-url {base_url!r} must start with https:// (or http://)")
    findings = run_checks(project, today=check_today(project, None))
    records, files = visuals_in_dist(out, project)
    outcome = make_bundle(
        project,
        history,
        findings,
        records,
        lambda record: files[record.path],
        first=first,
        last=last,
        built_at=built_at,
        base_url=base_url,
        allow_drafts=allow_drafts,
    )
    if outcome.bundle is None:
        echo(as_text(list(outcome.blocking)), err=True)
        click.echo(
            f"bundle refused: {len(outcome.blocking)} error finding(s) concern {first}..{last}", err=True
        )
        sys.exit(EXIT_FINDINGS)
    bundle = outcome.bundle
    rendered = {e.post for e in bundle.manifest.entries if e.media}
    for post in sorted({e.post for e in bundle.manifest.entries} - rendered):
        source = next(p for p in project.posts if p.id == post)
        if source.meta.visual is not None:
            click.echo(f"warning: {post} has a visual but none is built in {out}; run build", err=True)
    for warning in bundle.manifest.warnings:
        click.echo(f"warning: {warning}", err=True)
    path = place_bundle(out, first, last, bundle.data)
    click.echo(f"bundled {len(bundle.manifest.entries)} post×channel entries into {path}")
    sys.exit(EXIT_OK)
