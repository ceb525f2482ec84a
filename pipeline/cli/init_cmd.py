"""``almanac init``: start a brand of one's own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from pipeline.build.context import read_clock
from pipeline.cli.common import reports_errors, said, today_option
from pipeline.commands.init import COUNTRIES, LANGUAGES, InitRequest, init_brand


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path), default=Path())
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGES)),
    default="fr",
    show_default=True,
    help="Language of the charter's comments and of the example post.",
)
@click.option(
    "--country",
    type=click.Choice(sorted(COUNTRIES), case_sensitive=False),
    default="FR",
    show_default=True,
    help="Whose seasonal topics (and time zone) the brand starts with.",
)
@click.option("--name", help="Brand name (default: from the folder name).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (files are replaced).")
@today_option
@reports_errors
def init_command(
    directory: Path, lang: str, country: str, name: str | None, force: bool, today: date | None
) -> None:
    """Write a new brand repository into DIRECTORY: charter, folders, example post, workflows."""
    written = init_brand(
        InitRequest(
            root=directory, lang=lang, country=country, name=name, today=today, now=read_clock(), force=force
        )
    )
    # --lang here is the brand's language: what init says to the person follows their locale.
    _ = said()
    click.echo(
        _(
            "{directory}: {count} files written. Next: cd {directory} && almanac check",
            directory=directory,
            count=len(written),
        )
    )
