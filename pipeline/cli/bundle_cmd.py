"""``almanac bundle``: the scheduling bundle of a date range, into dist/bundle/ (nothing else moves)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from pipeline.build.runs import bundle
from pipeline.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    current_words,
    echo,
    parse_day,
    reports_errors,
    root_option,
    said,
    said_plural,
    shown,
    speaks_option,
)
from pipeline.stages.check.report import as_text


@click.command("bundle")
@root_option
@click.option("--from", "first", callback=parse_day, metavar="DATE", help="First day (default: today).")
@click.option("--to", "last", callback=parse_day, metavar="DATE", help="Last day (default: + horizon).")
@click.option(
    "--today",
    callback=parse_day,
    metavar="DATE",
    help="Export from 00:00 of this day instead of now (posts due before it are left out).",
)
@click.option("--base-url", default=None, metavar="URL", help="Where visuals are served (default: site_url).")
@click.option("--allow-drafts", is_flag=True, help="Add posts in review, marked as drafts.")
@click.option(
    "--excel",
    is_flag=True,
    help="Also write every CSV for Excel in exports/excel/ (UTF-8 with BOM, ';' separators).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: ROOT/dist); the zip goes in OUT/bundle/.",
)
@speaks_option
@reports_errors
def bundle_command(
    root: Path,
    first: date | None,
    last: date | None,
    today: date | None,
    base_url: str | None,
    allow_drafts: bool,
    excel: bool,
    out: Path | None,
) -> None:
    """Write the scheduling bundle (manifest, media, scheduler imports) of a date range, from now on."""
    _ = said()
    run = bundle(
        root,
        out,
        first=first,
        last=last,
        today=today,
        base_url=base_url,
        allow_drafts=allow_drafts,
        excel=excel,
    )
    made = run.outcome.bundle
    if made is None:
        blocking = list(run.outcome.blocking)
        echo(as_text(blocking, current_words()), err=True)
        ngettext = said_plural()
        click.echo(
            ngettext(
                "bundle refused: {count} error finding concerns {first}..{last}",
                "bundle refused: {count} error findings concern {first}..{last}",
                len(blocking),
                first=run.first,
                last=run.last,
            ),
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    for warning in run.warnings:
        click.echo(_("warning: {warning}", warning=shown(warning)), err=True)
    click.echo(
        _("bundled {count} post×channel entries into {path}", count=len(made.manifest.entries), path=run.path)
    )
    sys.exit(EXIT_OK)
