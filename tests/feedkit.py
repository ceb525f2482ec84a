"""A small brand for the feeds tests, written into tmp_path, and helpers to read feeds back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import require

NODE_DIR = Path(__file__).parent / "node"
BRAND_NAME = "Maison Test, l'atelier; «lumière»"

CHARTER = f"""\
brand:
  name: "{BRAND_NAME}"
  language: fr-FR
  timezone: Europe/Paris
  site_url: https://example.org/maison/
channels:
  instagram: {{visual_required: false}}  # these tests are about times, not visuals
  linkedin: {{}}
  x: {{}}
cadence:
  freezes:
    - {{from: 2026-12-24, to: 2026-12-26, reason: Trêve de Noël}}
publish:
  event_minutes: 20
"""

TOPICS = {
    "fete-des-meres": """\
---
title: Fête des mères
recurrence: {rrule: "FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU"}
overrides: {2023: 2023-06-04}
lead_days: 21
must_cover: true
channels: [instagram]
pillar: engagement
---
Angles: les mamans de l'atelier.
""",
    "black-friday": """\
---
title: Black Friday
recurrence: {rrule: "FREQ=YEARLY;BYMONTH=11;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29"}
duration_days: 4
lead_days: 14
channels: [instagram, linkedin]
pillar: promo
---
Jusqu'au Cyber Monday.
""",
}

# (file stem, publish_at as written, channels, status, extra front matter)
POSTS = [
    (
        "2026-11-24-black-friday-teaser",
        "2026-11-24 18:30",
        "[instagram, linkedin]",
        "approved",
        "topic: black-friday",
    ),
    ("2026-03-29-avant-le-saut", "2026-03-29 01:30", "[instagram]", "review", ""),
    ("2026-03-29-apres-le-saut", "2026-03-29 10:00", "[linkedin]", "draft", ""),
    ("2026-10-25-heure-doublee", "2026-10-25T02:30:00+01:00", "[x]", "approved", ""),
    ("2026-10-25-apres-le-recul", "2026-10-25 03:30", "[instagram, x]", "approved", ""),
    ("2027-03-28-printemps", "2027-03-28 09:00", "[linkedin]", "approved", ""),
    ("2027-10-31-halloween", "2027-10-31 18:30", "[instagram]", "review", ""),
    ("2027-10-31-nuit", "2027-10-31T02:30:00+02:00", "[x]", "draft", ""),
    ("2026-12-01-une-idee", "2026-12-01 10:00", "[instagram]", "idea", ""),
]


def post_text(stem: str, when: str, channels: str, status: str, extra: str, body: str | None = None) -> str:
    """A post file."""
    title = "Black Friday teaser" if "black-friday" in stem else stem[11:].replace("-", " ").capitalize()
    extra_line = f"{extra}\n" if extra else ""
    text = body if body is not None else f"Texte de {title}, avec une virgule; et un point-virgule."
    return (
        f"---\ntitle: {title}\npublish_at: {when}\nchannels: {channels}\npillar: promo\n"
        f"status: {status}\nhashtags: [MaisonTest]\n{extra_line}---\n{text}\n\n"
        "## linkedin\nVersion LinkedIn.\n"
    )


def post_path(root: Path, stem: str) -> Path:
    """Where a post lives: content/posts/YYYY/MM/<stem>.md."""
    return root / "content" / "posts" / stem[:4] / stem[5:7] / f"{stem}.md"


def write_brand(root: Path, *, charter_extra: str = "") -> Path:
    """Write the test brand into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(CHARTER + charter_extra)
    for slug, text in TOPICS.items():
        path = root / "calendar" / "seasonal" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for stem, when, channels, status, extra in POSTS:
        path = post_path(root, stem)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(stem, when, channels, status, extra))
    return root


def ical_js(files: list[Path]) -> list[dict[str, object]]:
    """What Mozilla's ical.js reads in the files (skipped without node outside CI, failed in CI)."""
    require("node")
    done = subprocess.run(
        ["node", str(NODE_DIR / "parse.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result
