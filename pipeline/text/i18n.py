"""Messages and formats in one language: Babel's catalogues and CLDR locale data.

Messages are written in English in the code and the templates (the msgids);
``pipeline/locale/<lang>/LC_MESSAGES/almanac.po`` translates them. The ``.po``
files travel in the wheel and are compiled to ``.mo`` in memory the first time a
language is asked for (``msgfmt`` is not needed on a user's machine), so a
catalogue edited in the repository is in effect at the next command.

Nothing here is chosen at import time: a :class:`Translator` is asked for by
language — the brand's ``brand.language`` for what the site, the feeds and the
bundle say (:attr:`pipeline.build.context.BuildContext.translator`), the user's
locale for the command line (:func:`user_language`) — and handed on.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

from babel import Locale, UnknownLocaleError

from pipeline.text.messages import N_

# babel's dates, numbers and catalogue modules are imported where used: together about 50 ms
# that a command printing English only (``check`` in CI, a no-op ``build``) never needs.

DOMAIN = "almanac"
"""The catalogues' domain: ``locale/<lang>/LC_MESSAGES/almanac.po``."""
LANGUAGES = ("fr", "en")
"""Languages with a catalogue; English is the msgids themselves."""
DEFAULT = "fr"
"""The product's first language: what a brand or a user gets when nothing says otherwise."""


def catalogue_language(tag: str) -> str:
    """The catalogue for a BCP 47 or POSIX tag: ``fr-FR``, ``fr_CA.UTF-8`` → ``fr``; unknown → ``en``."""
    primary = tag.replace("_", "-").split(".")[0].split("@")[0].split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


def _locale(tag: str) -> Locale:
    # CLDR knows regional variants (en-GB writes 24-hour times, en-US does not).
    cleaned = tag.split(".")[0].split("@")[0].replace("-", "_")
    try:
        return Locale.parse(cleaned)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(catalogue_language(tag))


def po_path(language: str) -> str:
    """Where a language's catalogue is, relative to the package (for messages and tests)."""
    return f"locale/{language}/LC_MESSAGES/{DOMAIN}.po"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """A language's messages, compiled from its ``.po`` once per process.

    English is the msgids themselves; its catalogue exists so a wording can be changed
    without touching the code (an empty msgstr falls back to the msgid).
    """
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    source = resources.files("pipeline").joinpath(po_path(language))
    with source.open("rb") as handle:
        parsed = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, parsed)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


LIST_SEPARATOR = N_("; ")
"""Between items written on one line; French puts a narrow no-break space before the semicolon."""
DAY_AT_TIME = N_("{day} at {time}")
"""A day and a wall time: « lun. 7 déc. à 10:00 »."""


@dataclass(frozen=True)
class Translator:
    """Messages, dates and numbers in one language."""

    tag: str
    """The tag asked for (``fr-FR``)."""
    language: str
    """The catalogue used: ``fr`` or ``en``."""
    locale: Locale
    messages: gettext.NullTranslations

    def gettext(self, message: str, **values: Any) -> str:
        """``message`` translated, then its ``{name}`` placeholders filled from ``values``."""
        text = self.messages.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form for ``count`` (French: 0 and 1 singular), placeholders filled, ``{count}`` included."""
        text = self.messages.ngettext(singular, plural, count)
        return text.format(count=self.number(count), **values)

    def listed(self, items: Iterable[str]) -> str:
        """Items on one line, between this language's semicolons: « a ; b », "a; b"."""
        return self.gettext(LIST_SEPARATOR).join(items)

    def day(self, day: date, *, year: bool = True) -> str:
        """A day in full: « mardi 1er décembre 2026 », "Tuesday, December 1, 2026"."""
        from babel.dates import format_date, format_skeleton

        if self.language == "fr":
            # French writes the first of the month as an ordinal, which CLDR's pattern does not.
            number = "'1er'" if day.day == 1 else "d"
            return format_date(day, f"EEEE {number} MMMM{' y' if year else ''}", locale=self.locale)
        if year:
            return format_date(day, "full", locale=self.locale)
        return format_skeleton("MMMMEEEEd", day, locale=self.locale)

    def short_day(self, day: date, *, year: bool = False) -> str:
        """A day with its weekday, abridged: « mer. 6 janv. », "Wed, Jan 6" (« mer. 6 janv. 2027 »)."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMEd" if year else "MMMEd", day, locale=self.locale)

    def moment(self, moment: datetime, *, year: bool = False) -> str:
        """A day and a wall time in ``moment``'s zone: « lun. 7 déc. à 10:00 », "Mon, Dec 7 at 10:00 AM"."""
        return self.gettext(DAY_AT_TIME, day=self.short_day(moment.date(), year=year), time=self.time(moment))

    def day_month(self, day: date) -> str:
        """« 6 janv. », "Jan 6"."""
        from babel.dates import format_skeleton

        return format_skeleton("MMMd", day, locale=self.locale)

    def month(self, day: date) -> str:
        """The month and year of a day: « décembre 2026 », "December 2026"."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", day, locale=self.locale)

    def month_year_short(self, day: date) -> str:
        """The month and year of a day, abridged: « déc. 2026 », "Dec 2026"."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMM", day, locale=self.locale)

    def month_short(self, day: date) -> str:
        """The month's abbreviation: « déc. », "Dec"."""
        from babel.dates import format_date

        return format_date(day, "LLL", locale=self.locale)

    def time(self, moment: datetime) -> str:
        """A wall time as the locale writes it: « 09:30 », "9:30 AM"."""
        from babel.dates import format_time

        return format_time(moment, "short", locale=self.locale)

    def number(self, value: float) -> str:
        """« 1 234 » (narrow no-break space), "1,234"."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        """A share as a whole percentage: « 20 % », "20%"."""
        from babel.numbers import format_percent

        return format_percent(share, locale=self.locale)

    def weekdays(
        self, width: Literal["abbreviated", "narrow", "short", "wide"] = "abbreviated"
    ) -> tuple[str, ...]:
        """Weekday names, Monday first: « lun. » … « dim. »."""
        from babel.dates import get_day_names

        names: Mapping[int, str] = get_day_names(width, locale=self.locale)
        return tuple(names[i] for i in range(7))


def english(message: str, **values: Any) -> str:
    """A message as written (English), its ``{name}`` placeholders filled: ``gettext`` without a catalogue."""
    return message.format(**values) if values else message


def english_plural(one: str, many: str, count: int, **values: Any) -> str:
    """The English form for ``count``, placeholders filled: ``ngettext`` without a catalogue."""
    return (one if count == 1 else many).format(count=count, **values)


def gettext_of(words: Translator | None) -> Callable[..., str]:
    """``words.gettext``, or :func:`english` when there is no translator (English needs no catalogue)."""
    return words.gettext if words is not None else english


def ngettext_of(words: Translator | None) -> Callable[..., str]:
    """``words.ngettext``, or :func:`english_plural` when there is no translator.

    Bind it to the name ``ngettext`` where it is called: the extraction finds plural messages by
    that name.
    """
    return words.ngettext if words is not None else english_plural


@cache
def translator(tag: str) -> Translator:
    """The translator of a language tag (``fr-FR``, ``en``, ``fr_FR.UTF-8``), made once per tag."""
    language = catalogue_language(tag)
    return Translator(tag, language, _locale(tag), catalogue(language))


def user_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language the command line speaks: ``--lang``, else the user's locale, as gettext reads it.

    gettext's order is ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, then ``LANG``. The
    ``C`` and ``POSIX`` locales (a bare CI machine, a container) mean untranslated
    messages, by POSIX's definition: English, like no locale at all.
    """
    if explicit:
        return explicit
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").split(":")[0]
        if value:
            return "en" if value.split(".")[0] in {"C", "POSIX"} else value
    return "en"


__all__ = [
    "DEFAULT",
    "DOMAIN",
    "LANGUAGES",
    "Translator",
    "catalogue",
    "catalogue_language",
    "po_path",
    "translator",
    "user_language",
]
