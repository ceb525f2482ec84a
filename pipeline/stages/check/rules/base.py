"""What a rule is: an id, a default level, a rationale and a small function over the models."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline.model.channels import ChannelProfile
from pipeline.model.charter import Charter
from pipeline.model.content import Campaign, Post, SeasonalTopic
from pipeline.model.findings import Level
from pipeline.model.hits import Hit as Hit  # the rule modules take it with the rest of the rule kit
from pipeline.model.inputs import CACHE_DIR, SOURCE_STORE_FILE
from pipeline.model.project import Project
from pipeline.stages.check.rules.sources import Inspected, SourceStore
from pipeline.stages.load.positions import Loc, locate
from pipeline.stages.load.quickpos import quick_locate
from pipeline.text.compose import published_text

if TYPE_CHECKING:
    from pipeline.stages.history import History


@dataclass(frozen=True)
class CheckContext:
    """Everything a rule may look at: the loaded project and the day checks count from.

    What several rules share within one run is kept in typed per-run caches
    below (one per kind of value), never in an untyped dictionary.
    """

    project: Project
    today: date
    changed: frozenset[str] | None = None
    """Files changed in pull-request mode (``--since``); None checks everything."""
    cache: bool = True
    """Keep results across runs in ``<root>/.almanac/`` (source inspections, per-post findings)."""
    now: datetime | None = None
    """The instant of the command (the driver's one clock reading); None: 00:00 of ``today``."""
    history: History | None = None
    """Git's view of the files when the caller has read it already (rules that need it read it once)."""
    write_behind: bool = False
    """The per-post findings' cache is written by a thread (:func:`~pipeline.output.store.finish_writes`)."""

    @property
    def instant(self) -> datetime:
        """The driver's clock reading, or the start of ``today`` in the brand's zone when none was given."""
        return self.now or datetime.combine(self.today, time.min, self.project.charter.tz)

    @property
    def charter(self) -> Charter:
        """The brand charter."""
        return self.project.charter

    @property
    def profiles(self) -> dict[str, ChannelProfile]:
        """Channel profiles of the brand."""
        return self.project.charter.profiles

    @cached_property
    def topics(self) -> dict[str, SeasonalTopic]:
        """Seasonal topics by slug."""
        return {t.slug: t for t in self.project.topics}

    @cached_property
    def campaigns(self) -> dict[str, Campaign]:
        """Campaigns by slug."""
        return {c.slug: c for c in self.project.campaigns}

    @cached_property
    def targets(self) -> tuple[Post, ...]:
        """The posts per-post rules look at: all of them, or the changed ones in pull-request mode."""
        if self.changed is None:
            return self.project.posts
        return tuple(p for p in self.project.posts if p.path in self.changed)

    @cached_property
    def sources(self) -> SourceStore:
        """Source-image inspections, kept across runs (saved by the engine at the end)."""
        if not self.cache:
            return SourceStore.open(None)
        return SourceStore.open(
            self.project.root / CACHE_DIR / SOURCE_STORE_FILE, self.project.root.resolve()
        )

    @cached_property
    def asset_problems(self) -> dict[str, tuple[str, str] | None]:
        """``asset_problem`` by asset path as written, filled by the file rules (one check per path)."""
        return {}

    @cached_property
    def visual_sources(self) -> dict[str, tuple[Path, Inspected] | None]:
        """A post source's resolved path and inspection by path as written (None: no usable file)."""
        return {}

    @cached_property
    def published_texts(self) -> dict[tuple[str, str], str]:
        """``published_text`` by (post file, channel): three rules read it."""
        return {}

    @cached_property
    def local_times(self) -> dict[str, datetime]:
        """Each post's instant in the cadence time zone, by post file."""
        return {}

    @cached_property
    def horizon_posts(self) -> dict[tuple[str, ...], list[Post]]:
        """Posts inside the horizon, by the statuses asked for."""
        return {}

    def published(self, post: Post, channel: str) -> str:
        """``compose.published_text`` of a post on a channel, composed once per run (three rules read it)."""
        key = (post.path, channel)
        text = self.published_texts.get(key)
        if text is None:
            text = self.published_texts[key] = published_text(post, channel, self.charter)
        return text

    def locate(self, post: Post, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a front-matter value (or key) of a post.

        A scan of the YAML text finds it for the usual shapes; the round-trip
        parse (≈13 ms a post) is only the fallback for unusual YAML.
        """
        found = quick_locate(post.front_matter, 2, loc, post.key_lines, key=key)
        return found if found is not None else locate(post.front_matter, 2, loc, key=key)

    def locate_charter(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a value (or key) in charter.yaml."""
        return locate(self.project.charter_text, 1, loc, key=key)


PostRuleFunc = Callable[[Post, CheckContext], Iterable[Hit]]
GlobalRuleFunc = Callable[[CheckContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A charter rule: stable id, default level, one-line rationale, and its function.

    ``scope`` says how the engine calls it: ``post`` once per post, ``calendar``
    and ``charter`` once per run; ``load`` rules are raised by the loader itself
    and only registered here for their id, level and rationale.
    """

    id: str
    level: Level
    rationale: str
    scope: Literal["post", "calendar", "charter", "load"]
    check_post: PostRuleFunc | None = None
    check_all: GlobalRuleFunc | None = None
    reads_sources: bool = False
    """True when the rule looks at source images (the engine inspects them first, once each)."""


def post_rule(
    rule_id: str, level: Level, rationale: str, func: PostRuleFunc, *, reads_sources: bool = False
) -> Rule:
    """Declare a rule run once per post (``reads_sources``: it inspects the post's source image)."""
    return Rule(rule_id, level, rationale, "post", check_post=func, reads_sources=reads_sources)


def calendar_rule(rule_id: str, level: Level, rationale: str, func: GlobalRuleFunc) -> Rule:
    """Declare a rule run once over the whole calendar."""
    return Rule(rule_id, level, rationale, "calendar", check_all=func)


def charter_rule(rule_id: str, level: Level, rationale: str, func: GlobalRuleFunc) -> Rule:
    """Declare a rule run once over the charter."""
    return Rule(rule_id, level, rationale, "charter", check_all=func)


def load_rule(rule_id: str, rationale: str) -> Rule:
    """Declare a rule the loader raises (always an error)."""
    return Rule(rule_id, Level.ERROR, rationale, "load")


def suggest(name: str, known: Iterable[str]) -> str | None:
    """The nearest known name, for "did you mean" messages and fixes."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None
