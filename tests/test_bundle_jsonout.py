"""The JSON exports' writer against the standard library: the bytes of ``json.dumps(indent=2)``.

What is compared is Python's own documented output (docs.python.org, ``json.dumps``: "If indent is
a non-negative integer or string, then JSON array elements and object members will be
pretty-printed with that indent level", separators ``(",", ": ")`` when an indent is given).
"""

from __future__ import annotations

import enum
import json
import math
import random

from pipeline.stages.bundle.exports.jsonout import dumps

PIECES = ["a", "é", "€", "😀", '"', "\\", "\n", "\t", "\x00", "\x1f", "\u2028", " ", "/", "<"]


def _reference(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))


def _value(rng: random.Random, depth: int) -> object:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return rng.choice([None, True, False])
    if kind == 2:
        return rng.randint(-(10**20), 10**20)
    if kind == 3:
        return rng.choice([0.0, -0.0, 1.5, 1e-7, 1e22, 3.141592653589793, rng.random()])
    if kind == 4:
        return rng.choice([[], {}, ()])
    if kind == 5:
        return rng.randint(0, 3)
    if kind == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randint(1, 4))]
    if kind == 7:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(1, 3)))
    return {_text(rng): _value(rng, depth + 1) for _ in range(rng.randint(1, 5))}


def test_random_documents_are_written_as_json_dumps_writes_them() -> None:
    rng = random.Random(8259)
    for _ in range(3000):
        value = _value(rng, 0)
        assert dumps(value) == _reference(value)


class Colour(enum.IntEnum):
    RED = 1


def test_what_it_does_not_know_goes_to_json_dumps() -> None:
    for value in (
        {1: "a", "b": [2]},
        {"x": [math.nan, math.inf, -math.inf]},
        {"colour": Colour.RED},
        [{"nested": {None: 1}}],
    ):
        assert dumps(value) == _reference(value)
