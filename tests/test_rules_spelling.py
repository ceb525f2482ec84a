"""voice.spelling and the morphological voice.register, on real brands written in tmp_path."""

from __future__ import annotations

from pathlib import Path

from pipeline.model.findings import Finding, Level
from pipeline.text.lexicon import known, suggestions
from pipeline.text.register import register_marks
from tests.checks_support import check, make_brand, one_post, post_text


def test_a_typo_is_a_warning_with_the_suggestion_as_fix(tmp_path: Path) -> None:
    found = one_post(tmp_path, "", "Nos croissants et nos patisseries.", "voice.spelling")
    assert [(f.line, f.column, f.fix, f.level) for f in found] == [(8, 23, "pâtisseries", Level.WARNING)]
    assert found[0].message.startswith("« patisseries » n’est pas dans le dictionnaire : « pâtisseries »")


def test_brand_words_hashtags_links_mentions_numbers_and_quotes_pass(tmp_path: Path) -> None:
    text = (
        "Chez Lumidor, merci @lea_crea ! Écrivez à bonjour@lumidor.fr ou voyez https://lumidor.fr/abatjour."
        " Le modèle Zyxo, 2x plus lumineux. « Trop belle la lampz », dit Léa. #Lumidorable"
    )
    charter = "voice:\n  dictionary: [Lumidor, Zyxo]\n"
    assert one_post(tmp_path, charter, text, "voice.spelling") == []
    found = one_post(tmp_path / "b", "", text, "voice.spelling")
    assert sorted({f.message.split(" »")[0] for f in found}) == ["« Lumidor", "« Zyxo"]


def _with_language(tmp_path: Path, language: str, text: str) -> list[Finding]:
    charter = "voice: {}\n"
    root = make_brand(tmp_path, charter, {"2026-12-01-essai.md": post_text(text)})
    path = root / "charter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("brand:\n", f"brand:\n  language: {language}\n"))
    return check(root, rule="voice.spelling")


def test_english_brand_uses_the_english_dictionary(tmp_path: Path) -> None:
    text = "Our new lamp is beautifull."
    english = _with_language(tmp_path / "en", "en-US", text)
    assert [(f.column, f.fix) for f in english] == [(17, "beautiful")]
    assert len(_with_language(tmp_path / "fr", "fr-FR", text)) == 4  # English words are not French


def test_unknown_language_is_not_checked(tmp_path: Path) -> None:
    assert _with_language(tmp_path, "de-DE", "Xyzzy plugh.") == []


def test_lexicon_case_rules_and_suggestions() -> None:
    assert known("Paris", "fr") and known("PARIS", "fr") and not known("paris-xyz", "fr")
    assert known("Boulangère", "fr") and known("BOULANGÈRE", "fr") and not known("boulangere", "fr")
    assert suggestions("semmaine", "fr") == ("semaine",)
    assert suggestions("Frangipanne", "fr")[0] == "Frangipane"


def test_register_by_morphology_in_a_vous_brand(tmp_path: Path) -> None:
    text = "Découvre notre baguette.\nSamedi, viens pétrir avec nous.\nN’hésite pas : rejoins-nous !"
    found = one_post(tmp_path, "voice: {register: vous}\n", text, "voice.register")
    assert [(f.line, f.column) for f in found] == [(8, 1), (9, 9), (10, 3), (10, 16)]
    assert found[0].message.startswith("« Découvre » est un impératif qui tutoie le lecteur")


def test_register_by_morphology_in_a_tu_brand() -> None:
    marks = register_marks("Découvrez la boutique, puis inscrivez-vous. Le nez, chez, assez.", "tu")
    assert [(m.word, m.kind) for m in marks] == [("Découvrez", "verb"), ("inscrivez-vous", "pronoun")]
