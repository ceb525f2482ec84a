"""Rules about the charter's own settings and the posts' ``ignore:`` entries."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, charter_rule, post_rule, suggest
from pipeline.stages.check.rules.term_regex import term_problem
from pipeline.text.messages import N_, msg, wrap

E = Level.ERROR


def _known_ids() -> list[str]:
    # The registry imports this module, so it is read when the rule runs, not at import.
    from pipeline.stages.check.rules import rule_ids

    return rule_ids()


def _term_regex(ctx: CheckContext) -> Iterator[Hit]:
    for index, term in enumerate(ctx.charter.voice.terms):
        problem = term_problem(term)
        if problem is not None:
            line, column = ctx.locate_charter(("voice", "terms", index, "avoid"))
            yield Hit(
                wrap(
                    "`{term}` {problem}; this term is not checked "
                    "(escape special characters, or drop `regex: true`)",
                    problem,
                    term=term.avoid,
                ),
                line=line,
                column=column,
                file="charter.yaml",
            )


def _unknown_rule(ctx: CheckContext) -> Iterator[Hit]:
    known = _known_ids()
    for rule_id in ctx.charter.rules:
        if rule_id not in known:
            close = suggest(rule_id, known)
            line, column = ctx.locate_charter(("rules", rule_id), key=True)
            yield Hit(
                msg("`rules:` names no rule `{rule}` — did you mean `{close}`?", rule=rule_id, close=close)
                if close
                else msg("`rules:` names no rule `{rule}`", rule=rule_id),
                line=line,
                column=column,
                file="charter.yaml",
                fix=close,
            )


def _ignore_reason(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    for rule_id, reason in post.meta.ignore.items():
        if not reason.strip():
            line, column = ctx.locate(post, ("ignore", rule_id), key=True)
            yield Hit(
                msg(
                    "`ignore: {rule}` needs a reason (e.g. `{rule}: quote from a customer`); "
                    "without one the rule still applies",
                    rule=rule_id,
                ),
                line=line,
                column=column,
                post=post,
            )


def _ignore_unknown(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if not post.meta.ignore:
        return
    known = _known_ids()
    for rule_id in post.meta.ignore:
        if rule_id not in known:
            close = suggest(rule_id, known)
            line, column = ctx.locate(post, ("ignore", rule_id), key=True)
            message = (
                msg("`ignore:` names no rule `{rule}` — did you mean `{close}`?", rule=rule_id, close=close)
                if close
                else msg("`ignore:` names no rule `{rule}`", rule=rule_id)
            )
            yield Hit(message, line=line, column=column, post=post, fix=close)


RULES: tuple[Rule, ...] = (
    charter_rule(
        "charter.regex",
        E,
        N_("A term whose regex does not compile, or could run for hours, checks nothing."),
        _term_regex,
    ),
    charter_rule(
        "charter.unknown-rule", E, N_("A level set for a rule that does not exist is a typo."), _unknown_rule
    ),
    post_rule(
        "ignore.reason", E, N_("Silencing a rule needs a reason the next editor can judge."), _ignore_reason
    ),
    post_rule(
        "ignore.unknown-rule", E, N_("Silencing a rule that does not exist is a typo."), _ignore_unknown
    ),
)
