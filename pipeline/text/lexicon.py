"""Word data for the voice rules: French verb forms that mark tu or vous, and spelling word lists.

The lexicon is the Dicollecte French dictionary for Hunspell (« Dictionnaires orthographiques
français » 7.0, MPL-2.0): its affix rules carry the morphology (``po:impe po:2sg``, ``po:2pl``) of
every form of 86,000 stems, which a hand-made verb list or a news-trained tagger does not (spaCy's
small French model tags "Découvre" or "Abonne" as nouns). :mod:`pipeline.text.lexicon_build` expands
it at release time into plain text files in ``pipeline/data/`` (not gzip: decompressing the French
list cost each process 17–28 ms, and a wheel compresses them anyway); English spelling uses
Hunspell en_US (SCOWL).

Files are read lazily, once per process, and only the part a brand needs (a vous brand never loads
the 2nd person plural forms). A word list is searched by bisection, in its sorted bytes at first
(:class:`WordList`): building a set of 450,000 French forms would cost more than the whole check of
a small brand, and even splitting them into strings more than a check of two changed posts.
"""

from __future__ import annotations

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
    raw = (DATA / "fr-register.txt").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in raw.splitlines() if "\t" in line)


@lru_cache(maxsize=3)
def register_forms(tag: str) -> frozenset[str]:
    """The lower-case French forms with that tag (see the ``*_2SG``/``*_2PL`` constants)."""
    return frozenset(_register_lines().get(tag, "").split())


def dictionary_language(language: str) -> str | None:
    """``fr`` or ``en`` for a BCP 47 tag Almanac can spell-check, else None."""
    primary = language.split("-", 1)[0].lower()
    return primary if primary in ("fr", "en") else None


SPLIT_AFTER = 2000
"""Look-ups a word list answers from its bytes before it is split into a list of strings."""


class WordList:
    """The sorted spelled forms of a language, one a line, searched in their bytes until splitting pays.

    Splitting 450,000 French forms into strings takes 0.06 s, more than all the look-ups of a
    check of a few changed posts; a binary search over the sorted bytes takes about 10 µs a
    look-up. After :data:`SPLIT_AFTER` look-ups (a cold check of a whole brand, a word's
    suggestions), the list is split once and searched by :func:`bisect_left`. Sorted strings
    are sorted bytes too: UTF-8 keeps the order of code points.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._words: list[str] | None = None
        self._looked_up = 0

    def __contains__(self, word: str) -> bool:
        if self._words is None and self._looked_up < SPLIT_AFTER:
            self._looked_up += 1
            # surrogatepass: a word from a file decoded with surrogateescape is simply not found.
            return _in_sorted_lines(self._data, word.encode("utf-8", "surrogatepass"))
        return in_list(self.words(), word)

    def words(self) -> list[str]:
        """Every form, in order."""
        if self._words is None:
            self._words = self._data.decode("utf-8").removesuffix("\n").split("\n")
        return self._words


def _in_sorted_lines(data: bytes, word: bytes) -> bool:
    """True when ``word`` is a whole line of ``data``, whose lines are sorted."""
    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", low, middle) + 1 or low
        end = data.find(b"\n", start, high)
        end = high if end < 0 else end
        line = data[start:end]
        if line == word:
            return True
        if line < word:
            low = end + 1
        else:
            high = start
    return False


@lru_cache(maxsize=2)
def word_list(language: str) -> WordList:
    """The sorted spelled forms of ``fr`` or ``en`` (apostrophes straight)."""
    return WordList((DATA / f"{language}-words.txt").read_bytes())


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
    if word in words:
        return True
    lower = word.lower()
    if word[:1].isupper() and word[1:] == lower[1:] and lower in words:
        return True
    return word.isupper() and (lower in words or lower[:1].upper() + lower[1:] in words)


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
    lower = word.lower().replace("’", "'")
    if len(lower) > 30:
        return ()
    # Thousands of look-ups a word: those of the split list.
    words = word_list(language).words()
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
