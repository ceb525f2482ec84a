"""Pull-request mode's calendar index: the calendar rules see the same calendar as with a full load.

``check --since`` loads only the changed posts in full; the others come from
``.almanac/calendar-index.json`` (:mod:`pipeline.stages.check.index`). These tests run
every calendar rule over both forms of the same brand (the demo brand of the
repository, and a generated one with gaps, full weeks, a skewed mix, a freeze,
duplicated texts, a daylight-saving gap and invalid posts) and compare what they find.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.model.content import DUPLICATE_DAYS, Post
from pipeline.model.findings import Finding
from pipeline.model.project import Project
from pipeline.stages import fanout
from pipeline.stages.check.engine import run_checks
from pipeline.stages.check.index import ENTRY_POST, META_HELD, POST, POST_HELD, load_changed
from pipeline.stages.check.parallel import finding
from pipeline.stages.check.rules import ALL_RULES, CheckContext
from pipeline.stages.check.since import changed_since
from pipeline.stages.load.loader import load_project
from tests.bench.synth import CHARTER, make_repo
from tests.conftest import commit_all, git

REPO = Path(__file__).resolve().parent.parent
CALENDAR_RULES = [rule for rule in ALL_RULES if rule.scope == "calendar"]
GENERATED_CHARTER = (
    CHARTER
    + """cadence:
  windows:
    default: ["mon-fri 09:00-16:00"]
  per_week: {instagram: [4, 6], linkedin: [1, 3]}
  min_gap_hours: {default: 5}
  mix: {window_days: 14, max_share: {promo: 0.15}, min_share: {community: 0.2}}
  freezes:
    - {from: 2026-02-14, to: 2026-02-16, reason: Inventaire}
"""
)
"""The bench's charter with a cadence to break: gaps, weekly counts, a mix, a freeze."""


DUPLICATES = ((200, 204), (250, 280), (300, 301))
"""Posts of the generated brand whose second one repeats the first (text and channels)."""


def _demo(tmp_path: Path) -> tuple[Path, date]:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "charter.yaml", root / "charter.yaml")
    for folder in ("content", "calendar", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    git(root, "init", "-q")
    # Committed after some approved posts' times, so that time.past has something to say.
    commit_all(root, "demo", date="2026-12-10T10:00:00+01:00")
    return root, date(2026, 12, 15)


def _generated(tmp_path: Path) -> tuple[Path, date]:
    root = make_repo(tmp_path / "generated", 400, images=2, git=False, image_size=(64, 48))
    (root / "charter.yaml").write_text(GENERATED_CHARTER, encoding="utf-8")
    posts = sorted((root / "content" / "posts").rglob("*.md"))
    for n, path in enumerate(posts):
        text = path.read_text(encoding="utf-8")
        if n % 9 == 0:
            text = text.replace("status: approved", "status: draft")
        if n % 11 == 0:
            text = text.replace("status: approved", "status: review")
        if n % 13 == 0:
            text = text.replace("pillar: ", "ignore: {cadence.gap: voulu, time.past: corrigé}\npillar: ")
        if n % 17 == 0:  # drafts about a must-cover date: not covered, and related to the finding
            text = text.replace("pillar: ", "topic: sujet-01\npillar: ").replace("approved", "draft")
        if n % 29 == 0:
            text = text.replace("status: approved", "status: publiee")  # invalid: left out of the calendar
        path.write_text(text, encoding="utf-8")
    # The same text twice within 30 days, on the posts' shared channels.
    for first, second in DUPLICATES:
        when = posts[second].read_text(encoding="utf-8").split("publish_at: ")[1][:16]
        copied = posts[first].read_text(encoding="utf-8").split("publish_at: ")
        posts[second].write_text(f"{copied[0]}publish_at: {when}{copied[1][16:]}", encoding="utf-8")
    # A wall time that does not exist in Paris (clocks jump forward on 29 March 2026).
    head, _at, rest = posts[-1].read_text(encoding="utf-8").partition("publish_at: ")
    posts[-1].write_text(f"{head}publish_at: 2026-03-29 02:30{rest[16:]}", encoding="utf-8")
    # An instant with an offset in the hour Paris lives twice (25 October 2026): the second one.
    head, _at, rest = posts[-2].read_text(encoding="utf-8").partition("publish_at: ")
    posts[-2].write_text(f"{head}publish_at: 2026-10-25T02:30:00+01:00{rest[16:]}", encoding="utf-8")
    topic = root / "calendar" / "seasonal" / "sujet-01.md"
    topic.write_text(topic.read_text(encoding="utf-8").replace("lead_days", "must_cover: true\nlead_days"))
    git(root, "init", "-q")
    commit_all(root, "generated", date="2026-01-20T10:00:00+01:00")
    return root, date(2026, 1, 25)


BRANDS = {"demo": _demo, "generated": _generated}


def _posts(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "content" / "posts").rglob("*.md"))


Raw = list[tuple[str, Finding, tuple[str, ...]]]


def _raw(project: Project, today: date, changed: frozenset[str]) -> Raw:
    """Every hit of every calendar rule, before pull-request scoping drops any."""
    ctx = CheckContext(project=project, today=today, changed=changed, cache=False)
    return [
        (rule.id, finding(rule, hit, None), hit.related)
        for rule in CALENDAR_RULES
        if rule.check_all is not None
        for hit in rule.check_all(ctx)
    ]


def _held(post: Post) -> tuple[object, ...]:
    """What an indexed post holds, its instant's offset and fold included (its text keys apart)."""
    meta = tuple(getattr(post.meta, name) for name in META_HELD)
    when = (post.when.isoformat(), post.when.fold, post.when.tzinfo)
    return (*meta, *(getattr(post, name) for name in POST_HELD if name not in ("meta", "text_keys")), when)


def _assert_keys_near_changes(indexed: Project, full: Project, changed: frozenset[str]) -> tuple[int, int]:
    """Every post within 30 days of a changed one holds the text keys of a full load.

    Returns how many posts hold them and how many do not.
    """
    moments = [p.when for p in full.posts if p.path in changed]
    keys = {p.path: p.text_keys for p in full.posts}
    held = far = 0
    for post in indexed.posts:
        if post.path in changed or "text_keys" in post.__dict__:  # loaded in full, or keys held
            assert post.text_keys == keys[post.path]
            held += 1
        else:
            assert all(abs(post.when - moment) >= timedelta(days=DUPLICATE_DAYS) for moment in moments)
            far += 1
    return held, far


def _changed_sets(rels: list[str]) -> list[frozenset[str]]:
    step = max(1, len(rels) // 6)
    singles = [frozenset({rel}) for rel in rels[::step]]
    # The generated brand's repeated texts and a post inside its freeze.
    marked = frozenset(r for n, r in enumerate(rels) if n in (204, 250) or "/2026-02-15-" in r)
    return [*singles, marked, frozenset(rels[3::50]), frozenset({rels[0], rels[-1], "content/posts/gone.md"})]


@pytest.mark.parametrize("name", sorted(BRANDS))
def test_calendar_rules_find_the_same_over_indexed_posts(tmp_path: Path, name: str) -> None:
    root, today = BRANDS[name](tmp_path)
    full = load_project(root, use_cache=False, jobs=1)
    rels = _posts(root)
    assert len(full.posts) < len(rels) or name == "demo"  # the generated brand has invalid posts
    compared = without_keys = 0
    blobs = changed_since(root, "HEAD").blobs  # every file as committed
    for n, changed in enumerate(_changed_sets(rels)):
        # Every other time with git's blob ids: the entries they key are the calendar too.
        indexed = load_changed(root, changed, blobs=blobs if n % 2 else None, jobs=1)
        assert [p.path for p in indexed.posts] == [p.path for p in full.posts]
        assert [_held(p) for p in indexed.posts] == [_held(p) for p in full.posts]
        held, far = _assert_keys_near_changes(indexed, full, changed)
        assert held >= len(changed & {p.path for p in full.posts})
        without_keys += far
        expected = _raw(full, today, changed)
        assert _raw(indexed, today, changed) == expected
        # And what check --since reports, every rule and the engine's policy included.
        assert run_checks(indexed, today=today, changed=changed, cache=False, jobs=1) == run_checks(
            full, today=today, changed=changed, cache=False, jobs=1
        )
        compared += len(expected)
    assert compared > 0
    if name == "generated":
        # Posts far from a change have no keys made, and the next change near them makes them.
        assert without_keys > 0  # the brand exercises each calendar rule
        found = {rule for changed in _changed_sets(rels) for rule, _f, _r in _raw(full, today, changed)}
        assert {"cadence.gap", "cadence.per-week", "cadence.mix", "cadence.freeze"} <= found
        assert {"cadence.duplicate", "cadence.window", "time.past", "seasonal.coverage"} <= found
        assert any(p.time_issue == "nonexistent" for p in full.posts)
        assert any(p.when.fold == 1 for p in full.posts)


def test_an_unchanged_invalid_post_stays_out_of_the_calendar(tmp_path: Path) -> None:
    root, today = _generated(tmp_path)
    rels = _posts(root)
    changed = frozenset({rels[200]})
    first = load_changed(root, changed)  # fills the index: every other post is valid or not as written
    neighbour = root / rels[201]
    assert rels[201] in {p.path for p in first.posts}
    # After the index was made, the unchanged neighbour breaks (a status that does not exist).
    text = neighbour.read_text(encoding="utf-8")
    neighbour.write_text(text.replace("status: ", "status: en-cours\nx: ").replace("x: approved", ""))
    again = load_changed(root, changed)
    assert rels[201] not in {p.path for p in again.posts}
    full = load_project(root, use_cache=False, jobs=1)
    assert [p.path for p in again.posts] == [p.path for p in full.posts]
    assert run_checks(again, today=today, changed=changed, cache=False) == run_checks(
        full, today=today, changed=changed, cache=False
    )
    # Read from the index on the next run, it is still left out.
    assert [p.path for p in load_changed(root, changed).posts] == [p.path for p in full.posts]


def test_an_indexed_post_holds_no_default_it_was_not_given(tmp_path: Path) -> None:
    root, _today = _generated(tmp_path)
    rels = _posts(root)
    project = load_changed(root, frozenset({rels[0]}))
    far = next(p for p in project.posts if p.path == rels[-2])
    assert far.meta.status in ("approved", "draft", "review")
    assert isinstance(far.when, datetime)
    with pytest.raises(AttributeError):
        _ = far.meta.hashtags  # not in the index: an error, never the default []
    with pytest.raises(AttributeError):
        _ = far.body  # not in the index
    with pytest.raises(AttributeError):
        _ = far.text_keys  # far from every change: its texts' keys are not made


def test_the_index_made_by_a_worker_is_the_one_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file scanned in a worker process (forkserver, results back by pickle), as in test_fanout."""
    root, today = _demo(tmp_path)
    rels = _posts(root)
    changed = frozenset({rels[5]})
    alone = load_changed(root, changed, jobs=1, cache=False)
    monkeypatch.setattr(fanout, "MIN_ITEMS", 1)
    monkeypatch.setattr(fanout, "SHARE_HERE", False)
    shared = load_changed(root, changed, jobs=2)
    assert [_held(p) for p in shared.posts] == [_held(p) for p in alone.posts]
    assert run_checks(shared, today=today, changed=changed, cache=False, jobs=1) == run_checks(
        alone, today=today, changed=changed, cache=False, jobs=1
    )
    # The next run reads what the worker made from the index file, and finds the same calendar.
    again = load_changed(root, changed, jobs=1)
    assert [_held(p) for p in again.posts] == [_held(p) for p in alone.posts]


def test_an_index_made_under_another_zone_or_damaged_is_made_again(tmp_path: Path) -> None:
    root, _today = _demo(tmp_path)
    rels = _posts(root)
    changed = frozenset({rels[0]})
    load_changed(root, changed)
    charter = root / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("Europe/Paris", "America/Montreal"))
    moved = load_changed(root, changed)
    assert [_held(p) for p in moved.posts] == [_held(p) for p in load_project(root, use_cache=False).posts]
    assert all(str(p.when.tzinfo) == "America/Montreal" for p in moved.posts)
    index = root / ".almanac" / "calendar-index.json"
    index.write_bytes(index.read_bytes()[:1000])  # cut short: read as empty, and written anew
    again = load_changed(root, changed)
    assert [_held(p) for p in again.posts] == [_held(p) for p in moved.posts]
    assert len(index.read_bytes()) > 1000


def test_a_fresh_checkout_keeps_the_index_by_the_files_bytes(tmp_path: Path) -> None:
    """New stats with the same bytes (a CI checkout restoring .almanac/) reuse the entries."""
    root, _today = _demo(tmp_path)
    rels = _posts(root)
    changed = frozenset({rels[0]})
    load_changed(root, changed)
    index = root / ".almanac" / "calendar-index.json"
    header = json.loads(index.read_bytes().split(b"\n", 1)[0])
    # Marked in the index only, so that the test can tell a reused entry from a file read again.
    header["entries"][rels[10]][POST][len(ENTRY_POST) + META_HELD.index("title")] = "Titre de l'index"
    index.write_bytes(json.dumps(header).encode() + b"\n")
    for rel in rels:
        os.utime(root / rel, ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))
    title = {p.path: p.meta.title for p in load_changed(root, changed).posts}
    assert title[rels[10]] == "Titre de l'index"
    saved = json.loads(index.read_bytes().split(b"\n", 1)[0])["entries"][rels[10]]
    assert saved[1] == 1_800_000_000_000_000_000  # the new stat is kept for the next run
    # Other bytes: the file is read and validated again.
    post = root / rels[10]
    post.write_text(post.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    title = {p.path: p.meta.title for p in load_changed(root, changed).posts}
    assert (
        title[rels[10]] == {p.path: p.meta.title for p in load_project(root, use_cache=False).posts}[rels[10]]
    )
    assert title[rels[10]] != "Titre de l'index"


def test_the_index_made_from_a_full_checks_parse_cache_is_the_same(tmp_path: Path) -> None:
    """A CI cache restored from a full check has the parse cache and no index yet."""
    root, today = _generated(tmp_path)
    rels = _posts(root)
    changed = frozenset({rels[204]})
    full = load_project(root)  # writes .almanac/parse-cache.json
    assert (root / ".almanac" / "parse-cache.json").exists()
    for rel in rels:  # a fresh checkout: every stat new, the bytes the same
        os.utime(root / rel, ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))
    indexed = load_changed(root, changed)
    assert [_held(p) for p in indexed.posts] == [_held(p) for p in full.posts]
    held, _far = _assert_keys_near_changes(indexed, full, changed)  # from the parse cache's split texts
    assert held > 1
    assert run_checks(indexed, today=today, changed=changed, cache=False) == run_checks(
        full, today=today, changed=changed, cache=False
    )


def test_a_fresh_clone_keeps_the_index_by_gits_blob_ids(tmp_path: Path) -> None:
    """CI's checkout restoring .almanac/: git vouches for the bytes, nothing is read or written again."""
    root, _today = _demo(tmp_path)
    rels = _posts(root)
    changed = frozenset({rels[0]})
    load_changed(root, changed, blobs=changed_since(root, "HEAD").blobs)
    index = root / ".almanac" / "calendar-index.json"
    header = json.loads(index.read_bytes().split(b"\n", 1)[0])
    entry = header["entries"][rels[10]]
    entry[POST][len(ENTRY_POST) + META_HELD.index("title")] = "Titre de l'index"
    entry[:4] = [1, 1, 1, "0" * 64]  # neither the stat nor the sha256 vouch for it: only the blob
    index.write_bytes(json.dumps(header).encode() + b"\n")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    shutil.copytree(root / ".almanac", clone / ".almanac")
    kept = (clone / ".almanac" / "calendar-index.json").read_bytes()
    changes = changed_since(clone, "HEAD")
    assert changes.files == frozenset()
    title = {p.path: p.meta.title for p in load_changed(clone, changed, blobs=changes.blobs).posts}
    assert title[rels[10]] == "Titre de l'index"
    assert (clone / ".almanac" / "calendar-index.json").read_bytes() == kept  # nothing to write back
    # Without git's word, the stat and the sha256 disown the entry: the file is read again.
    title = {p.path: p.meta.title for p in load_changed(clone, changed).posts}
    assert title[rels[10]] != "Titre de l'index"


def test_blob_ids_are_the_posts_own_relative_to_a_brand_in_a_subfolder(tmp_path: Path) -> None:
    top = tmp_path / "agence"
    root = top / "marques" / "lumiere"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "charter.yaml", root / "charter.yaml")
    posts = root / "content" / "posts"
    post = min(posts.rglob("*.md"))
    (posts / "lien.md").symlink_to(post)
    git(top, "init", "-q")
    commit_all(top, "agence")
    post.write_text(post.read_text(encoding="utf-8") + "\nModifié.\n", encoding="utf-8")
    changes = changed_since(root, "HEAD")
    rels = _posts(root)
    assert changes.files == {post.relative_to(root).as_posix()}
    # A link's blob is the path it points at, never the post's bytes: links are left to their stat.
    assert set(changes.blobs) == set(rels) - {"content/posts/lien.md"}
    for rel in rels[:3]:
        assert changes.blobs[rel] == git(top, "rev-parse", f"HEAD:marques/lumiere/{rel}").strip()


def test_duplicates_compare_the_index_keys_and_read_no_unchanged_file(tmp_path: Path) -> None:
    """An indexed post's texts are not read again: the index holds the keys duplicates compare."""
    root, today = _generated(tmp_path)
    rels = _posts(root)
    first, second = DUPLICATES[0]
    changed = frozenset({rels[second]})
    blobs = changed_since(root, "HEAD").blobs

    def duplicates() -> list[Finding]:
        project = load_changed(root, changed, blobs=blobs)
        found = run_checks(project, today=today, changed=changed, cache=False, jobs=1)
        return [f for f in found if f.rule == "cadence.duplicate"]

    found = duplicates()
    assert found
    assert {(f.file, rels[first] in f.message) for f in found} == {(rels[second], True)}  # one per channel
    # The original rewritten behind git's back: its blob id still vouches for its entry, so what
    # is compared is the key of the text it was indexed with, and its file is not opened.
    original = root / rels[first]
    original.write_text(original.read_text(encoding="utf-8") + "\nTout autre chose.\n", encoding="utf-8")
    assert duplicates() == found


def test_text_keys_are_equal_when_the_normalised_texts_are() -> None:
    from pipeline.model.content import text_key

    same = text_key("Nos  SOLDES\tcommencent.\n", 7)
    assert same is not None
    assert same[1] == 7
    assert text_key("nos soldes commencent.", 9) == (same[0], 9)
    assert text_key("ﬁn des soldes", 1) == text_key("fin des soldes", 1)  # NFKC: the ligature is fi
    assert text_key("Nos soldes commencent !", 7) != same
    assert text_key(" \n\t", 3) is None
    assert text_key("octet \udcff perdu", 1) != text_key("octet \udcfe perdu", 1)  # undecodable bytes kept
