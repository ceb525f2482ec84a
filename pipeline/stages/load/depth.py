"""Nesting depth of YAML text, measured by a linear scan before any parser sees it.

ruamel.yaml's C composer recurses once per nesting level: 30,000 nested ``[``
(60 KB) overflow the C stack and kill the process (SIGSEGV), and a few hundred
levels already raise RecursionError in the Python code that walks the result.
No front matter or charter needs more than a handful of levels, so anything
deeper than :data:`MAX_DEPTH` is refused with its line and column.

The scan follows block indentation (one level per deeper indentation, one per
compact ``- `` or ``? `` marker), flow collections (``[`` and ``{``), quoted
scalars (whose brackets do not count), comments and block scalars (``|``,
``>``, whose lines are text), and lets anchors and tags (``&a [``, ``!!seq [``)
open a collection as a value would. It is an estimate, not a parser: a sequence
written at its key's indentation nests one level the scan does not see, so the
real depth may reach twice the estimate. The limit is far below the few hundred
levels where the parser fails, and the parsed values are measured again (aliases
can nest deeper than the text does).
"""

from __future__ import annotations

import re

MAX_DEPTH = 40
"""Deepest nesting accepted; real front matter uses three or four levels."""

_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")


class TooDeep(Exception):
    """The text nests deeper than allowed; ``line`` and ``column`` count from 0."""

    def __init__(self, line: int, column: int):
        super().__init__(line, column)
        self.line = line
        self.column = column


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`TooDeep` at the first place where ``text`` nests deeper than ``limit``."""
    indents: list[int] = []
    flow = 0
    quote = ""
    scalar_indent = -1  # indentation of the line that opened a block scalar, or -1
    for number, line in enumerate(text.split("\n")):
        position = 0
        if not quote and flow == 0:
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if scalar_indent >= 0:
                if not content.strip() or indent > scalar_indent:
                    continue
                scalar_indent = -1
            if not content or content.startswith("#"):
                continue
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            position = indent
            markers = 0
            while line.startswith(("- ", "? ", ": "), position) or line[position:] in ("-", "?"):
                markers += 1
                position += 2
                while position < len(line) and line[position] == " ":
                    position += 1
            if len(indents) + markers > limit:
                raise TooDeep(number, position)
            base = len(indents) + markers
        else:
            base = len(indents)
        quote, flow = _scan_line(line, position, quote, flow, base, limit, number)
        if not quote and flow == 0 and _opens_block_scalar(line):
            scalar_indent = len(line) - len(line.lstrip(" "))


def _opens_block_scalar(line: str) -> bool:
    """True when a block-context line ends with a ``|`` or ``>`` block scalar header."""
    for start in (line.find(": "), line.find("- ")):
        if start >= 0 and _BLOCK_SCALAR.match(line[start + 2 :].lstrip(" ")):
            return True
    return bool(_BLOCK_SCALAR.match(line.lstrip(" ")))


def _scan_line(
    line: str, position: int, quote: str, flow: int, base: int, limit: int, number: int
) -> tuple[str, int]:
    """Follow quotes and flow brackets along one line; returns the state at its end."""
    token_start = True
    index = position
    length = len(line)
    while index < length:
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                if quote == "'" and index + 1 < length and line[index + 1] == "'":
                    index += 2
                    continue
                quote = ""
                token_start = False
            index += 1
            continue
        if char in " \t":
            index += 1
            continue
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        if char in "&!" and token_start:
            # An anchor or a tag sits before the value it names: the value still starts after it.
            while index < length and line[index] not in " \t":
                index += 1
            continue
        if char in "[{" and (flow > 0 or token_start):
            flow += 1
            if base + flow > limit:
                raise TooDeep(number, index)
            token_start = True
        elif char in "]}" and flow > 0:
            flow -= 1
            token_start = False
        elif char in "'\"" and token_start:
            quote = char
        else:
            token_start = (char == "," and flow > 0) or (
                char in ":-?" and index + 1 < length and line[index + 1] in " \t"
            )
        index += 1
    return quote, flow
