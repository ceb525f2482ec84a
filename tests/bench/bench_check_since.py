"""Benchmark: ``almanac check --since`` on a generated 10,000-post repository with 2 changed posts.

Run: ``PYTHONPATH=$PWD python tests/bench/bench_check_since.py [N_POSTS]``. Prints the
median of 3 runs of the real command (a fresh process each time: interpreter start,
imports, loading, git and checks included), once with a cold parse cache and then warm.
Add ``--profile`` to print the 25 costliest functions of one in-process run.
"""

from __future__ import annotations

import contextlib
import cProfile
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pipeline.model.inputs import CACHE_DIR
from tests.bench.synth import _git

REPO = Path(__file__).resolve().parents[2]
WORDS = [
    "lumière",
    "salon",
    "lampe",
    "douceur",
    "maison",
    "hiver",
    "soirée",
    "bois",
    "laiton",
    "lin",
    "atelier",
    "couleur",
    "chaleur",
    "table",
    "nuit",
    "matin",
    "fenêtre",
    "reflet",
    "bougie",
    "jardin",
    "collection",
    "nouveauté",
    "créateur",
    "artisan",
    "tissu",
    "velours",
    "cuisine",
    "chambre",
    "détail",
    "ambiance",
    "confort",
    "saison",
    "cadeau",
    "fête",
    "famille",
    "partage",
    "découvrez",
    "profitez",
    "offrez",
    "imaginez",
    "notre",
    "votre",
    "vos",
    "nous",
    "avec",
    "pour",
    "dans",
    "sur",
    "sous",
    "entre",
    "chaque",
]
CHANNELS = ["instagram", "linkedin", "x", "facebook"]
PILLARS = ["promo", "engagement", "education", "community", "inspiration"]
CHARTER = """brand: {name: Bench, timezone: Europe/Paris}
pillars: [promo, engagement, education, community, inspiration]
voice:
  register: vous
  typography: fr
  terms: [{avoid: pas cher, use: petit prix, level: error}]
  hashtags: {required: [Bench], banned: [ad], case: pascal}
  emoji: {max: 3}
  links: {https: true, utm: true}
cadence:
  windows: {default: ["mon-sun 07:00-22:00"]}
  per_week: {instagram: [1, 200]}
  min_gap_hours: {default: 0.1}
  mix: {window_days: 28, max_share: {promo: 0.5}}
  freezes: [{from: 2027-12-24, to: 2027-12-26, reason: Trêve}]
publish: {horizon_days: 365}
"""


def _post(rng: random.Random, index: int, start: date) -> tuple[str, str]:
    day = start + timedelta(days=index * 365 // 10_000)
    channels = rng.sample(CHANNELS, rng.randint(1, 4))
    words = [rng.choice(WORDS) for _ in range(100)]
    text = " ".join(words).capitalize() + f". Rendez-vous à 18:30{chr(0xA0)}: #Bench"
    visual = "visual: {card: Bonjour, alt: Une carte}\n" if "instagram" in channels else ""
    body = (
        f"---\ntitle: Post {index}\npublish_at: {day} {8 + index % 12:02d}:{index % 60:02d}\n"
        f"channels: [{', '.join(channels)}]\npillar: {rng.choice(PILLARS)}\n"
        f"status: approved\n{visual}---\n{text}\n"
    )
    return f"content/posts/{day:%Y/%m}/{day}-post-{index:05d}.md", body


def generate(root: Path, count: int) -> list[str]:
    """Write the repository in a few commits; returns the post paths."""
    rng = random.Random(42)
    root.mkdir(parents=True)
    (root / "charter.yaml").write_text(CHARTER, encoding="utf-8")
    (root / ".gitignore").write_text(".almanac/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    paths = []
    batches = 4
    for batch in range(batches):
        for index in range(batch * count // batches, (batch + 1) * count // batches):
            rel, text = _post(rng, index, date(2027, 1, 1))
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(rel)
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", f"batch {batch}")
    _git(root, "checkout", "-q", "-b", "feature")
    return paths


def change_two(root: Path, paths: list[str]) -> None:
    """One committed edit, one uncommitted: the two changes of the pull request."""
    first = root / paths[len(paths) // 8]
    first.write_text(first.read_text(encoding="utf-8").replace("Rendez-vous", "Pas cher ! Rendez-vous"))
    _git(root, "commit", "-q", "-am", "edit one post")
    second = root / paths[len(paths) * 5 // 9]
    second.write_text(second.read_text(encoding="utf-8").replace("#Bench", "#bench #ad"))


def _time(root: Path) -> tuple[float, int, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "check",
        "--root",
        str(root),
        "--since",
        "main",
        "--today",
        "2026-12-20",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, done.returncode, done.stdout + done.stderr


def main() -> None:
    count = int(next((a for a in sys.argv[1:] if a.isdigit()), "10000"))
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "brand"
        made = time.perf_counter()
        paths = generate(root, count)
        change_two(root, paths)
        print(f"generated {count} posts in {time.perf_counter() - made:.1f} s")
        cold = []
        for _ in range(3):
            subprocess.run(["rm", "-rf", str(root / CACHE_DIR)], check=True)
            cold.append(_time(root))
        warm = [_time(root) for _ in range(3)]
        print(cold[0][2].strip())
        for name, runs in (("cold", cold), ("warm", warm)):
            median = statistics.median(t for t, _, _ in runs)
            print(f"almanac check --since main, {name} parse cache: median {median:.2f} s")
        if "--profile" in sys.argv:
            sys.path.insert(0, str(REPO))
            from pipeline.cli import cli

            profile = cProfile.Profile()
            profile.enable()
            with contextlib.suppress(SystemExit):
                cli(
                    ["check", "--root", str(root), "--since", "main", "--today", "2026-12-20"],
                    standalone_mode=False,
                )
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
