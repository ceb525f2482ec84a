"""Progress of the visuals for people: a rich bar on a terminal, plain lines in CI logs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline.cli.common import said
from pipeline.stages.visuals.stage import ProgressFn, VisualProgress


@contextmanager
def visuals_progress() -> Iterator[ProgressFn]:
    """A progress callback for the build; the bar (if any) is closed when the block ends."""
    _ = said()
    if not sys.stderr.isatty():

        def plain(p: VisualProgress) -> None:
            if p.done:
                line = _("visuals {done}/{total} {label}", done=p.done, total=p.total, label=p.label)
                click.echo(line, err=True)

        yield plain
        return
    bar = Progress(
        TextColumn(_("visuals")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    task = None

    def draw(p: VisualProgress) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("", total=p.total)
        bar.update(task, completed=p.done, description=p.label)

    try:
        yield draw
    finally:
        if task is not None:
            bar.stop()
