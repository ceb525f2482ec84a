"""What a new user writes in YAML and what they are told: cut comments, hashtags, quotes, dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model.content import explain_written_date
from pipeline.model.findings import Level
from pipeline.stages.load.frontmatter import FrontMatterError, parse_yaml
from pipeline.stages.load.loader import load_project
from pipeline.text.compose import published_text
from tests.checks_support import check, make_brand, post_text


def _post(tmp_path: Path, text: str) -> Path:
    return make_brand(tmp_path / "brand", "", {"a.md": text})


def test_a_value_cut_by_a_hash_is_a_yaml_comment_warning(tmp_path: Path) -> None:
    text = post_text("Texte.").replace("title: Essai", "title: Bûche #1 de la saison")
    root = _post(tmp_path, text)
    assert load_project(root, use_cache=False).posts[0].meta.title == "Bûche"  # what YAML reads
    found = check(root, rule="yaml.comment")
    assert [(f.level, f.line, f.column, f.fix) for f in found] == [
        (Level.WARNING, 2, 14, 'title: "Bûche #1 de la saison"')
    ]
    assert "read as “Bûche”" in found[0].message


@pytest.mark.parametrize(
    "line",
    [
        "status: approved  # à relire",
        "link: https://example.com/#menu",
        'title: "Bûche #1 de la saison"',
        "title: 'Bûche #1'",
        "hashtags: [Noel]  #commentaire",
    ],
)
def test_comments_written_as_comments_stay_quiet(tmp_path: Path, line: str) -> None:
    key = line.split(":")[0]
    text = post_text("Texte.", extra="link: https://example.com\n" if key != "link" else "")
    lines = [row for row in text.split("\n") if not row.startswith(f"{key}:")]
    root = _post(tmp_path, "\n".join([lines[0], line, *lines[1:]]))
    assert check(root, rule="yaml.comment") == []


def test_a_leading_hash_in_front_matter_is_dropped_once(tmp_path: Path) -> None:
    root = _post(tmp_path, post_text("Texte.", extra='hashtags: ["#Noel", Hiver]\n'))
    project = load_project(root, use_cache=False)
    post = project.posts[0]
    assert post.meta.hashtags == ["Noel", "Hiver"]
    published = published_text(post, "linkedin", project.charter)
    assert "#Noel" in published and "##" not in published
    assert check(root, rule="voice.hashtag-format") == []


@pytest.mark.parametrize(
    ("tags", "fix"),
    [
        ("[pain perdu]", "painperdu"),
        ('["##Noel"]', "Noel"),
        ("[Fête-des-mères]", "Fêtedesmères"),
        ("['2024']", None),
    ],
)
def test_a_hashtag_that_is_not_one_word_is_an_error(tmp_path: Path, tags: str, fix: str | None) -> None:
    root = _post(tmp_path, post_text("Texte.", extra=f"hashtags: {tags}\n"))
    found = check(root, rule="voice.hashtag-format")
    assert [(f.level, f.line, f.fix) for f in found] == [(Level.ERROR, 7, fix)]


def test_unicode_letters_digits_and_underscore_make_a_hashtag(tmp_path: Path) -> None:
    root = _post(
        tmp_path, post_text("Texte.", extra="hashtags: [Fêtedesmères, Noël2026, pain_perdu, 東京]\n")
    )
    assert check(root, rule="voice.hashtag-format") == []


def test_an_unclosed_quote_is_pointed_at_where_it_opens(tmp_path: Path) -> None:
    text = post_text("Texte.", extra="visual:\n  card: Soldes\n  alt: Une vitrine\n")
    root = _post(tmp_path, text.replace("title: Essai", 'title: "Bûche de Noël'))
    found = check(root, rule="yaml.syntax")
    assert [(f.line, f.column, f.message) for f in found] == [
        (2, 8, 'this quote is never closed: end the value with " on the same line')
    ]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2027-01-06 9:00", "`publish_at`: write the time as 09:00 (got '2027-01-06 9:00')"),
        ("2027-02-30 10:00", "`publish_at`: February 2027 has 28 days (got '2027-02-30 10:00')"),
        ("2028-02-30 10:00", "`publish_at`: February 2028 has 29 days (got '2028-02-30 10:00')"),
        ("2027-1-6 10:00", "`publish_at`: write the date as 2027-01-06 (got '2027-1-6 10:00')"),
        ("2027-04-31 10:00", "`publish_at`: April 2027 has 30 days (got '2027-04-31 10:00')"),
    ],
)
def test_dates_say_what_to_write(tmp_path: Path, when: str, message: str) -> None:
    root = _post(tmp_path, post_text("Texte.", when=when))
    found = check(root, rule="schema.type")
    assert [(f.line, f.message) for f in found] == [(3, message)]


def test_a_campaign_day_that_does_not_exist(tmp_path: Path) -> None:
    root = _post(tmp_path, post_text("Texte."))
    campaign = root / "calendar" / "campaigns" / "hiver.md"
    campaign.parent.mkdir(parents=True)
    campaign.write_text("---\ntitle: Hiver\nfrom: 2027-02-29\nto: 2027-03-10\n---\n", encoding="utf-8")
    found = check(root, rule="schema.type")
    assert [(f.file, f.line, f.message) for f in found] == [
        ("calendar/campaigns/hiver.md", 3, "`from`: February 2027 has 28 days (got '2027-02-29')")
    ]


@pytest.mark.parametrize(
    "when", ["2027-01-06", "2027-01-06 09:00", "2027-01-06T09:00:00+01:00", "2024-02-29", "20270106"]
)
def test_dates_written_well_pass_as_written(when: str) -> None:
    assert explain_written_date(when) is when


@pytest.mark.parametrize(
    ("when", "message"),
    [("2027-01-06 24:00", "24:00 is not a time of day"), ("2023-02-29", "February 2023 has 28 days")],
)
def test_dates_out_of_range_are_explained(when: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        explain_written_date(when)


def test_in_pull_request_mode_the_comment_cut_of_a_changed_file_alone_is_reported(tmp_path: Path) -> None:
    from pipeline.stages.check.engine import run_checks
    from tests.checks_support import TODAY

    cut = post_text("Texte.").replace("title: Essai", "title: Bûche #1 de la saison")
    root = make_brand(tmp_path / "brand", "", {"a.md": cut, "b.md": cut.replace("10:00", "11:00")})
    project = load_project(root, use_cache=False)
    every = run_checks(project, today=TODAY, cache=False)
    changed = run_checks(project, today=TODAY, cache=False, changed=frozenset({"content/posts/b.md"}))
    assert sorted(f.file for f in every if f.rule == "yaml.comment") == [
        "content/posts/a.md",
        "content/posts/b.md",
    ]
    assert [f.file for f in changed if f.rule == "yaml.comment"] == ["content/posts/b.md"]


# The mistakes people make in a front matter, each told what to write, at the line it concerns
# (post_text's title is line 2, its front matter starts there).
@pytest.mark.parametrize(
    ("written", "line", "column", "message"),
    [
        (
            "title: Nouveauté : la lampe Orsay",
            2,
            18,
            "a colon followed by a space starts a key in YAML: quote the whole value, "
            '`title: "Nouveauté : la lampe Orsay"`',
        ),
        (
            'title: "Les soldes" commencent',
            2,
            21,
            'the value ends at its closing " and text follows it: quote the whole value, '
            "`title: '\"Les soldes\" commencent'`",
        ),
        (
            "title: [Soldes] -50 %",
            2,
            17,
            'a value that starts with [ is a list in YAML: quote the whole value, `title: "[Soldes] -50 %"`',
        ),
        (
            "title: @marque en direct",
            2,
            8,
            'a value cannot start with @ in YAML: quote the whole value, `title: "@marque en direct"`',
        ),
        (
            "title: * Nouveau *",
            2,
            8,
            'a value cannot start with * in YAML: quote the whole value, `title: "* Nouveau *"`',
        ),
        (
            "title: - 50 % sur tout",
            2,
            8,
            "a value that starts with a dash and a space is a list item in YAML: quote the whole value, "
            '`title: "- 50 % sur tout"`',
        ),
        (
            "title: Essai\ntitle: Encore",
            3,
            1,
            "`title` is written twice in this front matter: keep one of the two",
        ),
        ("title:Essai", 2, 7, "a key needs a space after its colon: write `title: Essai`"),
        (
            "title: Essai\n  status: draft",
            3,
            3,
            "this line is indented under `title`, which already has its value: "
            "start it at the beginning of the line",
        ),
        (
            "title: Essai\nune phrase du texte",
            3,
            1,
            "this line is not a key (`key: value`): the front matter holds only keys, "
            "and the post's text goes after the closing ---",
        ),
        (
            "title: Essai\n- instagram",
            3,
            1,
            "this list item belongs to no key: put it under the key it lists (`channels:`, `hashtags:`), "
            "indented by two spaces",
        ),
        ("title: Essai\nhashtags: [Noel", 3, 11, "this [ is never closed: end it with ] on the same line"),
        ("title: Essai\nhashtags: [Noel]]", 3, 17, "this list is closed twice: remove the extra ]"),
        (
            "title: Essai\nhashtags: [#Noel]",
            3,
            12,
            "an item of this list is empty or starts with #: write hashtags without #, or quote the item",
        ),
        (
            'title: "C:\\dossier"',
            2,
            11,
            "a backslash inside double quotes starts an escape YAML does not know: "
            "write two backslashes, or use single quotes",
        ),
    ],
)
def test_a_yaml_mistake_says_what_to_write(
    tmp_path: Path, written: str, line: int, column: int, message: str
) -> None:
    root = _post(tmp_path, post_text("Texte.").replace("title: Essai", written))
    found = check(root, rule="yaml.syntax")
    assert [(f.line, f.column, f.message) for f in found] == [(line, column, message)]


def test_the_quoted_value_a_message_proposes_reads_back_as_written(tmp_path: Path) -> None:
    titles = ("Nouveauté : la lampe", '"Les soldes" commencent', "L'été : -50 %", "[Soldes] d'hiver")
    for n, title in enumerate(titles):
        written = post_text("Texte.").replace("title: Essai", f"title: {title}")
        proposed = check(_post(tmp_path / str(n), written), rule="yaml.syntax")[0].message.rsplit("`", 2)[1]
        fixed = _post(tmp_path / f"{n}-fixed", post_text("Texte.").replace("title: Essai", proposed))
        assert load_project(fixed, use_cache=False).posts[0].meta.title == title


def test_a_yaml_mistake_is_told_in_french_and_an_unknown_one_keeps_the_parsers_words(tmp_path: Path) -> None:
    from pipeline.stages.check.localize import localized
    from pipeline.text.i18n import translator

    colon = _post(tmp_path / "a", post_text("Texte.").replace("title: Essai", "title: Nouveauté : la lampe"))
    said = localized(check(colon, rule="yaml.syntax"), translator("fr"))[0].message
    assert said == (
        "en YAML, un deux-points suivi d’une espace ouvre une clé\u00a0: mettez toute la valeur entre "
        'guillemets, `title: "Nouveauté : la lampe"`'
    )
    # A problem no sentence is written for: the parser's words, inside a sentence in French.
    odd = _post(tmp_path / "b", post_text("Texte.").replace("title: Essai", "title: !!binary x"))
    found = check(odd, rule="yaml.syntax")
    assert len(found) == 1
    french = localized(found, translator("fr"))[0].message
    assert french.startswith("le YAML ne sait pas lire cette ligne (") and french.endswith(
        "\u00a0: vérifiez ses guillemets, ses deux-points et son indentation"
    )


_PIECES = [": ", ":", "[", "]", "{", "}", "'", '"', "#", "- ", "\n", "  ", " ", "\t", "title", "é", "*", "&"]
_PIECES += ["!", "|", ">", "@", "%", "`", "\\", ",", "?", "clé: ", "\n- ", "\n  ", "2026-01-01 10:00", "\r"]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join))
def test_any_yaml_mistake_is_a_finding_on_one_of_its_lines(text: str) -> None:
    try:
        parse_yaml(text, 5)
    except FrontMatterError as exc:
        assert 5 <= exc.line <= 5 + text.count("\n") + text.count("\r")
        assert exc.column >= 1 and str(exc.message)
