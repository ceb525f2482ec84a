"""Charter regexes run with a time budget, and patterns that backtrack without bound refused.

A term with ``regex: true`` is a pattern from ``charter.yaml`` run over every
post. Python's ``re`` backtracks exponentially on nested quantifiers: ``(a+)+$``
took 56 s on 28 characters. Regex terms therefore run on the ``regex`` module,
whose matcher takes a ``timeout``; a pattern whose star height is above one
(a repeated group holding an unbounded repeat) or that overruns the budget on
probe texts is a ``charter.regex`` error and is not run at all. Should a pattern
pass both and still overrun on some post, that text is skipped for that term:
a check never hangs on a charter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import regex

from pipeline.model.charter import Term
from pipeline.text.messages import msg

MATCH_BUDGET_S = 0.05
"""Longest one regex term may run over one text."""
PROBE_BUDGET_S = 0.2
"""Longest a regex term may run over the probe texts when the charter is checked."""
_UNBOUNDED = 1 << 16


def compile_term(term: Term) -> Any:
    """The compiled pattern of a term (whole words), or None when it is invalid or too slow."""
    return None if term_problem(term) else _compiled(term)


@lru_cache(maxsize=256)
def _compiled(term: Term) -> Any:
    body = term.avoid if term.regex else re.escape(term.avoid)
    flags = 0 if term.case_sensitive else re.IGNORECASE
    if not term.regex:
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
    try:
        return regex.compile(rf"(?<!\w)(?:{body})(?!\w)", flags | regex.V0)
    except (regex.error, ValueError, OverflowError, RecursionError):
        return None


@lru_cache(maxsize=256)
def term_problem(term: Term) -> str | None:
    """Why a term's pattern cannot be used (``charter.regex``), or None."""
    compiled = _compiled(term)
    if compiled is None:
        return msg("is not a valid regular expression")
    if not term.regex:
        return None
    if _star_height(term.avoid) > 1:
        return msg(
            "repeats a group that itself repeats without bound (such as `(a+)+`), which can take hours"
        )
    for probe in _probes(term.avoid):
        try:
            compiled.search(probe, timeout=PROBE_BUDGET_S)
        except TimeoutError:
            return msg(
                "takes more than {seconds} s on a {length}-character text",
                seconds=f"{PROBE_BUDGET_S:g}",
                length=len(probe),
            )
    return None


def finditer(pattern: Any, text: str) -> list[Any]:
    """Every match of a term in ``text``; none when the regex overruns its budget."""
    if isinstance(pattern, re.Pattern):
        return list(pattern.finditer(text))
    try:
        return list(pattern.finditer(text, timeout=MATCH_BUDGET_S))
    except TimeoutError:
        return []


def _probes(avoid: str) -> list[str]:
    """Texts that make backtracking patterns slow: runs of the pattern's own characters."""
    letters = sorted({c for c in avoid if c.isalnum() or c in " -'’"}) or ["a"]
    probes = [letter * 32 + "!" for letter in letters[:8]]
    probes.append("".join(letters) * 8 + "!")
    return probes


def _star_height(pattern: str) -> int:
    """Largest nesting of unbounded repeats in the pattern (0 when ``re`` cannot parse it)."""
    try:
        parsed = re._parser.parse(pattern)  # type: ignore[attr-defined]
    except (re.error, ValueError, OverflowError, RecursionError):
        return 0
    return _height(parsed)


def _height(items: Any) -> int:
    best = 0
    for op, value in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _low, high, sub = value
            inner = _height(sub)
            unbounded = high >= _UNBOUNDED or str(high) == "MAXREPEAT"
            best = max(best, inner + 1 if unbounded else inner)
        elif name == "SUBPATTERN":
            best = max(best, _height(value[-1]))
        elif name == "BRANCH":
            best = max(best, *(_height(branch) for branch in value[1]))
        elif name in ("ASSERT", "ASSERT_NOT"):
            best = max(best, _height(value[1]))
        elif name == "ATOMIC_GROUP":
            best = max(best, _height(value))
    return best
