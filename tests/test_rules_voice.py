"""Voice rules: terms, form of address, emoji, links and hashtags — true cases and near misses."""

from __future__ import annotations

from pathlib import Path

from pipeline.model.findings import Level
from tests.checks_support import one_post

TERMS = """voice:
  terms:
    - {avoid: pas cher, use: petit prix, level: error}
    - {avoid: "promo(tion)?s?", regex: true}
"""


def test_term_with_its_fix_and_level(tmp_path: Path) -> None:
    found = one_post(tmp_path, TERMS, "Un canapé Pas cher, vraiment.", "voice.term")
    assert [(f.line, f.column, f.fix, f.level) for f in found] == [(8, 11, "Petit prix", Level.ERROR)]


def test_term_regex_and_whole_words_only(tmp_path: Path) -> None:
    found = one_post(
        tmp_path, TERMS, "Les promotions et un promoteur ; voir https://x.fr/promo", "voice.term"
    )
    assert [f.column for f in found] == [5]  # not "promoteur", not inside the URL


REG_VOUS = "voice: {register: vous}\n"
REG_TU = "voice: {register: tu}\n"


def test_register_vous_flags_tutoiement(tmp_path: Path) -> None:
    found = one_post(tmp_path, REG_VOUS, "Tu vas adorer ta lampe, on t’attend.", "voice.register")
    assert [f.column for f in found] == [1, 15, 28]


def test_register_near_misses(tmp_path: Path) -> None:
    text = (
        "En Tunisie, un tutoriel sur le statut. Le ton sur ton, un ton pastel. Il s'est tu.\n"
        "« Tu es magnifique », nous écrit Léa.\n> Toi aussi, tu vas aimer.\n#TonStyle"
    )
    assert one_post(tmp_path, REG_VOUS, text, "voice.register") == []


def test_register_tu_flags_vous_but_not_rendez_vous(tmp_path: Path) -> None:
    found = one_post(tmp_path, REG_TU, "Un rendez-vous pour vous et vos proches.", "voice.register")
    assert [f.column for f in found] == [21, 29]


def test_quoted_vous_ignored_with_a_reason(tmp_path: Path) -> None:
    text = 'Léa nous dit : "Vous êtes géniaux".'
    extra = 'ignore:\n  voice.register: "citation d\'une cliente"\n'
    assert len(one_post(tmp_path, REG_TU, text, "voice.register")) == 1
    assert one_post(tmp_path / "b", REG_TU, text, "voice.register", extra=extra) == []


def test_emoji_counts_sequences_as_one(tmp_path: Path) -> None:
    charter = "voice: {emoji: {max: 3}}\n"
    ok = "Famille 👨‍👩‍👧 en 🇫🇷 avec 👍🏽 — et ™ © #1"
    assert one_post(tmp_path, charter, ok, "voice.emoji") == []
    found = one_post(tmp_path / "b", charter, ok + " ✨", "voice.emoji")
    assert len(found) == 1
    assert "4 emoji" in found[0].message


def test_links_https_and_utm(tmp_path: Path) -> None:
    charter = "voice: {links: {https: true, utm: true}}\n"
    text = "Voir http://example.com/a et https://example.com/b?utm_source=x et https://example.com/c"
    found = one_post(tmp_path, charter, text, "voice.link", extra="link: http://example.com/l\n")
    assert sorted((f.line, f.level.value, f.fix) for f in found) == [
        (7, "error", "https://example.com/l"),
        (9, "error", "https://example.com/a"),
        (9, "warning", None),
    ]


TAGS = "voice: {hashtags: {required: [MaisonLumiere], banned: [promo], case: pascal}}\n"


def test_hashtags_required_banned_case(tmp_path: Path) -> None:
    extra = "hashtags: [maisonlumiere, Promo, soldes]\n"
    found = one_post(tmp_path, TAGS, "Texte #noel", "voice.hashtag-case", extra=extra)
    assert sorted((f.line, f.column, f.fix) for f in found) == [
        (7, 12, "MaisonLumiere"),
        (7, 34, "Soldes"),
        (9, 7, "Noel"),
    ]
    assert [f.line for f in one_post(tmp_path / "b", TAGS, "x", "voice.hashtag-banned", extra=extra)] == [7]
    assert one_post(tmp_path / "c", TAGS, "x", "voice.hashtag-required", extra=extra) == []
    missing = one_post(tmp_path / "d", TAGS, "Texte #Noel", "voice.hashtag-required")
    assert len(missing) == 1
    assert "#MaisonLumiere" in missing[0].message
