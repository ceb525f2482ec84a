"""Where a post's texts are and how an offset in them maps to a line and column of the file.

Voice and typography rules judge what the author wrote: the default text and
each ``## channel`` variant. Per-channel rules judge what a channel publishes
(``compose.published_text``), whose first part is exactly one of those texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.model.content import Post


@dataclass(frozen=True)
class Edit:
    """A replacement of ``text[start:end]`` by ``replacement``, with the reason shown to the user."""

    start: int
    end: int
    replacement: str
    message: str


@dataclass(frozen=True)
class Written:
    """One text of a post as written: the default body or a channel variant."""

    label: str
    """``body`` or ``## <channel>``."""
    text: str
    line: int


def written_texts(post: Post) -> Iterator[Written]:
    """The default text (when not empty) and every variant, in file order."""
    if post.body:
        yield Written("body", post.body, post.body_line)
    for channel, variant in post.variants.items():
        if variant.text:
            yield Written(f"## {channel}", variant.text, variant.line)


def position(text: str, first_line: int, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of ``text[offset]`` when ``text`` starts at column 1 of ``first_line``."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping edits applied (the first of two overlapping ones wins)."""
    out: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:
            continue
        out += [text[cursor : edit.start], edit.replacement]
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` touches one of the spans."""
    return any(s < end and start < e for s, e in spans)
