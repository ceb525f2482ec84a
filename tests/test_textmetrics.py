"""Tests for pipeline.text.metrics: twitter-text conformance, Unicode edge cases, French posts.

X's own twitter-text 3.1.0 (JavaScript, run under Node) is the reference for X's count. Deliberate
deviations from it are listed in DEVIATIONS below, each with its reason; its Python port
twitter-text-parser, a cross-check that runs without Node, differs from it where PORT_DIFFERS says.
"""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, cast

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pipeline.text.hashtags import hashtags_in
from pipeline.text.metrics import (
    LengthUnit,
    char_length,
    emoji_count,
    emoji_spans,
    grapheme_count,
    length_for_unit,
    mastodon_length,
    url_spans,
    utf16_length,
    x_weighted_length,
)
from tests.conftest import NODE_DIR

# twitter-text-parser is a dev-only cross-check (unmaintained, loads data via pkg_resources).
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    try:
        from twitter_text import parse_tweet
        from twitter_text.config import config as twitter_text_config
    except ImportError:  # pragma: no cover - the dev extra is not installed
        parse_tweet = None
        twitter_text_config = {}

needs_port = pytest.mark.skipif(parse_tweet is None, reason="twitter-text-parser not installed")

# Hypothesis would otherwise write .hypothesis/ into the working tree, and the first call pays
# for compiling the URL patterns.
property_settings = settings(database=None, deadline=None, max_examples=300)

CONFORMANCE_FILE = Path(__file__).parent / "data" / "twitter_text_conformance.yml"
CONFORMANCE: dict[str, Any] = YAML(typ="safe", pure=True).load(CONFORMANCE_FILE.read_text(encoding="utf-8"))[
    "sections"
]
CASES = [
    pytest.param(section["config"], case["text"], case["weightedLength"], id=f"{name}: {case['description']}")
    for name, section in CONFORMANCE.items()
    for case in section["cases"]
]


def port_length(text: str, config: str = "v3") -> int:
    """Weighted length according to twitter-text-parser with config v2 or v3."""
    assert parse_tweet is not None
    options = twitter_text_config["version3"]
    if config == "v2":
        options = {**twitter_text_config["version2"], "emoji_parsing_enabled": False}
    return int(parse_tweet(text, options).weightedLength)


# --- twitter-text conformance ----------------------------------------------------------------
def test_conformance_file_holds_every_transcribed_section() -> None:
    counts = {name: len(section["cases"]) for name, section in CONFORMANCE.items()}
    assert counts == {
        "WeightedTweetsCounterTest": 20,
        "WeightedTweetsWithDiscountedEmojiCounterTest": 21,
        "UnicodeDirectionalMarkerCounterTest": 2,
    }


@pytest.mark.parametrize(("config", "text", "expected"), CASES)
def test_twitter_text_conformance(config: str, text: str, expected: int) -> None:
    assert x_weighted_length(text, emoji_parsing=config == "v3") == expected


@needs_port
@pytest.mark.parametrize(("config", "text", "expected"), CASES)
def test_transcription_agrees_with_the_python_port(config: str, text: str, expected: int) -> None:
    # The port passes upstream's suite; agreeing here shows the YAML was transcribed faithfully.
    assert port_length(text, config) == expected


def test_keycap_without_vs16_counts_as_one_emoji() -> None:
    # The v3.1.0 file's extra case, which the transcribed copy lacks.
    assert x_weighted_length("1\u20e3") == 2


# Texts on which Almanac and X's own twitter-text 3.1.0 (JavaScript) disagree on purpose:
# (text, Almanac's count, twitter-text's count).
DEVIATIONS = [
    # twitter-text 3.1 knows emoji up to Emoji 11; later ZWJ sequences fall apart into
    # 2 + ZWJ 1 + 2. X's own server counts current emoji as 2, so Almanac does too.
    pytest.param("🧑\u200d💻", 2, 5, id="Emoji 12.1 technologist"),
    pytest.param("🧑\u200d🧑\u200d🧒", 2, 8, id="Emoji 15.1 family"),
    pytest.param("🙂\u200d↔\ufe0f", 2, 5, id="Emoji 15.1 head shaking"),
    # A ZWJ sequence outside the RGI list is still one emoji for Almanac.
    pytest.param("👨\u200d🦰\u200d🦱", 2, 5, id="non-RGI ZWJ sequence"),
]

# Where the Python port (twitter-text-parser 3.0.0) counts otherwise than the JavaScript library,
# which Almanac follows: (text, Almanac's and twitter-text's count, the port's).
PORT_DIFFERS = [
    # twemoji-parser only treats ©/®/™ as emoji with VS16; the port counts a bare © as one.
    pytest.param("©", 1, 2, id="bare copyright sign"),
    pytest.param("Almanac® ©2025", 14, 16, id="registered and copyright in prose"),
    # The port rewrites CRLF to LF before counting; the JavaScript library does not.
    pytest.param("a\r\nb", 4, 3, id="CRLF"),
    # VS16 may start a subdomain, so the library links m.fr here; the port does not.
    pytest.param("\ufe0f.m.fr", 26, 7, id="bare domain after VS16"),
]


@pytest.mark.parametrize(("text", "almanac", "_reference"), DEVIATIONS)
def test_deliberate_deviations(text: str, almanac: int, _reference: int) -> None:
    assert x_weighted_length(text) == almanac


@pytest.mark.parametrize(("text", "almanac", "_port"), PORT_DIFFERS)
def test_where_the_port_differs_almanac_counts_as_the_library(text: str, almanac: int, _port: int) -> None:
    assert x_weighted_length(text) == almanac


@needs_port
@pytest.mark.parametrize(("text", "almanac", "port"), [*DEVIATIONS, *PORT_DIFFERS])
def test_the_port_differs_from_almanac_there(text: str, almanac: int, port: int) -> None:
    assert port_length(text) == port != almanac


def reference_lengths(texts: list[str]) -> list[tuple[int, int]]:
    """Each text's weighted length by twitter-text 3.1.0 under Node, configs v3 and v2."""
    done = subprocess.run(
        ["node", str(NODE_DIR / "weigh.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=NODE_DIR,
    )
    return [(int(v3), int(v2)) for v3, v2 in json.loads(done.stdout)]


@pytest.mark.node
def test_the_deviations_and_the_ports_differences_against_the_library() -> None:
    deviations = [cast(tuple[str, int, int], p.values) for p in DEVIATIONS]
    port_differs = [cast(tuple[str, int, int], p.values) for p in PORT_DIFFERS]
    found = reference_lengths([text for text, _, _ in deviations + port_differs])
    expected = [ref for _, _, ref in deviations] + [same for _, same, _ in port_differs]
    assert [v3 for v3, _ in found] == expected


AGREEMENT_PIECES = [
    *"abcXYZ019 .,;:!?/-_'()«»",
    "\u00a0",
    "\u202f",
    "é",
    "ç",
    "œ",
    "’",
    "–",
    "…",
    "•",
    "日",
    "가",
    "д",
    "😀",
    "🎄",
    "🇫🇷",
    "👍🏽",
    "❤\ufe0f",
    "👨\u200d👩\u200d👧",
    "e\u0301",
    "https://",
    "http://",
    "www.",
    ".fr",
    ".com",
    ".co",
    "/path",
    "?q=1",
    "#tag",
    "@user",
]


def random_texts(count: int, seed: int) -> list[str]:
    """``count`` texts of up to 40 of AGREEMENT_PIECES, the same ones for the same seed."""
    rng = random.Random(seed)
    return ["".join(rng.choices(AGREEMENT_PIECES, k=rng.randint(0, 40))) for _ in range(count)]


@pytest.mark.node
def test_agrees_with_twitter_text_outside_the_deviations() -> None:
    # X's own library is the reference, on a fixed draw of 4,000 awkward texts (so that a run's
    # verdict does not hang on its luck), the conformance cases and a few French lines.
    french = [
        "Nouveauté 🎄 : nos bougies « Noël en forêt » arrivent → https://maison-lumiere.fr/noel !",
        "Rendez-vous samedi 10 h 30 en boutique… #FaitMain @maisonlumiere www.maison-lumiere.fr/atelier",
    ]
    texts = [*random_texts(4000, seed=2026), *(cast(str, p.values[1]) for p in CASES), *french]
    skipped = {cast(str, p.values[0]) for p in DEVIATIONS}
    wrong = [
        (text, counts, reference)
        for text, reference in zip(texts, reference_lengths(texts), strict=True)
        if text not in skipped
        and (counts := (x_weighted_length(text), x_weighted_length(text, emoji_parsing=False))) != reference
    ]
    assert wrong[:10] == [], f"{len(wrong)} of {len(texts)} texts counted otherwise than twitter-text"


# --- X weighting details ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("•", 2),
        ("…", 2),
        ("–", 1),
        ("’", 1),
        ("«\u00a0»", 3),
        ("\u202f", 2),
        ("가", 2),
        ("日", 2),
        ("д", 1),
        ("ب", 1),
        ("א", 1),
        ("क", 1),
        ("ก", 1),
        ("😀", 2),
        ("🇫🇷", 2),
        ("👨\u200d👩\u200d👧", 2),
        ("1\ufe0f\u20e3", 2),
        ("#\ufe0f\u20e3", 2),
        ("#1", 2),
        ("©\ufe0f", 2),
        ("https://a.co/x", 23),
        ("example.com", 23),
        ("日" * 140, 280),
        ("日" * 141, 282),
        ("e\u0301", 1),
        ("😀\ufe0e", 4),
        # An emoji inside a URL is part of the URL's 23.
        ("https://☃.net/ ☃", 23 + 1 + 2),
        ("http://😀.com/x 😀", 23 + 1 + 2),
    ],
)
def test_x_weights(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected


def test_x_length_of_a_french_post() -> None:
    post = "Bonne fête des mères 💐 ! Nos idées cadeaux : https://almanac.example.fr/meres?utm=x"
    assert x_weighted_length(post) == len("Bonne fête des mères ") + 2 + len(" ! Nos idées cadeaux : ") + 23


# --- Graphemes -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("abc", 3),
        ("e\u0301", 1),
        ("é", 1),
        ("🇫🇷", 1),
        ("🇫🇷🇧🇪", 2),
        ("👨\u200d👩\u200d👧", 1),
        ("👍🏽", 1),
        ("1\ufe0f\u20e3", 1),
        ("\u1100\u1161\u11a8", 1),
        ("\u1100\u1161\u11a8\u1100", 2),
        ("\r\n", 1),
        ("\n\r", 2),
        ("क्षि", 1),
        ("🧑\u200d🧑\u200d🧒", 1),
        ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", 1),
        ("Noël 🎄", 6),
    ],
)
def test_grapheme_count(text: str, expected: int) -> None:
    assert grapheme_count(text) == expected


GLUE_ALPHABET = st.sampled_from(
    [
        *"ae \r\n",
        "\u0301",
        "\u200d",
        "\ufe0f",
        "\u20e3",
        "🇫",
        "🇷",
        "👍",
        "🏽",
        "👩",
        "❤",
        "\u1100",
        "\u1161",
        "\u11a8",
        "가",
        "각",
        "क",
        "\u094d",
        "ि",
        "\u0600",
        "\U000e0067",
    ]
)


@property_settings
@given(st.one_of(st.text(), st.lists(GLUE_ALPHABET, max_size=30).map("".join)))
def test_grapheme_shortcut_matches_regex_segmentation(text: str) -> None:
    assert grapheme_count(text) == len(regex.findall(r"\X", text))


# --- Emoji -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Joyeux Noël 🎄🎅🏽 !", 2),
        ("👨\u200d👩\u200d👧\u200d👦", 1),
        ("🇫🇷🇧🇪", 2),
        ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", 1),
        ("1\ufe0f\u20e3", 1),
        ("#\ufe0f\u20e3", 1),
        ("❤\ufe0f", 1),
        ("❤", 1),
        ("❤\ufe0e", 0),
        ("🧑\u200d💻", 1),
        ("👨\u200d🦰\u200d🦱", 1),
        ("Le 14 juillet 2025 #1", 0),
        ("© ® ™ Almanac®", 0),
        ("©\ufe0f", 1),
        ("« Bonjour » — l’été… • ok", 0),
        ("\u202f!", 0),
        ("🫩", 1),
        ("🇦🇦", 0),
    ],
)
def test_emoji_count(text: str, expected: int) -> None:
    assert emoji_count(text) == expected


def test_emoji_spans_index_into_the_text() -> None:
    text = "Top 3 🥇 de l’été 👨\u200d👩\u200d👧 et 🇫🇷."
    assert [text[s:e] for s, e in emoji_spans(text)] == ["🥇", "👨\u200d👩\u200d👧", "🇫🇷"]


# --- URLs ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("example.com", ["example.com"]),
        ("www.example.com", ["www.example.com"]),
        ("t.co", ["t.co"]),
        ("foo.co.jp", ["foo.co.jp"]),
        ("Infos sur almanac.fr.", ["almanac.fr"]),
        (
            "Voir https://fr.wikipedia.org/wiki/Fête_des_mères !",
            ["https://fr.wikipedia.org/wiki/Fête_des_mères"],
        ),
        ("(https://a.fr/x)", ["https://a.fr/x"]),
        ("«\u00a0https://a.fr\u00a0»", ["https://a.fr"]),
        ("HTTPS://www.ExaMPLE.COM/index.html", ["HTTPS://www.ExaMPLE.COM/index.html"]),
        (
            "http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories+",
            ["http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories"],
        ),
        ("http://☃.net/", ["http://☃.net/"]),
        ("\u2066\u202ahttp://foobar.پاکستان/\u202c\u2069", ["http://foobar.پاکستان/"]),
        ("Deux liens : a.fr et https://b.fr/c", ["a.fr", "https://b.fr/c"]),
        ("https://t.co/abcdef?x=1 suite", ["https://t.co/abcdef?x=1"]),
        ("example.com:8080", ["example.com"]),
        ("example.com/chemin?x=1", ["example.com/chemin?x=1"]),
        ("example.com?x=1", ["example.com"]),
        # Quirks of twitter-text's rules that X shares: ".dupont" is a TLD, and the bare
        # "83.net" inside a mis-encoded URL is still a domain.
        ("M.Dupont", ["M.Dupont"]),
        ("http://%e2%98%83.net/", ["83.net/"]),
    ],
)
def test_url_spans_find(text: str, urls: list[str]) -> None:
    assert [text[s:e] for s, e in url_spans(text)] == urls


@pytest.mark.parametrize(
    "text",
    [
        "Tunisie.",
        "Rendez-vous à 18:30.",
        "https://",
        "http://",
        "3.14",
        "v2.0",
        "M. Dupont",
        "contact@almanac.fr",
        "ftp://www.example.com/",
        "http://www.-domain4352.com/",
        "http://www.domain4352-.com/",
        "_almanac.fr",
        "-almanac.fr",
        "/almanac.fr",
        "$almanac.fr",
        "#almanac.fr",
        "example.comme",
        "example.com2",
        "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com",
        "Fin.Voilà",
        "",
    ],
)
def test_url_spans_near_misses(text: str) -> None:
    assert url_spans(text) == []


def test_prose_without_a_dot_before_a_letter_does_not_compile_the_url_pattern() -> None:
    # A fresh process: this one's patterns are compiled by the tests above.
    probe = (
        "from pipeline.text import xurls\n"
        "assert xurls.url_spans('Bonjour. Nos bougies, à 18:30 !') == []\n"
        "assert xurls._url_regex.cache_info().currsize == 0, 'compiled for prose'\n"
        "assert xurls.url_spans('Voir maison.fr !') == [(5, 14)]\n"
        "assert xurls._url_regex.cache_info().currsize == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# --- Mastodon, code points, UTF-16 and the dispatcher ----------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour", 7),
        ("https://example.com/" + "a" * 100, 23),
        ("Lien : https://a.fr", 7 + 23),
        ("example.com", 11),  # no protocol, no link on Mastodon
        ("Merci @alice@mastodon.social !", len("Merci @alice !")),
        ("👨\u200d👩\u200d👧 e\u0301", 3),
        ("", 0),
    ],
)
def test_mastodon_length(text: str, expected: int) -> None:
    assert mastodon_length(text) == expected


def test_mastodon_url_length_follows_the_instance() -> None:
    assert mastodon_length("Voir https://a.fr/x", url_length=30) == 5 + 30


@pytest.mark.parametrize(
    ("text", "chars", "utf16"),
    [
        ("", 0, 0),
        ("été", 3, 3),
        ("e\u0301", 2, 2),
        ("😀", 1, 2),
        ("👨\u200d👩\u200d👧", 5, 8),
        ("\ud800", 1, 1),
        ("\U0010ffff", 1, 2),
    ],
)
def test_char_and_utf16_lengths(text: str, chars: int, utf16: int) -> None:
    assert (char_length(text), utf16_length(text)) == (chars, utf16)


def test_length_for_unit_dispatches() -> None:
    text = "Fête 👨\u200d👩\u200d👧 sur https://a.fr !"
    # Parts: "Fête ", the family emoji, " sur ", the URL, " !".
    expected: dict[LengthUnit, int] = {
        "chars": 5 + 5 + 5 + 12 + 2,
        "twitter": 5 + 2 + 5 + 23 + 2,
        "graphemes": 5 + 1 + 5 + 12 + 2,
        "mastodon": 5 + 1 + 5 + 23 + 2,
        "utf16": 5 + 8 + 5 + 12 + 2,
    }
    assert {unit: length_for_unit(text, unit) for unit in expected} == expected


def test_length_for_unit_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="unknown length unit 'words'"):
        length_for_unit("x", cast(Any, "words"))


# --- Hashtags --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Bonne #Fêtedesmères !", ["Fêtedesmères"]),
        ("#Fe\u0302tedesme\u0300res", ["Fe\u0302tedesme\u0300res"]),
        ("#1 #2024 #1er #14Juillet", ["1er", "14Juillet"]),
        ("#ашок #트위터 #日本語", ["ашок", "트위터", "日本語"]),
        ("https://a.fr/#ancre et example.com/#x", []),
        ("#a#b", []),
        ("#\ufe0f\u20e3 keycap", []),
        ("❤\ufe0f#amour", ["amour"]),
        ("l’#été, #Noël.", ["été", "Noël"]),
        ("&#x27; mot#tag", []),
        ("＃全角", ["全角"]),
        ("#lien://x", []),
    ],
)
def test_hashtags_in(text: str, tags: list[str]) -> None:
    assert [tag for _, _, tag in hashtags_in(text)] == tags


def test_hashtag_spans_cover_the_hash_sign() -> None:
    text = "Vive le #14Juillet !"
    assert hashtags_in(text) == [(8, 18, "14Juillet")]
    assert text[8:18] == "#14Juillet"


# --- Robustness ------------------------------------------------------------------------------
TRICKY = st.sampled_from(
    [
        "\u200f",
        "\u200e",
        "\u202e",
        "\u2066",
        "\u2069",
        "\u200d",
        "\u200c",
        "\u0301",
        "\ufe0f",
        "\ufe0e",
        "\u20e3",
        "\ufffe",
        "\uffff",
        "\ufeff",
        "\ud800",
        "\udfff",
        "\U000e007f",
        "🇫",
        "👨",
        "#",
        "＃",
        "@",
        ".",
        ":",
        "/",
        "https://",
        "xn--",
        ".com",
        ".fr",
        "پاکستان",
        " ",
        "\r",
    ]
)
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=())),
    st.lists(st.one_of(TRICKY, st.characters()), max_size=60).map("".join),
)


@property_settings
@given(ANY_TEXT)
def test_nothing_raises_and_results_are_consistent(text: str) -> None:
    assert x_weighted_length(text) >= 0
    assert x_weighted_length(text, emoji_parsing=False) >= 0
    assert 0 <= grapheme_count(text) <= len(text)
    assert mastodon_length(text) >= 0
    assert char_length(text) <= utf16_length(text) <= 2 * char_length(text)
    for spans in (url_spans(text), emoji_spans(text)):
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(spans))
    assert emoji_count(text) == len(emoji_spans(text))
    for start, end, tag in hashtags_in(text):
        assert text[start] in "#＃" and text[start + 1 : end] == tag and tag
