"""Progress of the visuals for people: a rich bar on a terminal, plain lines in CI logs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from pipeline.cli.common import said

if TYPE_CHECKING:
    # Types only: the visuals stage pulls in Pillow and numpy, which a build answered
    # from its stamp never needs (they were half of a no-op rebuild's start-up).
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
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
