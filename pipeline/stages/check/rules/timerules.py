"""Time rules: wall times that do not exist, or happen twice, in the brand's zone."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.text.messages import N_, msg


def _nonexistent(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if post.time_issue == "nonexistent":
        wall = post.meta.publish_at.strftime("%Y-%m-%d %H:%M")
        line, column = ctx.locate(post, ("publish_at",))
        yield Hit(
            msg(
                "{wall} does not exist in {zone}: clocks jump forward that night "
                "(it would go out at {shifted}); pick another time",
                wall=wall,
                zone=ctx.charter.brand.timezone,
                shifted=f"{post.when:%H:%M %z}",
            ),
            line=line,
            column=column,
            post=post,
        )


def _ambiguous(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if post.time_issue == "ambiguous":
        wall = post.meta.publish_at.strftime("%Y-%m-%d %H:%M")
        later = post.meta.publish_at.replace(tzinfo=ctx.charter.tz, fold=1)
        line, column = ctx.locate(post, ("publish_at",))
        yield Hit(
            msg(
                "{wall} happens twice in {zone} (clocks go back): taken as the first, "
                "{first}; write an offset to choose (e.g. {later})",
                wall=wall,
                zone=ctx.charter.brand.timezone,
                first=post.when.isoformat(),
                later=later.isoformat(),
            ),
            line=line,
            column=column,
            post=post,
        )


RULES: tuple[Rule, ...] = (
    post_rule(
        "time.nonexistent",
        Level.ERROR,
        N_("A wall time in a daylight-saving gap never happens."),
        _nonexistent,
    ),
    post_rule(
        "time.ambiguous",
        Level.WARNING,
        N_("A wall time in the repeated autumn hour happens twice."),
        _ambiguous,
    ),
)
