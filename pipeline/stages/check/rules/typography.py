"""French typography (``typography.fr``): the spaces French puts before high punctuation.

A narrow no-break space (U+202F) goes before ``; ! ?``, a no-break space (U+00A0)
before ``:`` and inside ``« »``. Either no-break space is accepted where the other
is expected, as LanguageTool's lenient French rule does; only a plain space or no
space at all is flagged. What is not prose is left alone: URLs and ``https://``,
e-mail addresses, inline code, times and ratios (``18:30``), emoticons (``:)``,
``;-)``), the second mark of ``?!``, Markdown images (``![``) and HTML comments.
The same edits serve the check and ``almanac check --fix``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import Edit, overlaps, position, written_texts
from pipeline.text.metrics import url_spans

NNBSP, NBSP = "\u202f", "\u00a0"
_NO_BREAK = (NNBSP, NBSP)
_NOT_PROSE = re.compile(r"\S*://\S*|\b(?:mailto|tel):\S+|\S+@\S+\.\w+|`[^`\n]*`|<!--.*?-->", re.DOTALL)
_HIGH = re.compile(r"[;!?]+")
_EMOTICON = re.compile(r"[:;]['-]?[()DPpOo3/|\\\]\[*]+(?!\w)")
# After these a mark is not ending a word: "(?)", "«?", "…?", "<!", an opening quote.
_OPENERS = "([{«“\"'….<"


def _protected(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _NOT_PROSE.finditer(text)]
    if "." in text:
        spans += url_spans(text)
    return spans


def _space_before(text: str, mark_at: int, wanted: str, what: str) -> Edit | None:
    """The edit that puts ``wanted`` before the mark at ``mark_at``, or None when fine or not prose."""
    prev = text[mark_at - 1] if mark_at > 0 else "\n"
    if prev in _NO_BREAK or prev == "\n" or prev in _OPENERS:
        return None
    name = "narrow no-break space (U+202F)" if wanted == NNBSP else "no-break space (U+00A0)"
    if prev in " \t":
        start = mark_at
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] == "\n":
            return None
        return Edit(start, mark_at, wanted, f"a {name} goes before “{what}”, not a plain space")
    return Edit(mark_at, mark_at, wanted, f"missing {name} before “{what}”")


def typography_edits(text: str) -> list[Edit]:
    """Every French spacing fix ``text`` needs, in order."""
    if not any(c in text for c in ";!?:«»"):
        return []
    protected = _protected(text)
    edits: list[Edit] = []
    for match in _HIGH.finditer(text):
        start, end = match.span()
        after = text[end : end + 1]
        if after.isalnum() or (match.group() == "!" and after == "[") or overlaps(start, end, protected):
            continue
        if _EMOTICON.match(text, start) and (start == 0 or text[start - 1].isspace()):
            continue
        edit = _space_before(text, start, NNBSP, match.group()[0])
        if edit:
            edits.append(edit)
    for match in re.finditer(":", text):
        start = match.start()
        prev, after = text[start - 1 : start], text[start + 1 : start + 2]
        if (after and not after.isspace() and after not in '»"”') or overlaps(start, start + 1, protected):
            continue  # 18:30, https:, :smile:, 1:2 — not a colon of prose
        if prev.isdigit() and after.isdigit():
            continue
        edit = _space_before(text, start, NBSP, ":")
        if edit:
            edits.append(edit)
    edits += _guillemet_edits(text, protected)
    return sorted(edits, key=lambda e: (e.start, e.end))


def _guillemet_edits(text: str, protected: list[tuple[int, int]]) -> Iterator[Edit]:
    for match in re.finditer("«", text):
        start = match.end()
        after = text[start : start + 1]
        if not after or after in "\n»" or after in _NO_BREAK or overlaps(start - 1, start, protected):
            continue
        if after in " \t":
            stop = start
            while stop < len(text) and text[stop] in " \t":
                stop += 1
            yield Edit(start, stop, NBSP, "a no-break space (U+00A0) goes after “«”, not a plain space")
        else:
            yield Edit(start, start, NBSP, "missing no-break space (U+00A0) after “«”")
    for match in re.finditer("»", text):
        at = match.start()
        if at == 0 or text[at - 1] == "«" or overlaps(at, at + 1, protected):
            continue
        edit = _space_before(text, at, NBSP, "»")
        if edit:
            yield edit


def _snippet(text: str, edit: Edit) -> str:
    """The corrected word around an edit, shown as the fix."""
    left = edit.start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = edit.end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left : edit.start] + edit.replacement + text[edit.end : right]


def _check(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if ctx.charter.voice.typography != "fr":
        return
    for written in written_texts(post):
        for edit in typography_edits(written.text):
            line, column = position(written.text, written.line, edit.end)
            yield Hit(edit.message, line=line, column=column, post=post, fix=_snippet(written.text, edit))


RULES: tuple[Rule, ...] = (
    post_rule(
        "typography.fr",
        Level.WARNING,
        "French typography puts a no-break space before ; ! ? : and inside « », so marks never wrap alone.",
        _check,
    ),
)
