"""What a YAML syntax error means to the person who wrote the front matter, and where.

ruamel.yaml says what its parser met ("mapping values are not allowed in this
context"), often lines after the mistake, in English and in the parser's words. The
mistakes people make in a post's front matter are few and known: a colon and a space
inside a value (« Nouveauté : la lampe »), text after a closing quote, a value that
starts with a character YAML reserves (``@``, ``*``, ``[``, ``- ``…), a key written twice,
a quote or a bracket never closed, a line of text among the keys. Each gets a sentence
that says what to write, translatable like every finding, with the line it concerns;
any other problem keeps the parser's words inside such a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ruamel.yaml.error import MarkedYAMLError

from pipeline.text.messages import N_, msg, wrap

_KEY_LINE = re.compile(r"(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_NO_SPACE = re.compile(r"[ ]*(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:].*)$")
_HASHED = re.compile(r"[\[,][ \t]*#")
_DUPLICATE = re.compile(r'found duplicate key "(?P<key>[^"]*)"')

Explained = tuple[str, int, int]
"""A message, and the 0-based line and column (in the YAML text) it is about."""


def explain(exc: MarkedYAMLError, text: str) -> Explained:
    """The message and position of a YAML syntax error in ``text``, for the person who wrote it."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    row, column = (mark.line, mark.column) if mark else (0, 0)
    if row >= len(lines):  # the end of the text, past its last line break
        row, column = len(lines) - 1, len(lines[-1])
    unclosed = unclosed_quote(lines[: row + 1])
    if unclosed is not None:
        # The parser only notices a missing closing quote lines later, at a key it cannot
        # find; the author needs the line where the quote was opened.
        at_row, at_column, quote = unclosed
        message = msg("this quote is never closed: end the value with {quote} on the same line", quote=quote)
        return message, at_row, at_column
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    line = lines[row]
    if "tab" in problem.lower() or "\t" in line[: len(line) - len(line.lstrip())]:
        return msg("tab character in YAML: indent with spaces, never tabs"), row, column
    hashed = _hashed_item(lines[: row + 1])
    if hashed is not None:
        # The comment hid the rest of the list: the parser fails lines later, in many ways.
        return msg(_EMPTY_ITEM), *hashed
    if problem == "could not find expected ':'" and exc.context_mark is not None:
        # The parser stops at the line after; the line it could not read as a key is where it began.
        message = msg(
            "this line is not a key (`key: value`): the front matter holds only keys, "
            "and the post's text goes after the closing ---"
        )
        return message, exc.context_mark.line, exc.context_mark.column
    for words, explainer in _EXPLAINERS:
        if words in problem or (exc.context is not None and words in exc.context):
            found = explainer(problem, lines, row, column)
            if found is not None:
                return found
            break
    said = problem
    if exc.context and exc.context.strip() != problem:
        said = f"{problem} ({exc.context.strip()})"
    return (
        msg("YAML cannot read this line ({problem}): check its quotes, colons and indentation", problem=said),
        row,
        column,
    )


def _duplicate(problem: str, _lines: list[str], row: int, column: int) -> Explained | None:
    found = _DUPLICATE.search(problem)
    if found is None:
        return None
    return (
        msg("`{key}` is written twice in this front matter: keep one of the two", key=found["key"]),
        row,
        column,
    )


def _colon(_problem: str, lines: list[str], row: int, column: int) -> Explained | None:
    # "title:ok" then "status: draft": the key with no space made the next line part of its value.
    before = _line_before(lines, row)
    glued = None if before is None else _NO_SPACE.match(lines[before])
    if before is not None and glued is not None and _KEY_LINE.match(lines[row]) is not None:
        fixed = f"{glued['key']}: {glued['value']}"
        at = lines[before].index(":") + 1
        return msg("a key needs a space after its colon: write `{fixed}`", fixed=fixed), before, at
    line = _KEY_LINE.match(lines[row])
    if line is None:
        return None
    value = line["value"] or ""
    if value and value[0] not in "\"'[{" and (": " in value or value.endswith(":")):
        fixed = f"{line['key']}: {quoted(value)}"
        return _quote_it(msg("a colon followed by a space starts a key in YAML"), fixed), row, column
    previous = _previous_key(lines, row)
    if line["indent"] and previous is not None:
        message = msg(
            "this line is indented under `{key}`, which already has its value: "
            "start it at the beginning of the line",
            key=previous,
        )
        return message, row, len(line["indent"])
    return None


def _after_value(_problem: str, lines: list[str], row: int, column: int) -> Explained | None:
    line = _KEY_LINE.match(lines[row])
    if line is None:
        if lines[row].startswith("- "):
            message = msg(
                "this list item belongs to no key: put it under the key it lists "
                "(`channels:`, `hashtags:`), indented by two spaces"
            )
            return message, row, 0
        return None
    value = line["value"] or ""
    if not value:
        return None
    fixed = f"{line['key']}: {quoted(value)}"
    if value[0] in "\"'":
        said = msg("the value ends at its closing {quote} and text follows it", quote=value[0])
    elif value[0] == "[":
        after = value[_matching(value) + 1 :].strip()
        if after and set(after) <= set("]"):
            return msg("this list is closed twice: remove the extra {closing}", closing="]"), row, column
        said = msg("a value that starts with [ is a list in YAML")
    elif value[0] == "{":
        said = msg("a value that starts with a brace is a set of keys in YAML")
    else:
        return None
    return _quote_it(said, fixed), row, column


def _reserved(_problem: str, lines: list[str], row: int, _column: int) -> Explained | None:
    line = _KEY_LINE.match(lines[row])
    if line is None or not line["value"]:
        return None
    value = line["value"]
    if value.startswith("- "):
        said = msg("a value that starts with a dash and a space is a list item in YAML")
    else:
        said = msg("a value cannot start with {char} in YAML", char=value[0])
    return _quote_it(said, f"{line['key']}: {quoted(value)}"), row, line.start("value")


def _unclosed_bracket(problem: str, lines: list[str], row: int, column: int) -> Explained | None:
    closing = "]" if "']'" in problem else "}"
    opening = "[" if closing == "]" else "{"
    for at in range(row, -1, -1):  # explain() keeps row within the text
        where = lines[at].find(opening)
        if where >= 0:
            message = msg(
                "this {opening} is never closed: end it with {closing} on the same line",
                opening=opening,
                closing=closing,
            )
            return message, at, where
    return None


_EMPTY_ITEM = N_(
    "an item of this list is empty or starts with #: write hashtags without #, or quote the item"
)


def _flow_item(_problem: str, _lines: list[str], row: int, column: int) -> Explained | None:
    return msg(_EMPTY_ITEM), row, column


def _hashed_item(lines: list[str]) -> tuple[int, int] | None:
    """Where a ``#`` opens an item of a ``[...]`` list: YAML reads a comment there, to the end of the line."""
    for row, line in enumerate(lines):
        found = _KEY_LINE.match(line)
        if found is not None and (found["value"] or "").startswith("["):
            hashed = _HASHED.search(line, found.start("value"))
            if hashed is not None:
                return row, hashed.end() - 1
    return None


def _escape(_problem: str, _lines: list[str], row: int, column: int) -> Explained | None:
    message = msg(
        "a backslash inside double quotes starts an escape YAML does not know: "
        "write two backslashes, or use single quotes"
    )
    return message, row, column


_Explainer = Callable[[str, list[str], int, int], Explained | None]
_EXPLAINERS: tuple[tuple[str, _Explainer], ...] = (
    ("found duplicate key", _duplicate),
    ("mapping values are not allowed", _colon),
    ("did not find expected key", _after_value),
    ("cannot start any token", _reserved),
    ("block sequence entries are not allowed", _reserved),
    ("while scanning an alias", _reserved),
    ("while scanning an anchor", _reserved),
    ("while scanning a block scalar", _reserved),
    ("expected ',' or ']'", _unclosed_bracket),
    ("expected ',' or '}'", _unclosed_bracket),
    ("did not find expected node content", _flow_item),
    ("found unknown escape character", _escape),
)
"""The parser's words for each known mistake (in its problem or its context), and who explains it."""


def _quote_it(said: str, fixed: str) -> str:
    return wrap("{problem}: quote the whole value, `{fixed}`", said, fixed=fixed)


def _matching(value: str) -> int:
    """Index of the bracket that closes the one ``value`` starts with (its last character if none)."""
    depth = 0
    for at, char in enumerate(value):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0:
            return at
    return len(value) - 1


def _line_before(lines: list[str], row: int) -> int | None:
    """The nearest line above ``row`` that is not blank."""
    return next((before for before in range(row - 1, -1, -1) if lines[before].strip()), None)


def _previous_key(lines: list[str], row: int) -> str | None:
    before = _line_before(lines, row)
    found = None if before is None else _KEY_LINE.match(lines[before])
    return found["key"] if found is not None and found["value"] else None


def quoted(value: str) -> str:
    """``value`` as one YAML scalar: in double quotes, or in single quotes when it holds ``"`` or ``\\``."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def unclosed_quote(lines: list[str]) -> tuple[int, int, str] | None:
    """``(line index, column index, quote)`` of the first value whose opening quote is not
    closed on its line (``key: "text`` or ``- 'text``), or None."""
    for index, line in enumerate(lines):
        value_at = _value_start(line)
        if value_at is None or value_at >= len(line) or line[value_at] not in "\"'":
            continue
        quote = line[value_at]
        if _closing(line, value_at + 1, quote) < 0:
            return index, value_at, quote
    return None


def _value_start(line: str) -> int | None:
    """Where the value of a ``key: value`` or ``- value`` line starts, or None."""
    stripped = line.lstrip(" ")
    if stripped.startswith("- "):
        indent = len(line) - len(stripped)
        return indent + 2 + len(stripped[2:]) - len(stripped[2:].lstrip(" "))
    key = _KEY_LINE.match(line)
    return key.start("value") if key is not None and key["value"] else None


def _closing(line: str, start: int, quote: str) -> int:
    """Index of the quote that closes a scalar opened before ``start``, or -1."""
    at = start
    while at < len(line):
        char = line[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and line[at + 1 : at + 2] == "'":
                at += 2  # '' is a quote inside a single-quoted scalar
                continue
            return at
        at += 1
    return -1
