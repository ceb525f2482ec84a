"""The resident loader of ``check --watch``: after any change, the project ``load_project`` would load.

Each case changes real files in a real brand repository, then compares the resident loader's
project with a fresh :func:`load_project` of the same files (posts whole, findings sorted), and
checks how many post files it read again: keeping the others is the point of it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import CharterError
from pipeline.model.findings import sort_findings
from pipeline.model.project import Project
from pipeline.stages.load.loader import load_project
from pipeline.stages.load.resident import ResidentLoader
from tests.site_build import make_brand
from tests.site_build import replace_in as edit

BONJOUR = "content/posts/2026/12/2026-12-01-bonjour.md"
SOLDES = "content/posts/2026/12/2026-12-08-soldes.md"


def as_compared(project: Project) -> dict[str, Any]:
    """What must be equal: every post, topic and campaign, and the findings in report order."""
    return {
        "posts": [post.model_dump() for post in project.posts],
        "topics": [topic.model_dump() for topic in project.topics],
        "campaigns": [campaign.model_dump() for campaign in project.campaigns],
        "findings": [f.model_dump() for f in sort_findings(project.findings)],
        "charter": project.charter_text,
    }


def title_of(project: Project, path: str = BONJOUR) -> list[str]:
    return [post.meta.title for post in project.posts if post.path == path]


def same_as_fresh(loader: ResidentLoader) -> Project:
    project = loader.load()
    assert as_compared(project) == as_compared(load_project(loader.root, use_cache=False))
    return project


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    return make_brand(tmp_path)


def test_an_edited_post_is_the_only_file_read_again(brand: Path) -> None:
    loader = ResidentLoader(brand)
    first = same_as_fresh(loader)
    assert loader.reloaded == len(first.posts) == 5
    same_as_fresh(loader)
    assert loader.reloaded == 0, "nothing changed: nothing read"
    edit(brand / BONJOUR, "title: Bonjour décembre", "title: Bonsoir décembre")
    assert title_of(same_as_fresh(loader)) == ["Bonsoir décembre"]
    assert loader.reloaded == 1


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(brand: Path) -> None:
    loader = ResidentLoader(brand)
    same_as_fresh(loader)
    path = brand / BONJOUR
    before = path.stat()
    edit(path, "title: Bonjour décembre", "title: Bonjour Décembre")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert title_of(same_as_fresh(loader)) == ["Bonjour Décembre"]
    assert loader.reloaded == 1


def test_added_removed_and_broken_posts(brand: Path) -> None:
    loader = ResidentLoader(brand)
    same_as_fresh(loader)
    added = brand / "content/posts/2027/01/2027-01-05-janvier.md"
    added.parent.mkdir(parents=True)
    added.write_text((brand / BONJOUR).read_text(encoding="utf-8").replace("2026-12-01", "2027-01-05"))
    (brand / SOLDES).unlink()
    project = same_as_fresh(loader)
    assert loader.reloaded == 1
    assert "content/posts/2027/01/2027-01-05-janvier.md" in {p.path for p in project.posts}

    edit(brand / BONJOUR, "channels: [instagram, linkedin]", "channels: [instagram, linkedin")
    project = same_as_fresh(loader)
    assert BONJOUR not in {p.path for p in project.posts}
    assert [f.rule for f in project.findings if f.file == BONJOUR] == ["yaml.syntax"]
    project = same_as_fresh(loader)  # its finding is kept with it, not read again
    assert loader.reloaded == 0
    assert [f.rule for f in project.findings if f.file == BONJOUR] == ["yaml.syntax"]

    edit(brand / BONJOUR, "channels: [instagram, linkedin", "channels: [instagram, linkedin]")
    project = same_as_fresh(loader)
    assert BONJOUR in {p.path for p in project.posts}
    assert not [f for f in project.findings if f.file == BONJOUR]


def test_a_linked_post_is_read_again_every_time(brand: Path) -> None:
    target = brand / "content/notes/bonjour.txt"
    target.parent.mkdir()
    target.write_text((brand / BONJOUR).read_text(encoding="utf-8"), encoding="utf-8")
    (brand / BONJOUR).unlink()
    (brand / BONJOUR).symlink_to(target)
    loader = ResidentLoader(brand)
    same_as_fresh(loader)
    edit(target, "title: Bonjour décembre", "title: Bonjour par le lien")
    assert title_of(same_as_fresh(loader)) == ["Bonjour par le lien"]  # the link's stat did not move
    assert loader.reloaded == 1


def test_a_new_charter_reads_everything_again(brand: Path) -> None:
    loader = ResidentLoader(brand)
    first = same_as_fresh(loader)
    edit(brand / "charter.yaml", "timezone: Europe/Paris", "timezone: America/Montreal")
    project = same_as_fresh(loader)
    assert loader.reloaded == 5
    assert [p.when for p in project.posts] != [p.when for p in first.posts], "the posts' times moved"

    (brand / "charter.yaml").write_text("brand: [", encoding="utf-8")
    with pytest.raises(CharterError):
        loader.load()


def test_topics_and_campaigns_are_read_every_time(brand: Path) -> None:
    loader = ResidentLoader(brand)
    same_as_fresh(loader)
    topic = brand / "calendar/seasonal/noel.md"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("---\n", "---\nbogus_key: 1\n", 1), encoding="utf-8")
    project = same_as_fresh(loader)
    assert loader.reloaded == 0
    assert any(f.file == "calendar/seasonal/noel.md" for f in project.findings)


def test_a_snapshot_given_is_used_for_the_posts_it_names(brand: Path) -> None:
    """The watcher's stat of each file is the loader's: a post it says unchanged is not looked at."""
    from pipeline.build.watch import snapshot

    loader = ResidentLoader(brand)
    loader.load(snapshot(brand))
    stale = snapshot(brand)  # taken before the edit below
    edit(brand / BONJOUR, "title: Bonjour décembre", "title: Bonsoir décembre")
    loader.load(stale)
    assert loader.reloaded == 0, "the snapshot said nothing changed"
    same_as_fresh(loader)  # its own stat sees the edit
    assert loader.reloaded == 1
