"""post.placeholder: text that was never written, and ``almanac new`` writing it in the brand's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from pipeline.model.findings import Level
from pipeline.stages.bundle.collect import select_posts
from pipeline.stages.check.engine import run_checks
from pipeline.stages.load.loader import load_project
from pipeline.text.placeholders import placeholders_in
from tests.checks_support import check, make_brand, one_post, post_text
from tests.cputime import best_cpu_time


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Bonjour [texte à venir] merci", "[texte à venir]"),
        ("Prix : [à compléter]", "[à compléter]"),
        ("Rendez-vous (date à confirmer).", "(date à confirmer)"),
        ("Voir <insérer le lien>", "<insérer le lien>"),
        ("Seulement {{prix}} €", "{{prix}}"),
        ("Lorem ipsum dolor sit amet", "Lorem ipsum"),
        ("TODO: la promo", "TODO"),
        ("Le prix : TBD.", "TBD"),
        ("FIXME", "FIXME"),
        ("Code XXX ici", "XXX"),
        ("Écrivez ici le texte pour tous les réseaux.", "Écrivez ici le texte pour tous les réseaux."),
        (
            "Un texte plus court pour X (280 caractères au plus).",
            "Un texte plus court pour X (280 caractères au plus).",
        ),
        ("Write the text for every channel here.", "Write the text for every channel here."),
        ("Ajoutez [lien]", "[lien]"),
    ],
)
def test_finds_text_never_written(text: str, found: str) -> None:
    assert [text[start:end] for start, end, _kind in placeholders_in(text)] == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Tout est prêt (lien en bio) !",
        "Voir [le site](https://example.com) et [notes][1].",
        "La suite à venir, promis.",
        "Au XXXe siècle, todo et xxx en minuscules.",
        "Suivez #TODO et le TBDX.",
        "Un texte déjà écrit pour tous les réseaux.",
    ],
)
def test_written_text_is_not_a_placeholder(text: str) -> None:
    assert placeholders_in(text) == []


def test_error_on_an_approved_post_with_its_place(tmp_path: Path) -> None:
    found = one_post(tmp_path, "", "Bonjour.\nNos horaires : [à compléter].", "post.placeholder")
    assert [(f.level, f.line, f.column) for f in found] == [(Level.ERROR, 9, 16)]
    assert found[0].message.startswith("“[à compléter]” was never written")


def test_warning_only_on_a_draft(tmp_path: Path) -> None:
    found = one_post(tmp_path, "", "TODO", "post.placeholder", status="draft")
    assert [f.level for f in found] == [Level.WARNING]


def test_title_and_card_are_looked_at(tmp_path: Path) -> None:
    extra = "visual: {card: Lorem ipsum, alt: Une affiche}\n"
    post = post_text("Texte prêt.", extra=extra).replace("title: Essai", "title: TBD")
    root = make_brand(tmp_path / "brand", "", {"a.md": post})
    found = check(root, rule="post.placeholder")
    assert [(f.line, f.message.split(" was")[0]) for f in found] == [(2, "“TBD”"), (7, "“Lorem ipsum”")]


def test_the_bundle_refuses_a_post_never_written(tmp_path: Path) -> None:
    root = make_brand(tmp_path / "brand", "", {"a.md": post_text("[texte à venir]")})
    project = load_project(root, use_cache=False)
    findings = run_checks(project, today=date(2026, 11, 20), cache=False)
    blocking = select_posts(
        project, findings, date(2026, 12, 1), date(2026, 12, 1), allow_drafts=False
    ).blocking
    assert [f.rule for f in blocking] == ["post.placeholder"]


@pytest.mark.parametrize(
    ("language", "body", "short"),
    [
        (
            "fr-FR",
            "Écrivez ici le texte pour tous les réseaux.",
            "Un texte plus court pour X (280 caractères au plus).",
        ),
        (
            "fr-CA",
            "Écrivez ici le texte pour tous les réseaux.",
            "Un texte plus court pour X (280 caractères au plus).",
        ),
        ("en-GB", "Write the text for every channel here.", "A shorter text for X (280 characters at most)."),
    ],
)
def test_almanac_new_writes_placeholders_in_the_brand_language(
    brand: Callable[[str], Path], run: Callable[..., Result], language: str, body: str, short: str
) -> None:
    root = brand("minimal")
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8").replace("language: fr-FR", f"language: {language}")
    charter.write_text(text.replace("  linkedin: {}\n", "  linkedin: {}\n  x: {}\n"), encoding="utf-8")
    made = run(
        ["new", "post", "Galette", "--root", str(root), "--date", "2026-12-09", "--channels", "linkedin,x"]
    )
    assert made.exit_code == 0, made.output
    written = (root / made.output.strip()).read_text(encoding="utf-8")
    assert written.endswith(f"---\n{body}\n\n## x\n{short}\n")
    found = [f for f in check(root, rule="post.placeholder") if f.file == made.output.strip()]
    assert [(f.level, f.line) for f in found] == [(Level.WARNING, 8), (Level.WARNING, 11)]


def _best_time(text: str) -> float:
    return best_cpu_time(lambda: placeholders_in(text))


@pytest.mark.parametrize("unit", ["a", "[a", "(à ", "{{a", "[texte ", "TODO"])
def test_a_long_unbroken_word_is_scanned_in_linear_time(unit: str) -> None:
    # Four times the text takes about four times as long (sixteen if the scan were quadratic).
    small, large = (unit * 50_000)[:50_000], (unit * 200_000)[:200_000]
    assert _best_time(large) / max(_best_time(small), 1e-4) < 8
