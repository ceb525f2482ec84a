"""The legal mentions a post carries (loi n° 2023-451, art. 5): how a text shows them, what a visual says.

One place for the words, so the check (``voice.disclosure``) and the visuals
stage (the band burnt into the image) cannot disagree.
"""

from __future__ import annotations

import re

from pipeline.model.content import Post

PARTNER = re.compile(r"\bpublicité\b|\bcollaboration commerciale\b")
RETOUCHED = re.compile(r"\bimages? retouchées?\b")
GENERATED = re.compile(r"\bimages? virtuelles?\b")


def folded(text: str) -> str:
    """Text as the rules compare it: lower case, typographic apostrophes and no-break spaces made plain."""
    return text.casefold().replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


def visual_mention(post: Post) -> str | None:
    """The mention burnt into the post's visuals on image networks, or None when it needs none.

    A partnership takes « Collaboration commerciale » when the text says so, else
    « Publicité »; a retouched visual « Images retouchées », a generated one
    « Images virtuelles » (the law's own words), joined by a middle dot.
    """
    parts = []
    if post.meta.partner:
        said = "collaboration commerciale" in folded(post.body)
        parts.append("Collaboration commerciale" if said else "Publicité")
    visual = post.meta.visual
    if visual is not None and visual.retouched:
        parts.append("Images retouchées")
    if visual is not None and visual.generated:
        parts.append("Images virtuelles")
    return " · ".join(parts) or None
