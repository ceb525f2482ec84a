"""What every command shares: the --root option, error reporting and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from pipeline.errors import AlmanacError
from pipeline.model.years import FIRST_YEAR, LAST_YEAR
from pipeline.text.i18n import (
    Translator,
    catalogue_language,
    gettext_of,
    ngettext_of,
    translator,
    user_language,
)
from pipeline.text.messages import N_

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
P = ParamSpec("P")
R = TypeVar("R")

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="The brand repository.",
)


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """Click callback: an ISO date, or a usage error naming the flag."""
    if value is None:
        return None
    _ = said()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("{value} is not a date like 2026-12-01", value=repr(value))) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        # Horizons and calendars reach years ahead: near year 9999 they overflow.
        raise click.BadParameter(
            _(
                "{value}: the year must be between {first} and {last}",
                value=repr(value),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return day


today_option = click.option(
    "--today", callback=parse_day, metavar="DATE", help="Count date-relative checks from this day."
)


_LANG = "almanac.lang"
"""Where ``--lang`` is kept in click's context, for the error lines :func:`reports_errors` prints."""


def _remember_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    ctx.meta[_LANG] = value
    return value


_LANG_HELP = N_("Language of messages (fr, en); default: the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).")
lang_option = click.option("--lang", metavar="LANG", callback=_remember_lang, help=_LANG_HELP)
"""``--lang``, passed to the command as ``lang``."""
speaks_option = click.option(
    "--lang", metavar="LANG", callback=_remember_lang, expose_value=False, help=_LANG_HELP
)
"""``--lang`` for a command that reads it through :func:`said` only."""


def user_words(lang: str | None) -> Translator | None:
    """The translator of the user's language, or None for English (the messages as written)."""
    tag = user_language(lang)
    if catalogue_language(tag) == "en":
        return None  # decided before the translator is made: its catalogue takes 0.1 s to compile
    return translator(tag)


def current_words() -> Translator | None:
    """:func:`user_words` of the running command's ``--lang`` (or the locale)."""
    ctx = click.get_current_context(silent=True)
    return user_words(ctx.meta.get(_LANG) if ctx is not None else None)


def said() -> Callable[..., str]:
    """``gettext`` in the user's language, placeholders filled: ``_ = said()`` then ``_("…", n=1)``."""
    return gettext_of(current_words())


def said_plural() -> Callable[..., str]:
    """``ngettext`` in the user's language: ``ngettext("{count} file", "{count} files", n)``.

    Bound to the name ``ngettext`` where it is called (``ngettext = said_plural()``): the
    extraction finds plural messages by that name.
    """
    return ngettext_of(current_words())


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit 2."""
    say_error(message)
    sys.exit(EXIT_USAGE)


def say_error(message: str) -> None:
    """Print one line to stderr, as :func:`fail` does, and go on."""
    click.echo(f"almanac: {message}", err=True)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn Almanac's own errors into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AlmanacError as exc:
            fail(error_text(exc))

    return wrapper


def shown(message: str) -> str:
    """A message made elsewhere in the user's language (translated when written with ``msg()``)."""
    words = current_words()
    if words is None:
        return message
    from pipeline.stages.check.localize import say  # only when there is something to say

    return say(message, words)


def error_text(exc: AlmanacError) -> str:
    """An error's line in the user's language (its message, when written with ``msg()``)."""
    message = shown(exc.message)
    if exc.file is None:
        return message
    return f"{exc.file if exc.line is None else f'{exc.file}:{exc.line}'}: {message}"


def echo(text: str, **kwargs: Any) -> None:
    """Print without an extra newline (outputs end with their own)."""
    click.echo(text, nl=False, **kwargs)
