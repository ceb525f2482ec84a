"""Text measures of a post as each network counts them: lengths, emoji, URLs and hashtags.

Networks disagree on what a "character" is. X weighs code points (twitter-text v3: URLs 23,
emoji 2, CJK 2), Bluesky and Mastodon count grapheme clusters, Buffer and Postiz count UTF-16
code units. Every span returned here is a pair of indices into the ``str`` given (code
points), so ``text[start:end]`` is the matched part.

The URL matcher follows twitter-text's (``extractUrlsWithIndices`` of twitter/twitter-text,
Copyright 2018 Twitter, Inc., Apache-2.0) so that lengths agree with what X computes; its
weights and TLD lists are vendored in ``data/twitter_text_v3.json``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final, Literal, cast

import regex

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
Span = tuple[int, int]

_CONFIG: Final[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "twitter_text_v3.json").read_text(encoding="utf-8")
)
_SCALE: Final = int(_CONFIG["scale"])
_DEFAULT_WEIGHT: Final = int(_CONFIG["defaultWeight"])
_URL_WEIGHT: Final = int(_CONFIG["transformedURLLength"]) * _SCALE
_RANGE_WEIGHTS: Final = {int(r["weight"]) for r in _CONFIG["ranges"]}
# Counting only the rare heavy characters keeps the common case (Latin text) fast; that shortcut
# needs every range to share one weight, as configs v2 and v3 do.
if len(_RANGE_WEIGHTS) != 1:
    raise RuntimeError("twitter_text_v3.json: ranges with different weights are not supported")
_LIGHT_WEIGHT: Final = next(iter(_RANGE_WEIGHTS))
_HEAVY_CHAR: Final = regex.compile(
    "[^" + "".join(f"\\U{r['start']:08x}-\\U{r['end']:08x}" for r in _CONFIG["ranges"]) + "]"
)

# --- URLs: twitter-text's extractUrl, piece by piece -------------------------------------------
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]\^_{|}~$"
_SPACES = r"\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVALID = r"\ufffe\ufeff\uffff"
_DIRECTIONAL = r"\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_LATIN_ACCENTS = (
    r"\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
    r"\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_DOMAIN_CHAR = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
# Labels are written as "char (separators* char)*" with possessive loops: the same language as
# twitter-text's "(char (sep|char)*)? char", but without its quadratic backtracking on long runs.
_SUBDOMAIN = rf"(?:{_DOMAIN_CHAR}(?:[_-]*+{_DOMAIN_CHAR})*+\.)"
_DOMAIN_NAME = rf"(?:{_DOMAIN_CHAR}(?:-*+{_DOMAIN_CHAR})*+\.)"
_PATH_CHAR = rf"[a-z\u0400-\u04ff0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}]"
_PARENS = rf"\((?:{_PATH_CHAR}+|{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*)\)"
_PATH_END = rf"(?:[+\-a-z\u0400-\u04ff0-9=_#/{_LATIN_ACCENTS}]|{_PARENS})"
_PATH = rf"(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END}|@{_PATH_CHAR}+/)"
_QUERY = r"\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"


def _trie_pattern(words: list[str]) -> str:
    """An alternation matching exactly ``words``, factored by common prefixes, longest first."""
    # regex's \L<list> and a flat alternation both cost ~20 us per attempt on 1,600 TLDs; a
    # prefix tree costs ~2 us, and its greedy "?" tries "com" before "co" like twitter-text.
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [cast(str, regex.escape(char)) + emit(child) for char, child in node.items() if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(root)


@cache
def _tld() -> str:
    """The ~1,600 TLDs as one trie pattern: built on first use (16 ms, a third of this module's import)."""
    return (
        "(?:"
        + _trie_pattern([*_CONFIG["tlds"]["generic"], *_CONFIG["tlds"]["country"]])
        + r"(?=[^0-9a-zA-Z@+-]|$)|xn--[\-0-9a-z]+)"
    )


# Each pattern embeds the ~1,600 TLDs, which costs ~30 ms to compile: build them on first use
# so that importing the module stays cheap.
@cache
def _url_regex(protocol_required: bool) -> Any:
    protocol = r"https?://" if protocol_required else r"(?:https?://)?"
    # twitter-text's patterns see UTF-16 units: before an astral character, its high surrogate is
    # a valid preceding character and the low one starts the domain, whatever precedes the pair
    # (in "#🎄.é.om", é.om is a URL). Here that is an empty "before" ahead of the character.
    return regex.compile(
        rf"(?P<before>[^A-Za-z0-9@\uff20$#\uff03{_INVALID}]|^|(?=[\U00010000-\U0010ffff]))"
        rf"(?P<url>(?P<protocol>{protocol})(?P<domain>(?:{_SUBDOMAIN}*{_DOMAIN_NAME}{_tld()}))(?::[0-9]+)?"
        rf"(?P<path>/{_PATH}*)?(?:{_QUERY})?)",
        regex.IGNORECASE,
    )


@cache
def _ascii_domain() -> Any:
    return regex.compile(rf"(?:[\-a-z0-9{_LATIN_ACCENTS}]+\.)+{_tld()}", regex.IGNORECASE)


_TCO: Final = regex.compile(rf"^https?://t\.co/([a-z0-9]+)(?:{_QUERY})?", regex.IGNORECASE)
_MAX_URL: Final = 4096
_MAX_TCO_SLUG: Final = 40
_MAX_LABEL: Final = 63


def _punycode_length(domain: str) -> int | None:
    """Length of the domain once IDNA-encoded, or None when a label cannot be a DNS label."""
    # Mirrors twitter-text's lib/idna.js: plain punycode per label (no nameprep), 1-63 chars.
    if domain.startswith("xn--") and _ascii_domain().search(domain) is None:
        return None
    total = domain.count(".")
    for label in domain.split("."):
        try:
            encoded = label if label.isascii() else "xn--" + label.encode("punycode").decode()
        except UnicodeError:
            return None
        if not 1 <= len(encoded) <= _MAX_LABEL:
            return None
        total += len(encoded)
    return total


# A URL never contains a space and always holds a dot followed by a letter (the TLD). The
# regex only runs over space-free chunks holding such a dot, which makes it ~10x faster on
# prose without changing its result.
_DOT_LETTER: Final = regex.compile(r"\.\p{L}")
_SPACE_CHAR: Final = regex.compile(f"[{_SPACES}]")
_SPACE_CHAR_BACKWARDS: Final = regex.compile(f"(?r)[{_SPACES}]")


def _candidate_chunks(text: str) -> list[Span]:
    chunks: list[Span] = []
    chunk_end = -1
    for dot in _DOT_LETTER.finditer(text):
        if dot.start() < chunk_end:
            continue
        before = _SPACE_CHAR_BACKWARDS.search(text, 0, dot.start())
        after = _SPACE_CHAR.search(text, dot.end())
        chunk_end = len(text) if after is None else after.start()
        chunks.append((0 if before is None else before.start(), chunk_end))
    return chunks


def _url_spans(text: str, *, protocol_required: bool) -> list[Span]:
    return [(start, end) for start, end, _ in _url_entities(text, protocol_required=protocol_required)]


def _url_entities(text: str, *, protocol_required: bool) -> list[tuple[int, int, int]]:
    """Each URL's span, and the UTF-16 length twitter-text's ``parseTweet`` steps over from its start.

    The step is the length of the URL's own string, which is its span but for one case: a bare
    match whose path sticks to an ASCII domain that does not end the match (``a.co日.om/`` is
    the URL ``a.co/``, spanning all nine characters, and counting steps over five of them).
    """
    spans: list[tuple[int, int, int]] = []
    pattern = _url_regex(protocol_required)
    # Each chunk starts at the space before it (or 0), which the pattern's "before" consumes.
    matches = (m for s, e in _candidate_chunks(text) for m in pattern.finditer(text, s, e))
    for match in matches:
        start, end = match.span("url")
        url, protocol, domain = match.group("url", "protocol", "domain")
        puny = _punycode_length(domain)
        if puny is None or len(protocol or "https://") + len(url) - len(domain) + puny > _MAX_URL:
            continue
        if protocol:
            tco = _TCO.match(url)
            if tco is not None:
                if len(tco.group(1)) > _MAX_TCO_SLUG:
                    continue
                end = start + tco.end()
            spans.append((start, end, utf16_length(text[start:end])))
            continue
        # A bare domain right after "-", "_", "." or "/" is the tail of something else.
        if match.group("before") in ("-", "_", ".", "/"):
            continue
        # twitter-text keeps only the ASCII(-ish) domains inside a bare match; the path and
        # query stick to the last of them, and only when there is a path.
        offset = match.start("domain")
        found = [
            (offset + m.start(), offset + m.end(), utf16_length(m.group()))
            for m in _ascii_domain().finditer(domain)
        ]
        if found and match.group("path"):
            # The last domain's string becomes the URL with that domain in place of the match's.
            first, _, own = found[-1]
            found[-1] = (first, end, own + utf16_length(url) - utf16_length(domain))
        spans.extend(found)
    return spans


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the URLs X would link: ``http(s)://`` URLs and bare domains like ``example.com``.

    A bare domain needs a TLD from twitter-text's list, so ``Tunisie.``, ``18:30`` or a lone
    ``https://`` are not URLs. Trailing punctuation (``.``, ``!``, ``»``) stays outside.
    """
    return list(_url_spans_cached(text))


@lru_cache(maxsize=4096)
def _url_spans_cached(text: str) -> tuple[Span, ...]:
    # Several rules ask for the URLs of the same published text; each scan is ~20 µs.
    return tuple(_url_spans(text, protocol_required=False))


@lru_cache(maxsize=4096)
def _x_url_steps(text: str) -> tuple[tuple[int, int, int], ...]:
    """Each URL's start, where ``parseTweet``'s count resumes after it, and its weight.

    The count steps over the URL string's length in UTF-16 units (see :func:`_url_entities`).
    Stopping inside a surrogate pair leaves a lone low surrogate, which weighs the default.
    """
    steps = []
    for start, _, units in _url_entities(text, protocol_required=False):
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
    for start, end in _url_spans(text, protocol_required=True):
        parts += [text[position:start], "x" * url_length]
        position = end
    parts.append(text[position:])
    countable = _MASTODON_MENTION.sub(r"@\1", "".join(parts))
    return grapheme_count(countable)


def char_length(text: str) -> int:
    """Number of code points, Python's ``len``; no normalisation is applied."""
    return len(text)


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units, JavaScript's ``string.length`` (Buffer, Postiz, Threads).

    Astral characters such as most emoji count 2; lone surrogates count 1.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


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
