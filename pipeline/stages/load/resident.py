"""The load stage for a process that stays up (``almanac check --watch``): unchanged posts kept loaded.

A fresh ``check`` pays, before any rule runs, for starting Python, importing the models and
making 10,000 posts again from the parse cache: most of its second at that size. A process that
stays up pays that once. Each later :meth:`ResidentLoader.load` looks at every post file (its
``lstat``) and loads again only the files whose stat changed, with the loader's own code: a
post is a function of its bytes and the charter, so the project is the one
:func:`~pipeline.stages.load.loader.load_project` would return, findings included
(``tests/test_resident.py`` compares the two after edits, additions, removals and broken files).

A changed ``charter.yaml`` (a new time zone moves every post) loads everything again. A post
file that is a link is loaded again every time: the link's own stat says nothing of its target.
Seasonal topics and campaigns, a few files, are read every time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISLNK

from pipeline.model.content import Post
from pipeline.model.findings import Finding
from pipeline.model.project import POSTS_DIR, Project
from pipeline.stages.fanout import gc_paused
from pipeline.stages.load.loader import _check_root as check_root
from pipeline.stages.load.loader import _Reader as Reader
from pipeline.stages.load.loader import load_charter, load_project
from pipeline.stages.load.parse_cache import ParseCache

StatKey = tuple[int, int, int, int, int, int]
"""What says a file is unchanged: mode, device, inode, size, mtime and ctime (an edit that keeps the
size and puts the mtime back still moves the ctime; a file replaced by a rename has a new inode)."""


def stat_key(st: os.stat_result) -> StatKey:
    """The :data:`StatKey` of a stat result (of ``lstat``: a link is a link)."""
    return (st.st_mode, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass(frozen=True)
class _Kept:
    """A post file as last loaded: its stat then, its post (None when it did not load), its findings."""

    key: StatKey | None
    post: Post | None
    findings: tuple[Finding, ...]


class ResidentLoader:
    """Loads one brand again and again, keeping each post file's result while its stat holds."""

    def __init__(self, root: Path) -> None:
        self.root = check_root(root)
        self._charter_text: str | None = None
        self._kept: dict[str, _Kept] = {}
        self.reloaded: int = 0
        """How many post files the last :meth:`load` read again (all of them the first time)."""

    def load(self, stats: Mapping[str, StatKey] | None = None) -> Project:
        """The project as the files now are, reading again only the post files that changed.

        ``stats``: the :data:`StatKey` of files by path relative to the root, taken just now (a
        watcher's snapshot); a post file in it is not looked at again.
        """
        self.reloaded = 0
        with gc_paused():
            charter, charter_text = load_charter(self.root)
            if charter_text != self._charter_text:
                return self._load_all(charter_text, stats)
            # Nothing is written to the parse cache: the one-shot commands keep it; here a few
            # changed files are parsed at a time.
            reader = Reader(self.root, ParseCache.open(None))
            rels = list(reader.discover(POSTS_DIR))
            findings = list(reader.findings)  # file names that cannot be read as UTF-8
            posts: list[Post] = []
            kept: dict[str, _Kept] = {}
            reloaded = 0
            for rel in rels:
                key = self._key(rel, stats)
                entry = self._kept.get(rel)
                if key is None or entry is None or entry.key != key:
                    reader.findings.clear()
                    entry = _Kept(key, reader.post(rel, charter), tuple(reader.findings))
                    reloaded += 1
                kept[rel] = entry
                findings.extend(entry.findings)
                if entry.post is not None:
                    posts.append(entry.post)
            reader.findings[:] = findings  # the topics' and campaigns' follow, as the loader's do
            self._kept, self.reloaded = kept, reloaded
            return reader.assemble(charter, charter_text, posts)

    def _load_all(self, charter_text: str, stats: Mapping[str, StatKey] | None) -> Project:
        """Everything loaded anew (the first time, or after the charter changed), over every core."""
        # Stat first: a file edited while it loads keeps the stat of before, and is loaded again next time.
        rels = Reader(self.root, ParseCache.open(None)).discover(POSTS_DIR)
        keys = {rel: self._key(rel, stats) for rel in rels}
        project = load_project(self.root)
        by_file: dict[str, list[Finding]] = {}
        for finding in project.findings:
            by_file.setdefault(finding.file, []).append(finding)
        posts = {post.path: post for post in project.posts}
        self._kept = {
            rel: _Kept(key, posts.get(rel), tuple(by_file.get(rel, ()))) for rel, key in keys.items()
        }
        self._charter_text = project.charter_text if project.charter_text == charter_text else None
        self.reloaded = len(keys)
        return project

    def _key(self, rel: str, stats: Mapping[str, StatKey] | None) -> StatKey | None:
        """The file's stat key (from ``stats`` when there); None for a link or a file that cannot be
        looked at, loaded every time."""
        if stats is not None and rel in stats:
            key = stats[rel]
            return None if S_ISLNK(key[0]) else key
        try:
            st = os.lstat(os.path.join(self.root, rel))  # noqa: PTH118 - 10,000 files: plain os calls
        except OSError:
            return None
        return None if S_ISLNK(st.st_mode) else stat_key(st)
