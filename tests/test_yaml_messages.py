"""What a new user writes in YAML and what they are told: cut comments, hashtags, quotes, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.content import explain_written_date
from pipeline.model.findings import Level
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
