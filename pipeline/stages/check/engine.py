"""Check stage: run every registered rule over a loaded project → findings.

The engine owns what is common to all rules: the charter's ``rules:`` levels,
per-post ``ignore:`` with a reason, drafts held to warnings, and pull-request
scoping. Rules only say what is wrong and where. Problems the build stages
find (:func:`settle`) go through the same policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from pipeline.model.content import Post
from pipeline.model.findings import Finding, Level, sort_findings
from pipeline.model.hits import StageHit
from pipeline.model.project import Project
from pipeline.stages.check.cache import ResultCache, run_key
from pipeline.stages.check.rules import ALL_RULES, CheckContext, Hit, Rule, rule_info
from pipeline.text.messages import parts

if TYPE_CHECKING:
    from pipeline.stages.history import History

# Ideas and drafts are not going out yet: their content problems are shown, but
# as warnings, so that a rough draft can be merged. Structural problems (broken
# references, unsafe paths, impossible times) stay errors whatever the status.
CHARTER = "charter.yaml"
CACHE_FILE = ".almanac/check-cache.json"
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
) -> list[Finding]:
    """All findings for a project: the loader's, then every rule's.

    With ``changed`` (pull-request mode), findings are kept only for changed files,
    and calendar findings only when they involve a changed post (the file they sit
    on, or one of their ``related`` files). Per-post rules then run on changed
    posts only; calendar rules still see every post. A changed ``charter.yaml``
    can break any post, so it turns pull-request mode off. With ``cache``, per-post
    findings and source inspections are kept in ``<root>/.almanac/`` for the next run.
    """
    if changed is not None and CHARTER in changed:
        changed = None
    ctx = CheckContext(project=project, today=today, changed=changed, cache=cache, now=now, history=history)
    levels = project.charter.rules
    posts = {post.id: post for post in project.posts}
    findings = [f for f in project.findings if changed is None or f.file in changed]
    active = [r for r in rules if levels.get(r.id) != "off" and r.scope != "load"]
    per_post = [r for r in active if r.check_post is not None]
    findings += _in_scope(_post_findings(ctx, per_post), changed)
    for rule in active:
        if rule.check_post is None and rule.check_all is not None:
            setting = levels.get(rule.id)
            findings += _in_scope(
                ((_finding(rule, hit, setting), hit) for hit in rule.check_all(ctx)), changed
            )
    if "sources" in ctx.__dict__:  # a source was looked at: keep what was learnt
        ctx.sources.save()
    kept = [f for f in findings if _kept(f, posts)]
    return sort_findings(_capped(f, posts) for f in kept)


def _in_scope(found: Iterable[tuple[Finding, Hit | None]], changed: frozenset[str] | None) -> list[Finding]:
    return [
        finding
        for finding, hit in found
        if changed is None
        or finding.file in changed
        or (hit is not None and changed.intersection(hit.related))
    ]


def _post_findings(ctx: CheckContext, rules: list[Rule]) -> Iterator[tuple[Finding, Hit | None]]:
    """Findings of the per-post rules, from the check cache for posts that did not change."""
    project, levels = ctx.project, ctx.project.charter.rules
    key = run_key(
        [
            project.charter_text,
            [(r.id, levels.get(r.id)) for r in rules],
            sorted(t.slug for t in project.topics),
            sorted(c.slug for c in project.campaigns),
        ]
    )
    checks = [(rule, rule.check_post) for rule in rules if rule.check_post is not None]
    store = ResultCache.open(project.root / CACHE_FILE if ctx.cache else None, project.root, key)
    for post in ctx.targets:
        post_key = store.post_key(post)
        cached = store.get(post, post_key)
        if cached is not None:
            yield from ((f, None) for f in cached)
            continue
        found = [
            (_finding(rule, hit, levels.get(rule.id)), hit)
            for rule, check in checks
            for hit in check(post, ctx)
        ]
        store.put(post, post_key, [f for f, _ in found])
        yield from found
    store.prune({post.path for post in project.posts})
    store.save()


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
    found: list[tuple[Finding, Hit | None]] = []
    for item in raised:
        setting = levels.get(item.rule)
        if setting == "off":
            continue
        rule = rule_info(item.rule) or Rule(item.rule, Level.ERROR, "", "load")
        found.append((_finding(rule, item.hit, setting), item.hit))
    kept = [f for f in _in_scope(found, changed) if _kept(f, posts)]
    return sort_findings(_capped(f, posts) for f in kept)


def _finding(rule: Rule, hit: Hit, setting: str | None) -> Finding:
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
