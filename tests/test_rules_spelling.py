"""voice.spelling and the morphological voice.register, on real brands written in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model.findings import Finding, Level
from pipeline.text.lexicon import DATA, SPLIT_AFTER, WordList, in_list, known, suggestions, word_list
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


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_word_list_answers_from_its_bytes_as_from_its_split_list(language: str) -> None:
    # The search in bytes relies on the lines being sorted as bytes, which sorted strings are.
    forms = word_list(language).words()
    assert forms == sorted(forms) and len(forms) > 100_000
    data = (DATA / f"{language}-words.txt").read_bytes()
    lines = data.removesuffix(b"\n").split(b"\n")
    assert lines == sorted(lines) and len(lines) == len(forms)
    probes = [
        probe
        for form in forms[:: len(forms) // 700]
        for probe in (
            form,
            form + "s",
            form[:-1],
            form.upper(),
            form.capitalize(),
            "a" + form,
            form + "\udcff",
        )
        if probe
    ]
    probes += ["", forms[0], forms[-1], "zzzzzz", "\u0000", "éé", "’"]
    fresh = WordList(data)
    answers = [probe in fresh for probe in probes[: SPLIT_AFTER - 1]]
    assert fresh._words is None  # still answering from the bytes
    answers += [probe in fresh for probe in probes[SPLIT_AFTER - 1 :]]
    assert len(probes) > SPLIT_AFTER and fresh._words is not None
    expected = [in_list(forms, probe) for probe in probes]
    assert answers == expected and any(expected) and not all(expected)


@given(st.lists(st.text(alphabet="abcdeé’-'\n", min_size=1, max_size=6), max_size=40), st.text(max_size=8))
def test_the_search_in_sorted_bytes_finds_exactly_the_lines(lines: list[str], probe: str) -> None:
    ordered = sorted({line for line in lines if "\n" not in line})  # a word list has no empty line
    data = "\n".join(ordered).encode()
    for word in [*ordered, probe, probe + "a"]:
        assert (word in WordList(data)) == (word in ordered)


def test_register_by_morphology_in_a_vous_brand(tmp_path: Path) -> None:
    text = "Découvre notre baguette.\nSamedi, viens pétrir avec nous.\nN’hésite pas : rejoins-nous !"
    found = one_post(tmp_path, "voice: {register: vous}\n", text, "voice.register")
    assert [(f.line, f.column) for f in found] == [(8, 1), (9, 9), (10, 3), (10, 16)]
    assert found[0].message.startswith("« Découvre » est un impératif qui tutoie le lecteur")


def test_register_by_morphology_in_a_tu_brand() -> None:
    marks = register_marks("Découvrez la boutique, puis inscrivez-vous. Le nez, chez, assez.", "tu")
    assert [(m.word, m.kind) for m in marks] == [("Découvrez", "verb"), ("inscrivez-vous", "pronoun")]
