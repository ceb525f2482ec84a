"""typography.fr: French spacing before high punctuation and inside guillemets, and its near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.check.fix import apply_fixes, plan_fixes
from pipeline.stages.check.rules.texts import apply_edits
from pipeline.stages.check.rules.typography import NBSP, NNBSP, typography_edits
from pipeline.stages.load.loader import load_project
from tests.checks_support import make_brand, one_post, post_text
from tests.cputime import best_cpu_time

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


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Et puis...", "Et puis…"),
        ("Et puis... rien", "Et puis… rien"),
        ('Il a dit "bonjour" hier.', f"Il a dit «{NBSP}bonjour{NBSP}» hier."),
        ('"Super" , "génial".', f"«{NBSP}Super{NBSP}» , «{NBSP}génial{NBSP}»."),
        ('Le mot " fin " ici', f"Le mot «{NBSP}fin{NBSP}» ici"),
        ("la 1ère fois", "la 1re fois"),
        ("les 1ères places", "les 1res places"),
        ("le 2ème jour", "le 2e jour"),
        ("le 3è rang", "le 3e rang"),
        ("les 2èmes", "les 2es"),
        ("le 10ieme", "le 10e"),
        ("au XIXème siècle", "au XIXe siècle"),
        ("Ouvert à 7h30.", f"Ouvert à 7{NBSP}h{NBSP}30."),
        ("Dès 18h, venez", f"Dès 18{NBSP}h, venez"),
        ("Dès 18 h 30", f"Dès 18{NBSP}h{NBSP}30"),
        (f"Dès 18{NNBSP}h30", f"Dès 18{NNBSP}h{NBSP}30"),
        ("Moins 20%", f"Moins 20{NBSP}%"),
        ("Moins 20 %", f"Moins 20{NBSP}%"),
        ("Prix : 15€", f"Prix{NBSP}: 15{NBSP}€"),
        ("Un sac de 3kg", f"Un sac de 3{NBSP}kg"),
        ("Un sac de 2,5kg", f"Un sac de 2,5{NBSP}kg"),
        ("À 3km d'ici, 20°C", f"À 3{NBSP}km d'ici, 20{NBSP}°C"),
        ("Cuire 25min", f"Cuire 25{NBSP}min"),
    ],
)
def test_fixes_the_marks(text: str, fixed: str) -> None:
    assert apply_edits(text, typography_edits(text)) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Un point. Deux points.. Quatre....",
        "Le 1er janvier, la 1re édition, le 2e jour, le XIXe siècle.",
        "Le 1ème, premier ou première, seul l'auteur le sait.",
        "Suivez #1ère et #24h et #20% ici.",
        "Lien https://example.com/a...b?x=20%25&h=7h30 et example.fr/20%.",
        "Code `x = 20%` et `7h30` et `a...b`.",
        f"Ouvert à 7{NBSP}h{NBSP}30, 18{NNBSP}h, 20{NBSP}%, 15{NNBSP}€.",
        "Rendez-vous à 18:30, ratio 16:9.",
        "À 5 m de la plage, le 1 l'emporte, le 3 mai, 5ha, 18h30min.",
        '<a href="x">lien</a> et 5" de diamètre',
        'Un seul " guillemet',
        "Version 2.0, le A380, l'iPhone 15, 3G et 4K.",
        "",
    ],
)
def test_near_misses_of_the_marks_stay_quiet(text: str) -> None:
    assert typography_edits(text) == []


def test_marks_are_findings_with_their_fix(tmp_path: Path) -> None:
    found = one_post(tmp_path, FR, "Moins 20% dès 7h30...", "typography.fr")
    assert [(f.line, f.column, f.fix) for f in found] == [
        (8, 9, f"20{NBSP}%"),
        (8, 19, f"7{NBSP}h{NBSP}30..."),
        (8, 22, "7h30…"),
    ]


def _best_time(text: str) -> float:
    return best_cpu_time(lambda: typography_edits(text))


LONG_WORD_UNITS = ["a!", "a:", "x.", "a", "<!--", "a@", 'a"', "1h", "a...", "1%", "2ème", "x.?", "`a!` "]


@pytest.mark.parametrize("unit", LONG_WORD_UNITS)
def test_a_long_unbroken_word_is_scanned_in_linear_time(unit: str) -> None:
    # A quadratic scan took 29 s on 80,000 characters; a linear one takes four times as long
    # on four times the text. The ratio (about 4, against 16 when quadratic) is the test, not a
    # time limit, so a slow or busy machine does not make it fail.
    small = (unit * 50_000)[:50_000] + "!"
    large = (unit * 200_000)[:200_000] + "!"
    assert _best_time(large) / max(_best_time(small), 1e-4) < 8


def test_fix_settles_marks_a_first_fix_reveals(tmp_path: Path) -> None:
    root = make_brand(
        tmp_path / "brand", FR, {"a.md": post_text('Il a dit "Super"! Dès 7h30... 20% de remise.')}
    )
    fixes = plan_fixes(load_project(root, use_cache=False))
    assert [fix.after.split("---\n")[-1] for fix in fixes] == [
        f"Il a dit «{NBSP}Super{NBSP}»{NNBSP}! Dès 7{NBSP}h{NBSP}30… 20{NBSP}% de remise.\n"
    ]
    apply_fixes(root, fixes)
    assert plan_fixes(load_project(root, use_cache=False)) == []
