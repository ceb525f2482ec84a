"""Text measures of a post as each network counts them: lengths, emoji, URLs and hashtags.

Networks disagree on what a "character" is. X weighs code points (twitter-text v3: URLs 23,
emoji 2, CJK 2), Bluesky and Mastodon count grapheme clusters, Buffer and Postiz count UTF-16
code units. Every span returned here is a pair of indices into the ``str`` given (code
points), so ``text[start:end]`` is the matched part.

URLs are found as twitter-text finds them (:mod:`pipeline.text.xurls`), so that lengths agree
with what X computes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Final, Literal

import regex

from pipeline.text.xurls import X_CONFIG, Span, protocol_url_spans, url_entities, url_spans, utf16_length

__all__ = [
    "LengthUnit",
    "char_length",
    "emoji_count",
    "emoji_spans",
    "grapheme_count",
    "length_for_unit",
    "mastodon_length",
    "url_spans",
    "utf16_length",
    "x_weighted_length",
]

LengthUnit = Literal["chars", "twitter", "graphemes", "mastodon", "utf16"]

_SCALE: Final = int(X_CONFIG["scale"])
_DEFAULT_WEIGHT: Final = int(X_CONFIG["defaultWeight"])
_URL_WEIGHT: Final = int(X_CONFIG["transformedURLLength"]) * _SCALE
_RANGE_WEIGHTS: Final = {int(r["weight"]) for r in X_CONFIG["ranges"]}
# Counting only the rare heavy characters keeps the common case (Latin text) fast; that shortcut
# needs every range to share one weight, as configs v2 and v3 do.
if len(_RANGE_WEIGHTS) != 1:
    raise RuntimeError("twitter_text_v3.json: ranges with different weights are not supported")
_LIGHT_WEIGHT: Final = next(iter(_RANGE_WEIGHTS))
_HEAVY_CHAR: Final = regex.compile(
    "[^" + "".join(f"\\U{r['start']:08x}-\\U{r['end']:08x}" for r in X_CONFIG["ranges"]) + "]"
)


def _x_url_steps(text: str) -> tuple[tuple[int, int, int], ...]:
    """Each URL's start, where ``parseTweet``'s count resumes after it, and its weight.

    The count steps over the URL string's length in UTF-16 units (:func:`~pipeline.text.xurls.url_entities`).
    Stopping inside a surrogate pair leaves a lone low surrogate, which weighs the default.
    """
    steps = []
    for start, _, units in url_entities(text):
        position, weight = start, _URL_WEIGHT
        while units > 0:
            units -= 2 if ord(text[position]) > 0xFFFF else 1
            position += 1
        if units < 0:
            weight += _DEFAULT_WEIGHT
        steps.append((start, position, weight))
    return tuple(steps)


# --- Emoji -----------------------------------------------------------------------------------
# Only runs of emoji-capable code points are handed to the emoji tokenizer: it walks the text
# in Python, so feeding it whole posts would cost ~0.3 ms each.
_EMOJI_RUN: Final = regex.compile(
    r"[\p{Emoji}\p{Emoji_Component}\p{Extended_Pictographic}\u200d\ufe0e\ufe0f\u20e3]+"
)
# As in twemoji-parser (what X renders and counts): these stay text unless VS16 follows.
_TEXT_UNLESS_VS16: Final = frozenset("\u00a9\u00ae\u2122\u265f")


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the emoji in ``text``, each ZWJ sequence, flag, keycap or skin tone as one.

    Recognition uses the maintained ``emoji`` package (RGI data of the latest Unicode Emoji
    release) rather than ``regex`` properties, because only that data knows which sequences
    are real emoji (``🇫🇷`` is a flag, ``🇦🇦`` is not). A ZWJ sequence the data does not list
    (a custom combination) still counts once: its author meant one emoji. Following
    twemoji-parser, ``©``, ``®`` and ``™`` count only with VS16 (U+FE0F), and a single
    pictograph followed by VS15 (U+FE0E) asks for text, so it is not counted. Plain digits,
    ``#``, ``*`` and French guillemets are never emoji.
    """
    spans: list[Span] = []
    for run in _EMOJI_RUN.finditer(text):
        chunk = run.group()
        # Digits, '#' and '*' alone are keycap bases, not emoji.
        if chunk.isascii():
            continue
        base = run.start()
        # Imported on the first emoji-capable run: most texts have none, and the import is 21 ms.
        import emoji

        for token in emoji.analyze(chunk, join_emoji=True):
            if not isinstance(token.value, emoji.EmojiMatch):
                continue
            start, end = token.value.start, token.value.end
            text_style = chunk[start] in _TEXT_UNLESS_VS16 or chunk[end : end + 1] == "\ufe0e"
            if end - start > 1 or not text_style:
                spans.append((base + start, base + end))
    return spans


def emoji_count(text: str) -> int:
    """Number of emoji in ``text``, counted as :func:`emoji_spans` finds them."""
    return len(emoji_spans(text))


# --- Lengths ---------------------------------------------------------------------------------
def _plain_weight(segment: str) -> int:
    heavy = len(_HEAVY_CHAR.findall(segment))
    return _LIGHT_WEIGHT * (len(segment) - heavy) + _DEFAULT_WEIGHT * heavy


def x_weighted_length(text: str, *, emoji_parsing: bool = True) -> int:
    """Length of ``text`` as X counts it against 280 (twitter-text config v3).

    The text is NFC-normalised; each URL (bare domains included) counts 23, each emoji 2,
    code points in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 count 1 and
    every other code point 2. ``emoji_parsing=False`` reproduces config v2, where an emoji
    sequence is weighed code point by code point. Unlike twitter-text 3.1, whose emoji list
    stops at Emoji 11, newer emoji and ZWJ sequences count 2 (``🧑‍💻`` is 2, not 5).
    """
    normalized = unicodedata.normalize("NFC", text)
    # A URL wins over an emoji starting at the same index, as in twitter-text's parseTweet.
    entities = [(s, 0, e, w) for s, e, w in _x_url_steps(normalized)]
    if emoji_parsing:
        entities += [(s, 1, e, _DEFAULT_WEIGHT) for s, e in emoji_spans(normalized)]
    entities.sort()
    total = 0
    position = 0
    for start, _, end, weight in entities:
        if start < position:
            continue
        total += _plain_weight(normalized[position:start]) + weight
        position = end
    total += _plain_weight(normalized[position:])
    return total // _SCALE


_GRAPHEME: Final = regex.compile(r"\X")
# Every multi-code-point cluster under UAX #29 (GB3-GB13) holds one of these (Hangul LV/LVT
# syllables only join the jamo listed). Without any, each code point is its own cluster and the
# \X scan can be skipped; the test suite checks this shortcut against \X on random text.
_CLUSTER_GLUE: Final = regex.compile(
    r"[\r\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}"
    r"\p{GCB=Regional_Indicator}\p{GCB=L}\p{GCB=V}\p{GCB=T}]"
)


def grapheme_count(text: str) -> int:
    """Number of user-perceived characters (extended grapheme clusters, UAX #29).

    Segmentation is the ``regex`` module's ``\\X``, which tracks the current Unicode release
    (``e\\u0301``, ``🇫🇷`` and ``👨‍👩‍👧`` are one each). This is Bluesky's unit.
    """
    if _CLUSTER_GLUE.search(text) is None:
        return len(text)
    return len(_GRAPHEME.findall(text))


# Mastodon's Account::MENTION_RE: "@user@example.social" counts as "@user".
_MASTODON_MENTION: Final = regex.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@\w+(?:[.-]+\w+)*)?", regex.IGNORECASE
)


def mastodon_length(text: str, url_length: int = 23) -> int:
    """Length of ``text`` as a Mastodon server checks it against its limit (500 by default).

    Mastodon counts grapheme clusters (``mb_chars.grapheme_length`` in StatusLengthValidator),
    not code points, after replacing each ``http(s)://`` URL by ``url_length`` characters
    (the instance's ``characters_reserved_per_url``) and ``@user@domain`` by ``@user``. Bare
    domains such as ``example.com`` are not links there and count in full.
    """
    parts: list[str] = []
    position = 0
    for start, end in protocol_url_spans(text):
        parts += [text[position:start], "x" * url_length]
        position = end
    parts.append(text[position:])
    countable = _MASTODON_MENTION.sub(r"@\1", "".join(parts))
    return grapheme_count(countable)


def char_length(text: str) -> int:
    """Number of code points, Python's ``len``; no normalisation is applied."""
    return len(text)


_UNITS: Final[dict[str, Callable[[str], int]]] = {
    "chars": char_length,
    "twitter": x_weighted_length,
    "graphemes": grapheme_count,
    "mastodon": mastodon_length,
    "utf16": utf16_length,
}


def length_for_unit(text: str, unit: LengthUnit) -> int:
    """Length of ``text`` in a channel's counting unit; raises ValueError for an unknown unit."""
    try:
        measure = _UNITS[unit]
    except KeyError:
        raise ValueError(f"unknown length unit {unit!r}; expected one of {sorted(_UNITS)}") from None
    return measure(text)
