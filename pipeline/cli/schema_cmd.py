"""``almanac schema``: write the JSON Schemas of charter.yaml and the front matters."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.common import reports_errors, said, speaks_option
from pipeline.commands.schema import write_schemas

DEFAULT_OUT = Path(".vscode/schemas")


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write <name>.schema.json into.",
)
@speaks_option
@reports_errors
def schema_command(out: Path) -> None:
    """Write JSON Schemas (draft 2020-12) for editors: charter, post, topic, campaign."""
    _ = said()
    for path, changed in write_schemas(out):
        click.echo(str(path) if changed else _("{path} (unchanged)", path=path))
