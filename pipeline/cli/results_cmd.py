"""``almanac results import FILE [--partial]``: a network's post export into ``results/``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from pipeline.cli.common import reports_errors, root_option, said, said_plural, shown, speaks_option
from pipeline.commands.results import import_results
from pipeline.stages.load.loader import load_project
from pipeline.text.messages import N_

HOW = {
    "ledger": N_("{count} by permalink (ledger)"),
    "utm": N_("{count} by utm_content"),
    "time-text": N_("{count} by time and text"),
}


@click.group("results")
def results_command() -> None:
    """Post performance, from the networks' exports."""


@results_command.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@click.option("--partial", is_flag=True, help="Store the rows understood even if others are not.")
@speaks_option
@reports_errors
def import_command(file: Path, root: Path, partial: bool) -> None:
    """Read a Meta Business Suite, LinkedIn or X export and store its figures in results/<yyyy>/<mm>.csv."""
    _ = said()
    project = load_project(root)
    done = import_results(project, file, partial=partial)
    files = ", ".join(p.relative_to(project.root).as_posix() for p in done.written)
    ngettext = said_plural()
    stored = ngettext(
        "{count} row from a {source} export stored in {files}",
        "{count} rows from a {source} export stored in {files}",
        len(done.stored),
        source=done.source,
        files=files,
    )
    click.echo(stored)
    counts = Counter(r.matched_by for r in done.stored)
    click.echo("  " + ", ".join(_(HOW[how], count=n) for how, n in sorted(counts.items()) if how in HOW))
    if done.skipped:
        click.echo(ngettext("{count} row left out:", "{count} rows left out:", len(done.skipped)), err=True)
        for s in done.skipped:
            click.echo(f"  {file}:{s.line}: {shown(s.reason)}", err=True)
