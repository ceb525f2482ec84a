"""URLs as X finds them: twitter-text's ``extractUrlsWithIndices``, piece by piece.

The matcher follows twitter-text's (twitter/twitter-text, Copyright 2018 Twitter, Inc.,
Apache-2.0) so that lengths agree with what X computes; its weights and TLD lists are vendored
in ``data/twitter_text_v3.json`` (:data:`X_CONFIG`). Spans are indices into the ``str`` given
(code points); what X's count steps over is in UTF-16 units, as twitter-text's indices are.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final, cast

import regex

Span = tuple[int, int]

X_CONFIG: Final[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "twitter_text_v3.json").read_text(encoding="utf-8")
)
"""twitter-text's configuration v3: the count's weights and scale, and the TLDs a URL may end in."""


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units, JavaScript's ``string.length`` (Buffer, Postiz, Threads).

    Astral characters such as most emoji count 2; lone surrogates count 1.
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


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
        + _trie_pattern([*X_CONFIG["tlds"]["generic"], *X_CONFIG["tlds"]["country"]])
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


def _url_entities(text: str, *, protocol_required: bool) -> list[tuple[int, int, int]]:
    """Each URL's span, and the UTF-16 length twitter-text's ``parseTweet`` steps over from its start.

    The step is the length of the URL's own string, which is its span but for one case: a bare
    match whose path sticks to an ASCII domain that does not end the match (``a.co日.om/`` is
    the URL ``a.co/``, spanning all nine characters, and counting steps over five of them).
    """
    spans: list[tuple[int, int, int]] = []
    chunks = _candidate_chunks(text)
    if not chunks:
        # Most posts: no dot before a letter, so no URL. The pattern is not even compiled (0.14 s,
        # which a check of one edited post for X paid on every run).
        return spans
    pattern = _url_regex(protocol_required)
    # Each chunk starts at the space before it (or 0), which the pattern's "before" consumes.
    matches = (m for s, e in chunks for m in pattern.finditer(text, s, e))
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


def url_spans(text: str) -> list[Span]:
    """Spans of the URLs X would link: ``http(s)://`` URLs and bare domains like ``example.com``.

    A bare domain needs a TLD from twitter-text's list, so ``Tunisie.``, ``18:30`` or a lone
    ``https://`` are not URLs. Trailing punctuation (``.``, ``!``, ``»``) stays outside.
    """
    return [(start, end) for start, end, _ in url_entities(text)]


@lru_cache(maxsize=4096)
def url_entities(text: str) -> tuple[tuple[int, int, int], ...]:
    """What :func:`url_spans` finds, each span with the UTF-16 length X's count steps over.

    Several rules and X's count ask for the URLs of the same published text; each scan is ~20 µs.
    """
    return tuple(_url_entities(text, protocol_required=False))


def protocol_url_spans(text: str) -> list[Span]:
    """Spans of the ``http(s)://`` URLs alone (Mastodon links nothing else)."""
    return [(start, end) for start, end, _ in _url_entities(text, protocol_required=True)]
