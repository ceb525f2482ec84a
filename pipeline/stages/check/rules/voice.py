"""Voice rules: vocabulary, form of address, emoji and links, on the texts the author wrote."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pipeline.model.charter import Charter, Term
from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.term_regex import compile_term, finditer
from pipeline.stages.check.rules.texts import Edit, overlaps, position, written_texts
from pipeline.text.messages import N_, msg
from pipeline.text.metrics import emoji_spans, url_spans
from pipeline.text.register import register_marks
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
            message = (
                msg("“{term}” is off-charter: write “{use}”", term=match.group(), use=use)
                if term.use
                else msg("“{term}” is off-charter", term=match.group())
            )
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
_KIND_FR = {
    "pronoun": "{word} » {verb} le lecteur",
    "imperative": "{word} » est un impératif qui tutoie le lecteur",
    "verb": "{word} » est un verbe à la 2e personne du pluriel, qui vouvoie le lecteur",
}


def _register(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    register = ctx.charter.voice.address
    if register == "any":
        return
    verb, charter_verb = ("tutoie", "vouvoie") if register == "vous" else ("vouvoie", "tutoie")
    for written in written_texts(post):
        for mark in register_marks(written.text, register):
            line, column = position(written.text, written.line, mark.start)
            said = _KIND_FR[mark.kind].format(word=mark.word, verb=verb)
            yield Hit(
                f"« {said}, alors que la charte {charter_verb} (citation ou choix voulu :"
                " `ignore: {voice.register: raison}`)",
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
                msg(
                    "{count} emoji in the {label} text; the charter allows {most}",
                    count=len(spans),
                    label=written.label,
                    most=most,
                ),
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
            yield msg("`{url}` has no utm_source; the charter tracks every link", url=url), None, W


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
                message = msg("`{link}` is not https", link=link)
                yield Hit(message, line=line, column=column, post=post, fix=secure, level=E)
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
        "voice.term",
        W,
        N_("The charter's vocabulary: words the brand avoids and what it says instead."),
        _terms,
    ),
    post_rule(
        "voice.register",
        W,
        N_("One form of address (vous or tu) across every post keeps the brand's voice."),
        _register,
    ),
    post_rule(
        "voice.emoji", W, N_("Too many emoji read as noise and hurt accessibility (screen readers)."), _emoji
    ),
    post_rule(
        "voice.link",
        E,
        N_("Links must be https, and tracked with utm_source when the charter asks for it."),
        _links,
    ),
)
