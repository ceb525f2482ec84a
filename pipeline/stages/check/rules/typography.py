"""French typography (``typography.fr``): the spaces French puts before high punctuation.

The other marks of the rule (``…``, « » for straight quotes, ordinals, hours,
units) are in :mod:`typography_marks`; this module runs them all.

A narrow no-break space (U+202F) goes before ``; ! ?``, a no-break space (U+00A0)
before ``:`` and inside ``« »``. Either no-break space is accepted where the other
is expected, as LanguageTool's lenient French rule does; only a plain space or no
space at all is flagged. What is not prose is left alone: URLs and ``https://``,
e-mail addresses, inline code, times and ratios (``18:30``), emoticons (``:)``,
``;-)``), hashtags, the second mark of ``?!``, Markdown images (``![``) and HTML comments.
The same edits serve the check and ``almanac check --fix``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from pipeline.model.content import Post
from pipeline.model.findings import Level
from pipeline.stages.check.rules.base import CheckContext, Hit, Rule, post_rule
from pipeline.stages.check.rules.texts import Edit, written_texts
from pipeline.stages.check.rules.typography_marks import mark_edits
from pipeline.text.messages import N_, msg
from pipeline.text.metrics import url_spans

NNBSP, NBSP = "\u202f", "\u00a0"
_NO_BREAK = (NNBSP, NBSP)
_TOKEN = re.compile(r"\S+")
_CODE = re.compile(r"`[^`\n]*`")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_HIGH = re.compile(r"[;!?]+")
_EMOTICON = re.compile(r"[:;]['-]?[()DPpOo3/|\\\]\[*]+(?!\w)")
# After these a mark is not ending a word: "(?)", "«?", "…?", "<!", an opening quote.
_OPENERS = "([{«“\"'….<"
# Only the head of a long word is handed to the URL scanner, whose cost grows faster than
# the word: a domain is at most 253 characters, so a URL shows in its first 300.
_URL_HEAD = 300
_SNIPPET = 40
_MARKS = ';!?:«»"%€$£.0123456789è'


class Spans:
    """Text that is not prose (URLs, e-mail addresses, code, comments, hashtags), asked in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __call__(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` touches a protected span."""
        at = bisect_left(self.starts, max(end, start + 1)) - 1
        return at >= 0 and self.ends[at] > start


def protected_spans(text: str) -> Spans:
    """What the typography rules leave alone in ``text``, found in one linear pass."""
    spans = [m.span() for m in _CODE.finditer(text)]
    spans += [m.span() for m in _HASHTAG.finditer(text)] if "#" in text else []
    spans += _comment_spans(text)
    for token in _TOKEN.finditer(text):
        word, at = token.group(), token.start()
        if "://" in word:
            spans.append(token.span())
            continue
        for scheme in ("mailto:", "tel:"):
            found = word.find(scheme)
            if found >= 0:
                spans.append((at + found, token.end()))
        mail = word.find("@")
        if mail > 0 and "." in word[mail:]:
            end = len(word)
            while end > mail and not (word[end - 1].isalnum() or word[end - 1] == "_"):
                end -= 1
            spans.append((at, at + end))
        if "." in word:
            head = word[:_URL_HEAD]
            for start, end in url_spans(head):
                spans.append((at + start, token.end() if end == len(head) else at + end))
    return Spans(spans)


def _comment_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            spans.append((start, len(text)))
            break
        spans.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return spans


def _space_before(text: str, mark_at: int, wanted: str, what: str) -> Edit | None:
    """The edit that puts ``wanted`` before the mark at ``mark_at``, or None when fine or not prose."""
    prev = text[mark_at - 1] if mark_at > 0 else "\n"
    if prev in _NO_BREAK or prev == "\n" or prev in _OPENERS:
        return None
    narrow = wanted == NNBSP
    if prev in " \t":
        start = mark_at
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] == "\n":
            return None
        if narrow:
            message = msg(
                "a narrow no-break space (U+202F) goes before “{mark}”, not a plain space", mark=what
            )
        else:
            message = msg("a no-break space (U+00A0) goes before “{mark}”, not a plain space", mark=what)
        return Edit(start, mark_at, wanted, message)
    if narrow:
        return Edit(
            mark_at, mark_at, wanted, msg("missing narrow no-break space (U+202F) before “{mark}”", mark=what)
        )
    return Edit(mark_at, mark_at, wanted, msg("missing no-break space (U+00A0) before “{mark}”", mark=what))


def typography_edits(text: str) -> list[Edit]:
    """Every French typography fix ``text`` needs, in order: spacing, then the marks of
    :mod:`typography_marks`. Linear in the length of ``text``, however long its words."""
    if not any(c in text for c in _MARKS) and "eme" not in text:
        return []
    protected = protected_spans(text)
    edits: list[Edit] = []
    for match in _HIGH.finditer(text):
        start, end = match.span()
        after = text[end : end + 1]
        if after.isalnum() or (match.group() == "!" and after == "[") or protected(start, end):
            continue
        if _EMOTICON.match(text, start) and (start == 0 or text[start - 1].isspace()):
            continue
        edit = _space_before(text, start, NNBSP, match.group()[0])
        if edit:
            edits.append(edit)
    for match in re.finditer(":", text):
        start = match.start()
        prev, after = text[start - 1 : start], text[start + 1 : start + 2]
        if (after and not after.isspace() and after not in '»"”') or protected(start, start + 1):
            continue  # 18:30, https:, :smile:, 1:2 — not a colon of prose
        if prev.isdigit() and after.isdigit():
            continue
        edit = _space_before(text, start, NBSP, ":")
        if edit:
            edits.append(edit)
    edits += _guillemet_edits(text, protected)
    edits += mark_edits(text, protected)
    return sorted(edits, key=lambda e: (e.start, e.end))


def _guillemet_edits(text: str, protected: Spans) -> Iterator[Edit]:
    for match in re.finditer("«", text):
        start = match.end()
        after = text[start : start + 1]
        if not after or after in "\n»" or after in _NO_BREAK or protected(start - 1, start):
            continue
        if after in " \t":
            stop = start
            while stop < len(text) and text[stop] in " \t":
                stop += 1
            yield Edit(start, stop, NBSP, msg("a no-break space (U+00A0) goes after “«”, not a plain space"))
        else:
            yield Edit(start, start, NBSP, msg("missing no-break space (U+00A0) after “«”"))
    for match in re.finditer("»", text):
        at = match.start()
        if at == 0 or text[at - 1] == "«" or protected(at, at + 1):
            continue
        edit = _space_before(text, at, NBSP, "»")
        if edit:
            yield edit


class Positions:
    """Line and column of offsets in a text, from a table of line starts built once."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.size = len(text)

    def __call__(self, offset: int) -> tuple[int, int]:
        """Line and column (from 1) of ``text[offset]``."""
        offset = max(0, min(offset, self.size))
        row = bisect_right(self.starts, offset) - 1
        return self.first_line + row, offset - self.starts[row] + 1


def _snippet(text: str, edit: Edit) -> str:
    """The corrected word around an edit, shown as the fix."""
    left, right = edit.start, edit.end
    # Bounded, so that a long word with many marks stays linear.
    while left > max(0, edit.start - _SNIPPET) and not text[left - 1].isspace():
        left -= 1
    while right < min(len(text), edit.end + _SNIPPET) and not text[right].isspace():
        right += 1
    return text[left : edit.start] + edit.replacement + text[edit.end : right]


def _check(post: Post, ctx: CheckContext) -> Iterator[Hit]:
    if ctx.charter.voice.typography != "fr":
        return
    for written in written_texts(post):
        where = Positions(written.text, written.line)
        for edit in typography_edits(written.text):
            line, column = where(edit.end)
            yield Hit(edit.message, line=line, column=column, post=post, fix=_snippet(written.text, edit))


RULES: tuple[Rule, ...] = (
    post_rule(
        "typography.fr",
        Level.WARNING,
        N_(
            "French typography (Imprimerie nationale): no-break spaces before ; ! ? : % € and units"
            " and inside « », one “…”, « » for quotes, ordinals 1re and 2e, hours 18 h 30."
        ),
        _check,
    ),
)
