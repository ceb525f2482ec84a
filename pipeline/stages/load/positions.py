"""Positions of YAML keys and values, and pydantic errors turned into findings.

The fast loader keeps no positions. For the few files that have a problem, the
YAML text is parsed again in ruamel.yaml's round-trip mode, which records the
line and column of every key and value, and the error's location is looked up
there.
"""

from __future__ import annotations

import difflib
import types
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError

from pipeline.model.findings import Finding, Level
from pipeline.stages.load.pydantic_messages import pydantic_message
from pipeline.text.messages import msg, parts, wrap

Loc = tuple[int | str, ...]


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as text (an impossible date must not raise)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


@lru_cache(maxsize=256)
def _round_trip(yaml_text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        return yaml.load(yaml_text)
    except (YAMLError, RecursionError, ValueError):
        return None


def locate(yaml_text: str, first_line: int, loc: Loc, *, key: bool = False) -> tuple[int, int]:
    """Line and column (from 1) of the value at ``loc``, or of its key when ``key``.

    Falls back to the deepest enclosing node that exists, then to the opening line.
    """
    node = _round_trip(yaml_text)
    line, column = first_line - 1, 1
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, CommentedMap):
            match = next((k for k in node if k == part or str(k) == str(part)), None)
            if match is None:
                break
            row, col = node.lc.key(match) if (last and key) else node.lc.value(match)
            line, column = first_line + row, col + 1
            node = node[match]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            row, col = node.lc.item(part)
            line, column = first_line + row, col + 1
            node = node[part]
        else:
            break
    return line, column


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X | None``, ``list[X]``, ``dict[str, X]`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found is not None:
                return found
    return None


def known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a model accepts at ``loc`` (aliases where fields have them)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if not isinstance(part, str):
            continue
        field = next((f for name, f in current.model_fields.items() if part in (name, f.alias)), None)
        if field is None:
            continue  # a dict key or list index: stay on the same model
        current = _nested_model(field.annotation)
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc if p != "[key]")


def validation_findings(
    error: ValidationError,
    model: type[BaseModel],
    *,
    file: str,
    yaml_text: str,
    first_line: int,
) -> list[Finding]:
    """One finding per pydantic error, at the key or value it is about."""
    findings = []
    for item in error.errors(include_url=False):
        loc: Loc = tuple(p for p in item["loc"] if p != "[key]")
        kind = item["type"]
        if kind == "missing":
            parent = loc[:-1]
            line, column = locate(yaml_text, first_line, parent, key=True) if parent else (1, 1)
            rule, message = "schema.missing", msg("missing required key `{key}`", key=_dotted(loc))
        elif kind == "extra_forbidden":
            line, column = locate(yaml_text, first_line, loc, key=True)
            rule, message = "schema.unknown", _unknown_message(model, loc)
        else:
            line, column = locate(yaml_text, first_line, loc)
            rule = "schema.type"
            text = item["msg"].removeprefix("Value error, ")
            got = item.get("input")
            shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
            where = f"`{_dotted(loc)}`: " if loc else ""
            message = f"{where}{text}{shown}"
            # Our validators raise ValueError(msg(...)): keep that message translatable.
            raised = (item.get("ctx") or {}).get("error")
            said = raised.args[0] if isinstance(raised, ValueError) and raised.args else None
            if said is None or not isinstance(said, str) or parts(said)[0] is None:
                said = pydantic_message(kind, item.get("ctx"))
            if loc and isinstance(said, str) and parts(said)[0] is not None:
                key = _dotted(loc)
                message = (
                    wrap("`{key}`: {problem} (got {got})", said, key=key, got=repr(got))
                    if shown
                    else wrap("`{key}`: {problem}", said, key=key)
                )
        findings.append(error_finding(rule, message, file, line, column))
    return findings


def error_finding(rule: str, message: str, file: str, line: int = 1, column: int = 1) -> Finding:
    """An error the loader found at a place, its message kept translatable (template and values)."""
    template, args = parts(message)
    return Finding(
        rule=rule,
        level=Level.ERROR,
        message=message,
        file=file,
        line=line,
        column=column,
        template=template,
        args=args,
    )


def _unknown_message(model: type[BaseModel], loc: Loc) -> str:
    name = str(loc[-1])
    known = known_keys(model, loc[:-1])
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return msg("unknown key `{name}` — did you mean `{close}`?", name=name, close=close[0])
    return msg("unknown key `{name}` (known keys: {known})", name=name, known=", ".join(sorted(known)))
