"""The ``almanac`` command line: parse arguments, call the driver (``pipeline.build``), print, exit.

Exit codes: 0 no error-level finding (warnings allowed unless ``--strict``);
1 error-level findings; 2 the command itself could not run.
No logic lives here (the driver holds it, and never prints); each command is
in its own module of this package.
"""

from __future__ import annotations

import atexit
import copy
import importlib
import os
import sys
import threading
from typing import Any

import click

from pipeline import __version__
from pipeline.cli.click_words import speak
from pipeline.cli.common import user_words
from pipeline.text.i18n import Translator

PYDANTIC_PLUGINS_VARIABLE = "PYDANTIC_DISABLE_PLUGINS"

# Commands are imported only when run: `almanac check` must not pay for the
# build's imports (Jinja, Pillow, numpy, icalendar), which took 0.7 s at start-up.
COMMANDS: dict[str, str] = {
    "check": "pipeline.cli.check_cmd:check_command",
    "build": "pipeline.cli.build_cmd:build_command",
    "bundle": "pipeline.cli.bundle_cmd:bundle_command",
    "serve": "pipeline.cli.serve_cmd:serve_command",
    "new": "pipeline.cli.new_cmd:new_command",
    "agenda": "pipeline.cli.agenda_cmd:agenda_command",
    "schema": "pipeline.cli.schema_cmd:schema_command",
    "init": "pipeline.cli.init_cmd:init_command",
    "pause": "pipeline.cli.pause_cmd:pause_command",
    "resume": "pipeline.cli.pause_cmd:resume_command",
    "results": "pipeline.cli.results_cmd:results_command",
    "report": "pipeline.cli.report_cmd:report_command",
    "ledger": "pipeline.cli.ledger_cmd:ledger_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, from :data:`COMMANDS`.

    Their help (``--help``, the list of commands) is handed out in the user's language:
    ``--lang`` when it is among the command's arguments, else the locale. Each lookup
    gets its own translated copy, so nothing is decided at import time.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted (``--help`` imports them all to show their help)."""
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module only now."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        words = user_words(self.asked)
        return command if words is None else _translated(command, words)

    asked: str | None = None
    """``--lang`` of the command being resolved (set only while :meth:`resolve_command` runs)."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        """Click's own words (usage, errors, the help's headings) in the user's language, then parse."""
        # init's --lang is the brand's language; what init says follows the locale.
        speak(None if args[:1] == ["init"] else _asked_language(args[1:]))
        # click keeps the help option it made first, worded in that run's language: a process that
        # runs several commands (a test runner) gets one in this run's.
        self._help_option = None
        return super().make_context(info_name, args, parent, **extra)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command named by ``args[0]``, its help in the ``--lang`` among the rest, if any."""
        # init's --lang is the brand's language; what init says follows the locale.
        self.asked = None if args[:1] == ["init"] else _asked_language(args[1:])
        try:
            return super().resolve_command(ctx, args)
        finally:
            self.asked = None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The group's help (its text, its options' texts) in the user's language, from a translated copy."""
        words = user_words(None)
        copied = self if words is None else _translated(self, words)
        assert isinstance(copied, LazyGroup)
        super(LazyGroup, copied).format_help(ctx, formatter)


def _asked_language(args: list[str]) -> str | None:
    """The value of ``--lang`` among a command's arguments, before click has parsed them."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _translated(command: click.Command, words: Translator) -> click.Command:
    """A copy of a command whose help texts (its own, its options', its subcommands') are translated."""
    copied = copy.copy(command)
    copied._help_option = None  # made again, in this run's language (see LazyGroup.make_context)
    if command.help:
        copied.help = words.gettext(command.help)
    if command.short_help:
        copied.short_help = words.gettext(command.short_help)
    params = []
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            english = param.help
            param = copy.copy(param)
            param.help = words.gettext(english)
        params.append(param)
    copied.params = params
    if isinstance(command, click.Group) and isinstance(copied, click.Group):
        copied.commands = {name: _translated(sub, words) for name, sub in command.commands.items()}
    return copied


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="almanac")
def cli() -> None:
    """Almanac: a social-media editorial calendar as a git repository."""


def main() -> None:
    """Console-script entry point."""
    # pydantic looks for plugins in every installed package's metadata when it builds the first
    # model (30 to 40 ms with 170 packages, in this process and again in each worker's server).
    # Almanac uses none; someone who wants one sets the variable themselves.
    os.environ.setdefault(PYDANTIC_PLUGINS_VARIABLE, "__all__")
    try:
        cli(prog_name="almanac")  # click's standalone mode always ends in SystemExit
    except SystemExit as done:
        exit_now(done)
        raise


def exit_now(done: SystemExit) -> None:
    """End the process at once, skipping the interpreter's teardown, when nothing else needs it.

    Python's teardown clears every module and frees the objects one by one: after a
    ``check --since`` over 10,000 posts it took 0.13 to 0.15 s of a 1.3 to 1.5 s run,
    for memory the operating system takes back at once. Output is flushed and the atexit handlers
    (multiprocessing's, logging's) still run. Left to the normal exit: a status
    carrying a message, output that cannot be flushed (a closed pipe), any other
    thread still alive (``serve``), which that exit joins, and a run under a profiler,
    debugger or coverage tool.
    """
    code = done.code
    if code is not None and not isinstance(code, int):
        return
    from pipeline.output.store import finish_writes

    finish_writes()  # a cache a command left to a thread (``check_stage``'s): written before the end
    if threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler, debugger or coverage is watching: it writes its report after this
    if not _flushed():
        return
    atexit._run_exitfuncs()
    _flushed()  # a handler may have written
    os._exit(code or 0)


def _flushed() -> bool:
    """Standard output and error flushed; False when they cannot be (a closed pipe)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    return True
