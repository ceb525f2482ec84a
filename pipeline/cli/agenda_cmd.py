"""``almanac agenda``: upcoming posts, seasonal dates, freezes and thin weeks."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console

from pipeline.build.runs import agenda
from pipeline.cli.agenda_view import as_plain, print_rich
from pipeline.cli.common import (
    echo,
    lang_option,
    parse_day,
    reports_errors,
    root_option,
    today_option,
    user_words,
)


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
@lang_option
@reports_errors
def agenda_command(
    root: Path, days: int, first: date | None, fmt: str, today: date | None, lang: str | None
) -> None:
    """Show what goes out in the coming days, the seasonal dates coming and the thin weeks."""
    found = agenda(root, today=today, first=first, days=days)
    if fmt == "json":
        echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2) + "\n")
    elif sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        print_rich(found, Console(), user_words(lang))
    else:
        echo(as_plain(found, user_words(lang)))
