"""The front matter people actually write, read without the YAML machinery.

Almost every post's front matter is a column of ``key: value`` lines, a flow
list (``channels: [instagram, x]``), a block list, and one nested mapping
(``visual:`` with ``src`` and ``alt``). ruamel.yaml spends about half a
millisecond on each such document in its Python constructor; reading those
shapes line by line takes a twentieth of that, which over 10,000 posts is most
of a cold check.

The rule is all or nothing: :func:`read_plain` returns the mapping only when
every line is one of those shapes with values it types exactly as the YAML
parser would (through the same resolver, so ``true`` is a boolean, ``0123`` and
``1e3`` go back to the parser, and a date stays text); anything else — block
scalars, anchors, tags, escapes, comments after a value, deeper nesting, a
duplicate key, a tab — returns None and the real parser reads the document,
with its error messages.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import Resolver

_KEY = r"[A-Za-z_][\w.-]*"
_KEY_LINE = re.compile(rf"({_KEY}):(?:[ ]+(.*?))?[ ]*$")
_FLOW_ENTRY = re.compile(rf"({_KEY}):[ ]+(.+)")
_ITEM_LINE = re.compile(r"-(?:[ ]+(.*?))?[ ]*$")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE_START = re.compile(r"[0-9]{4}-")
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]")
"""A first character that cannot open anything but a plain scalar (``-`` is left to the parser)."""
_TRUE, _FALSE, _NULL = ("true", "True", "TRUE"), ("false", "False", "FALSE"), ("~", "null", "Null", "NULL")
_TAG = "tag:yaml.org,2002:"
_STR, _INT_TAG, _FLOAT_TAG, _BOOL = _TAG + "str", _TAG + "int", _TAG + "float", _TAG + "bool"
_NULL_TAG, _TIMESTAMP = _TAG + "null", _TAG + "timestamp"
_MEMO_KEPT = 50_000
"""Entries a memo of the reader keeps before it starts afresh (tags, values after a key)."""
_BRACKET = re.compile(r"[\[\]{}]")
_FLOW_MARK = re.compile(r"[\[\]{}:]")


_UNREAD = object()


class _NotPlain(Exception):
    """A shape this reader leaves to the YAML parser."""


@cache
def plain_reader() -> PlainReader:
    """The process's reader (its resolver is built once)."""
    return PlainReader()


class PlainReader:
    """Reads plain front matter."""

    def __init__(self) -> None:
        self._resolver = Resolver()
        implicit = self._resolver.yaml_implicit_resolvers
        # The resolver picks its patterns by a scalar's first character: a text starting with
        # any other character is a string without trying one (titles, alt texts, paths).
        self._typed_starts = None if None in implicit else frozenset(key for key in implicit if key)
        self._tags: dict[str, str] = {}
        """Tags already resolved (channel names, statuses, hashtags repeat over thousands of posts)."""
        self._values: dict[str, Any] = {}
        """Values already read from the same text after a key (a status, a pillar, a channel list)."""

    def read(self, text: str) -> dict[str, Any] | None:
        """The mapping of ``text``, or None when it is not made only of the plain shapes."""
        if "\t" in text or "\\" in text or "\r" in text:
            return None
        try:
            return self._mapping(text.split("\n"))
        except _NotPlain:
            return None

    def _mapping(self, lines: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            index += 1
            if _blank(line):
                continue
            match = _KEY_LINE.fullmatch(line)
            if match is None:
                raise _NotPlain
            key = self._key(match.group(1), result)
            raw = match.group(2)
            if raw:
                result[key] = self._value(raw)
                continue
            block: list[str] = []
            while index < count and (_blank(lines[index]) or lines[index].startswith((" ", "-"))):
                block.append(lines[index])
                index += 1
            result[key] = self._block(block)
        return result

    def _key(self, key: str, seen: dict[str, Any]) -> str:
        if key in seen or self._tag(key) != _STR:
            raise _NotPlain  # a repeated key is an error the parser words; `true:` is not a text key
        return key

    def _block(self, lines: list[str]) -> Any:
        """A block list or a one-level mapping under a key (None when there is nothing)."""
        filled = [line for line in lines if not _blank(line)]
        if not filled:
            return None
        indent = len(filled[0]) - len(filled[0].lstrip(" "))
        if any(len(line) - len(line.lstrip(" ")) != indent for line in filled):
            raise _NotPlain  # deeper lines: nesting or a value continued on the next line
        body = [line[indent:] for line in filled]
        if body[0].startswith("-"):
            items = []
            for line in body:
                match = _ITEM_LINE.fullmatch(line)
                if match is None or not match.group(1):
                    raise _NotPlain
                items.append(self._inline(match.group(1)))
            return items
        if indent == 0:
            raise _NotPlain
        mapping: dict[str, Any] = {}
        for line in body:
            match = _KEY_LINE.fullmatch(line)
            if match is None or not match.group(2):
                raise _NotPlain
            mapping[self._key(match.group(1), mapping)] = self._inline(match.group(2))
        return mapping

    def _value(self, raw: str) -> Any:
        """:meth:`_inline`, remembered: statuses, pillars, channel lists repeat (a fifth of a parse)."""
        found = self._values.get(raw, _UNREAD)
        if found is _UNREAD:
            found = self._inline(raw)
            if isinstance(found, dict):
                return found  # a flow mapping: rare, and its copy would cost what reading it does
            _remember(self._values, raw, found)
        # Lists of scalars only: a copy each, so that no two documents share one.
        return found.copy() if isinstance(found, list) else found

    def _inline(self, raw: str) -> Any:
        """A value written on its key's line: a flow list or mapping, a quoted or a plain scalar."""
        if raw[0] in "[{":
            close = "]" if raw[0] == "[" else "}"
            if raw[-1] != close or _BRACKET.search(raw, 1, len(raw) - 1):
                raise _NotPlain  # nested or unclosed: the parser's
            items = _flow_items(raw[1:-1])
            if close == "]":
                return [self._scalar(item, flow=True) for item in items]
            mapping: dict[str, Any] = {}
            for item in items:
                entry = _FLOW_ENTRY.fullmatch(item)
                if entry is None:
                    raise _NotPlain
                mapping[self._key(entry.group(1), mapping)] = self._scalar(entry.group(2).strip(), flow=True)
            return mapping
        return self._scalar(raw, flow=False)

    def _scalar(self, raw: str, *, flow: bool) -> Any:
        if not raw:
            raise _NotPlain  # an empty flow item, `[a, , b]` or a trailing comma
        quote = raw[0]
        if quote in "\"'":
            inner = raw[1:-1]
            if len(raw) < 2 or raw[-1] != quote or quote in inner:
                raise _NotPlain  # escapes, doubled quotes, text after the closing quote
            return inner
        if not _PLAIN_START.match(raw) or " #" in raw or ": " in raw or raw.endswith(":"):
            raise _NotPlain
        if flow and _FLOW_MARK.search(raw):
            raise _NotPlain
        if _DATE_START.match(raw):
            # Four digits and a dash: no number, boolean or null reads so, only a timestamp or a
            # text, both kept as text. Every post's publish_at is one, and each is a new value
            # for the resolver's cache: asking the resolver was a sixteenth of a cold scan.
            return raw
        tag = self._tag(raw)
        if tag in (_STR, _TIMESTAMP):
            return raw  # timestamps stay text: the model judges dates (as the parser is set up to)
        if tag == _INT_TAG and _INT.fullmatch(raw):
            return int(raw)
        if tag == _FLOAT_TAG and _FLOAT.fullmatch(raw):
            return float(raw)
        if tag == _BOOL and raw in _TRUE + _FALSE:
            return raw in _TRUE
        if tag == _NULL_TAG and raw in _NULL:
            return None
        raise _NotPlain  # floats, octals, `0123`, merge keys: the parser's own constructors

    def _tag(self, value: str) -> str:
        if self._typed_starts is not None and value[0] not in self._typed_starts:
            return _STR
        tag = self._tags.get(value)
        if tag is None:
            tag = str(self._resolver.resolve(ScalarNode, value, (True, False)))
            _remember(self._tags, value, tag)
        return tag


def _remember(memo: dict[str, Any], key: str, value: Any) -> None:
    """``value`` kept under ``key``; a full memo starts afresh (a long ``serve`` must not grow unbounded)."""
    if len(memo) >= _MEMO_KEPT:
        memo.clear()
    memo[key] = value


def _flow_items(inside: str) -> list[str]:
    """The items of a one-line flow collection, split at the commas outside quotes."""
    if not inside.strip():
        return []
    if "'" not in inside and '"' not in inside:
        return [item.strip() for item in inside.split(",")]
    items, start, quote = [], 0, ""
    for at, char in enumerate(inside):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ",":
            items.append(inside[start:at].strip())
            start = at + 1
    if quote:
        raise _NotPlain
    items.append(inside[start:].strip())
    return items


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
