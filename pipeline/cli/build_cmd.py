"""``almanac build``: check, then write visuals, feeds, site and bundle into dist/, atomically."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from pipeline.build.context import BuildOptions
from pipeline.build.driver import build
from pipeline.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    echo,
    lang_option,
    reports_errors,
    root_option,
    today_option,
    user_words,
)
from pipeline.cli.progress import visuals_progress
from pipeline.model.findings import Level
from pipeline.stages.check.localize import say
from pipeline.stages.check.report import as_text
from pipeline.text.i18n import gettext_of
from pipeline.text.messages import N_

STAGE_LABELS = {
    "visuals": N_("visuals"),
    "feeds": N_("feeds"),
    "report": N_("report"),
    "site": N_("site"),
    "admin": N_("web editor"),
    "bundle": N_("bundle"),
}
"""How the build's last line names each stage's files, in the user's language."""


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
@lang_option
@reports_errors
def build_command(
    root: Path, out: Path | None, strict: bool, jobs: int | None, today: date | None, lang: str | None
) -> None:
    """Build the demo brand (or --root) into dist/."""
    # What the command says is in the user's language; what it builds, in the brand's.
    words = user_words(lang)
    _ = gettext_of(words)
    with visuals_progress() as progress:
        result = build(root, out, BuildOptions(strict=strict, jobs=jobs, today=today, progress=progress))
    shown = [f for f in result.findings if f.level is not Level.INFO]
    if shown:
        echo(as_text(shown, words), err=True)
    for note in result.notes:
        click.echo(_("warning: bundle: {note}", note=say(note, words) if words else note), err=True)
    if result.failed or result.published is None:
        click.echo(_("build failed: the previous output is left as it was"), err=True)
        sys.exit(EXIT_FINDINGS)
    stats = result.published
    # A stage that made nothing (no web editor configured) is left out of the line.
    what = ", ".join(
        f"{_(STAGE_LABELS.get(name, name))} {count}" for name, count in result.stages.items() if count
    )
    if stats.changed:
        click.echo(
            _(
                "built {out}: {files} files ({what}); {written} written, {linked} unchanged",
                out=result.out,
                files=stats.files,
                what=what,
                written=stats.written,
                linked=stats.linked,
            )
        )
    else:
        click.echo(_("built {out}: nothing changed ({files} files)", out=result.out, files=stats.files))
    sys.exit(EXIT_OK)
