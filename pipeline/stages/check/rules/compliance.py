"""Disclosure and compliance rules: what French law and the platforms make a post say.

``voice.disclosure`` is always on: a post with a ``partner`` says « Publicité » or
« Collaboration commerciale », a retouched visual « Images retouchées », a generated
one « Images virtuelles », in every channel's published text (the visuals stage
also burns the mention into the visuals of image networks). The charter's
``compliance:`` list turns on the packs: ``evin`` (alcohol) and ``contest``. The
checks read the text as each channel publishes it, case and apostrophes folded;
they are what a text can show, not legal advice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import position
from pipeline.text.disclosure import GENERATED, PARTNER, RETOUCHED, folded
from pipeline.text.messages import N_, msg

E = Level.ERROR

HEALTH = re.compile(r"\bl'abus d'alcool est dangereux pour la santé\b")
MINORS = re.compile(
    r"\b(?:ados?|adolescent(?:e|s|es)?|mineur(?:e|s|es)?|lycéen(?:ne|s|nes)?|collégien(?:ne|s|nes)?|"
    r"étudiant(?:e|s|es)?|enfants?|les jeunes|moins de 18 ans|kids?|teens?|teenagers?)\b"
)
SPORT_SUCCESS = re.compile(
    r"\b(?:sport(?:s|if|ive|ifs|ives)?|match(?:s|es)?|champion(?:ne|s|nes)?|victoire(?:s)?|"
    r"performance(?:s)?|réussite(?:s)?|succès|gagnant(?:e|s|es)?|séduction|marathon|fitness|muscu\w*)\b"
)
FREE = re.compile(r"\bgratuit(?:e|s|es)?\b|\bgratuitement\b|sans obligation d'achat|\bfree\b")
RULES_WORD = re.compile(r"\brèglement\b|\brules\b")
NEGATION = re.compile(r"\b(?:ni|pas|aucunement|nullement|no|not)\b|\bn'")
RELEASE_VERB = re.compile(r"sponsoris|parrain|administr|associ|géré|endors|sponsor")

# Each names its legal or platform source: SARIF and the site's report show it.
DISCLOSURE_WHY = N_(
    "Loi n° 2023-451 of 9 June 2023 on commercial influence, art. 5 (as amended by the ordonnance of "
    "November 2024): a partnership says « Publicité » or « Collaboration commerciale », a retouched "
    "image « Images retouchées », a generated one « Images virtuelles », legibly, on the image too."
)
EVIN_WHY = N_(
    "Loi Évin, code de la santé publique art. L3323-4: alcohol advertising carries the health message "
    "« L'abus d'alcool est dangereux pour la santé » and only objective information; art. L3323-2 keeps "
    "it away from young people and sport."
)
CONTEST_WHY = N_(
    "Code de la sécurité intérieure art. L322-1 (a game that asks a financial sacrifice is a prohibited "
    "lottery: entry is free), code de la consommation art. L121-20 (a promotional game must be fair: its "
    "rules within reach), and Instagram's Promotion Guidelines (acknowledge that the promotion is in no "
    "way sponsored, endorsed or administered by, or associated with, Instagram)."
)

MISSING_PARTNER = N_(
    "{label}: a partnership post must say « Publicité » or « Collaboration commerciale » in its text"
)
MISSING_RETOUCHED = N_("{label}: a retouched-image post must say « Images retouchées » in its text")
MISSING_GENERATED = N_("{label}: a generated-image post must say « Images virtuelles » in its text")
HEALTH_MISSING = N_("{label}: alcohol advertising must carry « L'abus d'alcool est dangereux pour la santé »")
TARGETS = N_("{label}: “{word}” addresses young people, which alcohol advertising may not")
ASSOCIATES = N_("{label}: “{word}” associates alcohol with sport or success, which the loi Évin forbids")
NO_RULES = N_("{label}: a contest post must link to its rules ({rules}) or name its « règlement »")
NOT_FREE = N_("{label}: a contest post must say that entry is free (« participation gratuite »)")
NO_RELEASE = N_(
    "{label}: a contest on Instagram must say that Instagram neither sponsors nor runs it "
    "(« Ce jeu n'est ni organisé, ni parrainé par Instagram »)"
)


def _label(ctx: CheckContext, channel: str) -> str:
    profile = ctx.profiles.get(channel)
    return profile.label if profile is not None else channel


def _at_text(post: Post, channel: str, offset: int = 0) -> tuple[int, int]:
    written, first_line = post.text_for(channel)
    return position(written, first_line, min(offset, len(written))) if written else (post.body_line, 1)


def _disclosure(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    visual = post.meta.visual
    wanted: list[tuple[tuple[str, ...], re.Pattern[str], str]] = []
    if post.meta.partner:
        wanted.append((("partner",), PARTNER, MISSING_PARTNER))
    if visual is not None and visual.retouched:
        wanted.append((("visual", "retouched"), RETOUCHED, MISSING_RETOUCHED))
    if visual is not None and visual.generated:
        wanted.append((("visual", "generated"), GENERATED, MISSING_GENERATED))
    for channel in post.meta.channels:
        text = folded(ctx.published(post, channel))
        for key, pattern, template in wanted:
            if not pattern.search(text):
                line, column = ctx.locate(post, key, key=True)
                message = msg(template, label=_label(ctx, channel))
                yield Hit(message, line=line, column=column, post=post)


def _evin(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if "evin" not in ctx.charter.compliance:
        return
    for channel in post.meta.channels:
        label = _label(ctx, channel)
        written = folded(post.text_for(channel)[0])
        if not HEALTH.search(folded(ctx.published(post, channel))):
            line, column = _at_text(post, channel)
            yield Hit(msg(HEALTH_MISSING, label=label), line, column, post=post)
        for pattern, template in ((MINORS, TARGETS), (SPORT_SUCCESS, ASSOCIATES)):
            found = pattern.search(written)
            if found is not None:
                line, column = _at_text(post, channel, found.start())
                yield Hit(msg(template, label=label, word=found.group()), line, column, post=post)


def _released(text: str) -> bool:
    """Whether one sentence names Instagram, negates and says sponsor, run or associate."""
    for sentence in re.split(r"[.!?\n]+", text):
        if "instagram" in sentence and NEGATION.search(sentence) and RELEASE_VERB.search(sentence):
            return True
    return False


def _contest(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    contest = post.meta.contest
    if contest is None or "contest" not in ctx.charter.compliance:
        return
    for channel in post.meta.channels:
        label = _label(ctx, channel)
        text = folded(ctx.published(post, channel))
        line, column = _at_text(post, channel)
        if contest.rules.casefold() not in text and not RULES_WORD.search(text):
            yield Hit(msg(NO_RULES, label=label, rules=contest.rules), line, column, post=post)
        if not FREE.search(text):
            yield Hit(msg(NOT_FREE, label=label), line, column, post=post)
        if channel == "instagram" and not _released(text):
            yield Hit(msg(NO_RELEASE, label=label), line, column, post=post)


RULES: tuple[Rule, ...] = (
    post_rule("voice.disclosure", E, DISCLOSURE_WHY, _disclosure),
    post_rule("compliance.evin", E, EVIN_WHY, _evin),
    post_rule("compliance.contest", E, CONTEST_WHY, _contest),
)
