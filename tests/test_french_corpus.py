"""The labelled French corpus: recall and precision of voice.register and voice.spelling.

``tests/corpus/*.tsv`` holds sentences as a community manager writes them, each with the
register of its brand and the rule ids expected on it (``-`` for none): imperatives of common
verbs in both registers, pronouns, traps (nouns, compounds, other persons, quotes), typos and
neutral sentences. The targets are the product's promise; a change to the heuristics that loses
them fails here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.text.register import Register, read_marks, register_marks
from pipeline.text.spelling import brand_words, misspellings

CORPUS = Path(__file__).parent / "corpus"
BRAND = brand_words(("Maison Lumière", "Orage"))


@dataclass(frozen=True)
class Row:
    """One labelled sentence."""

    register: Register
    expected: frozenset[str]
    sentence: str


def _rows() -> list[Row]:
    rows: list[Row] = []
    for path in sorted(CORPUS.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            register, expected, sentence = line.split("\t")
            assert register in ("tu", "vous"), line
            ids = frozenset() if expected == "-" else frozenset(expected.split(","))
            rows.append(Row("tu" if register == "tu" else "vous", ids, sentence))
    return rows


def _found(rule: str, row: Row) -> bool:
    if rule == "voice.register":
        return bool(register_marks(row.sentence, row.register))
    return bool(misspellings(row.sentence, "fr", BRAND))


def _scores(rule: str) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    wrong: list[str] = []
    for row in _rows():
        found, expected = _found(rule, row), rule in row.expected
        tp += found and expected
        fp += found and not expected
        fn += expected and not found
        if found != expected:
            wrong.append(f"{'FP' if found else 'FN'} [{row.register}] {row.sentence}")
    return tp / (tp + fn), tp / (tp + fp), wrong


def test_the_corpus_is_large_and_covers_both_registers() -> None:
    rows = _rows()
    assert len(rows) >= 400
    assert {r.register for r in rows} == {"tu", "vous"}
    assert sum(not r.expected for r in rows) >= 100  # traps and neutral sentences


@pytest.mark.parametrize(
    ("rule", "recall", "precision"),
    [("voice.register", 0.99, 0.99), ("voice.spelling", 0.90, 0.98)],
)
def test_recall_and_precision(rule: str, recall: float, precision: float) -> None:
    got_recall, got_precision, wrong = _scores(rule)
    assert got_recall >= recall, wrong
    assert got_precision >= precision, wrong


def test_the_fast_path_never_changes_a_finding() -> None:
    # The regex pre-scan must only skip texts the full reading finds nothing in.
    for row in _rows():
        for register in ("tu", "vous"):
            reg: Register = "tu" if register == "tu" else "vous"
            assert register_marks(row.sentence, reg) == read_marks(row.sentence, reg), row.sentence
