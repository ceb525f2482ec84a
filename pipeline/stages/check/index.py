"""Pull-request mode's calendar index: the unchanged posts as the calendar rules read them.

``check --since`` runs the per-post rules on the changed posts only, but the calendar
rules (gaps, weekly counts, mix, duplicates, seasonal coverage, …) still look at
every post. They read a few fields of each (:data:`META_HELD`, :data:`POST_HELD`),
never the visual, the hashtags or the text: duplicates compare texts by their keys
(:attr:`~pipeline.model.content.Post.text_keys`), which the index holds instead, and only
those of posts within :data:`~pipeline.model.content.DUPLICATE_DAYS` of a changed post. An
entry holds its keys once a run needed them (:data:`NEAR_DAYS`); computing every post's
was a fifth of a cold scan.

So only the changed posts are loaded and validated in full. Every other post is an
entry of ``.almanac/calendar-index.json`` (JSON, a store table), checked by git's blob id
of the file (git has just compared it with the merge base), else by its stat, then by
the sha256 of its bytes: the fields above, or ``null`` for a file that
does not load (it stays out of the calendar, as the full loader leaves it out). A file
whose bytes changed is read, parsed and validated again exactly as the loader does
(shared over every core), so an invalid post is never made valid by the index; the
table is salted with the brand's time zone and Almanac's own code.

An indexed post holds the index's fields and nothing else (its text keys only when near a
change): a rule reading any other field gets an ``AttributeError``, never a silent default
(``tests/test_since_index.py`` runs every calendar rule over both forms and compares).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from contextlib import suppress
from datetime import date, datetime
from functools import cache
from pathlib import Path
from stat import S_ISLNK
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.model.charter import Charter
from pipeline.model.content import DUPLICATE_DAYS, Post, PostMeta, texts_keys
from pipeline.model.held import held_model
from pipeline.model.inputs import CALENDAR_INDEX_FILE, PARSE_CACHE_FILE
from pipeline.model.project import CACHE_DIR, POSTS_DIR, Project
from pipeline.output.store import Table, code_digest
from pipeline.stages.fanout import Fanout, gc_paused
from pipeline.stages.load.files import read_regular
from pipeline.stages.load.frontmatter import MAX_FILE_BYTES
from pipeline.stages.load.loader import _check_root as check_root
from pipeline.stages.load.loader import _Reader as Reader
from pipeline.stages.load.loader import load_charter, post_texts
from pipeline.stages.load.names import post_identity
from pipeline.stages.load.parse_cache import ParseCache

INDEX_VERSION = 7
META_HELD = ("title", "channels", "pillar", "topic", "campaign", "status", "ignore")
"""The front-matter fields an indexed post holds."""
POST_HELD = ("id", "path", "meta", "when", "time_issue", "front_matter", "key_lines", "text_keys")
"""What an indexed post holds: fields, and the keys its texts have (not the texts)."""
NEAR_DAYS = DUPLICATE_DAYS + 1
"""Days between the wall dates of a post and a changed one within which the post's text keys are
made: duplicates compare texts less than :data:`DUPLICATE_DAYS` apart in time, and a day more
covers a daylight-saving change between two wall times (a superset is harmless, a subset is not)."""


class _Unstored(ParseCache):
    """A parse cache that keeps nothing: the index does not need the parsed files encoded."""

    def store(self, rel: str, stat: os.stat_result, data: bytes, parsed: dict[str, Any]) -> None:
        """Nothing to keep."""


def load_changed(
    root: Path,
    changed: frozenset[str],
    *,
    blobs: Mapping[str, str] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    write_behind: bool = False,
) -> Project:
    """The project as ``check --since`` needs it: changed posts in full, the others from the index.

    ``blobs`` are git's blob ids of the posts at the merge base
    (:attr:`~pipeline.stages.check.since.Changes.blobs`): what keys the index without a stat.
    ``write_behind``: the index is still being written when this returns, by a thread, while the
    caller checks (:func:`~pipeline.output.store.finish_writes` waits for it).

    Topics and campaigns (a few files) are loaded in full; the parse cache is neither read
    nor written. Findings are the loader's for the files it loaded in full; those of
    unchanged files are not gathered, since pull-request mode reports nothing on them.
    """
    root = check_root(root)
    with gc_paused(), Fanout(jobs) as fanout:
        charter, charter_text = load_charter(root)
        # Two changed files are parsed sooner than the 30 MB parse cache is read (and written back).
        reader = Reader(root, _Unstored.open(None))
        rels = list(reader.discover(POSTS_DIR))
        full = {rel: reader.post(rel, charter) for rel in rels if rel in changed}
        near = near_days(post for post in full.values() if post is not None)
        # The zone in the salt, since an entry's instant is resolved in it; Almanac's own code,
        # since an entry says whether the file validates.
        salt = f"calendar-index {INDEX_VERSION} {charter.tz.key} {code_digest()}"
        table = Table.open(root / CACHE_DIR / CALENDAR_INDEX_FILE if cache else None, salt)
        unchanged = [rel for rel in rels if rel not in changed]
        made: dict[str, Post | None] = {}
        entries = _entries(root, charter, near, unchanged, blobs or {}, table, fanout, made)
        table.prune(set(entries))
        table.save(behind=write_behind)
        tz = charter.tz
        posts: list[Post] = []
        for rel in rels:
            if rel in changed:
                post = full[rel]
            else:
                post = made[rel] if rel in made else _indexed(rel, entries[rel], tz)
            if post is not None:
                posts.append(post)
        return reader.assemble(charter, charter_text, posts)


ENTRY_POST = ("id", "wall", "fold", "time_issue", "front_matter", "key_lines", "text_keys")
"""The first values of an entry's post (``wall``, ``[year, month, day, hour, minute, second,
microsecond]``, and ``fold`` make ``when``, 5 times faster than an ISO text; ``text_keys`` flat,
``[channel or null, digest or null, line, …]``, or null until a run needs them); :data:`META_HELD`
follow."""
Entry = list[Any]
"""An index entry: ``[size, mtime_ns, ctime_ns, sha256, blob, post]``, post in :data:`ENTRY_POST` order
or None for a file that does not load; ``blob`` is git's id of the bytes, or None for a file git
does not track.

Lists, not objects: reading 10,000 entries is half the work without the repeated keys."""
BLOB, POST = 4, 5
"""Where an entry holds git's blob id and the post."""
WALL, KEYS = ENTRY_POST.index("wall"), ENTRY_POST.index("text_keys")
"""Where an entry's post holds its wall time and its text keys."""


def near_days(changed: Iterable[Post]) -> frozenset[int]:
    """The day ordinals within :data:`NEAR_DAYS` of a changed post's wall date, in the brand's zone."""
    days = {post.when.toordinal() for post in changed}
    return frozenset(day + shift for day in days for shift in range(-NEAR_DAYS, NEAR_DAYS + 1))


def _is_near(held: list[Any], near: frozenset[int]) -> bool:
    year, month, day = held[WALL][:3]
    return date(year, month, day).toordinal() in near


def _entries(
    root: Path,
    charter: Charter,
    near: frozenset[int],
    rels: list[str],
    blobs: Mapping[str, str],
    table: Table,
    fanout: Fanout,
    made: dict[str, Post | None],
) -> dict[str, Entry]:
    """The index entry of each file: from the table when git, its stat or its bytes say it holds.

    ``blobs`` (unchanged files only) are git's word that a file's bytes are those it names: an
    entry of that blob holds without a stat or a read, so a fresh checkout (CI restoring
    ``.almanac/`` from its cache, every stat new) reads the index and nothing else. A file git
    does not know is checked by its stat, then by the sha256 of its bytes.

    An entry without the text keys a post on a day of ``near`` (:func:`near_days`) needs is read
    again, as a stale one is. ``made`` receives the post of each file read
    again, made as its chunk comes back: a worker scans meanwhile, where making 10,000 posts
    after the scan kept one core idle for 0.05 s.
    """
    entries: dict[str, Entry] = {}
    stale: list[str] = []
    values = table.values
    for rel in rels:
        entry = values.get(rel)
        blob = blobs.get(rel)
        if not isinstance(entry, list) or len(entry) != POST + 1:
            stale.append(rel)
            continue
        held = entry[POST]
        if held is not None and held[KEYS] is None and _is_near(held, near):
            stale.append(rel)
            continue
        if blob is not None and entry[BLOB] == blob:
            entries[rel] = entry
            continue
        try:
            stat = os.lstat(os.path.join(root, rel))  # noqa: PTH118 - 10,000 files: plain os calls
        except OSError:
            stale.append(rel)  # the scan reports nothing, and leaves it out as the loader would
            continue
        if S_ISLNK(stat.st_mode):
            stale.append(rel)
        # ctime too: an edit that keeps the size and puts the mtime back still moves it.
        elif (entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns and entry[2] == stat.st_ctime_ns) or (
            entry[3] is not None and _digest(root, rel) == entry[3]
        ):
            entries[rel] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, entry[3], blob, entry[POST]]
            if entries[rel] != entry:
                table.put(rel, entries[rel])
        else:
            stale.append(rel)
    # A parse cache left by a full check spares parsing what it holds (a fresh clone has none).
    parse_cache = root / CACHE_DIR / PARSE_CACHE_FILE
    shared = (
        str(root),
        charter,
        str(parse_cache) if table.path is not None and parse_cache.exists() else None,
        near,
    )
    tz = charter.tz

    def scanned(start: int, results: list[Entry]) -> None:
        for rel, (size, mtime, ctime, digest, post) in zip(
            stale[start : start + len(results)], results, strict=True
        ):
            entry = entries[rel] = [
                size,
                mtime,
                ctime,
                digest,
                blobs.get(rel) if size is not None else None,
                post,
            ]
            if size is not None:
                table.put(rel, entry, now=True)  # while the workers scan
            made[rel] = _indexed(rel, entry, tz)

    fanout.map(scan_posts, shared, stale, each=scanned)
    return entries


def scan_posts(shared: tuple[str, Charter, str | None, frozenset[int]], rels: list[str]) -> list[Entry]:
    """Post files read, parsed and validated as the loader does, a worker's share.

    Each as ``[size, mtime_ns, ctime_ns, sha256, post]``, which the index's entry completes with the blob.
    The held values are taken from the front matter and the texts, without making the post;
    the texts' keys only for a post on a day of ``near`` (:func:`near_days`).
    """
    if not rels:
        return []  # nothing stale (the usual warm run): the 30 MB parse cache stays unread
    root, charter, parse_cache, near = shared
    # Bodies split into texts only for the posts near a change, the only ones whose keys are made.
    reader = Reader(Path(root), _read_only(parse_cache), texts=False)
    made: list[Entry] = []
    for rel in rels:
        stat: os.stat_result | None = None
        with suppress(OSError):  # the reader reports a file it cannot read
            # Handed to the reader too, which would look at the file again.
            stat = reader.stats[rel] = os.lstat(os.path.join(root, rel))  # noqa: PTH118
        loaded = reader.post_meta(rel)
        reader.findings.clear()  # findings on unchanged files are not reported in pull-request mode
        held = None if loaded is None else _held(rel, *loaded, charter.tz, near)
        digest = None if loaded is None else loaded[1]["sha256"]
        if stat is None or S_ISLNK(stat.st_mode):  # a link is followed anew each run
            made.append([None, None, None, None, held])
        else:
            made.append([stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, digest, held])
    return made


@cache
def _read_only(path: str | None) -> ParseCache:
    """The parse cache, read once per process and never written: the full check keeps it."""
    return _Unstored.open(None if path is None else Path(path))


def _digest(root: Path, rel: str) -> str | None:
    """The sha256 of a file's bytes, as the loader computes it (None when it cannot be read)."""
    try:
        return hashlib.sha256(read_regular(os.path.join(root, rel), MAX_FILE_BYTES)).hexdigest()  # noqa: PTH118
    except OSError:
        return None


def _held(rel: str, meta: PostMeta, parsed: dict[str, Any], tz: ZoneInfo, near: frozenset[int]) -> list[Any]:
    """What the index holds of a post (:data:`ENTRY_POST` then :data:`META_HELD`), as the loader makes it."""
    post_id, at, issue = post_identity(rel, meta, tz)
    # The wall time in the brand's zone and its fold: with the zone, the loader's very instant.
    wall = [at.year, at.month, at.day, at.hour, at.minute, at.second, at.microsecond]
    keys = None
    if at.toordinal() in near:
        texts = post_texts(parsed)
        variants = ((channel, text, line) for channel, (text, line, _heading) in texts["variants"].items())
        text_keys = texts_keys(texts["text"], texts["text_line"], variants)
        keys = [v for channel, key in text_keys.items() for v in (channel, *(key or (None, 0)))]
    return [
        *(post_id, wall, at.fold, issue, parsed["yaml"], parsed["keys"], keys),
        *(getattr(meta, name) for name in META_HELD),
    ]


def _indexed(rel: str, entry: Entry, tz: ZoneInfo) -> Post | None:
    """The post of an index entry (None for a file that does not load)."""
    held = entry[POST]
    if held is None:
        return None
    post_id, wall, fold, issue, front_matter, lines, keys, *meta_values = held
    year, month, day, hour, minute, second, micro = wall
    meta = held_model(PostMeta, dict(zip(META_HELD, meta_values, strict=True)), _META_SET)
    values = {
        "id": post_id,
        "path": rel,
        "meta": meta,
        "when": datetime(year, month, day, hour, minute, second, micro, tzinfo=tz, fold=fold),
        "time_issue": issue,
        "front_matter": front_matter,
        "key_lines": lines,
    }
    if keys is not None:  # else far from every change: reading them is an AttributeError
        flat = iter(keys)  # [channel or None, digest or None, line] after one another
        values["text_keys"] = {
            channel: None if digest is None else (digest, line)
            for channel, digest, line in zip(flat, flat, flat, strict=True)
        }
    return held_model(Post, values, _POST_SET)


_META_SET = set(META_HELD)
_POST_SET = {name for name in POST_HELD if name in Post.model_fields}
"""The fields an indexed post and its front matter were given: one set for all (see held_model)."""
