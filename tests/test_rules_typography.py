"""typography.fr: French spacing before high punctuation and inside guillemets, and its near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.check.rules.texts import apply_edits
from pipeline.stages.check.rules.typography import NBSP, NNBSP, typography_edits
from tests.checks_support import one_post

FR = "voice: {typography: fr}\n"


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Bonjour !", f"Bonjour{NNBSP}!"),
        ("Vraiment?", f"Vraiment{NNBSP}?"),
        ("Attention : soldes", f"Attention{NBSP}: soldes"),
        ("«Bonjour»", f"«{NBSP}Bonjour{NBSP}»"),
        ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("Un; deux", f"Un{NNBSP}; deux"),
    ],
)
def test_fixes_the_spacing(text: str, fixed: str) -> None:
    assert apply_edits(text, typography_edits(text)) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Rendez-vous à 18:30 précises.",
        "Voir https://example.com/?a=1&b=2 pour tout savoir.",
        "Tapez https:// puis l'adresse.",
        "Merci :) et à bientôt ;-)",
        f"Déjà{NNBSP}?!",
        f"Bonjour{NBSP}!",
        f"Note{NBSP}: rien",
        "Écrivez à contact@example.com.",
        "![Une photo](photo.jpg)",
        "Code `a:b` et ratio 16:9.",
        "Le lien mailto:bonjour@example.com marche.",
    ],
)
def test_near_misses_do_not_fire(text: str) -> None:
    assert typography_edits(text) == []


def test_finding_points_at_the_mark_in_a_variant(tmp_path: Path) -> None:
    body = "Texte correct.\n\n## linkedin\nPremière ligne.\nSoldes !"
    found = one_post(tmp_path, FR, body, "typography.fr")
    assert [(f.line, f.column) for f in found] == [(12, 8)]
    assert found[0].fix == f"Soldes{NNBSP}!"
    assert "U+202F" in found[0].message


def test_off_without_french_typography(tmp_path: Path) -> None:
    assert one_post(tmp_path, "", "Bonjour !", "typography.fr") == []
