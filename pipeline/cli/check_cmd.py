"""``almanac check``: the charter checks alone, fast enough for every pull request."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from pipeline.build import check_today
from pipeline.check import run_checks
from pipeline.cli.common import EXIT_FINDINGS, EXIT_OK, echo, reports_errors, root_option, today_option
from pipeline.findings import has_failures
from pipeline.load import load_project
from pipeline.report import as_github, as_json, as_markdown, as_text


@click.command("check")
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How to print findings.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@today_option
@reports_errors
def check_command(root: Path, fmt: str, strict: bool, today: date | None) -> None:
    """Check posts and topics against the brand charter."""
    project = load_project(root)
    findings = run_checks(project, today=check_today(project, today))
    if fmt == "json":
        echo(as_json(findings))
    elif fmt == "github":
        echo(as_github(findings))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with Path(summary).open("a", encoding="utf-8") as handle:
                handle.write(as_markdown(findings))
    else:
        echo(as_text(findings))
    sys.exit(EXIT_FINDINGS if has_failures(findings, strict=strict) else EXIT_OK)
