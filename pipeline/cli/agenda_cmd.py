"""``almanac agenda``: upcoming posts, seasonal dates, freezes and thin weeks."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console

from pipeline.cli.agenda_view import as_plain, print_rich
from pipeline.cli.common import echo, parse_day, reports_errors, root_option, today_option
from pipeline.commands.agenda import make_agenda
from pipeline.stages.check.engine import check_today, run_checks
from pipeline.stages.load.loader import load_project


@click.command("agenda")
@root_option
@click.option("--days", type=click.IntRange(1, 366), default=14, show_default=True, help="How many days.")
@click.option("--from", "first", callback=parse_day, metavar="DATE", help="First day (default: today).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a table on a terminal, plain lines otherwise; json: for scripts.",
)
@today_option
@reports_errors
def agenda_command(root: Path, days: int, first: date | None, fmt: str, today: date | None) -> None:
    """Show what goes out in the coming days, the seasonal dates coming and the thin weeks."""
    project = load_project(root)
    day = check_today(project, today)
    agenda = make_agenda(project, run_checks(project, today=day), today=day, first=first, days=days)
    if fmt == "json":
        echo(json.dumps(agenda.as_json(), ensure_ascii=False, indent=2) + "\n")
    elif sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        print_rich(agenda, Console())
    else:
        echo(as_plain(agenda))
