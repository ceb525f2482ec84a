"""Text that was never written: what ``almanac new`` leaves to fill in, and the usual stand-ins.

The scaffold's sentences live here so that the command that writes them and
the rule that finds them (``post.placeholder``) cannot drift apart. Every
pattern has bounded repetitions, so a scan stays linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class ScaffoldWords:
    """The sentences ``almanac new`` writes where the author must write, in one language."""

    body: str
    """The default text of a new post."""
    shorter: str
    """A channel variant; ``{label}`` and ``{limit}`` are filled in."""
    topic_notes: str
    """The body of a new seasonal topic (notes for the team, never published)."""


SCAFFOLD: Final = {
    "fr": ScaffoldWords(
        body="Écrivez ici le texte pour tous les réseaux.",
        shorter="Un texte plus court pour {label} ({limit} caractères au plus).",
        topic_notes="Angles, idées et publications passées, pour l'équipe.",
    ),
    "en": ScaffoldWords(
        body="Write the text for every channel here.",
        shorter="A shorter text for {label} ({limit} characters at most).",
        topic_notes="Angles, ideas and past posts for the team.",
    ),
}


def scaffold_words(language: str) -> ScaffoldWords:
    """French sentences for a French brand (``fr``, ``fr-FR``, ``fr-CA``…), English otherwise."""
    return SCAFFOLD["fr"] if language.lower().startswith("fr") else SCAFFOLD["en"]


def _sentence(template: str) -> str:
    """A pattern matching a scaffold sentence whatever label and limit were filled in."""
    pattern = re.escape(template)
    return pattern.replace(re.escape("{label}"), r"[^\n()]{1,60}").replace(re.escape("{limit}"), r"\d{1,7}")


_SCAFFOLD_TEXT = "|".join(
    _sentence(template) for words in SCAFFOLD.values() for template in (words.body, words.shorter)
)
# Bracketed instructions: "[texte à venir]", "(à compléter)", "<insert link>", "{{prix}}".
# Words such as "lien" or "texte" only count in square brackets: "(lien en bio)" is prose.
_TODO = (
    r"(?:[\w'’]{1,20}\s){0,3}à\s(?:venir|compl[ée]ter|r[ée]diger|d[ée]finir|confirmer|remplir|valider|trouver)"
    r"|insérer|inserer|ajouter|placeholder|insert|tbd|todo|tbc"
)
_TODO_SQUARE = rf"{_TODO}|texte|lien|visuel|prix|your|add|link|text"
_BRACKETED = (
    rf"\[\s?(?:{_TODO_SQUARE})\b[^\[\]\n]{{0,40}}\](?![(\[:])"
    rf"|\((?:{_TODO})\b[^()\n]{{0,40}}\)"
    rf"|<(?:{_TODO})\b[^<>\n]{{0,40}}>"
    r"|\{\{[^{}\n]{1,40}\}\}"
)
PLACEHOLDER: Final = re.compile(
    rf"(?P<scaffold>{_SCAFFOLD_TEXT})"
    r"|(?P<lorem>\b[Ll]orem ipsum\b)"
    r"|(?P<marker>(?<![\w#])(?:TODO|TBD|TBC|FIXME|XXX)(?![\w]))"
    rf"|(?P<bracket>{_BRACKETED})",
    re.IGNORECASE,
)
"""Placeholder text: a scaffold sentence, lorem ipsum, a TODO-style marker or a bracketed instruction."""


def _cue(template: str) -> str:
    """The lower-case start of a scaffold sentence, up to its first blank to fill."""
    return template.partition("{")[0].lower()


# Every placeholder holds one of these (lower-cased): a bracket, a marker, "lorem" or the start of
# a scaffold sentence. Substring tests run in C over the whole text, while the pattern above tries
# a dozen alternatives at every position; most published texts hold no cue and skip it.
_CUES: Final = (
    "[",
    "(",
    "<",
    "{{",
    "todo",
    "tbd",
    "tbc",
    "fixme",
    "xxx",
    "lorem",
    *sorted({_cue(t) for words in SCAFFOLD.values() for t in (words.body, words.shorter)}),
)


def placeholders_in(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of each placeholder in ``text``; ``kind`` names the pattern that matched."""
    lower = text.lower()
    if not any(map(lower.__contains__, _CUES)):
        return []
    found = []
    for match in PLACEHOLDER.finditer(text):
        kind = match.lastgroup or "marker"
        if kind == "marker" and not match.group().isupper():
            continue  # "todo" or "xxx" in lower case is a word, not a marker
        found.append((match.start(), match.end(), kind))
    return found
