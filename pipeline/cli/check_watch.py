"""``almanac check --watch``: the findings printed again after every change, until Ctrl-C."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import click

from pipeline.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, echo, error_text, said_plural, say_error
from pipeline.text.i18n import Translator


def watch_and_print(
    root: Path, *, fmt: str, strict: bool, today: date | None, interval: float, words: Translator | None
) -> int:
    """Print each check's findings (text, or one JSON report a line) and a status line on stderr.

    Returns the exit status of the last check, for when the watch is stopped; a first check that
    cannot run (no ``charter.yaml`` there) ends the watch at once.
    """
    from pipeline.build.runs import watch_check
    from pipeline.model.findings import has_failures
    from pipeline.stages.check.localize import localized
    from pipeline.stages.check.report import as_json, as_text

    stop = threading.Event()
    status = EXIT_OK
    runs = watch_check(root, stop, today=today, interval=interval)
    try:
        for number, run in enumerate(runs):
            if run.error is not None:
                say_error(error_text(run.error))
                if number == 0:
                    return EXIT_USAGE  # not a brand to watch (a wrong --root): nothing will mend it
                status = EXIT_USAGE
            else:
                findings = localized(run.findings, words) if words else run.findings
                # One report a line in JSON: what reads the output splits the runs at line ends.
                echo(as_json(findings, indent=None) if fmt == "json" else as_text(findings, words))
                status = EXIT_FINDINGS if has_failures(findings, strict=strict) else EXIT_OK
            click.echo(status_line(run.seconds, run.reloaded, words), err=True)
    except KeyboardInterrupt:
        stop.set()
    finally:
        runs.close()
    return status


def status_line(seconds: float, reloaded: int, words: Translator | None) -> str:
    """What a check took, and that the watch goes on, in the user's language."""
    shown = f"{seconds:.2f}" if words is None else words.number(round(seconds, 2))
    ngettext = said_plural()
    return ngettext(
        "checked in {seconds} s ({count} post file read again); watching for changes (Ctrl-C to stop)",
        "checked in {seconds} s ({count} post files read again); watching for changes (Ctrl-C to stop)",
        reloaded,
        seconds=shown,
    )
