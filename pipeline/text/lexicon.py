"""Word data for the voice rules: French verb forms that mark tu or vous, and spelling word lists.

The lexicon is the Dicollecte French dictionary for Hunspell (« Dictionnaires orthographiques
français » 7.0, MPL-2.0): its affix rules carry the morphology (``po:impe po:2sg``, ``po:2pl``) of
every form of 86,000 stems, which a hand-made verb list or a news-trained tagger does not (spaCy's
small French model tags "Découvre" or "Abonne" as nouns). :mod:`pipeline.text.lexicon_build` expands
it at release time into gzip files in ``pipeline/data/``; English spelling uses Hunspell en_US (SCOWL).

Files are read lazily, once per process, and only the part a brand needs (a vous brand never loads
the 2nd person plural forms). A word list stays a sorted list searched by bisection: building a set
of 450,000 French forms would cost more than the whole check of a small brand.
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

IMPERATIVE_2SG = "I"
"""Tag of a 2nd person singular imperative that is only a verb form (``découvre``, ``viens``)."""
AMBIGUOUS_2SG = "A"
"""Tag of a 2nd person singular imperative that is also a noun or another word (``commande``)."""
PLURAL_2PL = "P"
"""Tag of a 2nd person plural verb form with no other reading (``découvrez``; not ``nez``)."""

AMBIGUOUS_2PL = "Q"
"""Tag of a 2nd person plural imperative that is also another word (``faites``, ``dites``)."""
COMPOUND = "C"
"""Tag of a hyphenated word that is a compound, not a verb and its pronoun (``rendez-vous``)."""


@lru_cache(maxsize=1)
def _register_lines() -> dict[str, str]:
    raw = gzip.decompress((DATA / "fr-register.txt.gz").read_bytes()).decode("utf-8")
    return dict(line.split("\t", 1) for line in raw.splitlines() if "\t" in line)


@lru_cache(maxsize=3)
def register_forms(tag: str) -> frozenset[str]:
    """The lower-case French forms with that tag (see the ``*_2SG``/``*_2PL`` constants)."""
    return frozenset(_register_lines().get(tag, "").split())


def dictionary_language(language: str) -> str | None:
    """``fr`` or ``en`` for a BCP 47 tag Almanac can spell-check, else None."""
    primary = language.split("-", 1)[0].lower()
    return primary if primary in ("fr", "en") else None


@lru_cache(maxsize=2)
def word_list(language: str) -> list[str]:
    """The sorted spelled forms of ``fr`` or ``en`` (apostrophes straight)."""
    raw = gzip.decompress((DATA / f"{language}-words.txt.gz").read_bytes()).decode("utf-8")
    return raw.split("\n")


def in_list(words: list[str], word: str) -> bool:
    """True when ``word`` is in the sorted list."""
    at = bisect_left(words, word)
    return at < len(words) and words[at] == word


@lru_cache(maxsize=65536)
def known(word: str, language: str) -> bool:
    """True when the dictionary spells ``word`` this way (Hunspell's case rules: a lower-case
    entry also allows Capitalised and UPPER case; a Capitalised one, UPPER case)."""
    words = word_list(language)
    word = word.replace("’", "'")
    if in_list(words, word):
        return True
    lower = word.lower()
    if word[:1].isupper() and word[1:] == lower[1:] and in_list(words, lower):
        return True
    return word.isupper() and (in_list(words, lower) or in_list(words, lower[:1].upper() + lower[1:]))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ACCENTS = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç"}
_FRENCH = _LETTERS + "àâäçéèêëîïôöùûüÿœæ"


def _edits1(word: str, alphabet: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return deletes | swaps | replaces | inserts


def _accent_edits(word: str) -> set[str]:
    """Every way to change one letter to or from an accented letter."""
    out: set[str] = set()
    for i, char in enumerate(word):
        for base, accented in _ACCENTS.items():
            if char == base or char in accented:
                out |= {word[:i] + other + word[i + 1 :] for other in base + accented if other != char}
    return out


def _fold(word: str) -> str:
    return "".join(next((b for b, acc in _ACCENTS.items() if c in acc), c) for c in word)


@lru_cache(maxsize=4096)
def suggestions(word: str, language: str, limit: int = 3) -> tuple[str, ...]:
    """Dictionary words at edit distance 1, else 2 (the second edit a deletion, a swap or an
    accent), closest first; bounded to a few thousand look-ups a word."""
    words = word_list(language)
    lower = word.lower().replace("’", "'")
    if len(lower) > 30:
        return ()
    alphabet = _FRENCH if language == "fr" else _LETTERS
    first = _edits1(lower, alphabet)
    found = {c for c in first if in_list(words, c)}
    if not found and len(lower) <= 14:
        for one in first:
            two = {one[:i] + one[i + 1 :] for i in range(len(one))}
            two |= {one[:i] + one[i + 1] + one[i] + one[i + 2 :] for i in range(len(one) - 1)}
            two |= _accent_edits(one)
            found |= {c for c in two if in_list(words, c)}
    folded = _fold(lower)
    ranked = sorted(found, key=lambda c: (_fold(c) != folded, abs(len(c) - len(lower)), c))
    if word[:1].isupper():
        ranked = [c[:1].upper() + c[1:] for c in ranked]
    return tuple(ranked[:limit])
