"""Front matter: split a Markdown file, parse its YAML fast and safely.

Parsing uses ruamel.yaml's safe loader (its C parser when installed). Dates and
times stay strings so that pydantic, not the YAML layer, judges them: a
``2026-02-30`` then becomes a positioned ``schema.type`` finding instead of an
exception deep in the constructor. Positions are computed only for files that
need them (see ``pipeline.stages.load.positions``).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import Reader
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.scanner import Scanner

from pipeline.model.content import Variant
from pipeline.model.held import held_model
from pipeline.stages.load.depth import MAX_DEPTH, TooDeep, check_depth
from pipeline.stages.load.plainyaml import plain_reader
from pipeline.stages.load.yaml_explain import explain
from pipeline.text.messages import msg

MAX_FILE_BYTES = 512 * 1024
"""Largest content file read; a real post is a few kilobytes."""
MAX_NODES = 50_000
"""Largest number of YAML values after alias expansion (refuses "billion laughs")."""
_KEY = re.compile(r"[A-Za-z_][\w-]*[ \t]*:[ \t]+")
# Matched at the start of a line only (see _headings): a multi-line `^` tried every position.
_CHANNEL_HEADING = re.compile(r"##[ \t]+([A-Za-z][\w-]*)[ \t]*#*[ \t]*$", re.MULTILINE)
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_VARIANT_FIELDS = set(Variant.model_fields)


class FrontMatterError(Exception):
    """A file whose front matter cannot be read; carries the rule id and position."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Split:
    """A content file cut in two: the YAML text and the Markdown body."""

    yaml_text: str
    yaml_line: int
    """Line of the file where the YAML text starts (after the opening ``---``)."""
    body: str
    body_line: int


def decode(data: bytes) -> str:
    """UTF-8 text of a file, or a FrontMatterError at the line of the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise FrontMatterError(
            "yaml.syntax",
            msg(
                "file is {size} MB; content files are limited to {limit} KB "
                "(move large text or data out of the front matter)",
                size=f"{len(data) / 1e6:.1f}",
                limit=MAX_FILE_BYTES // 1024,
            ),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FrontMatterError(
            "yaml.syntax",
            msg("not UTF-8 (byte 0x{byte}); save the file as UTF-8", byte=f"{data[exc.start]:02x}"),
            line,
            column,
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def split(text: str) -> Split:
    """Cut ``---``-delimited front matter from the body."""
    if not text.strip():
        raise FrontMatterError(
            "schema.missing", msg("empty file: front matter between --- lines is required")
        )
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise FrontMatterError(
            "schema.missing", msg("no front matter: the file must start with a line '---'")
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Split(
                yaml_text="\n".join(lines[1:index]) + "\n",
                yaml_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterError(
        "yaml.syntax", msg("front matter opened at line 1 is never closed: add a line '---' after it")
    )


class _Constructor(SafeConstructor):
    """Safe constructor that leaves timestamps as text for pydantic to judge."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


# ruamel's YAML() front end builds a new loader class and a versioned resolver for
# every document, which costs more than the parse itself (≈0.7 ms a post). These
# classes are built once: the C parser when ruamel.yaml.clib is there, and the
# YAML 1.2 implicit types of the plain Resolver (so `no` stays a string).
class _PureLoader(Reader, Scanner, Parser, Composer, _Constructor, Resolver):
    def __init__(self, stream: str):
        Reader.__init__(self, stream, loader=self)
        Scanner.__init__(self, loader=self)
        Parser.__init__(self, loader=self)
        Composer.__init__(self, loader=self)
        _Constructor.__init__(self, loader=self)
        Resolver.__init__(self, loadumper=self)


try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _CLoader(CParser, _Constructor, Resolver):  # type: ignore[misc]
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            _Constructor.__init__(self, loader=self)
            Resolver.__init__(self, loadumper=self)

    _Loader: type = _CLoader
except ImportError:  # pragma: no cover - without the C extension, the same rules, slower
    _Loader = _PureLoader


def parse_yaml(text: str, first_line: int) -> dict[str, Any]:
    """Parse a YAML mapping; any problem becomes a FrontMatterError with its position."""
    plain = plain_reader().read(text)
    if plain is not None:
        # The plain shapes nest three levels at most and hold only the plain kinds, each value
        # and its separator two characters or more: only a text this long can reach the budget.
        if len(text) >= MAX_NODES:
            _guard_size(plain, text, first_line)
        return plain
    try:
        check_depth(text)
    except TooDeep as exc:
        raise FrontMatterError(
            "yaml.syntax",
            msg("YAML nested more than {depth} levels deep; refusing to parse it", depth=MAX_DEPTH),
            first_line + exc.line,
            exc.column + 1,
        ) from None
    try:
        loader = _Loader(text)
        loader.allow_duplicate_keys = False
        try:
            # ruamel warns on stderr (YAML 1.1 floats, …) in the middle of the findings:
            # the values it warns about are judged by the model instead.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = loader.get_single_data()
        finally:
            loader.dispose()
    except MarkedYAMLError as exc:
        message, row, column = explain(exc, text)
        raise FrontMatterError("yaml.syntax", message, first_line + row, column + 1) from None
    except (YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise FrontMatterError(
            "yaml.syntax", msg("unreadable YAML: {error}", error=exc), first_line
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            "schema.type",
            msg("front matter must be a mapping of keys, not a {kind}", kind=type(data).__name__),
            first_line,
        )
    _guard_size(data, text, first_line)
    return data


def _guard_size(data: object, text: str, first_line: int) -> None:
    """Refuse documents whose aliases expand too far, nest too deep, or hold typed values.

    The safe loader shares aliased objects, so memory is still small here; the
    walk stops at the budget, so it is bounded too, even for recursive aliases.
    Aliases can nest deeper than the text does (each anchor wrapping the previous
    one), so depth is measured again on the values. Only the plain JSON kinds of
    values are kept: tags such as ``!!omap``, ``!!set`` or ``!!binary`` and
    complex keys (``? [a]``) build values no field of Almanac accepts, and used to
    end in tracebacks further on.
    """
    budget = MAX_NODES
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise FrontMatterError(
                "yaml.syntax",
                msg(
                    "YAML aliases expand to more than {count} values; refusing it (alias bomb?)",
                    count=MAX_NODES,
                ),
                _line_of(text, r"&\w", first_line),
            )
        if depth > MAX_DEPTH:
            raise FrontMatterError(
                "yaml.syntax",
                msg("YAML aliases nest more than {depth} levels deep; refusing it", depth=MAX_DEPTH),
                _line_of(text, r"\*\w", first_line),
            )
        kind = type(node)
        if kind is dict:
            for key, value in node.items():  # type: ignore[attr-defined]
                if type(key) not in _SCALARS:
                    raise FrontMatterError(
                        "yaml.syntax",
                        msg("a YAML key must be a plain value (text or number), not a list or mapping"),
                        _line_of(text, r"^\s*\?", first_line),
                    )
                stack.append((value, depth + 1))
        elif kind is list:
            stack.extend((item, depth + 1) for item in node)  # type: ignore[attr-defined]
        elif kind not in _SCALARS:
            raise FrontMatterError(
                "yaml.syntax",
                msg(
                    "YAML value of type {kind} is not supported: "
                    "use plain text, numbers, lists and mappings (no !! tags)",
                    kind=_KIND_NAMES.get(kind.__name__, kind.__name__),
                ),
                _line_of(text, r"!!?\w", first_line),
            )


_SCALARS = (str, int, float, bool, type(None))
_KIND_NAMES = {"ordereddict": "!!omap", "CommentedOrderedMap": "!!omap", "set": "!!set", "bytes": "!!binary"}


def _line_of(text: str, pattern: str, first_line: int) -> int:
    """Line of the first match of ``pattern`` in the YAML text (its first line when none)."""
    found = re.search(pattern, text, re.MULTILINE)
    return first_line + (text.count("\n", 0, found.start()) if found else 0)


def top_key_lines(yaml_text: str, first_line: int) -> dict[str, int]:
    """Line of every top-level key of block-style YAML, from a cheap scan (no parse)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(yaml_text.split("\n"), first_line):
        match = _TOP_KEY.match(line)
        if match is not None:
            lines.setdefault(match.group(1), number)
    return lines


def _trimmed(text: str, line: int) -> tuple[str, int]:
    """Text without leading blank lines and trailing space, and the line it now starts on."""
    stripped = text.lstrip("\n")
    return stripped.rstrip(), line + (len(text) - len(stripped))


def split_variants(body: str, body_line: int) -> tuple[str, int, dict[str, Variant]]:
    """The default text and the ``## <channel>`` variants of a post body."""
    headings = _headings(body)
    end = headings[0].start() if headings else len(body)
    default, default_line = _trimmed(body[:end], body_line)
    variants: dict[str, Variant] = {}
    for index, heading in enumerate(headings):
        stop = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        heading_line = body_line + body.count("\n", 0, heading.start())
        text, line = _trimmed(body[heading.end() + 1 : stop], heading_line + 1)
        variants.setdefault(heading.group(1).lower(), held_variant(text, line, heading_line))
    return default, default_line, variants


def held_variant(text: str, line: int, heading_line: int) -> Variant:
    """A variant made as held: a text and its lines leave the model nothing to check (a third of a split)."""
    return held_model(Variant, {"text": text, "line": line, "heading_line": heading_line}, _VARIANT_FIELDS)


def _headings(body: str) -> list[re.Match[str]]:
    """The ``## <channel>`` headings of a body, in order: tried only where a line starts with ``##``."""
    starts = [0] if body.startswith("##") else []
    at = body.find("\n##")
    while at != -1:
        starts.append(at + 1)
        at = body.find("\n##", at + 1)
    return [match for match in (_CHANNEL_HEADING.match(body, start) for start in starts) if match is not None]
