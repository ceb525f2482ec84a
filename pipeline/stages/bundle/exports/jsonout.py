"""Stable JSON bytes for the JSON exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from json.encoder import encode_basestring

_CONSTANTS = {True: "true", False: "false", None: "null"}


def dumps(value: object) -> bytes:
    """UTF-8 JSON, keys in a fixed order as given, two-space indent, a final newline.

    The bytes of ``json.dumps(value, ensure_ascii=False, indent=2)``: with an indent, the
    standard library encodes in pure Python, generator by generator (over a second for a
    four-month bundle's Buffer and Postiz exports); :func:`_pretty` writes the same text
    with the C string encoder. A value it does not know (a key that is not a string, a
    float that is not finite, another type) goes to ``json.dumps`` whole.
    """
    parts: list[str] = []
    try:
        _pretty(value, "\n", parts)
        text = "".join(parts)
    except (_Unusual, RecursionError):
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


class _Unusual(Exception):
    """A value :func:`_pretty` leaves to ``json.dumps``."""


def _pretty(value: object, newline: str, out: list[str]) -> None:
    """Append ``value`` as ``json.dumps(indent=2)`` writes it; ``newline`` is a line break and the indent."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None or value is True or value is False:
        out.append(_CONSTANTS[value])
    elif isinstance(value, int) and type(value) is int:
        out.append(int.__repr__(value))
    elif isinstance(value, float) and type(value) is float and value - value == 0:  # finite
        out.append(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            out += (sep, encode_basestring(key), ": ")
            _pretty(item, inner, out)
            sep = "," + inner
        out += (newline, "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _pretty(item, inner, out)
            sep = "," + inner
        out += (newline, "]")
    else:
        raise _Unusual


def utc_millis(moment: datetime) -> str:
    """``2026-12-01T09:00:00.000Z``, the form Buffer's and Postiz's examples use."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
