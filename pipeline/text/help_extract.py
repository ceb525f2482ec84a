"""A Babel extractor for the command line: click's help texts join the catalogue.

``babel.cfg`` maps ``pipeline/cli/**.py`` to :func:`extract`, which finds what
Babel's Python extractor finds (``_()``, ``msg()``, …) and, besides, the help a
person reads in ``--help``: every ``help="…"`` keyword and the docstring of every
function decorated as a click command or group (click's help, cleaned as
:func:`inspect.cleandoc` does). The command line translates them when a command
is looked up (:mod:`pipeline.cli`).
"""

from __future__ import annotations

import ast
import inspect
import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

_DECORATORS = {"command", "group"}


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Any,
) -> Iterator[Any]:
    """Babel's extraction method: the marked messages, then the help texts, with their line."""
    data = fileobj.read()
    yield from extract_python(io.BytesIO(data), keywords, comment_tags, options)
    for line, text in help_texts(data.decode("utf-8")):
        yield line, None, text, []


def help_texts(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of every ``help="…"`` literal and click command docstring of a module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg == "help":
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                found.append((node.value.lineno, node.value.value))
        elif isinstance(node, ast.FunctionDef) and any(_is_command(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                found.append((node.lineno, inspect.cleandoc(doc)))
    return found


def _is_command(decorator: ast.expr) -> bool:
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(func, ast.Attribute) and func.attr in _DECORATORS


__all__ = ["extract", "help_texts"]
