"""Graphic-charter rules: alt text, resolution, palette, contrast, GPS and unreadable sources.

They read headers and at most a small decode (:mod:`pipeline.stages.visuals.inspect`)
and decide with the same arithmetic the renderer uses (:mod:`pipeline.stages.visuals.limits`),
so the renderer never reports these again; they write nothing. Each source is
inspected once per run, however many posts use it. ``visual.weight`` is only
known once an output is encoded: the visuals stage raises it and it is
registered here for its id, level and rationale.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.files import asset_problem_in
from pipeline.stages.check.rules.sources import Inspected
from pipeline.stages.visuals.limits import contrast_message, layout_contrast, resolution_message, scale_needed
from pipeline.text.messages import N_, msg

E, W = Level.ERROR, Level.WARNING


def _source(post: Post, ctx: CheckContext) -> tuple[Path, Inspected] | None:
    """The post's source and what inspecting it gave (memoised per run), or None when there is none."""
    visual = post.meta.visual
    if visual is None or visual.src is None:
        return None
    # Memoised by the path as written: a thousand posts share a hundred sources, and resolving
    # the path (asset_problem) for every post and rule cost more than inspecting the images.
    memo = ctx.visual_sources
    if visual.src not in memo:
        if asset_problem_in(ctx, visual.src) is not None:
            memo[visual.src] = None
        else:
            path = (ctx.project.root / visual.src).resolve()
            memo[visual.src] = path, ctx.sources.inspect(path)
    return memo[visual.src]


def _at(post: Post, ctx: CheckContext, key: str) -> tuple[int, int]:
    return ctx.locate(post, ("visual", key))


def _alt(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    visual = post.meta.visual
    if visual is None:
        return
    alt = (visual.alt or "").strip()
    if not alt:
        line, column = _at(post, ctx, "src" if visual.src else "card")
        yield Hit(
            msg("the visual has no alt text: describe it for people who cannot see it"), line, column, post
        )
        return
    if visual.src is not None:
        name = Path(visual.src).name
        if alt.lower() in {name.lower(), Path(name).stem.lower()}:
            line, column = _at(post, ctx, "alt")
            message = msg("alt text `{alt}` is just the file name: say what the image shows", alt=alt)
            yield Hit(message, line, column, post)


def _unreadable(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    found = _source(post, ctx)
    if found is not None and found[1].error is not None:
        line, column = _at(post, ctx, "src")
        yield Hit(found[1].error, line, column, post)


def _resolution(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    found = _source(post, ctx)
    if found is None or found[1].error is not None:
        return
    info = found[1]
    limit = ctx.charter.visual.max_upscale
    for channel in post.meta.channels:
        profile = ctx.profiles.get(channel)
        for fmt in profile.formats if profile else ():
            if scale_needed(info.width, info.height, fmt) > limit + 1e-9:
                line, column = _at(post, ctx, "src")  # located only for a hit: most posts have none
                yield Hit(resolution_message(info.width, info.height, fmt, limit), line, column, post)


def _gps(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    found = _source(post, ctx)
    if found is not None and found[1].error is None and found[1].gps:
        line, column = _at(post, ctx, "src")
        yield Hit(
            msg(
                "the source carries GPS coordinates (where it was taken); outputs are stripped, "
                "but the file in the repository is public: remove them from the source"
            ),
            line,
            column,
            post,
        )


def _palette(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    visual = post.meta.visual
    charter = ctx.charter.visual
    if visual is None or visual.kind != "graphic" or not charter.palette:
        return
    found = _source(post, ctx)
    if found is None or found[1].error is not None:
        return
    share = ctx.sources.palette_share(found[0], charter.palette, charter.palette_tolerance)
    if share is not None and share < charter.palette_min_share:  # None: reported by asset.unreadable
        line, column = _at(post, ctx, "kind")
        yield Hit(
            msg(
                "only {share} of this graphic is within ΔE2000 {tolerance} of the palette "
                "(the charter asks {least}): use the brand colours",
                share=f"{share:.0%}",
                tolerance=f"{charter.palette_tolerance:g}",
                least=f"{charter.palette_min_share:.0%}",
            ),
            line,
            column,
            post,
        )


def _contrast(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    visual = post.meta.visual
    if visual is None or visual.card is None:
        return
    charter = ctx.charter.visual
    # A card on a photo may need its scrim fully opaque: then it is a plain card.
    layout = "plain" if visual.src is not None else visual.layout or charter.card_layout
    ratio = layout_contrast(charter.palette, layout, charter.accent)
    minimum = ctx.charter.visual.min_contrast
    if ratio < minimum - 1e-9:
        line, column = _at(post, ctx, "card")
        yield Hit(contrast_message(ratio, minimum), line, column, post)


RULES: tuple[Rule, ...] = (
    post_rule(
        "visual.alt", E, N_("Alt text is how people who cannot see the image get it (WCAG 1.1.1)."), _alt
    ),
    post_rule(
        "asset.unreadable",
        E,
        N_("A source that cannot be decoded cannot be rendered."),
        _unreadable,
        reads_sources=True,
    ),
    post_rule(
        "visual.resolution",
        E,
        N_("Enlarging a small source past the charter's limit publishes a blur."),
        _resolution,
        reads_sources=True,
    ),
    post_rule(
        "visual.palette",
        W,
        N_("Graphics are the brand's voice in colour: they keep to the palette."),
        _palette,
        reads_sources=True,
    ),
    post_rule(
        "visual.contrast",
        E,
        N_("Text below the WCAG ratio is unreadable for many people."),
        _contrast,
        reads_sources=True,
    ),
    post_rule(
        "visual.gps",
        W,
        N_("GPS coordinates in a public source tell where it was taken."),
        _gps,
        reads_sources=True,
    ),
    Rule(
        "visual.weight",
        E,
        N_("A file over the network's byte limit is refused at publishing time."),
        "load",  # raised by the visuals stage, not by the check engine
    ),
)
