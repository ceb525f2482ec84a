"""Synthetic brand repositories for the benchmarks (deterministic for a seed)."""

from __future__ import annotations

import os
import random
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    "lumière",
    "maison",
    "salon",
    "lampe",
    "douceur",
    "hiver",
    "bougie",
    "chaleur",
    "table",
    "soirée",
    "famille",
    "cadeau",
    "atelier",
    "création",
    "laiton",
    "lin",
    "velours",
    "jardin",
    "printemps",
    "fleurs",
    "couleur",
    "matière",
    "fabrication",
    "française",
    "artisan",
    "conseil",
    "inspiration",
    "ambiance",
    "décoration",
    "collection",
    "vitrine",
    "boutique",
    "nouveauté",
    "idée",
    "partage",
    "moment",
    "recette",
    "cuisine",
    "saison",
    "fête",
    "week-end",
    "découvrir",
    "choisir",
    "offrir",
    "imaginer",
)
CHANNELS = [
    "instagram",
    "facebook",
    "linkedin",
    "x",
    "pinterest",
]
PILLARS = [
    "engagement",
    "education",
    "community",
    "inspiration",
    "event",
    "promo",
]
CHARTER = """brand:
  name: Banc d'essai
  timezone: Europe/Paris
  site_url: https://example.org/bench/
voice:
  register: vous
  hashtags: {required: [BancDEssai], case: pascal}
channels:
  instagram: {}
  facebook: {}
  linkedin: {}
  x: {}
  pinterest: {}
publish:
  horizon_days: 120
"""


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def _body(rng: random.Random) -> str:
    return "\n\n".join(" ".join(_sentence(rng, 11) for _ in range(3)) for _ in range(3))


def write_post(
    root: Path,
    index: int,
    rng: random.Random,
    start: datetime,
    images: int,
) -> Path:
    """Write post number ``index``; returns its path."""
    day = start + timedelta(hours=3 * index)
    day = day.replace(hour=8 + (index % 10), minute=(index * 7) % 60)
    channels = rng.sample(CHANNELS, rng.randint(1, 4))
    if "instagram" in channels or "pinterest" in channels or index % 3 == 0:
        visual = (
            f"visual:\n  src: assets/images/src-{index % images:04d}.jpg\n"
            f"  alt: Une image de banc d'essai numéro {index}\n"
        )
    else:
        visual = ""
    # ~100 words fit neither X (280) nor Pinterest (500): like a real team, the synthetic one
    # writes those a short variant; a quarter of the posts also vary their first channel.
    short = [c for c in channels if c in ("x", "pinterest")]
    if index % 4 == 0 and channels[0] not in short:
        short.append(channels[0])
    variants = "".join(f"\n## {c}\n{_sentence(rng, 20)}\n" for c in short)
    path = root / "content" / "posts" / f"{day:%Y}" / f"{day:%m}" / f"{day:%Y-%m-%d}-post-{index:05d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Publication {index}\npublish_at: {day:%Y-%m-%d %H:%M}\n"
        f"channels: [{', '.join(channels)}]\npillar: {rng.choice(PILLARS)}\nstatus: approved\n"
        f"{visual}hashtags: [BancDEssai, Lumiere{index % 7}]\n---\n{_body(rng)}\n{variants}",
        encoding="utf-8",
    )
    return path


def make_repo(
    root: Path,
    posts: int,
    *,
    seed: int = 42,
    images: int | None = None,
    git: bool = True,
    image_size: tuple[int, int] = (3000, 2000),
) -> Path:
    """A brand with ``posts`` posts, 20 seasonal topics, one image per 10 posts and a few commits."""
    from PIL import Image

    rng = random.Random(seed)
    images = images or max(1, posts // 10)
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    for i in range(images):
        # Flat sources keep generation fast (checks read headers, not pixels); 3000×2000
        # is enough for every built-in format without enlarging (story: 1080×1920).
        Image.new("RGB", image_size, (20 + i % 200, 60, 90)).save(root / f"assets/images/src-{i:04d}.jpg")
    (root / "calendar" / "seasonal").mkdir(parents=True, exist_ok=True)
    for i in range(20):
        month, day = 1 + i % 12, 1 + (i * 3) % 28
        (root / "calendar" / "seasonal" / f"sujet-{i:02d}.md").write_text(
            f'---\ntitle: Sujet {i}\nrecurrence: {{date: "{month:02d}-{day:02d}"}}\nlead_days: 14\n---\n'
            "Des idées.\n",
            encoding="utf-8",
        )
    start = datetime(2026, 1, 5, 9, 0)
    paths = [write_post(root, i, rng, start, images) for i in range(posts)]
    if git:
        _git(root, "init", "-q")
        third = len(paths) // 3
        for n, chunk in enumerate(
            (
                paths[:third],
                paths[third : 2 * third],
                paths[2 * third :],
            )
        ):
            _git(
                root,
                "add",
                "charter.yaml",
                "assets",
                "calendar",
                *[str(p.relative_to(root)) for p in chunk],
            )
            _git(
                root,
                "commit",
                "-q",
                "-m",
                f"posts, part {n + 1}",
            )
    return root


def edit_post(path: Path, marker: str) -> None:
    """Change one word of a post's text (a realistic one-line edit)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\n---\n", f"\n---\n{marker} ", 1),
        encoding="utf-8",
    )


COMMIT_DATE = "2025-12-01T10:00:00+01:00"
"""When the synthetic history is committed: before the posts it plans."""


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
        # Committed before the first post, as a team plans ahead: a commit dated by the clock would
        # come after posts of 2026 and make `time.past` warn on every one of them.
        env={**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE},
    )
