"""The cheap position scan gives exactly the round-trip parser's positions, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages.load.frontmatter import parse_yaml, split, top_key_lines
from pipeline.stages.load.positions import Loc, locate
from pipeline.stages.load.quickpos import quick_locate

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [
    "title: Bonjour\npublish_at: 2026-12-01 10:00\nchannels: [instagram, x]\npillar: promo\n",
    "title:   'Quoted: yes'\nchannels:\n  - instagram\n  -   linkedin # c\nhashtags: [A,B ,  C]\n",
    "visual:\n  src: assets/a.jpg\n  alt: Une image\n  kind: graphic\n  focus: [0.5, 0.4]\n",
    "visual: {card: Bonjour, alt: Une carte}\nhashtags:\n- Noel\n- Hiver\n",
    "visual: {src: 'a, b.jpg', alt: x}\nignore:\n  voice.emoji: parce que\n  channel.length: long\n",
    "hashtags: [a, [b, c]]\nlink: https://example.org/a?b=c#x\ntopic: &t noel\ncampaign: *t\n",
    "title: >\n  plié\n  texte\nchannels:\n\n  # commentaire\n  - x\nvisual:\n  src:\n    nested: 1\n",
    "hashtags: []\nchannels: [ ]\nvisual: {}\nstatus: draft # commentaire\npillar:\n",
    "ignore: {voice.emoji: 'a: b', typography.fr: ok}\nchannels: [\"x\", instagram]\n",
    'title: Multi\n  ligne\nvisual:\n    src: a.jpg\n    alt:   "Une"\n',
]


def _front_matters() -> list[str]:
    texts = list(CASES)
    for path in sorted(FIXTURES.rglob("*.md")):
        try:
            texts.append(split(path.read_text(encoding="utf-8")).yaml_text)
        except Exception:  # broken fixtures are for the loader's tests
            continue
    return texts


def _locs(data: dict[str, object]) -> list[tuple[Loc, bool]]:
    out: list[tuple[Loc, bool]] = []
    for name, value in data.items():
        out += [((name,), True), ((name,), False), ((name, "missing"), False), ((name, 99), False)]
        if isinstance(value, dict):
            for sub in value:
                out += [((name, str(sub)), True), ((name, str(sub)), False)]
        elif isinstance(value, list):
            out += [((name, index), False) for index in range(len(value))]
    return out


@pytest.mark.parametrize("text", _front_matters())
def test_scan_agrees_with_the_round_trip_parse(text: str) -> None:
    try:
        data = parse_yaml(text, 2)
    except Exception:  # invalid YAML never reaches the rules
        pytest.skip("invalid YAML")
    keys = top_key_lines(text, 2)
    for loc, key in _locs(data):
        quick = quick_locate(text, 2, loc, keys, key=key)
        if quick is not None:
            assert quick == locate(text, 2, loc, key=key), (loc, key)


def test_scan_answers_the_usual_shapes() -> None:
    text = CASES[1] + CASES[2]
    keys = top_key_lines(text, 2)
    asked: list[tuple[Loc, bool]] = [
        (("title",), False),
        (("channels", 1), False),
        (("hashtags", 2), False),
        (("visual", "alt"), False),
        (("visual", "kind"), True),
    ]
    for loc, key in asked:
        assert quick_locate(text, 2, loc, keys, key=key) is not None, loc
    flow = CASES[3]
    assert quick_locate(flow, 2, ("visual", "alt"), top_key_lines(flow, 2)) == (2, 30)
    assert quick_locate(flow, 2, ("hashtags", 1), top_key_lines(flow, 2)) == (5, 3)
