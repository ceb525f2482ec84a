"""``almanac build``: check, then write visuals, feeds, site and bundle into dist/, atomically."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from pipeline.build.context import BuildOptions
from pipeline.build.driver import build
from pipeline.cli.common import EXIT_FINDINGS, EXIT_OK, echo, reports_errors, root_option, today_option
from pipeline.cli.progress import visuals_progress
from pipeline.model.findings import Level
from pipeline.stages.check.report import as_text


@click.command("build")
@root_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: ROOT/dist).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: cores).")
@today_option
@reports_errors
def build_command(root: Path, out: Path | None, strict: bool, jobs: int | None, today: date | None) -> None:
    """Build the demo brand (or --root) into dist/."""
    with visuals_progress() as progress:
        result = build(root, out, BuildOptions(strict=strict, jobs=jobs, today=today, progress=progress))
    shown = [f for f in result.findings if f.level is not Level.INFO]
    if shown:
        echo(as_text(shown), err=True)
    for note in result.notes:
        click.echo(f"warning: bundle: {note}", err=True)
    if result.failed or result.published is None:
        click.echo("build failed: the previous output is left as it was", err=True)
        sys.exit(EXIT_FINDINGS)
    stats = result.published
    what = ", ".join(f"{name} {count}" for name, count in result.stages.items())
    if stats.changed:
        click.echo(
            f"built {result.out}: {stats.files} files ({what}); {stats.written} written, "
            f"{stats.linked} unchanged"
        )
    else:
        click.echo(f"built {result.out}: nothing changed ({stats.files} files)")
    sys.exit(EXIT_OK)
