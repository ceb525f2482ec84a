"""The plain front-matter reader gives exactly what the YAML parser gives, or steps aside.

Whenever :class:`PlainReader` accepts a document, its mapping must equal the
parser's value for value and type for type (``True`` is not ``1``); when the
parser refuses a document, the reader must refuse it too, so the parser's
error message is the one the author sees.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.stages.load.frontmatter import FrontMatterError, _Loader, decode, parse_yaml, split
from pipeline.stages.load.plainyaml import plain_reader

REPO = Path(__file__).resolve().parents[1]
SCALARS = [
    "Bûche de Noël",
    "Bûche #1 de la saison",
    "C#",
    "Soldes [J-3]",
    "Nos 10 ans: merci",
    "fin:",
    "0",
    "-0",
    "+5",
    "-5",
    "12",
    "0123",
    "1_000",
    "0x1F",
    "0o17",
    "1e3",
    "1.5",
    "-0.25",
    ".inf",
    ".nan",
    "01.5",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "Null",
    "2027-01-06",
    "2027-01-06 10:00",
    "2027-01-06 10:00:00",
    "2027-01-06T10:00:00+01:00",
    "9:00",
    '"entre guillemets, avec virgule"',
    '"il a dit \\"oui\\""',
    '"saut\\nde ligne"',
    "'simple'",
    "'l''apostrophe'",
    '"ouvert',
    "'ouvert",
    '"fermé" puis texte',
    "[a, b]",
    "[]",
    "[ ]",
    "[a, , b]",
    "[a, b,]",
    "[a, [b]]",
    '["#Noel", "x, y"]',
    "[#Noel]",
    "[a:b]",
    "[0.5, 0.25]",
    '{a: 1, b: "x, y"}',
    '{time.past: "Archive, saisie après"}',
    "{a: [1]}",
    "{}",
    "{a: }",
    "&ancre valeur",
    "*ancre",
    "!tag valeur",
    "|",
    ">",
    "- élément",
    "@mention",
    "`code`",
    "%pourcent",
    "?question",
    "=",
    "<<",
    "a\tb",
    "https://exemple.fr/page?utm_source=x#frag",
    "mail@exemple.fr",
    "€ 12",
]
KEYS = ["title", "channels", "status", "visual", "a.b", "true", "null", "yes", "x-y", "title"]


def _parser(text: str) -> Any:
    loader = _Loader(text)
    loader.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return loader.get_single_data()
    finally:
        loader.dispose()


def _typed(value: Any) -> Any:
    """A value with the type of every leaf spelled out (``True == 1`` in Python, not here)."""
    if isinstance(value, dict):
        return {"dict": [(_typed(k), _typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [_typed(v) for v in value]}
    return (type(value).__name__, repr(value))


def _agrees(text: str) -> bool:
    """True when the reader stepped aside, or read exactly what the parser reads."""
    plain = plain_reader().read(text)
    if plain is None:
        return True
    try:
        parsed = _parser(text)
    except Exception:
        return False
    return bool(_typed(plain) == _typed({} if parsed is None else parsed))


def _front_matters() -> list[tuple[str, str]]:
    found = []
    for folder in ("content", "calendar", "tests/fixtures", "tests/corpus"):
        for path in sorted((REPO / folder).rglob("*.md")):
            try:
                found.append((path.relative_to(REPO).as_posix(), split(decode(path.read_bytes())).yaml_text))
            except FrontMatterError:
                continue
    return found


def test_every_front_matter_of_the_repository_reads_alike() -> None:
    texts = _front_matters()
    assert len(texts) > 100
    assert [name for name, text in texts if not _agrees(text)] == []
    posts = [text for name, text in texts if name.startswith("content/posts/")]
    read = [text for text in posts if plain_reader().read(text) is not None]
    assert len(read) >= 0.9 * len(posts)  # the demo's posts really take the short path


@given(
    st.lists(
        st.tuples(
            st.sampled_from(KEYS),
            st.one_of(
                st.sampled_from(SCALARS),
                st.lists(st.sampled_from(SCALARS), min_size=1, max_size=3).map(lambda v: ("-", v)),
                st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(SCALARS)), max_size=3).map(
                    lambda v: ("map", v)
                ),
            ),
            st.sampled_from(["", "  ", " # note"]),
            st.sampled_from([0, 2, 4]),
        ),
        max_size=6,
    )
)
def test_generated_documents_read_alike(lines: list[tuple[str, Any, str, int]]) -> None:
    text = ""
    for key, value, tail, indent in lines:
        pad = " " * indent
        if isinstance(value, tuple) and value[0] == "-":
            text += f"{key}:\n" + "".join(f"{pad}- {item}\n" for item in value[1])
        elif isinstance(value, tuple):
            text += f"{key}:{tail}\n" + "".join(f"{pad}{k}: {v}\n" for k, v in value[1])
        else:
            text += f"{key}: {value}{tail}\n"
    assert _agrees(text), text


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: a\ntitle: b\n", 3),  # a repeated key: the parser's message, at its line
        ('title: "ouvert\nstatus: draft\n', 2),
        ("title: a: b\n", 2),
    ],
)
def test_what_the_reader_refuses_still_gets_the_parsers_message(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_yaml(text, 2)
    assert caught.value.line == line


def test_a_remembered_value_is_each_documents_own() -> None:
    """The reader remembers values it read after a key; a list read twice is two lists."""
    reader = plain_reader()
    first = reader.read("channels: [instagram, x]\nstatus: approved\n")
    second = reader.read("status: approved\nchannels: [instagram, x]\n")
    assert first == second == {"channels": ["instagram", "x"], "status": "approved"}
    assert first is not None and second is not None
    assert first["channels"] is not second["channels"]
    first["channels"].append("linkedin")  # one document's list changed: the other's and the next stay
    assert second["channels"] == ["instagram", "x"]
    assert reader.read("channels: [instagram, x]\n") == {"channels": ["instagram", "x"]}
