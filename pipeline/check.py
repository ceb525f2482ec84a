"""Check stage: run every registered rule over a loaded project → findings.

The engine owns what is common to all rules: the charter's ``rules:`` levels,
per-post ``ignore:`` with a reason, drafts held to warnings, and pull-request
scoping. Rules only say what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pipeline.content import Post
from pipeline.findings import Finding, Level, sort_findings
from pipeline.load import Project
from pipeline.rules import ALL_RULES, CheckContext, Hit, Rule, rule_info

# Ideas and drafts are not going out yet: their content problems are shown, but
# as warnings, so that a rough draft can be merged. Structural problems (broken
# references, unsafe paths, impossible times) stay errors whatever the status.
CHARTER = "charter.yaml"
_CAPPED_FOR_DRAFTS = ("channel.", "voice.", "typography.", "visual.", "asset.missing")


def run_checks(
    project: Project,
    *,
    today: date,
    changed: frozenset[str] | None = None,
    rules: Iterable[Rule] = ALL_RULES,
) -> list[Finding]:
    """All findings for a project: the loader's, then every rule's.

    With ``changed`` (pull-request mode), findings are kept only for changed files,
    and calendar findings only when they involve a changed post (the file they sit
    on, or one of their ``related`` files). Per-post rules then run on changed
    posts only; calendar rules still see every post. A changed ``charter.yaml``
    can break any post, so it turns pull-request mode off.
    """
    if changed is not None and CHARTER in changed:
        changed = None
    ctx = CheckContext(project=project, today=today, changed=changed)
    levels = project.charter.rules
    posts = {post.id: post for post in project.posts}
    findings = [f for f in project.findings if changed is None or f.file in changed]
    for rule in rules:
        setting = levels.get(rule.id)
        if setting == "off" or rule.scope == "load":
            continue
        for hit in _hits(rule, ctx):
            finding = _finding(rule, hit, setting)
            if changed is None or finding.file in changed or changed.intersection(hit.related):
                findings.append(finding)
    kept = [f for f in findings if _kept(f, posts)]
    return sort_findings(_capped(f, posts) for f in kept)


def check_today(project: Project, today: date | None) -> date:
    """The day checks count from: the given one, else today in the brand's zone."""
    return today or datetime.now(project.charter.tz).date()


def settle_stage_hits(
    project: Project, hits: Iterable[tuple[str, Hit]], known: Iterable[Finding] = ()
) -> list[Finding]:
    """Findings for problems a build stage found (a visual over its weight), under the checks' policy.

    The charter's levels, per-post ``ignore:`` and the draft cap apply exactly as
    for checks; a problem the checks already reported at the same place
    (same rule, file and line) is not repeated.
    """
    levels = project.charter.rules
    posts = {post.id: post for post in project.posts}
    seen = {(f.rule, f.file, f.line) for f in known}
    out: list[Finding] = []
    for rule_id, hit in hits:
        rule = rule_info(rule_id) or Rule(rule_id, Level.ERROR, "", "load")
        setting = levels.get(rule_id)
        if setting == "off":
            continue
        finding = _finding(rule, hit, setting)
        if (finding.rule, finding.file, finding.line) not in seen and _kept(finding, posts):
            out.append(_capped(finding, posts))
    return sort_findings(out)


def _hits(rule: Rule, ctx: CheckContext) -> Iterable[Hit]:
    if rule.check_post is not None:
        for post in _targets(ctx):
            yield from rule.check_post(post, ctx)
    elif rule.check_all is not None:
        yield from rule.check_all(ctx)


def _targets(ctx: CheckContext) -> tuple[Post, ...]:
    """The posts per-post rules look at: all of them, or the changed ones in pull-request mode."""
    if ctx.changed is None:
        return ctx.project.posts
    found = ctx.extras.get("targets")
    if not isinstance(found, tuple):
        found = ctx.extras["targets"] = tuple(p for p in ctx.project.posts if p.path in ctx.changed)
    return found


def _finding(rule: Rule, hit: Hit, setting: str | None) -> Finding:
    level = Level(setting) if setting is not None else (hit.level or rule.level)
    file = hit.file or (hit.post.path if hit.post is not None else "charter.yaml")
    return Finding(
        rule=rule.id,
        level=level,
        message=hit.message,
        file=file,
        line=max(1, hit.line),
        column=max(1, hit.column),
        fix=hit.fix,
        post=hit.post.id if hit.post is not None else None,
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
