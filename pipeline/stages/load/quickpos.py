"""Positions of front-matter keys and values from a scan of the YAML text (no parse).

Rules point at a key or a value of every post they report on; a round-trip
parse to learn that position costs ≈13 ms a post. Front matter is nearly always
simple block YAML, so a scan of its lines finds the same line and column as
ruamel.yaml's round-trip marks (the start of the key or value token) for
top-level keys, keys of a nested block or one-line flow mapping, and items of
a block or one-line flow sequence. Anything else (quotes inside flow
collections, anchors, tags, deeper paths, multi-line flows) returns None, and
the caller falls back to the round-trip parse.
"""

from __future__ import annotations

import re

Loc = tuple[int | str, ...]
_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)")
_UNSAFE_FLOW = re.compile(r"""['"#&*!{}\[\]]""")
_UNSAFE_START = ("&", "!", "*", "|", ">", "'", '"')


def quick_locate(
    yaml_text: str, first_line: int, loc: Loc, key_lines: dict[str, int], *, key: bool = False
) -> tuple[int, int] | None:
    """Line and column (from 1), as ``positions.locate`` gives them; None when unsure."""
    if not 1 <= len(loc) <= 2 or not isinstance(loc[0], str) or loc[0] not in key_lines:
        return None
    top_line = key_lines[loc[0]]
    if len(loc) == 1 and key:
        return top_line, 1
    lines = yaml_text.split("\n")
    row = top_line - first_line
    if not 0 <= row < len(lines):
        return None
    found = _KEY.match(lines[row])
    if found is None or found.group(1) != loc[0]:
        return None
    rest = lines[row][found.end() :]
    inline = bool(rest) and not rest.startswith("#")
    if inline and rest.startswith(("&", "*", "!", "|", ">")):
        return None
    if len(loc) == 1:
        if inline:
            return top_line, found.end() + 1
        start = _block_start(lines, row + 1)
        return None if start is None else (first_line + start[0], start[1] + 1)
    if inline:
        return _in_flow(lines[row], found.end(), loc[1], top_line, key=key)
    return _in_block(lines, row + 1, loc[1], first_line, key=key)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_start(lines: list[str], row: int) -> tuple[int, int] | None:
    """Row and column of the first token of a block value that starts on ``row`` or later."""
    for index in range(row, len(lines)):
        line = lines[index]
        if not _content(line):
            continue
        if "\t" in line[: _indent(line) + 1]:
            return None
        indent = _indent(line)
        if indent == 0 and not line.startswith("- "):
            return None  # the next top-level key: the value is empty
        return (index, indent) if not line[indent:].startswith(_UNSAFE_START) else None
    return None


def _in_flow(line: str, start: int, part: int | str, line_no: int, *, key: bool) -> tuple[int, int] | None:
    """Position of an entry of a one-line flow collection ``[a, b]`` or ``{k: v}``."""
    text = line[start:]
    comment = text.find(" #")
    body = (text[:comment] if comment >= 0 else text).rstrip()
    if len(body) < 2 or (body[0], body[-1]) not in (("[", "]"), ("{", "}")):
        return None
    inner = body[1:-1]
    if _UNSAFE_FLOW.search(inner):
        return None
    offset = start + 1
    items: list[tuple[int, str]] = []
    for piece in inner.split(","):
        stripped = piece.lstrip(" ")
        if stripped.strip():
            items.append((offset + len(piece) - len(stripped), stripped.rstrip()))
        offset += len(piece) + 1
    if body[0] == "[":
        if not isinstance(part, int) or key or not 0 <= part < len(items):
            return None
        return line_no, items[part][0] + 1
    for column, item in items:
        name, colon, value = item.partition(":")
        if colon and name.rstrip() == part and (not value or value.startswith(" ")):
            if key:
                return line_no, column + 1
            if not value.strip() or value.strip().startswith(_UNSAFE_START):
                return None
            value_column = column + len(name) + 1 + len(value) - len(value.lstrip(" "))
            return line_no, value_column + 1
    return None


def _in_block(
    lines: list[str], row: int, part: int | str, first_line: int, *, key: bool
) -> tuple[int, int] | None:
    """Position of an entry of a nested block mapping or block sequence."""
    start = _block_start(lines, row)
    if start is None:
        return None
    indent = start[1]
    is_seq = lines[start[0]][indent:].startswith("- ")
    index = 0
    for number in range(start[0], len(lines)):
        line = lines[number]
        if not _content(line):
            continue
        here = _indent(line)
        if here < indent or (here == 0 and not line.startswith("- ")) or "\t" in line[: here + 1]:
            break
        if here != indent:
            continue
        entry = line[indent:]
        if is_seq:
            if not entry.startswith("- "):
                break
            if index == part and not key:
                value = entry[2:]
                column = indent + 2 + len(value) - len(value.lstrip(" "))
                ok = _content(value) and not value.lstrip(" ").startswith((*_UNSAFE_START, "- ", "{", "["))
                return (first_line + number, column + 1) if ok else None
            index += 1
            continue
        found = _KEY.match(entry)
        if found is None:
            return None
        if found.group(1) == part:
            if key:
                return first_line + number, indent + 1
            rest = entry[found.end() :]
            if not rest or rest.startswith("#") or rest.startswith(_UNSAFE_START):
                return None
            return first_line + number, indent + found.end() + 1
    return None
