"""A tiny brand for the layout and clock tests: a channel named ``Google_Business``, posts around one commit.

The commit is dated :data:`COMMIT_DATE`; posts sit before it, on it, and after it,
so a reader's clock set a week later sees some posts as past and others not.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from tests.conftest import commit_all, git

COMMIT_DATE = "2026-12-02T09:00:00+01:00"
"""The commit's date: the day the site is built for."""
TODAY = "2026-12-02"

CHARTER = """\
brand:
  name: Atelier Horloge
  language: fr-FR
  timezone: Europe/Paris
  site_url: https://example.org/horloge/
channels:
  linkedin:
    formats: [{name: feed, width: 480, height: 251}]
  Google_Business:
    label: Google Business
    formats: [{name: post, width: 240, height: 180}]
publish:
  horizon_days: 30
"""

POSTS = {
    "2026-12-01-ouverture": ("Ouverture de l’atelier", "2026-12-01 10:00"),
    "2026-12-05-vitrine": ("La vitrine d’hiver", "2026-12-05 18:30"),
    "2026-12-09-midi": ("Atelier du midi", "2026-12-09 12:00"),
    "2026-12-20-fetes": ("Avant les fêtes", "2026-12-20 11:00"),
    "2027-01-12-janvier": ("Les soldes de janvier", "2027-01-12 09:00"),
}
"""File stem → (title, publish time in Paris)."""


def _image() -> bytes:
    im = Image.new("RGB", (960, 720), "#1F2A44")
    ImageDraw.Draw(im).ellipse((280, 160, 680, 560), fill="#C9A227")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def make_clock_brand(parent: Path) -> Path:
    """Write the brand into ``parent/horloge`` and commit it on :data:`COMMIT_DATE`."""
    root = parent / "horloge"
    (root / "assets/images").mkdir(parents=True)
    (root / "assets/images/atelier.png").write_bytes(_image())
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / ".gitignore").write_text(".almanac/\ndist/\n.dist.builds/\n", encoding="utf-8")
    posts = root / "content/posts"
    posts.mkdir(parents=True)
    for stem, (title, when) in POSTS.items():
        (posts / f"{stem}.md").write_text(
            f"---\ntitle: {title}\npublish_at: {when}\nchannels: [Google_Business, linkedin]\n"
            "pillar: community\nstatus: approved\n"
            "visual: {src: assets/images/atelier.png, alt: Un cercle doré sur fond bleu nuit}\n"
            f"---\n{title} : venez nous voir.\n",
            encoding="utf-8",
        )
    git(root, "init", "-q")
    commit_all(root, "the clock brand", date=COMMIT_DATE)
    return root
