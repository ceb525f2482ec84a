"""The per-post rules over a share of the posts: what a worker process (or this one) runs.

A share is checked in a project holding only its posts, with the charter,
seasonal topics and campaigns of the whole one: per-post rules look at one post
and those references, never at other posts. What the share learnt about source
images comes back with it, so the run keeps it in ``.almanac/`` as if it had
looked itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.model.charter import Charter
from pipeline.model.content import Campaign, Post, SeasonalTopic
from pipeline.model.findings import Finding, Level
from pipeline.model.project import Project
from pipeline.output.store import Table
from pipeline.stages.check.rules import CheckContext, Hit, Rule
from pipeline.stages.check.rules.sources import Inspected, SourceStore
from pipeline.stages.fanout import gc_paused
from pipeline.text.messages import parts


@dataclass(frozen=True)
class PostJob:
    """What every share needs besides its posts: the project's references and the run's settings."""

    root: Path
    charter: Charter
    charter_text: str
    topics: tuple[SeasonalTopic, ...]
    campaigns: tuple[Campaign, ...]
    today: date
    now: datetime | None
    cache: bool
    rules: tuple[Rule, ...]
    """The per-post rules to run, in order (they travel by pickle: module-level functions only)."""
    asset_problems: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    """``asset_problem`` of asset paths as written, already found for this run."""
    visual_sources: dict[str, tuple[Path, Inspected] | None] = field(default_factory=dict)
    """Post sources already resolved and inspected for this run, by path as written."""


_SOURCES_SALT = SourceStore.open(None).table.salt

Scoped = tuple[Finding, tuple[str, ...]]
"""A finding and the files it also involves (what pull-request scoping looks at)."""


@dataclass(frozen=True)
class PostChecked:
    """One post's findings, and the source inspections its share made (on the share's last post)."""

    found: list[Scoped]
    sources: dict[str, Any]


ToCheck = tuple[Post, dict[str, Any]]
"""A post, and the source store's entry of its source (inspected beforehand) by path."""


def check_posts(job: PostJob, items: list[ToCheck]) -> list[PostChecked]:
    """Every per-post rule of ``job`` on each post of ``items``, in order."""
    with gc_paused():
        return _check(job, items)


def _check(job: PostJob, items: list[ToCheck]) -> list[PostChecked]:
    posts = [post for post, _ in items]
    seeds = {path: entry for _, known in items for path, entry in known.items()}
    project = Project.model_construct(
        root=job.root,
        charter=job.charter,
        charter_text=job.charter_text,
        posts=tuple(posts),
        topics=job.topics,
        campaigns=job.campaigns,
        findings=(),
    )
    ctx = CheckContext(project=project, today=job.today, cache=job.cache, now=job.now)
    # Seeded with what was inspected before the posts were shared out, so that a source
    # used by posts in several shares is decoded once, not once per share.
    ctx.__dict__["sources"] = SourceStore(Table(None, _SOURCES_SALT, values=seeds))
    ctx.__dict__["asset_problems"] = dict(job.asset_problems)
    ctx.__dict__["visual_sources"] = dict(job.visual_sources)
    levels = job.charter.rules
    checks = [
        (rule, rule.check_post, levels.get(rule.id)) for rule in job.rules if rule.check_post is not None
    ]
    done = []
    for post in posts:
        found = [(finding(rule, hit, lvl), hit.related) for rule, rn, lvl in checks for hit in rn(post, ctx)]
        done.append(PostChecked(found, {}))
    if done and "sources" in ctx.__dict__:  # a source was looked at: hand on what was learnt
        values, used = ctx.sources.table.values, ctx.sources.table.used
        done[-1] = PostChecked(done[-1].found, {key: values[key] for key in used if key in values})
    return done


def inspect_sources(_unused: None, paths: list[str]) -> list[dict[str, Any] | None]:
    """The source store's entry for each source (inspected now): a worker's share."""
    store = SourceStore.open(None)
    for path in paths:
        store.inspect(Path(path))
    return [store.table.values.get(path) for path in paths]


def finding(rule: Rule, hit: Hit, setting: str | None) -> Finding:
    """A rule's hit as a finding, at the charter's level for the rule (``setting``) or its own."""
    level = Level(setting) if setting is not None else (hit.level or rule.level)
    file = hit.file or (hit.post.path if hit.post is not None else "charter.yaml")
    template, args = parts(hit.message)
    return Finding(
        rule=rule.id,
        level=level,
        message=hit.message,
        file=file,
        line=max(1, hit.line),
        column=max(1, hit.column),
        fix=hit.fix,
        post=hit.post.id if hit.post is not None else None,
        template=template,
        args=args,
    )
