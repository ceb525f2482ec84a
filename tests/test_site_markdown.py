"""The site's Markdown: plain paragraphs skip markdown-it, with the same HTML it gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.stages.load.loader import load_project
from pipeline.stages.site.env import _NOT_PLAIN, _markdown, markdown
from tests.conftest import REPO


def reference(text: str) -> str:
    return str(_markdown().render(text))


PIECES = st.sampled_from(
    [
        *"abcXYZ019 .,;:!?()'\"«»#-+=>*_`[]<>&~|\\/%@",
        "\n",
        "\n\n",
        "  \n",
        "\t",
        "    ",
        "\u00a0",
        "\u202f",
        "\u2028",
        "\x85",
        "\x00",
        "é",
        "œ",
        "’",
        "…",
        "🎄",
        "1.",
        "2)",
        "# ",
        "## ",
        "- ",
        "---",
        "===",
        "> ",
        "```",
        "&amp;",
        "&#233;",
        "<b>",
        "https://a.fr",
        "#Noël",
        "10 h 30",
    ]
)


@settings(max_examples=1500)
@given(st.lists(PIECES, max_size=30).map("".join))
@example("Bougies d'hiver, « faites main » !\n\nÀ samedi #Noël")
@example("\n\nUne ligne\nune autre\n\n\n")
@example("-20 % sur tout\n1 bougie offerte")
@example("#Noël\n# Titre")
@example("a\n\u00a0\nb")
def test_both_ways_give_the_same_html(text: str) -> None:
    assert str(markdown(text)) == reference(text)


def test_a_french_post_takes_the_short_way() -> None:
    text = (
        "Nos bougies « Nuit d’hiver » arrivent : cire de colza, mèche en coton, 40 h de douceur !\n"
        "Rendez-vous samedi à 10 h 30 en boutique.\n\n#FaitMain #Noël"
    )
    assert _NOT_PLAIN.search(text) is None
    assert str(markdown(text)) == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "**gras**",
        "a  \nb",
        "- liste",
        "1. un",
        "> citation",
        "    code",
        "a\tb",
        "[lien](https://a.fr)",
        "&ecirc;",
    ],
)
def test_markdown_syntax_takes_markdown_it(text: str) -> None:
    assert _NOT_PLAIN.search(text) is not None
    assert str(markdown(text)) == reference(text)


def test_every_body_of_the_demo_brand() -> None:
    project = load_project(REPO)
    texts = [p.body for p in project.posts] + [t.body for t in project.topics]
    assert texts
    assert [str(markdown(t)) for t in texts] == [reference(t) for t in texts]
