"""Click's own words (the help's headings, a wrong option, a missing argument) in the user's language.

Click marks its messages for the standard library's process-wide gettext: each of its modules calls
``gettext.gettext`` (as ``_``) and ``ngettext``, which translate only through a catalogue bound on
disk for the whole process. Almanac's catalogues are compiled in memory, so the command line hands
click the user's catalogue at its boundary instead: :func:`speak` points those two names, in the
click modules that use them, at the user's catalogue. A message click has that is not listed below
stays in English.

The messages are listed here so that the catalogue's extraction finds them: each is click's own
text, character for character (click formats it after translating it, so the placeholders,
``!r`` included, are click's).
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Callable

from pipeline.text.i18n import catalogue_language, translator, user_language
from pipeline.text.messages import N_


def ngettext(singular: str, plural: str, count: int) -> tuple[str, str]:
    """A plural pair of click's, marked for the extraction, which looks for calls named ``ngettext``."""
    return singular, plural


MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("default: {default}"),
    N_("Aborted!"),
)
"""Click's messages a user meets, translated in Almanac's catalogue."""

PLURALS = (
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1),
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
)
"""Click's plural messages a user meets, translated in Almanac's catalogue."""

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def speak(lang: str | None) -> None:
    """Click's messages in the language of ``lang`` (``--lang``), else of the locale.

    In English click gets the standard library's own functions back (a process that ran a French
    command before, a test runner, may run an English one). Otherwise the catalogue is compiled
    when click first asks for a message, not before.
    """
    tag = user_language(lang)
    words: dict[str, Callable[..., str]] = {"_": gettext.gettext, "ngettext": gettext.ngettext}
    if catalogue_language(tag) != "en":

        def one(message: str) -> str:
            return translator(tag).messages.gettext(message)

        def several(singular: str, plural: str, count: int) -> str:
            return translator(tag).messages.ngettext(singular, plural, count)

        words = {"_": one, "ngettext": several}
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        for attr, said in words.items():
            if attr in vars(module):
                setattr(module, attr, said)


__all__ = ["MESSAGES", "PLURALS", "speak"]
