"""File and reference rules: ids, channels, topics, campaigns and assets exist and are safe."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import partial

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import (
    CheckContext,
    GlobalRuleFunc,
    Hit,
    PostRuleFunc,
    Rule,
    calendar_rule,
    charter_rule,
    load_rule,
    post_rule,
    suggest,
)
from pipeline.stages.load.assets import asset_problem
from pipeline.text.messages import N_, msg

E, W = Level.ERROR, Level.WARNING


def _duplicate_ids(ctx: CheckContext) -> Iterator[Hit]:
    counts = Counter(post.id for post in ctx.project.posts)
    twice = {post_id for post_id, count in counts.items() if count > 1}
    if not twice:
        return  # the usual case: no list of posts by id
    by_id: dict[str, list[Post]] = defaultdict(list)
    for post in ctx.project.posts:
        if post.id in twice:
            by_id[post.id].append(post)
    for post_id, posts in by_id.items():
        first, *others = sorted(posts, key=lambda p: p.path)
        for post in others:
            line = post.key_lines.get("id", 1)
            yield Hit(
                msg(
                    "id `{id}` is already used by {path}; ids must be unique (rename the file or set `id:`)",
                    id=post_id,
                    path=first.path,
                ),
                line=line,
                post=post,
            )


def _unknown_channels(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    known = ctx.profiles
    line = post.line_of("channels")
    raw_line = _file_line(post, line)
    for channel in post.meta.channels:
        if channel not in known:
            close = suggest(channel, known)
            message = (
                msg("unknown channel `{channel}` — did you mean `{close}`?", channel=channel, close=close)
                if close
                else msg(
                    "unknown channel `{channel}` (the charter has: {known})",
                    channel=channel,
                    known=", ".join(sorted(known)),
                )
            )
            yield Hit(
                message,
                line=line,
                column=raw_line.find(channel) + 1 if channel in raw_line else 1,
                post=post,
                fix=close,
            )
    for channel, variant in post.variants.items():
        if channel not in known:
            close = suggest(channel, known)
            yield Hit(
                msg(
                    "`## {channel}` names no channel of the charter — did you mean `{close}`?",
                    channel=channel,
                    close=close,
                )
                if close
                else msg("`## {channel}` names no channel of the charter", channel=channel),
                line=variant.heading_line,
                column=4,
                post=post,
                fix=close,
            )


def _file_line(post: Post, line: int) -> str:
    lines = post.front_matter.split("\n")
    index = line - 2
    return lines[index] if 0 <= index < len(lines) else ""


def _unknown_topic(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    topic = post.meta.topic
    if topic is not None and topic not in ctx.topics:
        close = suggest(topic, ctx.topics)
        message = (
            msg("unknown seasonal topic `{topic}` — did you mean `{close}`?", topic=topic, close=close)
            if close
            else msg("unknown seasonal topic `{topic}` (topics live in calendar/seasonal/)", topic=topic)
        )
        line, column = ctx.locate(post, ("topic",))
        yield Hit(message, line=line, column=column, post=post, fix=close)


def _unknown_campaign(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    campaign = post.meta.campaign
    if campaign is not None and campaign not in ctx.campaigns:
        close = suggest(campaign, ctx.campaigns)
        message = (
            msg("unknown campaign `{campaign}` — did you mean `{close}`?", campaign=campaign, close=close)
            if close
            else msg(
                "unknown campaign `{campaign}` (campaigns live in calendar/campaigns/)", campaign=campaign
            )
        )
        line, column = ctx.locate(post, ("campaign",))
        yield Hit(message, line=line, column=column, post=post, fix=close)


def _unknown_pillar(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    pillars = ctx.charter.pillars
    if pillars is not None and post.meta.pillar not in pillars:
        close = suggest(post.meta.pillar, pillars)
        line, column = ctx.locate(post, ("pillar",))
        yield Hit(
            msg(
                "pillar `{pillar}` is not one of the charter's: {pillars}",
                pillar=post.meta.pillar,
                pillars=", ".join(pillars),
            ),
            line=line,
            column=column,
            post=post,
            fix=close,
        )


def asset_problem_in(ctx: CheckContext, src: str) -> tuple[str, str] | None:
    """``asset_problem`` for the project's root, computed once per path and run."""
    known = ctx.asset_problems
    if src not in known:
        known[src] = asset_problem(ctx.project.root, src)
    return known[src]


def _post_asset_hits(rule_id: str, post: Post, ctx: CheckContext) -> Iterator[Hit]:
    visual = post.meta.visual
    if visual is None or visual.src is None:
        return
    problem = asset_problem_in(ctx, visual.src)
    if problem is not None and problem[0] == rule_id:
        line, column = ctx.locate(post, ("visual", "src"))
        yield Hit(problem[1], line=line, column=column, post=post)


def _post_asset(rule_id: str) -> PostRuleFunc:
    # A partial, not a closure: rules travel to worker processes by pickle.
    return partial(_post_asset_hits, rule_id)


def _unusable(ctx: CheckContext, loc: tuple[str, ...], src: str) -> tuple[str, str] | None:
    """Open the charter's logo or font as the build will, so check reports what build would refuse."""
    path = (ctx.project.root / src).resolve()
    if loc[1] == "logo":
        error = ctx.sources.inspect(path).error
        return None if error is None else ("asset.unreadable", error)
    from PIL import ImageFont  # Pillow only when the charter names fonts

    try:
        ImageFont.truetype(str(path), 12)
    except (OSError, ValueError) as exc:
        return "asset.unreadable", msg(
            "`{src}` is not a font Almanac can use (TTF or OTF): {error}", src=src, error=exc
        )
    return None


def _charter_asset(rule_id: str) -> GlobalRuleFunc:
    return partial(_charter_asset_hits, rule_id)


def _charter_asset_hits(rule_id: str, ctx: CheckContext) -> Iterator[Hit]:
    visual = ctx.charter.visual
    paths: list[tuple[tuple[str, ...], str]] = []
    if visual.logo is not None:
        paths.append((("visual", "logo", "src"), visual.logo.src))
    if visual.fonts is not None:
        paths.append((("visual", "fonts", "title"), visual.fonts.title))
        if visual.fonts.body is not None:
            paths.append((("visual", "fonts", "body"), visual.fonts.body))
    for loc, src in paths:
        problem = asset_problem_in(ctx, src)
        if problem is None and rule_id == "asset.unreadable":
            problem = _unusable(ctx, loc, src)
        if problem is not None and problem[0] == rule_id:
            line, column = ctx.locate_charter(loc)
            yield Hit(problem[1], line=line, column=column, file="charter.yaml")


RULES: tuple[Rule, ...] = (
    load_rule("yaml.syntax", N_("A file that is not valid UTF-8 YAML front matter cannot be read at all.")),
    load_rule("schema.missing", N_("A required key is missing, so the post cannot be planned.")),
    load_rule("schema.unknown", N_("An unknown key is usually a typo that silently loses a setting.")),
    load_rule(
        "schema.type",
        N_("A value of the wrong type or form (a date that does not exist, a string for a list)."),
    ),
    calendar_rule(
        "post.duplicate-id",
        E,
        N_("Ids key feeds and exports; two posts with one id overwrite each other."),
        _duplicate_ids,
    ),
    post_rule(
        "post.unknown-channel",
        E,
        N_("A channel the charter does not define cannot be checked or exported."),
        _unknown_channels,
    ),
    post_rule(
        "post.unknown-topic", E, N_("A topic slug that matches no seasonal topic is a typo."), _unknown_topic
    ),
    post_rule(
        "post.unknown-campaign",
        E,
        N_("A campaign slug that matches no campaign is a typo."),
        _unknown_campaign,
    ),
    post_rule(
        "post.unknown-pillar",
        W,
        N_("A pillar outside the charter's list escapes the content-mix checks."),
        _unknown_pillar,
    ),
    post_rule(
        "asset.missing",
        E,
        N_("A visual that does not exist cannot be published."),
        _post_asset("asset.missing"),
    ),
    post_rule(
        "asset.outside-root",
        E,
        N_("Assets outside the repository leak files and break on other machines."),
        _post_asset("asset.outside-root"),
    ),
    post_rule(
        "asset.unreadable",
        E,
        N_("A visual that cannot be read cannot be rendered."),
        _post_asset("asset.unreadable"),
    ),
    charter_rule(
        "asset.missing", E, N_("The charter's logo and fonts must exist."), _charter_asset("asset.missing")
    ),
    charter_rule(
        "asset.outside-root",
        E,
        N_("The charter's assets must stay inside the repository."),
        _charter_asset("asset.outside-root"),
    ),
    charter_rule(
        "asset.unreadable",
        E,
        N_("The charter's assets must be readable."),
        _charter_asset("asset.unreadable"),
    ),
)
