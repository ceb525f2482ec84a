"""Load stage: a brand repository → Charter, posts, seasonal topics, campaigns, findings.

Every problem in a content file becomes a Finding with its file, line and
column; the file is then left out of the model, and the run goes on with the
others. Only a missing or unusable root or charter stops the run
(:class:`~pipeline.errors.RootError`, :class:`~pipeline.errors.CharterError`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import CharterError, RootError
from pipeline.model.charter import Charter
from pipeline.model.content import (
    Campaign,
    CampaignMeta,
    Post,
    PostMeta,
    SeasonalTopic,
    TopicMeta,
)
from pipeline.model.findings import Finding
from pipeline.model.held import held_model
from pipeline.model.inputs import PARSE_CACHE_FILE
from pipeline.model.project import CACHE_DIR, CAMPAIGNS_DIR, CHARTER_FILE, POSTS_DIR, SEASONAL_DIR, Project
from pipeline.stages.fanout import Fanout, gc_paused
from pipeline.stages.load.files import read_regular, utf8_name
from pipeline.stages.load.frontmatter import (
    MAX_FILE_BYTES,
    FrontMatterError,
    decode,
    held_variant,
    parse_yaml,
    split,
    split_variants,
    top_key_lines,
)
from pipeline.stages.load.names import post_identity, slug_from_path
from pipeline.stages.load.parse_cache import ParseCache
from pipeline.stages.load.positions import error_finding, validation_findings
from pipeline.text.messages import N_, from_json, msg, wrap
from pipeline.text.oserrors import with_reason

M = TypeVar("M", bound=BaseModel)
_POST_FIELDS = set(Post.model_fields)
"""Every field of a post, which the loader sets all of: one set for all (see held_model)."""


def load_project(
    root: Path, *, use_cache: bool = True, jobs: int | None = None, write_behind: bool = False
) -> Project:
    """Load a brand repository; see the module docstring for what raises.

    Posts to parse are shared between ``jobs`` processes (default: every core) when
    there are enough of them to be worth it; the result does not depend on ``jobs``.
    ``write_behind``: the parse cache may still be being written when this returns, by a thread,
    while the caller goes on (:func:`~pipeline.output.store.finish_writes` waits for it).
    """
    root = _check_root(root)
    # Loading makes hundreds of thousands of objects and frees almost none: the cyclic
    # collector's passes over them were a fifth of a warm load of 10,000 posts.
    with gc_paused(), Fanout(jobs) as fanout:
        return _load(root, use_cache=use_cache, fanout=fanout, write_behind=write_behind)


def _load(root: Path, *, use_cache: bool, fanout: Fanout, write_behind: bool) -> Project:
    charter, charter_text = load_charter(root)
    cache = ParseCache.open(root / CACHE_DIR / PARSE_CACHE_FILE if use_cache else None)
    reader = _Reader(root, cache)
    rels = list(reader.discover(POSTS_DIR))
    reader.prefetch(rels, fanout)
    posts = [p for p in (reader.post(rel, charter) for rel in rels) if p]
    project = reader.assemble(charter, charter_text, posts)
    cache.prune(reader.seen)
    cache.save(behind=write_behind)
    return project


def _check_root(root: Path) -> Path:
    try:
        resolved = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise RootError(msg("brand root {root} does not exist", root=root)) from exc
    if not resolved.is_dir():
        raise RootError(msg("brand root {root} is not a folder", root=root))
    if not os.access(resolved, os.R_OK | os.X_OK):
        raise RootError(msg("brand root {root} cannot be read", root=root))
    return resolved


def load_charter(root: Path) -> tuple[Charter, str]:
    """Read and validate ``charter.yaml``; any problem is a one-line CharterError."""
    path = root / CHARTER_FILE
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise CharterError(
            msg("no charter.yaml in {root}: is this a brand repository? (use --root DIR)", root=root)
        ) from None
    except OSError as exc:
        raise CharterError(with_reason(N_("cannot read: {error}"), exc), file=CHARTER_FILE) from None
    try:
        text = decode(data)
        raw = parse_yaml(text, 1)
    except FrontMatterError as exc:
        raise CharterError(exc.message, file=CHARTER_FILE, line=exc.line) from None
    try:
        return Charter.model_validate(raw), text
    except ValidationError as exc:
        found = validation_findings(exc, Charter, file=CHARTER_FILE, yaml_text=text, first_line=1)
        first = from_json([found[0].template, found[0].args]) if found[0].template else found[0].message
        if len(found) > 1:
            first = wrap("{problem} (problems in all: {total})", first, total=len(found))
        raise CharterError(first, file=CHARTER_FILE, line=found[0].line) from None


class _Reader:
    """Reads content files of one root, collecting findings and using the parse cache."""

    def __init__(self, root: Path, cache: ParseCache, *, texts: bool = True):
        self.root = root
        self.cache = cache
        self.texts = texts
        """Whether a post's body is split into its texts and variants; else it is kept whole for
        :func:`post_texts` (the calendar index needs the texts of a few posts only)."""
        self.findings: list[Finding] = []
        self.seen: set[str] = set()
        self.ready: dict[str, Parsed] = {}
        """Files parsed ahead by :meth:`prefetch`, by relative path."""
        self.stats: dict[str, os.stat_result] = {}
        """The stat :meth:`prefetch` took of each file, for :meth:`parsed` to use instead of its own."""

    def prefetch(self, rels: list[str], fanout: Fanout) -> None:
        """Parse the files whose cache entry is stale, over every core, ahead of :meth:`parsed`."""
        if not fanout.workers or len(rels) < fanout.min_items:
            return
        stale = []
        for rel in rels:
            path = os.path.join(self.root, rel)  # noqa: PTH118
            try:
                stat = self.stats[rel] = os.lstat(path)  # kept for parsed(): each file is looked at once
            except OSError:
                stale.append(rel)  # parsed() reports it
                continue
            read = partial(read_regular, path, MAX_FILE_BYTES)
            if S_ISLNK(stat.st_mode) or not self.cache.fresh(rel, stat, read):
                stale.append(rel)
        if len(stale) >= fanout.min_items:
            self.ready.update(zip(stale, fanout.map(parse_files, str(self.root), stale), strict=True))

    def assemble(self, charter: Charter, charter_text: str, posts: list[Post]) -> Project:
        """The project of ``posts``, with the seasonal topics and campaigns read now, and every finding."""
        topics = [t for t in (self.topic(rel) for rel in self.discover(SEASONAL_DIR)) if t]
        campaigns = [c for c in (self.campaign(rel) for rel in self.discover(CAMPAIGNS_DIR)) if c]
        return Project(
            root=self.root,
            charter=charter,
            charter_text=charter_text,
            posts=tuple(posts),
            topics=tuple(topics),
            campaigns=tuple(campaigns),
            findings=tuple(self.findings),
        )

    def discover(self, folder: str) -> Iterator[str]:
        """Relative paths of the Markdown files under a folder, sorted, hidden ones skipped."""
        base = os.path.join(self.root, folder)  # noqa: PTH118 - hot path, see parsed()
        skip = len(str(self.root)) + 1
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and utf8_name(d)]
            rel_dir = dirpath[skip:].replace(os.sep, "/")
            for name in filenames:
                if not name.endswith(".md") or name.startswith("."):
                    continue
                if not utf8_name(name):
                    # Such a name cannot be written in JSON, SARIF or a page: report it readably.
                    shown = os.fsencode(name).decode("utf-8", "replace")
                    self._error(
                        "yaml.syntax", f"{rel_dir}/{shown}", msg("file name is not UTF-8: rename the file")
                    )
                    continue
                found.append(f"{rel_dir}/{name}")
        yield from sorted(found)

    def _error(self, rule: str, rel: str, message: str, line: int = 1, column: int = 1) -> None:
        self.findings.append(error_finding(rule, message, rel, line, column))

    def parsed(self, rel: str) -> dict[str, Any] | None:
        """The parsed form of a content file (from the cache when unchanged), or None after a finding."""
        # Plain os calls: pathlib's object overhead was a third of a warm load of 10,000 posts.
        path = os.path.join(self.root, rel)  # noqa: PTH118
        self.seen.add(rel)
        ready = self.ready.pop(rel, None)
        if ready is not None:
            entry, blob, parsed, found = ready
            self.findings.extend(found)
            if entry is not None and blob is not None:
                self.cache.put(rel, entry, blob)
            return parsed
        try:
            stat = self.stats.pop(rel, None) or os.lstat(path)
            if S_ISLNK(stat.st_mode):
                if not Path(path).resolve().is_relative_to(self.root):
                    self._error(
                        "asset.outside-root",
                        rel,
                        msg("content file is a link that leads out of the repository"),
                    )
                    return None
                stat = os.stat(path)  # noqa: PTH116
            if not S_ISREG(stat.st_mode):
                # A FIFO or device would block the read forever (or never end).
                self._error("asset.unreadable", rel, msg("not a regular file (a pipe, device or socket?)"))
                return None
            data, cached = self.cache.lookup(rel, stat, lambda: read_regular(path, MAX_FILE_BYTES))
        except OSError as exc:
            self._error("asset.unreadable", rel, with_reason(N_("cannot read the file: {error}"), exc))
            return None
        except RuntimeError:  # Path.resolve on a link that leads back to itself
            self._error("asset.unreadable", rel, msg("content file is a link that loops back on itself"))
            return None
        if cached is not None:
            return cached
        assert data is not None
        try:
            parts = split(decode(data))
            mapping = parse_yaml(parts.yaml_text, parts.yaml_line)
        except FrontMatterError as exc:
            self._error(exc.rule, rel, exc.message, exc.line, exc.column)
            return None
        parsed = {
            "data": mapping,
            "yaml": parts.yaml_text,
            "yaml_line": parts.yaml_line,
            "keys": top_key_lines(parts.yaml_text, parts.yaml_line),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if not self.texts:
            parsed["body"], parsed["body_line"] = parts.body, parts.body_line
            return parsed  # never stored: the parse cache holds texts split
        parsed.update(_split_texts(parts.body, parts.body_line))
        if not rel.startswith(_POSTS_PREFIX):
            # A topic's or a campaign's notes are its whole body. A post is its text and variants,
            # which hold its body already: keeping it too was 40 % of the parse cache's bytes.
            parsed["body"] = parts.body
        self.cache.store(rel, stat, data, parsed)
        return parsed

    def _validate(self, model: type[M], rel: str, parsed: dict[str, Any]) -> M | None:
        try:
            return model.model_validate(parsed["data"])
        except ValidationError as exc:
            self.findings.extend(
                validation_findings(
                    exc, model, file=rel, yaml_text=parsed["yaml"], first_line=parsed["yaml_line"]
                )
            )
            return None

    def _validated(self, rel: str, model: type[M]) -> tuple[M, dict[str, Any]] | None:
        """A file's front matter validated as ``model``, and its parsed form; None after a finding."""
        parsed = self.parsed(rel)
        if parsed is None:
            return None
        meta = self._validate(model, rel, parsed)
        return None if meta is None else (meta, parsed)

    def _entity(self, rel: str, model: type[M], make: Callable[[M, dict[str, Any]], Any]) -> Any:
        loaded = self._validated(rel, model)
        return None if loaded is None else make(*loaded)

    def post(self, rel: str, charter: Charter) -> Post | None:
        """Load one post file."""
        loaded = self.post_meta(rel)
        if loaded is None:
            return None
        meta, parsed = loaded
        post_id, when, issue = post_identity(rel, meta, charter.tz)
        # Every field here was validated or derived by this module: made as held, not validated.
        variants = {ch: held_variant(*variant) for ch, variant in parsed["variants"].items()}
        values = {
            "id": post_id,
            "path": rel,
            "meta": meta,
            "when": when,
            "time_issue": issue,
            "body": parsed["text"],
            "body_line": parsed["text_line"],
            "variants": variants,
            "front_matter": parsed["yaml"],
            "key_lines": parsed["keys"],
            "digest": parsed["sha256"],
        }
        return held_model(Post, values, _POST_FIELDS)

    def post_meta(self, rel: str) -> tuple[PostMeta, dict[str, Any]] | None:
        """A post file's validated front matter and parsed form, without the post made of them."""
        return self._validated(rel, PostMeta)

    def topic(self, rel: str) -> SeasonalTopic | None:
        """Load one seasonal topic file."""
        topic: SeasonalTopic | None = self._entity(rel, TopicMeta, self._named(rel, SeasonalTopic))
        return topic

    def campaign(self, rel: str) -> Campaign | None:
        """Load one campaign file."""
        campaign: Campaign | None = self._entity(rel, CampaignMeta, self._named(rel, Campaign))
        return campaign

    @staticmethod
    def _named(rel: str, kind: type[SeasonalTopic] | type[Campaign]) -> Callable[[Any, dict[str, Any]], Any]:
        """The maker of a topic or campaign: both are named by their file and keep their notes."""

        def make(meta: Any, parsed: dict[str, Any]) -> SeasonalTopic | Campaign:
            return kind(
                slug=slug_from_path(rel),
                path=rel,
                meta=meta,
                body=parsed["body"].strip(),
                front_matter=parsed["yaml"],
                key_lines=parsed["keys"],
            )

        return make


_POSTS_PREFIX = POSTS_DIR + "/"


def _split_texts(body: str, body_line: int) -> dict[str, Any]:
    """A body's default text and channel variants, as the parsed form holds them."""
    default, default_line, variants = split_variants(body, body_line)
    return {
        "text": default,
        "text_line": default_line,
        "variants": {ch: [v.text, v.line, v.heading_line] for ch, v in variants.items()},
    }


def post_texts(parsed: dict[str, Any]) -> dict[str, Any]:
    """A post's parsed texts (``text``, ``text_line``, ``variants``), split now if its reader kept
    the body whole (``texts=False``)."""
    if "variants" in parsed:
        return parsed
    return _split_texts(parsed["body"], parsed["body_line"])


Parsed = tuple[dict[str, Any] | None, bytes | None, dict[str, Any] | None, list[Finding]]
"""A file parsed by :func:`parse_files`: its parse-cache entry and blob (None when it cannot
be cached), its parsed form (None after a finding) and the findings it raised."""


def parse_files(root: str, rels: list[str]) -> list[Parsed]:
    """Parse content files as :meth:`_Reader.parsed` does, without a cache: a worker's share."""
    reader = _Reader(Path(root), ParseCache.open(None))
    table = reader.cache.table
    done: list[Parsed] = []
    for rel in rels:
        parsed = reader.parsed(rel)
        done.append((table.values.get(rel), table.blobs.get(rel), parsed, reader.findings))
        reader.findings = []
    return done
