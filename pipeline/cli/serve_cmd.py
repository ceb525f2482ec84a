"""``almanac serve``: the preview site on localhost, rebuilt when content changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from pipeline.build.context import BuildOptions
from pipeline.build.serve import Preview
from pipeline.cli.common import (
    current_words,
    fail,
    reports_errors,
    root_option,
    said,
    shown,
    speaks_option,
    today_option,
)
from pipeline.text.oserrors import os_reason


@click.command("serve")
@root_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; loopback keeps the preview on this machine.",
)
@click.option("--interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True, hidden=True)
@today_option
@speaks_option
@reports_errors
def serve_command(root: Path, port: int, host: str, interval: float, today: date | None) -> None:
    """Serve dist/site and rebuild it when content/, calendar/, assets/ or charter.yaml change."""
    _ = said()
    try:
        preview = Preview(
            root,
            host=host,
            port=port,
            report=lambda text: click.echo(text, err=True),
            options=BuildOptions(today=today),
            words=current_words(),
        )
    except OSError as exc:
        reason = shown(os_reason(exc))
        fail(_("cannot listen on {host}:{port}: {error}", host=host, port=port, error=reason))
    preview.rebuild()
    click.echo(
        _(
            "serving {folder} at {url} (Ctrl-C to stop)",
            folder=preview.root / "dist" / "site",
            url=preview.url,
        )
    )
    try:
        preview.run(interval)
    except KeyboardInterrupt:
        preview.stop.set()
