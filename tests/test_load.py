"""Loading: models, ids, variants, wall times, the parse cache, and charter errors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from pipeline.errors import CharterError, RootError
from pipeline.model.content import Post
from pipeline.output.store import finish_writes
from pipeline.stages.load import parse_cache
from pipeline.stages.load.frontmatter import split_variants
from pipeline.stages.load.loader import load_project
from pipeline.stages.load.names import post_id_from_path, slug_from_path
from pipeline.stages.load.parse_cache import encode


def test_minimal_brand_loads(brand: Callable[[str], Path]) -> None:
    project = load_project(brand("minimal"))
    assert project.findings == ()
    ids = [p.id for p in project.posts]
    assert ids == ["bonjour", "atelier"]
    hello = project.posts[0]
    assert hello.when == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert hello.text_for("instagram")[0] == "Bienvenue dans notre atelier."
    assert hello.text_for("linkedin") == ("Bienvenue dans notre atelier, version LinkedIn.", 17)
    assert hello.line_of("visual") == 9
    assert project.posts[1].when == datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    assert [t.slug for t in project.topics] == ["noel"]
    assert [c.slug for c in project.campaigns] == ["hiver"]


def test_post_id_keeps_across_dates() -> None:
    assert (
        post_id_from_path("content/posts/2026/11/2026-11-24-black-friday-teaser.md") == "black-friday-teaser"
    )
    assert post_id_from_path("content/posts/2026-11-25-black-friday-teaser.md") == "black-friday-teaser"
    assert post_id_from_path("content/posts/Fête des Mères.md") == "fete-des-meres"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("saint-valentin", "saint-valentin"),
        ("rentree-2026", "rentree-2026"),
        ("Fête des Mères", "fete-des-meres"),
        ("black--friday", "black-friday"),  # a slug's shape, not python-slugify's: it folds the hyphens
        ("noel-", "noel"),
        ("-noel", "noel"),
        ("v1.2", "v1-2"),
        ("!!!", "untitled"),
    ],
)
def test_a_topics_slug_is_its_file_name_slugified(name: str, slug: str) -> None:
    assert slug_from_path(f"calendar/seasonal/{name}.md") == slug


def test_variants_and_their_lines() -> None:
    body = "\nTexte commun.\n\n## Instagram\n\nPour Instagram.\n## x\nCourt.\n"
    default, line, variants = split_variants(body, 8)
    assert (default, line) == ("Texte commun.", 9)
    assert variants["instagram"].text == "Pour Instagram." and variants["instagram"].line == 13
    assert variants["instagram"].heading_line == 11
    assert variants["x"].text == "Court." and variants["x"].line == 15
    # A heading of several words is text, not a channel section.
    default, _, variants = split_variants("Intro\n## Nos conseils\nSuite", 5)
    assert variants == {} and "Nos conseils" in default


def test_warm_cache_gives_the_same_project(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    cold = load_project(root)
    assert (root / ".almanac" / "parse-cache.json").is_file()
    warm = load_project(root)
    assert warm == cold
    post = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    post.write_text(post.read_text().replace("Bienvenue dans", "Bienvenue chez"))
    edited = load_project(root)
    assert edited.posts[0].body.startswith("Bienvenue chez")


def test_a_parse_cache_written_behind_is_the_one_written_in_line(brand: Callable[[str], Path]) -> None:
    """``write_behind``: the cache a thread writes is byte for byte the plain one, and a load waits for it."""
    written = []
    root = brand("minimal")
    cache = root / ".almanac" / "parse-cache.json"
    for behind in (False, True):
        cache.unlink(missing_ok=True)
        cold = load_project(root, write_behind=behind)
        assert load_project(root, write_behind=behind) == cold  # the second load waits for the first's write
        finish_writes()
        written.append(json.loads(cache.read_bytes().split(b"\n", 1)[0])["entries"])
    assert written[0] == written[1] and len(written[0]) == len(cold.posts) + len(cold.topics) + len(
        cold.campaigns
    )


def test_loaded_posts_are_their_validated_selves(brand: Callable[[str], Path]) -> None:
    # The loader makes posts from validated values without validating them again: each must be
    # the post pydantic makes of the same values, with the same fields set, cold and from the cache.
    root = brand("demo")
    for project in (load_project(root), load_project(root)):
        assert project.posts and any(post.variants for post in project.posts)
        for post in project.posts:
            again = Post.model_validate(post.model_dump())
            assert again == post and again.model_fields_set == post.model_fields_set, post.path


def test_the_parse_cache_keeps_a_posts_texts_and_a_topics_whole_body(brand: Callable[[str], Path]) -> None:
    # A post's body is its text and its variants, both kept: the body itself was 40 % of the bytes.
    root = brand("demo")
    cold = load_project(root)
    raw = (root / ".almanac" / "parse-cache.json").read_bytes()
    head, blobs = raw.split(b"\n", 1)
    kept = {rel: json.loads(blobs[at : at + size]) for rel, (at, size) in json.loads(head)["blobs"].items()}
    posts = {rel: entry for rel, entry in kept.items() if rel.startswith("content/posts/")}
    topics = {rel: entry for rel, entry in kept.items() if rel.startswith("calendar/seasonal/")}
    assert posts and topics
    assert all("body" not in entry and "text" in entry for entry in posts.values())
    assert all("body" in entry for entry in topics.values())
    warm = load_project(root)
    assert warm == cold and [t.body for t in warm.topics] == [t.body for t in cold.topics]
    assert any(t.body for t in warm.topics)


def test_a_few_edits_write_only_the_recent_entries_and_more_write_the_cache_whole(
    brand: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = brand("demo")
    load_project(root)
    whole, recent = root / ".almanac" / "parse-cache.json", root / ".almanac" / "parse-cache-recent.json"
    written = whole.read_bytes()
    assert not recent.exists()
    posts = sorted((root / "content" / "posts").rglob("*.md"))

    def edit(post: Path, line: str) -> None:
        post.write_text(post.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    edit(posts[0], "Une ligne de plus.")
    edited = load_project(root)
    assert whole.read_bytes() == written and recent.exists()  # the 20 MB of a large brand stay as they were
    assert edited == load_project(root, use_cache=False)
    assert load_project(root) == edited  # both files read back
    first = posts[0].relative_to(root).as_posix()
    assert next(p.body for p in edited.posts if p.path == first).endswith("plus.")
    recent.write_bytes(recent.read_bytes()[:50])  # damaged: its entries are parsed again
    assert load_project(root) == edited
    monkeypatch.setattr(parse_cache, "RECENT_LEAST", 2)  # more than two changed entries: written whole
    monkeypatch.setattr(parse_cache, "RECENT_SHARE", 1000)
    for n, post in enumerate(posts[1:4]):
        edit(post, f"Retouche {n}.")
    many = load_project(root)
    assert whole.read_bytes() != written and not recent.exists()
    assert many == load_project(root, use_cache=False) == load_project(root)
    edit(posts[5], "Encore.")
    load_project(root)
    assert recent.exists()
    posts[6].unlink()  # a file gone: the cache is written whole without it
    gone = load_project(root)
    assert not recent.exists() and gone == load_project(root, use_cache=False) == load_project(root)


def test_cache_is_not_trusted_for_a_rewritten_file_of_the_same_size(brand: Callable[[str], Path]) -> None:
    root = brand("minimal")
    load_project(root)
    post = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    text = post.read_text()
    stat = post.stat()
    post.write_text(text.replace("Bienvenue", "Bienvenu!"))
    import os

    os.utime(post, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert load_project(root).posts[0].body.startswith("Bienvenu!")


def test_missing_root_and_charter_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RootError):
        load_project(tmp_path / "nowhere")
    with pytest.raises(CharterError, match=r"no charter\.yaml"):
        load_project(tmp_path)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("brand: [unclosed\n", "charter.yaml:1", "this [ is never closed"),
        ("brand:\n  name: X\nchanels: {}\n", "charter.yaml:3", "did you mean `channels`"),
        ("brand:\n  name: X\n  timezone: Mars/Olympus\n", "charter.yaml:3", "unknown time zone"),
        ("- a list\n", "charter.yaml:1", "mapping"),
        ("voice: {}\n", "charter.yaml:1", "missing required key `brand`"),
        ("brand:\n  name: X\nchanels: {}\nvoyce: {}\n", "charter.yaml:3", "(problems in all: 2)"),
    ],
)
def test_broken_charter_is_one_clear_line(
    tmp_path: Path, run: Callable[..., Result], text: str, where: str, words: str
) -> None:
    (tmp_path / "charter.yaml").write_text(text)
    result = run(["check", "--root", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"almanac: {where}:") or lines[0].startswith(f"almanac: {where} ")
    assert words in lines[0]


def test_cache_folder_ignores_itself(brand: Callable[[str], Path], git_repo: Callable[[Path], Path]) -> None:
    from tests.conftest import git

    root = git_repo(brand("minimal"))
    load_project(root)
    assert (root / ".almanac" / ".gitignore").is_file()
    assert git(root, "status", "--porcelain") == ""  # the cache leaves the tree clean


@pytest.mark.parametrize(
    ("parsed", "kept"),
    [
        ({"meta": {"title": "Bûche", "channels": ["x"], "n": 2, "f": 0.5, "ok": True, "none": None}}, True),
        ({"meta": {"focus": (0.5, 0.5)}}, False),  # a tuple would come back a list
        ({"meta": {1: "un"}}, False),  # a number as a key would come back a string
        ({"meta": {"when": datetime(2027, 1, 6, 9, tzinfo=UTC)}}, False),
        ({"meta": {"tags": {"a"}}}, False),
        ({"meta": {"x": float("nan")}}, False),
    ],
)
def test_parse_cache_keeps_only_what_json_gives_back_as_it_was(parsed: dict[str, Any], kept: bool) -> None:
    entry = encode(os.stat(__file__), b"---\n---\n", parsed)
    assert (entry is not None) is kept
    if entry is not None:
        assert json.loads(entry[1]) == parsed
