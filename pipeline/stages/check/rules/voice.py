"""Voice rules: vocabulary, form of address, emoji and links, on the texts the author wrote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pipeline.model.charter import Charter, Term
from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.term_regex import compile_term, finditer
from pipeline.stages.check.rules.texts import Edit, overlaps, position, written_texts
from pipeline.text.hashtags import hashtags_in
from pipeline.text.metrics import emoji_spans, url_spans
from pipeline.text.urls import link_problem

E, W = Level.ERROR, Level.WARNING


def term_pattern(term: Term) -> Any:
    """The compiled pattern of a term (whole words), or None when its regex is invalid or too slow."""
    return compile_term(term)


def _with_case_of(found: str, use: str) -> str:
    """``use`` capitalised like the matched text ("Pas cher" → "Petit prix")."""
    if found[:1].isupper() and use[:1].islower():
        return use[:1].upper() + use[1:]
    return use


def term_edits(text: str, charter: Charter, *, fixable_only: bool = False) -> list[tuple[Edit, Term]]:
    """Every off-charter term in ``text`` (outside URLs), with its replacement when the term has one."""
    urls = url_spans(text) if "." in text else []
    found: list[tuple[Edit, Term]] = []
    for term in charter.voice.terms:
        pattern = term_pattern(term)
        if pattern is None or (fixable_only and term.use is None):
            continue
        for match in finditer(pattern, text):
            if match.end() == match.start() or overlaps(match.start(), match.end(), urls):
                continue
            use = _with_case_of(match.group(), term.use) if term.use else match.group()
            advice = f": write “{use}”" if term.use else ""
            message = f"“{match.group()}” is off-charter{advice}"
            found.append((Edit(match.start(), match.end(), use, message), term))
    return sorted(found, key=lambda pair: (pair[0].start, pair[0].end))


def _terms(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if not ctx.charter.voice.terms:
        return
    for written in written_texts(post):
        for edit, term in term_edits(written.text, ctx.charter):
            line, column = position(written.text, written.line, edit.start)
            fix = term.use and edit.replacement
            yield Hit(edit.message, line=line, column=column, post=post, fix=fix, level=term.level)


# --- Form of address -------------------------------------------------------------------------
_TU = re.compile(
    r"(?<![\w'’-])(?:tu|te|toi|ton|ta|tes)(?![\w'’])|(?<![\w'’])t['’](?=[aeiouyhéèêàâîôû])", re.I
)
_VOUS = re.compile(r"(?<![\w'’])(?:vous|votre|vos)(?![\w'’])", re.I)
# "le ton", "un ton", "ton sur ton": the noun, not the possessive.
_TON_NOUN = re.compile(r"(?:\b(?:le|un|ce|du|au|de|son|mon|même|bon|quel|d’un|d'un)\s+|sur\s+)$", re.I)
_TON_SUR_TON = re.compile(r"ton\s+sur\s+ton", re.I)
# "il s'est tu": the past participle of se taire.
_TU_PARTICIPLE = re.compile(r"(?:\best|\bont|\bs['’]est|\bse\s+sont)\s+$", re.I)
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|^>.*$", re.MULTILINE)


def _address_words(text: str, register: str) -> Iterator[re.Match[str]]:
    """Words that address the reader in the register the charter does not use."""
    pattern = _TU if register == "vous" else _VOUS
    skip = [m.span() for m in _QUOTED.finditer(text)]
    skip += [(s, e) for s, e, _tag in hashtags_in(text)]
    if "." in text:
        skip += url_spans(text)
    for match in pattern.finditer(text):
        word = match.group().lower()
        before = text[max(0, match.start() - 20) : match.start()]
        if overlaps(*match.span(), skip):
            continue
        if word == "ton" and (_TON_NOUN.search(before) or _TON_SUR_TON.match(text, match.start())):
            continue
        if word == "tu" and _TU_PARTICIPLE.search(before):
            continue
        if word == "vous" and before.lower().endswith("rendez-"):
            continue
        yield match


def _register(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    register = ctx.charter.voice.address
    if register == "any":
        return
    for written in written_texts(post):
        for match in _address_words(written.text, register):
            line, column = position(written.text, written.line, match.start())
            other = "tutoiement" if register == "vous" else "vouvoiement"
            yield Hit(
                f"“{match.group()}” is {other}; the charter addresses readers with “{register}”"
                " (quote? silence it with `ignore: {voice.register: reason}`)",
                line=line,
                column=column,
                post=post,
            )


# --- Emoji -----------------------------------------------------------------------------------
def _emoji(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    most = ctx.charter.voice.emoji.max
    if most is None:
        return
    for written in written_texts(post):
        spans = emoji_spans(written.text)
        if len(spans) > most:
            line, column = position(written.text, written.line, spans[most][0])
            yield Hit(
                f"{len(spans)} emoji in the {written.label} text; the charter allows {most}",
                line=line,
                column=column,
                post=post,
            )


# --- Links -----------------------------------------------------------------------------------
def _link_problems(url: str, *, https: bool, utm: bool) -> Iterator[tuple[str, str | None, Level]]:
    problem = link_problem(url, allow_http=not https)
    if problem == "is not https":
        yield f"`{url}` is not https", "https://" + url[len("http://") :], E
    elif problem is not None:
        yield f"`{url}` {problem}; only https:// links are published", None, E
    elif utm and "://" in url:
        keys = {key for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
        if "utm_source" not in keys:
            yield f"`{url}` has no utm_source; the charter tracks every link", None, W


def _links(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    policy = ctx.charter.voice.links
    if post.meta.link is not None:
        # The front-matter link is published as a link: any scheme outside the allow-list
        # (javascript:, data:, …) is an error, whatever the charter says about https.
        problem = link_problem(post.meta.link, allow_http=not policy.https)
        if problem is not None:
            line, column = ctx.locate(post, ("link",))
            link = post.meta.link
            if problem == "is not https":
                secure = "https://" + link[len("http://") :]
                yield Hit(f"`{link}` is not https", line=line, column=column, post=post, fix=secure, level=E)
            else:
                message = f"`{link}` {problem}; only https:// links are published"
                yield Hit(message, line=line, column=column, post=post, level=E)
    for written in written_texts(post):
        if "." not in written.text:
            continue
        for start, end in url_spans(written.text):
            url = written.text[start:end]
            if "://" not in url:
                continue  # a bare domain such as example.com: networks link it as https
            for message, fix, level in _link_problems(url, https=policy.https, utm=policy.utm):
                line, column = position(written.text, written.line, start)
                yield Hit(message, line=line, column=column, post=post, fix=fix, level=level)


RULES: tuple[Rule, ...] = (
    post_rule(
        "voice.term", W, "The charter's vocabulary: words the brand avoids and what it says instead.", _terms
    ),
    post_rule(
        "voice.register",
        W,
        "One form of address (vous or tu) across every post keeps the brand's voice.",
        _register,
    ),
    post_rule(
        "voice.emoji", W, "Too many emoji read as noise and hurt accessibility (screen readers).", _emoji
    ),
    post_rule(
        "voice.link",
        E,
        "Links must be https, and tracked with utm_source when the charter asks for it.",
        _links,
    ),
)
