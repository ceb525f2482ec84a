"""Hashtag rules of the voice charter: required, banned, and their case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import position, written_texts
from pipeline.text.hashtags import hashtags_in
from pipeline.text.messages import N_, msg

E, W = Level.ERROR, Level.WARNING


@dataclass(frozen=True)
class TagAt:
    """A hashtag of a post and where it is written: front matter item or text.

    The position is found only when a rule reports the tag: most tags are fine,
    and locating every front-matter item cost more than the rules themselves.
    """

    tag: str
    where: Callable[[], tuple[int, int]]

    @property
    def line(self) -> int:
        """Line of the tag in the file."""
        return self.where()[0]

    @property
    def column(self) -> int:
        """Column of the tag in the file."""
        return self.where()[1]


def post_tags(post: Post, ctx: CheckContext) -> Iterator[TagAt]:
    """The front matter's hashtags, then those written in the texts, with their positions."""
    for index, tag in enumerate(post.meta.hashtags):
        yield TagAt(tag.lstrip("#"), partial(ctx.locate, post, ("hashtags", index)))
    for written in written_texts(post):
        if "#" not in written.text:
            continue
        for start, _end, tag in hashtags_in(written.text):
            yield TagAt(tag, partial(position, written.text, written.line, start))


def expected_case(tag: str, charter: Charter) -> str | None:
    """The spelling the charter's case asks for, or None when the tag is fine.

    A tag the charter requires takes the charter's spelling;
    otherwise only the first letter is changed, which is always safe to fix.
    """
    policy = charter.voice.hashtags
    if policy.case == "any":
        return None
    for known in policy.required:
        if known.lower() == tag.lower() and policy.case == "pascal":
            return None if known == tag else known
    if policy.case == "lower":
        wanted = tag.lower()
    else:
        first = next((i for i, c in enumerate(tag) if c.isalpha()), None)
        if first is None:
            return None
        letter = tag[first].upper() if policy.case == "pascal" else tag[first].lower()
        wanted = tag[:first] + letter + tag[first + 1 :]
    return None if wanted == tag else wanted


def _required(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    required = {t.lower() for t in ctx.charter.voice.hashtags.required}
    if not required:
        return
    missing = [
        channel
        for channel in post.meta.channels
        if not required & {tag.lower() for _s, _e, tag in hashtags_in(ctx.published(post, channel))}
    ]
    if missing:
        line, column = ctx.locate(post, ("hashtags",)) if "hashtags" in post.key_lines else (1, 1)
        wanted = ", ".join(f"#{t}" for t in ctx.charter.voice.hashtags.required)
        yield Hit(
            msg(
                "no required hashtag on {channels}: add one of {wanted}",
                channels=", ".join(missing),
                wanted=wanted,
            ),
            line=line,
            column=column,
            post=post,
            fix=ctx.charter.voice.hashtags.required[0],
        )


def _banned(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    banned = {t.lower() for t in ctx.charter.voice.hashtags.banned}
    if not banned:
        return
    for found in post_tags(post, ctx):
        if found.tag.lower() in banned:
            yield Hit(
                msg("#{tag} is banned by the charter", tag=found.tag),
                line=found.line,
                column=found.column,
                post=post,
            )


def _case(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    for found in post_tags(post, ctx):
        wanted = expected_case(found.tag, ctx.charter)
        if wanted is not None:
            yield Hit(
                msg(
                    "#{tag} should be written #{wanted} ({case} case)",
                    tag=found.tag,
                    wanted=wanted,
                    case=ctx.charter.voice.hashtags.case,
                ),
                line=found.line,
                column=found.column,
                post=post,
                fix=wanted,
            )


RULES: tuple[Rule, ...] = (
    post_rule(
        "voice.hashtag-required", W, N_("The brand's own hashtag on every post builds its feed."), _required
    ),
    post_rule(
        "voice.hashtag-banned",
        E,
        N_("Some hashtags mislabel the brand (#ad, #promo) or invite trouble."),
        _banned,
    ),
    post_rule(
        "voice.hashtag-case", W, N_("One case for hashtags reads better and helps screen readers."), _case
    ),
)
