"""Values the YAML reads differently from what the author wrote.

``yaml.comment``: in YAML a `` #`` starts a comment, so ``title: Bûche #1 de la
saison`` is read as ``Bûche``. A plain value cut at a `` #`` glued to a word
(``#1``, ``#Noel``) is almost always such a loss; a comment written the usual
way, with a space after ``#`` (``status: draft  # à relire``), is left alone.

``voice.hashtag-format``: a front-matter hashtag is one word of letters
(any alphabet), digits and ``_``; ``pain perdu`` would go out as ``#pain perdu``,
a tag of one word followed by the other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from pipeline.model.content import Campaign, Post, SeasonalTopic
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, calendar_rule, post_rule
from pipeline.text.messages import N_, msg

_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:[ \t]+")
# A plain value starts with none of these; quoted, flow, block or tagged values are not cut.
_NOT_PLAIN = "\"'[{|>&*!%@`#"
_TAG = re.compile(r"\w+")


def comment_cuts(yaml_text: str, first_line: int) -> Iterator[tuple[int, int, str, str, str]]:
    """``(line, column, key, kept, lost)`` for each plain value cut by a `` #word`` comment."""
    if " #" not in yaml_text and "\t#" not in yaml_text:
        return
    for index, line in enumerate(yaml_text.split("\n")):
        if " #" not in line and "\t#" not in line:
            continue  # a comment follows a blank: lines without one are never cut
        key = _KEY.match(line)
        if key is None or key.end() >= len(line) or line[key.end()] in _NOT_PLAIN:
            continue
        value = line[key.end() :]
        cut = _comment_start(value)
        if cut < 0 or cut + 1 >= len(value) or value[cut + 1].isspace():
            continue
        kept = value[:cut].rstrip()
        yield first_line + index, key.end() + cut + 1, key.group(1), kept, value[cut:].rstrip()


def _comment_start(value: str) -> int:
    """Index of the ``#`` that starts a comment (after a space or tab), or -1."""
    at = value.find("#")
    while at > 0 and value[at - 1] not in " \t":
        at = value.find("#", at + 1)
    return at


def _comments(ctx: CheckContext) -> Iterator[Hit]:
    project = ctx.project
    changed = ctx.changed
    documents: list[Post | SeasonalTopic | Campaign] = [*project.posts, *project.topics, *project.campaigns]
    for document in documents:
        if changed is not None and document.path not in changed:
            continue  # a finding of one file alone: pull-request mode keeps those of changed files only
        path, yaml_text = document.path, document.front_matter
        for line, column, key, kept, lost in comment_cuts(yaml_text, 2):
            whole = f"{kept} {lost}"
            yield Hit(
                msg(
                    "`{key}` is read as “{kept}”: YAML takes “{lost}” as a comment; put the value in quotes",
                    key=key,
                    kept=kept,
                    lost=lost,
                ),
                line=line,
                column=column,
                file=path,
                fix=f"{key}: {json.dumps(whole, ensure_ascii=False)}",
            )


def _hashtag_format(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    for index, tag in enumerate(post.meta.hashtags):
        if _TAG.fullmatch(tag) and not tag.isdigit():
            continue
        joined = "".join(_TAG.findall(tag))
        if tag.isdigit() or not joined or joined.isdigit():
            message = msg("“{tag}” is not a hashtag: a hashtag needs at least one letter", tag=tag)
            fix = None
        else:
            message = msg("“{tag}” is not a hashtag: write it as one word of letters, digits and _", tag=tag)
            fix = joined
        line, column = ctx.locate(post, ("hashtags", index))
        yield Hit(message, line=line, column=column, post=post, fix=fix)


RULES: tuple[Rule, ...] = (
    calendar_rule(
        "yaml.comment",
        Level.WARNING,
        N_(
            "In YAML “ #” starts a comment: a value such as “Bûche #1 de la saison” silently becomes “Bûche”."
        ),
        _comments,
    ),
    post_rule(
        "voice.hashtag-format",
        Level.ERROR,
        N_("A hashtag is one word of letters, digits and _; “pain perdu” would go out as “#pain perdu”."),
        _hashtag_format,
    ),
)
