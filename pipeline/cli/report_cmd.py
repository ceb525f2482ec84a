"""``almanac report new YYYY-MM``: the month's report file, figures filled in."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.common import reports_errors, root_option, speaks_option
from pipeline.commands.report import new_report, parse_month
from pipeline.stages.load.loader import load_project


@click.group("report")
def report_command() -> None:
    """The monthly report's written parts (reports/<yyyy>-<mm>.md)."""


@report_command.command("new")
@click.argument("month", metavar="YYYY-MM")
@root_option
@speaks_option
@reports_errors
def report_new_command(month: str, root: Path) -> None:
    """Write reports/<yyyy>-<mm>.md with the month's figures, to write the conclusion from."""
    first = parse_month(month)
    project = load_project(root)
    click.echo(new_report(project, first).relative_to(project.root).as_posix())
