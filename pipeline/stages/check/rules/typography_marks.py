"""French typography beyond spacing: ``…``, « », ordinals, hours, and the space before units.

As the French press applies the Imprimerie nationale's rules: one ``…`` for
three dots; « » (no-break spaces inside) for straight double quotes around
words; ordinals ``1er``, ``1re``, ``2e`` (never ``1ère``, ``2ème``, ``2è``); hours
``7 h 30``, ``18 h`` (``18:30`` stays accepted in digital copy); a no-break
space before ``%``, ``€`` and units (``20 %``, ``3 kg``). Either no-break space
(U+00A0 or the narrow U+202F) is accepted where one is wanted; fixes write
U+00A0, as the spacing rule does inside « ».

Every scan here is linear in the text's length: the patterns have bounded
repetitions or a look-behind that only lets a match start at a word's edge,
so a long unbroken word cannot make them backtrack over and over.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pipeline.stages.check.rules.texts import Edit
from pipeline.text.messages import msg

NBSP, NNBSP = "\u00a0", "\u202f"
_SPACES = " \u00a0\u202f"
Protected = Callable[[int, int], bool]
"""True when ``[start, end)`` touches text that is not prose (URL, code, hashtag)."""

_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4}|[IVXLC]{1,6})(i?[eè]mes?|è|[eè]res?)(?!\w)")
_HOUR = re.compile(r"(?<![\w.,:/])(\d{1,2})([ \u00a0\u202f]?)h(?:([ \u00a0\u202f]?)([0-5]\d))?(?![\w'’])")
_UNITS = "%|€|\\$|£|°C|kg|mg|g|km²|km|cm²|cm|mm|m²|m³|m|cl|ml|dl|cL|mL|l|L|min"
_UNIT = re.compile(rf"(?<![\w.,])(\d{{1,12}}(?:[.,]\d{{1,6}})?)([ \u00a0\u202f]?)({_UNITS})(?![\w²³'’])")
# After a plain space a lone letter is as likely a word as a unit ("le 1 l'emporte").
_LETTER_UNITS = frozenset("gmlL")
# Before an opening straight quote / after a closing one, in prose.
_OPEN_AFTER = set(" \t\n([\u00a0\u202f")
_CLOSE_BEFORE = set(" \t\n.,;:!?)]…\u00a0\u202f")


def mark_edits(text: str, protected: Protected) -> Iterator[Edit]:
    """Every fix of ``…``, quotes, ordinals, hours and units ``text`` needs."""
    if "..." in text:
        yield from _ellipsis(text, protected)
    if '"' in text:
        yield from _quotes(text, protected)
    yield from _ordinals(text, protected)
    if any(c.isdigit() for c in text):
        yield from _hours(text, protected)
        yield from _units(text, protected)


def _ellipsis(text: str, protected: Protected) -> Iterator[Edit]:
    for match in _ELLIPSIS.finditer(text):
        if not protected(*match.span()):
            yield Edit(*match.span(), "…", "write the ellipsis “…” as one character, not three dots")


def _quotes(text: str, protected: Protected) -> Iterator[Edit]:
    """Straight double quotes paired on one line, each pair around words, become « »."""
    offset = 0
    for line in text.split("\n"):
        marks = [offset + i for i, c in enumerate(line) if c == '"']
        if marks and len(marks) % 2 == 0:
            pairs = list(zip(marks[::2], marks[1::2], strict=True))
            if all(_is_quote_pair(text, open_at, close_at, protected) for open_at, close_at in pairs):
                for open_at, close_at in pairs:
                    yield from _quote_pair(text, open_at, close_at)
        offset += len(line) + 1


def _is_quote_pair(text: str, open_at: int, close_at: int, protected: Protected) -> bool:
    before = text[open_at - 1] if open_at > 0 else "\n"
    after = text[close_at + 1] if close_at + 1 < len(text) else "\n"
    inside = text[open_at + 1 : close_at].strip(_SPACES)
    return (
        before in _OPEN_AFTER
        and after in _CLOSE_BEFORE
        and any(c.isalnum() for c in inside)
        and not protected(open_at, close_at + 1)
    )


def _quote_pair(text: str, open_at: int, close_at: int) -> Iterator[Edit]:
    message = msg("French quotes are « » with no-break spaces inside, not straight quotes")
    start = open_at + 1
    while start < close_at and text[start] in _SPACES:
        start += 1
    yield Edit(open_at, start, "«" + NBSP, message)
    stop = close_at
    while stop > start and text[stop - 1] in _SPACES:
        stop -= 1
    yield Edit(stop, close_at + 1, NBSP + "»", message)


def _ordinals(text: str, protected: Protected) -> Iterator[Edit]:
    for match in _ORDINAL.finditer(text):
        number, suffix = match.groups()
        plural = "s" if suffix.endswith("s") else ""
        if suffix.rstrip("s") in ("ère", "ere"):
            if number != "1":
                continue  # "2ère" is a typo, not an ordinal form we can fix safely
            wanted = "re" + plural
        elif number == "1" or (number.isalpha() and number == "I"):
            continue  # "1ème": premier or première? Only the author knows.
        else:
            wanted = "e" + plural
        if not protected(*match.span()):
            message = msg(
                "write the ordinal “{wanted}”, not “{found}”", wanted=number + wanted, found=match.group()
            )
            yield Edit(match.start(2), match.end(2), wanted, message)


def _hours(text: str, protected: Protected) -> Iterator[Edit]:
    for match in _HOUR.finditer(text):
        hours, space1, space2, minutes = match.groups()
        if int(hours) > 24 or protected(*match.span()):
            continue
        wanted = f"{hours}{_kept(space1)}h" + (f"{_kept(space2)}{minutes}" if minutes else "")
        if wanted != match.group():
            yield Edit(
                *match.span(), wanted, msg("write the time as “{wanted}” with no-break spaces", wanted=wanted)
            )


def _units(text: str, protected: Protected) -> Iterator[Edit]:
    for match in _UNIT.finditer(text):
        space, unit = match.group(2), match.group(3)
        if space in (NBSP, NNBSP) or (space and unit in _LETTER_UNITS) or protected(*match.span()):
            continue
        at = match.start(2)
        if space:
            message = msg("a no-break space (U+00A0) goes before “{unit}”, not a plain space", unit=unit)
            yield Edit(at, at + 1, NBSP, message)
        else:
            yield Edit(at, at, NBSP, f"missing no-break space (U+00A0) before “{unit}”")


def _kept(space: str) -> str:
    """The no-break space already there, else U+00A0."""
    return space if space in (NBSP, NNBSP) else NBSP
