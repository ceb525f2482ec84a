"""Check stage: run every registered rule over a loaded project → findings.

The engine owns what is common to all rules: the charter's ``rules:`` levels,
per-post ``ignore:`` with a reason, drafts held to warnings, and pull-request
scoping. Rules only say what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pipeline.content import Post
from pipeline.findings import Finding, Level, sort_findings
from pipeline.load import Project
from pipeline.rules import ALL_RULES, CheckContext, Hit, Rule, rule_info

# Ideas and drafts are not going out yet: their content problems are shown, but
# as warnings, so that a rough draft can be merged. Structural problems (broken
# references, unsafe paths, impossible times) stay errors whatever the status.
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
    and calendar findings only when they are about a changed post.
    """
    ctx = CheckContext(project=project, today=today, changed=changed)
    levels = project.charter.rules
    posts = {post.id: post for post in project.posts}
    findings = list(project.findings)
    for rule in rules:
        setting = levels.get(rule.id)
        if setting == "off" or rule.scope == "load":
            continue
        for hit in _hits(rule, ctx):
            findings.append(_finding(rule, hit, setting))
    kept = [f for f in findings if _kept(f, posts, changed)]
    return sort_findings(_capped(f, posts) for f in kept)


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
        if (finding.rule, finding.file, finding.line) not in seen and _kept(finding, posts, None):
            out.append(_capped(finding, posts))
    return sort_findings(out)


def _hits(rule: Rule, ctx: CheckContext) -> Iterable[Hit]:
    if rule.check_post is not None:
        for post in ctx.project.posts:
            yield from rule.check_post(post, ctx)
    elif rule.check_all is not None:
        yield from rule.check_all(ctx)


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


def _kept(finding: Finding, posts: dict[str, Post], changed: frozenset[str] | None) -> bool:
    post = posts.get(finding.post) if finding.post else None
    if post is not None:
        reasons = post.meta.ignore
        if reasons.get(finding.rule, "").strip():
            return False
    return changed is None or finding.file in changed


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
