"""The ``almanac`` command line: parse arguments, call the driver (``pipeline.build``), print, exit.

Exit codes: 0 no error-level finding (warnings allowed unless ``--strict``);
1 error-level findings; 2 the command itself could not run.
No logic lives here (the driver holds it, and never prints); each command is
in its own module of this package.
"""

from __future__ import annotations

import importlib

import click

from pipeline import __version__

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
    """A group whose subcommands are imported on first use, from :data:`COMMANDS`."""

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
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="almanac")
def cli() -> None:
    """Almanac: a social-media editorial calendar as a git repository."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="almanac")
