"""``almanac ledger import FILE``: what went out, from a scheduler's export, into ledger/<yyyy>/<mm>.csv."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    reports_errors,
    root_option,
    said,
    said_plural,
    shown,
    speaks_option,
)
from pipeline.commands.ledger import import_export
from pipeline.stages.ledger.formats import FORMATS
from pipeline.text.messages import N_


@click.group("ledger")
def ledger_command() -> None:
    """The ledger of published posts (ledger/<yyyy>/<mm>.csv)."""


@ledger_command.command("import")
@root_option
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--partial", is_flag=True, help="Write the rows understood even if others are not.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Default: from the columns.")
@click.option("--encoding", default=None, metavar="NAME", help="The file's encoding (default: UTF-8/UTF-16).")
@speaks_option
@reports_errors
def import_command(root: Path, export: Path, partial: bool, fmt: str | None, encoding: str | None) -> None:
    """Read an export of sent posts (Hootsuite, Buffer, Meta Business Suite) into the ledger."""
    _, ngettext = said(), said_plural()
    done = import_export(root, export, partial=partial, fmt=fmt, encoding=encoding)
    for error in done.errors:
        click.echo(_("error: {error}", error=shown(error)), err=True)
    for row in done.unmatched:
        click.echo(
            _(
                UNMATCHED,
                file=export.name,
                row=row.row,
                when=f"{row.published_at:%Y-%m-%d %H:%M %z}",
                text=row.text[:60],
            ),
            err=True,
        )
    if done.refused:
        refused = ngettext(
            "nothing written: {count} row not understood (fix it, or pass --partial to write the others)",
            "nothing written: {count} rows not understood (fix them, or pass --partial to write the others)",
            len(done.errors),
        )
        click.echo(refused, err=True)
        sys.exit(EXIT_FINDINGS)
    wrote = ngettext(
        "{count} published post from {source} recorded in {files}",
        "{count} published posts from {source} recorded in {files}",
        len(done.entries),
        source=done.source,
        files=", ".join(done.written) or "-",
    )
    click.echo(wrote)
    sys.exit(EXIT_OK)


UNMATCHED = N_("unmatched: {file} row {row} ({when}): no post matches “{text}”")
