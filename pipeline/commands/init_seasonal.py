"""The seasonal topics ``almanac init`` ships, generated from the demo brand's calendar/seasonal/.

The demo's topics carry the recurrence rules (the winter sales' Wednesday between
the 6th and the 12th, Mother's Day moved for Pentecost…), which were checked once
and must not be copied by hand. What is the demo brand's own (its angles, its
city's festival) stays behind: a new brand gets each topic's front matter as is,
the first sentence of its description, which says when it falls, and a line
inviting it to write its own angles. ``must_cover`` starts false everywhere: a
brand created three days before Black Friday must not fail its first check for a
topic it has not chosen yet. Run ``python -m pipeline.commands.init_seasonal``
after editing the demo's topics; a test fails while the shipped copy is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DEMO_SEASONAL = Path(__file__).resolve().parents[2] / "calendar" / "seasonal"
SHIPPED = Path(__file__).resolve().parent / "init_templates" / "seasonal"
COUNTRY = "FR"
"""The country the demo's topics are for."""
BRAND_ONLY = frozenset({"fete-des-lumieres", "journee-internationale-de-la-lumiere"})
"""Topics that only make sense for the demo brand (a Lyon lighting shop)."""
ANGLES = (
    "Angles : à écrire pour votre marque. Passez `must_cover` à `true` si elle doit en parler chaque année."
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def shipped_topic(text: str) -> str:
    """A demo topic file turned into the one a new brand receives."""
    _, front, body = text.split("---\n", 2)
    first_paragraph = body.strip().split("\n\n", 1)[0].replace("\n", " ")
    first_sentence = _SENTENCE_END.split(first_paragraph, maxsplit=1)[0]
    front = front.replace("must_cover: true", "must_cover: false")
    return f"---\n{front}---\n{first_sentence}\n\n{ANGLES}\n"


def generate(demo: Path = DEMO_SEASONAL) -> dict[str, str]:
    """File name → text of every topic a new brand of :data:`COUNTRY` receives."""
    return {
        path.name: shipped_topic(path.read_text(encoding="utf-8"))
        for path in sorted(demo.glob("*.md"))
        if path.stem not in BRAND_ONLY
    }


def main() -> None:
    """Rewrite the shipped copy from the demo's topics."""
    out = SHIPPED / COUNTRY
    out.mkdir(parents=True, exist_ok=True)
    wanted = generate()
    for stale in out.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (out / name).write_text(text, encoding="utf-8")
    sys.stdout.write(f"{len(wanted)} topics in {out}\n")


if __name__ == "__main__":
    main()
