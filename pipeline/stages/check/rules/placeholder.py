"""``post.placeholder``: text that was never written, found before it goes out.

The scaffold's sentences from ``almanac new``, lorem ipsum, ``TODO``-style
markers and bracketed instructions (``[texte à venir]``, ``(à compléter)``)
are looked for in the title, every written text and the visual's card and alt
text. An error, capped to a warning while the post is an idea or a draft.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import written_texts
from pipeline.stages.check.rules.typography import Positions
from pipeline.text.messages import N_, msg
from pipeline.text.placeholders import placeholders_in


def _message(found: str, kind: str) -> str:
    shown = found if len(found) <= 60 else found[:57] + "…"
    # One whole sentence per kind of placeholder, so each translates as a sentence.
    if kind == "scaffold":
        return msg(
            "“{found}” was never written: the sentence “almanac new” wrote is still here; "
            "replace it with the real text",
            found=shown,
        )
    if kind == "lorem":
        return msg(
            "“{found}” was never written: lorem ipsum is filler text; replace it with the real text",
            found=shown,
        )
    if kind == "marker":
        return msg(
            "“{found}” was never written: a note to the team; replace it with the real text", found=shown
        )
    return msg(
        "“{found}” was never written: an instruction to fill in; replace it with the real text", found=shown
    )


def _check(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    for written in written_texts(post):
        where = Positions(written.text, written.line)
        for start, end, kind in placeholders_in(written.text):
            line, column = where(start)
            yield Hit(_message(written.text[start:end], kind), line=line, column=column, post=post)
    fields: list[tuple[tuple[str, ...], str | None]] = [(("title",), post.meta.title)]
    if post.meta.visual is not None:
        fields += [(("visual", "card"), post.meta.visual.card), (("visual", "alt"), post.meta.visual.alt)]
    for loc, value in fields:
        for start, end, kind in placeholders_in(value or ""):
            line, column = ctx.locate(post, loc)
            yield Hit(_message(value[start:end] if value else "", kind), line=line, column=column, post=post)


RULES: tuple[Rule, ...] = (
    post_rule(
        "post.placeholder",
        Level.ERROR,
        N_("Template text, lorem ipsum, TODO or [à compléter] must never go out: it was never written."),
        _check,
    ),
)
