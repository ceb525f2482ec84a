"""Calendar rules: windows, gaps, weekly counts, content mix, freezes and duplicates.

They look at the posts in the horizon (``today`` .. ``today + publish.horizon_days``,
in the cadence time zone). Approved and review posts count toward cadence; a
draft is only told when it sits outside a window or inside a freeze (as a
warning), ideas are not judged. A finding that involves two posts sits on the
later one and names the other in ``related``, so pull-request mode keeps it when
either changed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from pipeline.model.charter import Window
from pipeline.model.content import DUPLICATE_DAYS, Post
from pipeline.model.findings import Level
from pipeline.model.pause import is_pause
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, calendar_rule
from pipeline.text.messages import N_, msg, msgn

E, W = Level.ERROR, Level.WARNING
COUNTED = ("approved", "review")
MIX_MIN_POSTS = 5
"""A window with fewer posts says nothing about the mix (one promo out of two is not 50 % of a plan)."""


def local(post: Post, ctx: CheckContext) -> datetime:
    """The post's instant in the cadence time zone (computed once per post and run)."""
    cache = ctx.local_times
    found = cache.get(post.path)
    if found is None:
        found = cache[post.path] = post.when.astimezone(ctx.charter.cadence_tz)
    return found


def horizon(ctx: CheckContext) -> tuple[date, date]:
    """First and last day of the horizon."""
    return ctx.today, ctx.today + timedelta(days=ctx.charter.publish.horizon_days)


def in_horizon(ctx: CheckContext, statuses: tuple[str, ...] = COUNTED) -> list[Post]:
    """Posts of those statuses inside the horizon, by time then path."""
    first, last = horizon(ctx)
    cached = ctx.horizon_posts.get(statuses)
    if cached is not None:
        return cached
    # The instants the horizon's days begin and end in the cadence zone: comparing each post's
    # instant with them spares converting 10,000 posts to the zone. (A midnight in a gap or a
    # fold is, at fold 0, the first instant of its day, as PEP 495 resolves it.)
    tz = ctx.charter.cadence_tz
    start = datetime.combine(first, time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)
    found = sorted(
        (p for p in ctx.project.posts if p.meta.status in statuses and start <= p.when < end),
        key=lambda p: (p.when, p.path),
    )
    ctx.horizon_posts[statuses] = found
    return found


def _at_time(post: Post, ctx: CheckContext) -> tuple[int, int]:
    """Position of the ``publish_at`` value, from the key's line alone.

    Calendar rules may flag thousands of posts that pull-request mode then drops,
    so they avoid the round-trip YAML parse ``ctx.locate`` needs.
    """
    line = post.key_lines.get("publish_at")
    if line is None:
        return ctx.locate(post, ("publish_at",))
    lines = post.front_matter.split("\n", line - 1)
    raw = lines[line - 2] if len(lines) >= line - 1 else ""
    head, _colon, value = raw.partition(":")
    return line, len(head) + 2 + (len(value) - len(value.lstrip())) if value.strip() else 1


def _judged(ctx: CheckContext) -> Iterator[tuple[Post, Level | None]]:
    # Window and freeze findings are about one post alone: in pull-request mode only changed ones count.
    changed = ctx.changed
    for post in in_horizon(ctx, ("draft", *COUNTED)):
        if changed is None or post.path in changed:
            yield post, (W if post.meta.status == "draft" else None)


def _window(ctx: CheckContext) -> Iterator[Hit]:
    cadence = ctx.charter.cadence
    if not cadence.windows:
        return
    parsed: dict[str, list[Window]] = {}
    for post, level in _judged(ctx):
        at = local(post, ctx)
        outside = [
            channel
            for channel in post.meta.channels
            if (windows := parsed.get(channel) or parsed.setdefault(channel, cadence.windows_for(channel)))
            and not any(w.contains(at.weekday(), at.time().replace(tzinfo=None)) for w in windows)
        ]
        if outside:
            line, column = _at_time(post, ctx)
            spec = "; ".join(cadence.windows.get(outside[0], cadence.windows.get("default", [])))
            yield Hit(
                msg(
                    "{when} is outside the posting windows of {channels} ({spec})",
                    when=f"{at:%Y-%m-%d %H:%M}",
                    channels=", ".join(outside),
                    spec=spec,
                ),
                line=line,
                column=column,
                post=post,
                level=level,
            )


def _freeze(ctx: CheckContext) -> Iterator[Hit]:
    freezes = ctx.charter.cadence.freezes
    if not freezes:
        return
    tz = ctx.charter.cadence_tz
    for post, level in _judged(ctx):
        day = local(post, ctx).date()
        for freeze in freezes:
            if not freeze.covers(post.when, tz):
                continue
            line, column = _at_time(post, ctx)
            if is_pause(freeze):
                # A warning, so that `almanac build` still publishes the feeds that cancel these posts.
                message = msg(
                    "{day} is inside the crisis pause since {since} ({reason}): suspend it in the "
                    "scheduler; `almanac resume` proposes a new slot",
                    day=day,
                    since=f"{freeze.since:%Y-%m-%d %H:%M}",
                    reason=freeze.reason,
                )
                yield Hit(message, line=line, column=column, post=post, level=W)
                continue
            yield Hit(
                msg(
                    "{day} is inside a freeze ({first} to {last}: {reason}); nothing may go out then",
                    day=day,
                    first=freeze.start,
                    last=freeze.end,
                    reason=freeze.reason,
                ),
                line=line,
                column=column,
                post=post,
                level=level,
            )


def by_channel(posts: list[Post]) -> dict[str, list[Post]]:
    """Posts grouped by each of their channels, keeping order."""
    grouped: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        for channel in post.meta.channels:
            grouped[channel].append(post)
    return grouped


def _gap(ctx: CheckContext) -> Iterator[Hit]:
    gaps = ctx.charter.cadence.min_gap_hours
    if not gaps:
        return
    for channel, posts in by_channel(in_horizon(ctx)).items():
        hours = gaps.get(channel, gaps.get("default"))
        if not hours:
            continue
        for before, after in pairwise(_near_changes(ctx, posts, timedelta(hours=hours))):
            apart = (after.when - before.when).total_seconds() / 3600
            if apart < hours:
                line, column = _at_time(after, ctx)
                yield Hit(
                    msg(
                        "{channel}: {apart} h after “{title}” ({path}); "
                        "the charter asks for at least {hours} h between posts",
                        channel=channel,
                        apart=f"{apart:g}",
                        title=before.meta.title,
                        path=before.path,
                        hours=f"{hours:g}",
                    ),
                    line=line,
                    column=column,
                    post=after,
                    related=(before.path,),
                )


def _per_week(ctx: CheckContext) -> Iterator[Hit]:
    bounds = ctx.charter.cadence.per_week
    if not bounds:
        return
    first, last = horizon(ctx)
    grouped = by_channel(in_horizon(ctx))
    for channel, (least, most) in bounds.items():
        posts = grouped.get(channel, [])
        weeks: dict[tuple[int, int], list[Post]] = defaultdict(list)
        for post in posts:
            weeks[local(post, ctx).isocalendar()[:2]].append(post)
        for (year, week), members in weeks.items():
            if len(members) > most:
                extra = members[most]
                line, column = _at_time(extra, ctx)
                yield Hit(
                    msg(
                        "{channel}: {count} posts in ISO week {week}; the charter allows at most {most}",
                        channel=channel,
                        count=len(members),
                        week=f"{year}-W{week:02d}",
                        most=most,
                    ),
                    line=line,
                    column=column,
                    post=extra,
                    related=tuple(p.path for p in members if p is not extra),
                )
        yield from _thin_weeks(ctx, channel, least, posts, weeks, first, last)


def _thin_weeks(
    ctx: CheckContext,
    channel: str,
    least: int,
    posts: list[Post],
    weeks: dict[tuple[int, int], list[Post]],
    first: date,
    last: date,
) -> Iterator[Hit]:
    """Whole ISO weeks, up to the last planned post, with fewer posts than the minimum.

    Weeks after the last planned post are simply not planned yet, and a week cut
    by the horizon's ends cannot be judged.
    """
    if least <= 0 or not posts:
        return
    end = min(last, local(posts[-1], ctx).date())
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    while monday + timedelta(days=6) <= end:
        key = monday.isocalendar()[:2]
        count = len(weeks.get(key, []))
        if count < least:
            following = next(p for p in posts if local(p, ctx).date() > monday + timedelta(days=6))
            line, column = _at_time(following, ctx)
            yield Hit(
                msgn(
                    "{channel}: {count} post in ISO week {week} (week of {monday}); "
                    "the charter asks for at least {least}",
                    "{channel}: {count} posts in ISO week {week} (week of {monday}); "
                    "the charter asks for at least {least}",
                    count,
                    channel=channel,
                    week=f"{key[0]}-W{key[1]:02d}",
                    monday=monday,
                    least=least,
                ),
                line=line,
                column=column,
                post=following,
            )
        monday += timedelta(days=7)


def _mix(ctx: CheckContext) -> Iterator[Hit]:
    mix = ctx.charter.cadence.mix
    if mix is None or not (mix.max_share or mix.min_share):
        return
    first, last = horizon(ctx)
    span = timedelta(days=mix.window_days)
    # Posts already out count toward the window that reaches back before today.
    posts = sorted(
        (
            p
            for p in ctx.project.posts
            if p.meta.status in COUNTED and first - span < local(p, ctx).date() <= last
        ),
        key=lambda p: (p.when, p.path),
    )
    flagged: set[tuple[str, str]] = set()
    start = 0
    # Pillar counts of the sliding window, kept up to date as it moves: linear in the posts.
    counts: Counter[str] = Counter()
    for end, post in enumerate(posts):
        counts[post.meta.pillar] += 1
        while posts[start].when <= post.when - span:
            counts[posts[start].meta.pillar] -= 1
            start += 1
        if local(post, ctx).date() < first:
            continue
        size = end + 1 - start
        if size < MIX_MIN_POSTS:
            continue
        for pillar, bound, too in [
            *((p, b, "more") for p, b in mix.max_share.items()),
            *((p, b, "less") for p, b in mix.min_share.items()),
        ]:
            share = counts[pillar] / size
            bad = share > bound if too == "more" else share < bound
            key = (pillar, too)
            if not bad:
                flagged.discard(key)
                continue
            if key in flagged or (too == "more" and post.meta.pillar != pillar):
                continue
            flagged.add(key)
            line, column = _at_time(post, ctx)
            values = {
                "pillar": pillar,
                "share": f"{share:.0%}",
                "size": size,
                "days": mix.window_days,
                "day": f"{local(post, ctx):%Y-%m-%d}",
                "bound": f"{bound:.0%}",
            }
            message = (
                msg(
                    "{pillar} is {share} of the {size} posts in the {days} days up to {day}; "
                    "the charter wants at most {bound}",
                    **values,
                )
                if too == "more"
                else msg(
                    "{pillar} is {share} of the {size} posts in the {days} days up to {day}; "
                    "the charter wants at least {bound}",
                    **values,
                )
            )
            yield Hit(
                message,
                line=line,
                column=column,
                post=post,
                related=tuple(p.path for p in posts[start:end] if p.meta.pillar == pillar),
            )


def _near_changes(ctx: CheckContext, posts: list[Post], span: timedelta) -> list[Post]:
    """In pull-request mode, only posts within ``span`` of a changed post can make a finding kept."""
    if ctx.changed is None:
        return posts
    moments = [p.when for p in posts if p.path in ctx.changed]
    return [p for p in posts if any(abs(p.when - m) < span for m in moments)]


def _duplicate(ctx: CheckContext) -> Iterator[Hit]:
    span = timedelta(days=DUPLICATE_DAYS)
    for channel, all_posts in by_channel(in_horizon(ctx)).items():
        seen: dict[str, Post] = {}
        for post in _near_changes(ctx, all_posts, span):
            key = post.text_key_for(channel)
            if key is None:
                continue
            digest, first_line = key
            earlier = seen.get(digest)
            if earlier is not None and post.when - earlier.when < span:
                yield Hit(
                    msgn(
                        "{channel}: same text as “{title}” ({path}), {count} day earlier; "
                        "write it anew or wait {wait} days",
                        "{channel}: same text as “{title}” ({path}), {count} days earlier; "
                        "write it anew or wait {wait} days",
                        (post.when - earlier.when).days,
                        channel=channel,
                        title=earlier.meta.title,
                        path=earlier.path,
                        wait=DUPLICATE_DAYS,
                    ),
                    line=first_line,
                    post=post,
                    related=(earlier.path,),
                )
            seen[digest] = post


RULES: tuple[Rule, ...] = (
    calendar_rule("cadence.window", W, N_("Posts outside the brand's windows miss its audience."), _window),
    calendar_rule("cadence.gap", W, N_("Posts too close on one channel compete with each other."), _gap),
    calendar_rule(
        "cadence.per-week", W, N_("A steady weekly rhythm keeps the audience and the algorithms."), _per_week
    ),
    calendar_rule("cadence.mix", W, N_("Too much of one pillar (promo) wears the audience out."), _mix),
    calendar_rule(
        "cadence.freeze", E, N_("Nothing goes out during a freeze (crisis, holiday truce)."), _freeze
    ),
    calendar_rule(
        "cadence.duplicate",
        W,
        N_("The same text twice within 30 days on a channel reads as spam."),
        _duplicate,
    ),
)
