"""Hashtags in a text, found the way twitter-text finds them (Unicode-aware, never inside URLs)."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import regex

from pipeline.text.metrics import url_spans

# --- Hashtags --------------------------------------------------------------------------------
# twitter-text's hashtagAlphaNumeric: letters, marks, digits, "_" and a few joiners that belong
# inside words in Hebrew, Japanese, Tibetan, Catalan (middle dot) and others.
_TAG_CHARS = (
    r"\p{L}\p{M}\p{Nd}_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c"
    r"\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"
)
_HASHTAG: Final = regex.compile(
    rf"(?:(?<=[\ufe0e\ufe0f])|(?<![&{_TAG_CHARS}]))[#\uff03](?![\ufe0f\u20e3])([{_TAG_CHARS}]++)"
)
_HAS_LETTER: Final = regex.compile(r"[\p{L}\p{M}]")


def hashtags_in(text: str) -> list[tuple[int, int, str]]:
    """Hashtags in ``text`` as ``(start, end, tag)``; see ``_hashtags``."""
    return list(_hashtags(text))


@lru_cache(maxsize=4096)
def _hashtags(text: str) -> tuple[tuple[int, int, str], ...]:
    """Hashtags in ``text`` as ``(start, end, tag)``, ``tag`` being the text after ``#``.

    Tags are Unicode-aware (``#Fêtedesmères``), need at least one letter (``#2024`` is not a
    tag, ``#1er`` is), are not the keycap ``#️⃣``, and are ignored inside URLs and when glued
    to another ``#`` or ``://``, as twitter-text does.
    """
    found: list[tuple[int, int, str]] = []
    urls: list[tuple[int, int]] | None = None
    marks = [at for at in (text.find("#"), text.find("\uff03")) if at >= 0]
    if not marks:
        return ()
    # The scan starts at the first mark (its look-behind still sees the character before):
    # tags mostly close a post, and scanning the whole text was a tenth of a cold check.
    for match in _HASHTAG.finditer(text, pos=min(marks)):
        tag = match.group(1)
        start, end = match.span()
        if _HAS_LETTER.search(tag) is None or text.startswith(("#", "\uff03", "://"), end):
            continue
        if urls is None:
            urls = url_spans(text)
        if any(u_start < end and start < u_end for u_start, u_end in urls):
            continue
        found.append((start, end, tag))
    return tuple(found)
