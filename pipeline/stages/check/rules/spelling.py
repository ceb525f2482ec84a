"""voice.spelling: the words of each published text that the brand language's dictionary lacks."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import position
from pipeline.text.lexicon import dictionary_language, suggestions
from pipeline.text.messages import N_
from pipeline.text.spelling import brand_words, misspellings


def _message(word: str, hints: tuple[str, ...], language: str) -> str:
    if language == "fr":
        advice = " ou ".join(f"« {h} »" for h in hints)
        advice = f" : {advice} ?" if hints else ""
        return (
            f"« {word} » n’est pas dans le dictionnaire{advice} (un nom propre ou un mot de la"
            " marque ? l’ajouter à `voice.dictionary` dans charter.yaml)"
        )
    advice = " or ".join(f"“{h}”" for h in hints)
    advice = f": {advice}?" if hints else ""
    return f"“{word}” is not in the dictionary{advice} (a name or brand word? add it to `voice.dictionary`)"


def _spelling(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    language = dictionary_language(ctx.charter.brand.language)
    if language is None:
        return
    brand = brand_words(tuple(ctx.charter.voice.dictionary))
    seen: set[tuple[int, int]] = set()
    for channel in post.meta.channels:
        written, first_line = post.text_for(channel)
        # The published text starts with the written one (link and appended hashtags follow, and
        # are not reported on): the written text alone is read, once for all the channels that
        # share it. Should composing ever change the written part, the published text is read.
        published = ctx.published(post, channel)
        for miss in misspellings(written if published.startswith(written) else published, language, brand):
            if miss.start >= len(written):
                continue
            where = position(written, first_line, miss.start)
            if where in seen:
                continue
            seen.add(where)
            hints = suggestions(miss.word, language)
            yield Hit(
                _message(miss.word, hints, language),
                line=where[0],
                column=where[1],
                post=post,
                fix=hints[0] if hints else None,
            )


RULES: tuple[Rule, ...] = (
    post_rule(
        "voice.spelling",
        Level.WARNING,
        N_("A misspelt word in a published post costs the brand trust; brand names go in voice.dictionary."),
        _spelling,
    ),
)
