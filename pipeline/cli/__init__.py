"""The ``almanac`` command line: parse arguments, call the stages, map outcomes to exit codes.

Exit codes: 0 no error-level finding (warnings allowed unless ``--strict``);
1 error-level findings; 2 the command itself could not run.
No logic lives here; each command is in its own module of this package.
"""

from __future__ import annotations

import click

from pipeline import __version__
from pipeline.cli.agenda_cmd import agenda_command
from pipeline.cli.build_cmd import build_command
from pipeline.cli.bundle_cmd import bundle_command
from pipeline.cli.check_cmd import check_command
from pipeline.cli.new_cmd import new_command
from pipeline.cli.schema_cmd import schema_command
from pipeline.cli.serve_cmd import serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="almanac")
def cli() -> None:
    """Almanac: a social-media editorial calendar as a git repository."""


cli.add_command(check_command)
cli.add_command(build_command)
cli.add_command(bundle_command)
cli.add_command(serve_command)
cli.add_command(new_command)
cli.add_command(agenda_command)
cli.add_command(schema_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="almanac")
