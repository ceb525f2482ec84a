"""The words of a text its language's dictionary does not spell (Hunspell word lists, see lexicon).

Only words are read: hashtags, @mentions, e-mail addresses, URLs, anything with a digit, words
in quotes (« », “ ”, "…": a quotation keeps its author's spelling), single letters and short
acronyms in capitals (``DIY``, ``SAV``) are left alone. French elisions are split off
(``l'atelier`` → ``atelier``); a hyphenated word passes when the dictionary has it whole or has
each of its parts (``viens-tu``, ``a-t-il``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.text.hashtags import hashtags_in
from pipeline.text.lexicon import known
from pipeline.text.metrics import url_spans

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_SKIP = re.compile(
    r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"|(?<!\w)@\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w+\.(?:com|fr|net|org|io)\b"
)
# Units and the trade words of social media that French copy uses as they are.
_UNITS = ("cm", "mm", "km", "kg", "mg", "ml", "cl", "kW", "kWh", "Wh", "lm", "lux", "min")
_TRADE = ("story", "stories", "reel", "reels", "feed", "giveaway", "unboxing", "replay", "teaser", "swipe")
# The networks a community manager names in every other post.
_NETWORKS = ("LinkedIn", "Instagram", "Facebook", "TikTok", "YouTube", "Pinterest", "Bluesky", "Threads")
_APPS = ("Mastodon", "WhatsApp", "Snapchat", "Twitter", "Messenger")
_ALWAYS = frozenset((*_UNITS, *_TRADE, *_NETWORKS, *_APPS, "team", "shop", "e-shop"))
# Words already accepted, per language and brand word list: most words of a brand recur in every
# post, so a set difference settles them without a call per word.
_GOOD: dict[tuple[str, frozenset[str]], set[str]] = {}
_GOOD_TOKENS: dict[tuple[str, frozenset[str]], set[str]] = {}
_TAGS = re.compile(r"[#@]\w+|https?://\S+")
_EMAILS = re.compile(r"(?<![\w.+-])[\w.+-]+@\S+")
_NOT_A_WORD = re.compile(r"[\d_]")
_ELISIONS = {"l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionary does not know, where it is."""

    start: int
    end: int
    word: str


@lru_cache(maxsize=65536)
def _accepted(word: str, language: str, brand: frozenset[str]) -> bool:
    if word in brand or word.lower() in brand or word in _ALWAYS or known(word, language):
        return True
    if word.isupper() and len(word) <= 4:
        return True
    if language == "fr":
        head, apostrophe, rest = word.replace("’", "'").partition("'")
        if apostrophe and head.lower() in _ELISIONS:
            return _accepted(rest, language, brand) if rest else True
    if "-" in word:
        # The euphonic t of "a-t-il" is no word of its own.
        return all(part == "t" or _accepted(part, language, brand) for part in word.split("-") if part)
    return False


@lru_cache(maxsize=8192)
def misspellings(text: str, language: str, brand: frozenset[str]) -> tuple[Misspelling, ...]:
    """Unknown words of ``text`` in ``fr`` or ``en``; ``brand`` holds the charter's own words."""
    # Each distinct word is looked up once; positions and skipped spans only matter for the rare
    # text that has an unknown word.
    plain = _EMAILS.sub(" ", text) if "@" in text else text
    if "#" in text or "@" in text or "/" in text:
        plain = _TAGS.sub(" ", plain)
    # Words never span a blank, so the text's words are those of its blank-separated tokens; a
    # token already seen with only known words is settled without the word pattern.
    good_tokens = _GOOD_TOKENS.setdefault((language, brand), set())
    fresh = {token: _WORD.findall(token) for token in set(plain.split()) - good_tokens}
    words = {word for found in fresh.values() for word in found}
    good = _GOOD.setdefault((language, brand), set())
    unknown: set[str] = set()
    for word in words - good:
        if len(word) < 2 or _NOT_A_WORD.search(word) or _accepted(word, language, brand):
            good.add(word)
        else:
            unknown.add(word)
    good_tokens.update(token for token, found in fresh.items() if unknown.isdisjoint(found))
    if not unknown:
        return ()
    skip = [m.span() for m in _SKIP.finditer(text)]
    if "#" in text:
        skip += [(s, e) for s, e, _tag in hashtags_in(text)]
    if "." in text:
        skip += url_spans(text)
    found: list[Misspelling] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if match.group() in unknown and not any(s < end and start < e for s, e in skip):
            found.append(Misspelling(start, end, match.group()))
    return tuple(found)


@lru_cache(maxsize=8)
def brand_words(entries: tuple[str, ...]) -> frozenset[str]:
    """The charter's ``voice.dictionary`` as single words (entries may hold several), each also
    lower-cased."""
    words = {w for entry in entries for w in _WORD.findall(entry)}
    return frozenset(words | {w.lower() for w in words})
