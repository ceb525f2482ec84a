"""Check stage: run every registered rule over a loaded project → findings.

The engine owns what is common to all rules: the charter's ``rules:`` levels,
per-post ``ignore:`` with a reason, drafts held to warnings, and pull-request
scoping. Rules only say what is wrong and where. Problems the build stages
find (:func:`settle`) go through the same policy.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from stat import S_ISLNK
from typing import TYPE_CHECKING

from pipeline.model.content import Post
from pipeline.model.findings import Finding, Level, sort_findings
from pipeline.model.hits import StageHit
from pipeline.model.inputs import CACHE_DIR, CHARTER_FILE, CHECK_CACHE_FILE
from pipeline.model.project import Project
from pipeline.stages.check.cache import ResultCache, run_key
from pipeline.stages.check.parallel import PostJob, Scoped, ToCheck, check_posts, finding, inspect_sources
from pipeline.stages.check.rules import ALL_RULES, CheckContext, Rule, rule_info
from pipeline.stages.check.rules.files import asset_problem_in
from pipeline.stages.fanout import Fanout, gc_paused

if TYPE_CHECKING:
    from pipeline.stages.history import History

# Ideas and drafts are not going out yet: their content problems are shown, but
# as warnings, so that a rough draft can be merged. Structural problems (broken
# references, unsafe paths, impossible times) stay errors whatever the status.
CACHE_FILE = f"{CACHE_DIR}/{CHECK_CACHE_FILE}"
"""The check cache, relative to a brand's root."""
_CAPPED_FOR_DRAFTS = ("channel.", "voice.", "typography.", "visual.", "asset.missing", "post.placeholder")


def run_checks(
    project: Project,
    *,
    today: date,
    changed: frozenset[str] | None = None,
    rules: Iterable[Rule] = ALL_RULES,
    cache: bool = True,
    now: datetime | None = None,
    history: History | None = None,
    jobs: int | None = None,
    beside: Callable[[], object] | None = None,
    write_behind: bool = False,
) -> list[Finding]:
    """All findings for a project: the loader's, then every rule's.

    With ``changed`` (pull-request mode), findings are kept only for changed files,
    and calendar findings only when they involve a changed post (the file they sit
    on, or one of their ``related`` files). Per-post rules then run on changed
    posts only; calendar rules still see every post. A changed ``charter.yaml``
    can break any post, so it turns pull-request mode off. With ``cache``, per-post
    findings and source inspections are kept in ``<root>/.almanac/`` for the next run.
    ``beside`` is other work for this process (the build's feeds), done after the calendar rules
    while the workers check their share of the posts. ``write_behind``: the check cache is written
    by a thread (:func:`~pipeline.output.store.finish_writes` waits for it).
    """
    if changed is not None and CHARTER_FILE in changed:
        changed = None
    with gc_paused():
        ctx = CheckContext(
            project=project,
            today=today,
            changed=changed,
            cache=cache,
            now=now,
            history=history,
            write_behind=write_behind,
        )
        return _run(ctx, list(rules), jobs, beside)


def _run(
    ctx: CheckContext, rules: list[Rule], jobs: int | None, beside: Callable[[], object] | None
) -> list[Finding]:
    project, changed = ctx.project, ctx.changed
    levels = project.charter.rules
    posts = {post.id: post for post in project.posts}
    findings = [f for f in project.findings if changed is None or f.file in changed]
    active = [r for r in rules if levels.get(r.id) != "off" and r.scope != "load"]
    per_post = [r for r in active if r.check_post is not None]
    calendar: list[Scoped] = []

    def meanwhile() -> None:
        for rule in active:
            if rule.check_post is None and rule.check_all is not None:
                setting = levels.get(rule.id)
                calendar.extend((finding(rule, hit, setting), hit.related) for hit in rule.check_all(ctx))
        if beside is not None:
            beside()

    findings += _in_scope(_post_findings(ctx, per_post, jobs, meanwhile=meanwhile), changed)
    findings += _in_scope(calendar, changed)
    if "sources" in ctx.__dict__:  # a source was looked at: keep what was learnt
        ctx.sources.save()
    kept = [f for f in findings if _kept(f, posts)]
    return sort_findings(_capped(f, posts) for f in kept)


def _in_scope(found: Iterable[Scoped], changed: frozenset[str] | None) -> list[Finding]:
    return [
        finding
        for finding, related in found
        if changed is None or finding.file in changed or changed.intersection(related)
    ]


def _post_findings(
    ctx: CheckContext, rules: list[Rule], jobs: int | None, meanwhile: Callable[[], object]
) -> Iterator[Scoped]:
    """Findings of the per-post rules, from the check cache for posts that did not change.

    The posts to check are shared between ``jobs`` processes (see :mod:`pipeline.stages.fanout`);
    this process does ``meanwhile`` (the calendar rules, which need no per-post finding, and the
    work beside) once the workers have their share, instead of after them: at 10,000 posts the
    workers no longer wait for their 0.2 s.
    """
    project, levels = ctx.project, ctx.project.charter.rules
    key = run_key(
        [
            project.charter_text,
            [(r.id, levels.get(r.id)) for r in rules],
            sorted(t.slug for t in project.topics),
            sorted(c.slug for c in project.campaigns),
        ]
    )
    store = ResultCache.open(project.root / CACHE_FILE if ctx.cache else None, key)
    source_key = _source_keys(ctx)
    # Keys only for the posts the cache holds something for. The others are checked whatever their
    # key, made once their sources are inspected: the workers hash each new source to inspect it,
    # and hashing 1,000 of them here first was 0.1 s of this process while the workers waited.
    held = [post for post in ctx.targets if store.holds(post)]
    cached = {post.path: store.get(post, store.post_key(post, source_key)) for post in held}
    todo = [post for post in ctx.targets if cached.get(post.path) is None]
    with Fanout(jobs) as fanout:
        if any(rule.reads_sources for rule in rules):
            items = _with_sources(ctx, todo, fanout)
        else:
            items = [(post, {}) for post in todo]
        job = PostJob(
            root=project.root,
            charter=project.charter,
            charter_text=project.charter_text,
            topics=project.topics,
            campaigns=project.campaigns,
            today=ctx.today,
            now=ctx.now,
            cache=ctx.cache,
            rules=tuple(rule for rule in rules if rule.check_post is not None),
            # Each share starts from what this process learnt of the asset paths: resolving a
            # path (a stat per folder) for each share's posts again was 60,000 stats at 10,000 posts.
            asset_problems=dict(ctx.asset_problems),
            visual_sources=dict(ctx.visual_sources),
        )
        checked = dict(
            zip((p.path for p in todo), fanout.map(check_posts, job, items, first=meanwhile), strict=True)
        )
    for post in ctx.targets:
        found = cached.get(post.path)
        if found is not None:
            yield from ((f, ()) for f in found)
            continue
        done = checked[post.path]
        if done.sources:
            for source, entry in done.sources.items():
                ctx.sources.table.put(source, entry)
        store.put(post, store.post_key(post, source_key), [f for f, _ in done.found])
        yield from done.found
    store.prune({post.path for post in project.posts})
    store.save(behind=ctx.write_behind)


def _source_keys(ctx: CheckContext) -> Callable[[str], str | None]:
    """A post source's part of the check cache's key, by path as written (memoised: few sources, many posts).

    The sha256 of the source's bytes, from the source store; for a path with a problem (missing,
    outside the repository...) the problem's rule id; None (not cached) for a file that is not read.
    """
    root = str(ctx.project.root)  # resolved by the loader
    real_folders: dict[str, str] = {}
    keys: dict[str, str | None] = {}

    def plain_file(src: str) -> str | None:
        # The real path of a source that is no link, in a folder inside the repository: a warm check
        # keys 1,000 sources, and resolving each (asset_problem, Path.resolve) was 0.15 s of it.
        if ".." in src:
            return None
        folder, name = os.path.split(os.path.normpath(os.path.join(root, src)))  # noqa: PTH118
        try:
            if folder not in real_folders:
                real_folders[folder] = os.path.realpath(folder)
            real = os.path.join(real_folders[folder], name)  # noqa: PTH118
            plain = not S_ISLNK(os.lstat(real).st_mode) and real.startswith(root + os.sep)
        except (OSError, ValueError):
            return None
        return real if plain else None

    def source_key(src: str) -> str | None:
        if src not in keys:
            real = plain_file(src)
            found = None if real is None else ctx.sources.fingerprint(Path(real))
            if found is None:  # the general way: whatever the path is, what asset.* rules say of it
                problem = asset_problem_in(ctx, src)
                if problem is None:
                    found = ctx.sources.fingerprint((ctx.project.root / src).resolve())
                else:
                    found = problem[0]
            keys[src] = found
        return keys[src]

    return source_key


def _with_sources(ctx: CheckContext, posts: list[Post], fanout: Fanout) -> list[ToCheck]:
    """Each post with the source store's entry of its source, inspecting new sources over every core.

    Inspected here, before the posts are shared out, so that a source used by posts of
    several shares is decoded once, not once per share.
    """
    source_of: dict[str, str] = {}
    resolved: dict[str, str] = {}  # thousands of posts share a few sources: resolve each once
    for post in posts:
        visual = post.meta.visual
        if visual is not None and visual.src is not None and asset_problem_in(ctx, visual.src) is None:
            if visual.src not in resolved:
                resolved[visual.src] = str((ctx.project.root / visual.src).resolve())
            source_of[post.path] = resolved[visual.src]
    new = sorted(path for path in set(source_of.values()) if not ctx.sources.known(Path(path)))
    # Ten sources a chunk: one takes 2 ms to decode at 6 MP, and with a hundred a chunk one side
    # waited up to 0.3 s for the other's last chunk.
    for path, entry in zip(new, fanout.map(inspect_sources, None, new, min_items=8, chunk=10), strict=True):
        if entry is not None:
            ctx.sources.table.put(path, entry)
    values = ctx.sources.table.values
    for src, path in resolved.items():
        entry = values.get(path)
        if entry is not None and "info" in entry:  # known: read from its entry, nothing decoded
            ctx.visual_sources[src] = (Path(path), ctx.sources.inspect(Path(path)))
    items: list[ToCheck] = []
    for post in posts:
        source = source_of.get(post.path)
        items.append((post, {source: values[source]} if source is not None and source in values else {}))
    return items


def settle(
    project: Project, raised: Iterable[StageHit], *, changed: frozenset[str] | None = None
) -> list[Finding]:
    """Findings for problems a build stage found (a visual over its weight, a feed too large).

    The same policy as every check: the charter's levels (``off`` drops it),
    ``--since`` scoping, per-post ``ignore:`` and the draft cap. Each problem is
    reported by one stage only, so nothing here removes repeats.
    """
    posts = {post.id: post for post in project.posts}
    levels = project.charter.rules
    found: list[Scoped] = []
    for item in raised:
        setting = levels.get(item.rule)
        if setting == "off":
            continue
        rule = rule_info(item.rule) or Rule(item.rule, Level.ERROR, "", "load")
        found.append((finding(rule, item.hit, setting), item.hit.related))
    kept = [f for f in _in_scope(found, changed) if _kept(f, posts)]
    return sort_findings(_capped(f, posts) for f in kept)


def _kept(finding: Finding, posts: dict[str, Post]) -> bool:
    """False when the finding's post silences its rule with a reason."""
    post = posts.get(finding.post) if finding.post else None
    return post is None or not post.meta.ignore.get(finding.rule, "").strip()


def _capped(finding: Finding, posts: dict[str, Post]) -> Finding:
    post = posts.get(finding.post) if finding.post else None
    if (
        post is not None
        and finding.level is Level.ERROR
        and post.meta.status in ("idea", "draft")
        and finding.rule.startswith(_CAPPED_FOR_DRAFTS)
    ):
        return finding.model_copy(
            update={"level": Level.WARNING, "message": finding.message + " (draft: an error once in review)"}
        )
    return finding
