#!/usr/bin/env python3
"""Make a month and a half of post-performance exports for the demo brand, then import them into results/.

Maison Lumière's approved posts from 16 November to 31 December 2026 get
figures as each network's own export would give them, one file per network and
month, in the shapes a team downloads (see pipeline/stages/results/formats.py
for the column names and their sources):

    assets/results-exports/2026-11/meta-facebook.csv   French headers, cp1252, ';', "1 234" and "03/12/2026"
    assets/results-exports/2026-11/meta-instagram.csv  English, UTF-8 with BOM
    assets/results-exports/2026-11/linkedin.csv        English, UTF-16 with BOM, tabs, a notes line on top
    assets/results-exports/2026-11/x.csv               English, UTF-8; the day only, the time in the post id
    assets/results-exports/2026-12/...                 the same, Facebook in English and Instagram in French

Then it runs the importer on each file (as `almanac results import FILE` does)
and writes results/2026/11.csv and results/2026/12.csv afresh.

Deterministic: figures come from a hash of each post id and channel, shaped so
the report has something to say (evenings beat mornings, visuals beat text
only, December grows on November). Fictional figures, for the demo only.

    PYTHONPATH=$PWD python assets/make_demo_results.py
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.commands.results import import_results
from pipeline.model.content import Post
from pipeline.stages.load.loader import load_project
from pipeline.stages.results.importer import SNOWFLAKE_EPOCH_MS
from pipeline.stages.results.store import RESULTS_DIR
from pipeline.text.compose import published_text

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "assets" / "results-exports"
FIRST, LAST = date(2026, 11, 16), date(2026, 12, 31)
ZONE = ZoneInfo("Europe/Paris")
"""The demo charter's zone."""
BASE = {"instagram": 1800, "facebook": 1200, "linkedin": 900, "x": 650}
RATE = {"instagram": 0.045, "facebook": 0.025, "linkedin": 0.03, "x": 0.016}
PILLAR = {"promo": 0.8, "inspiration": 1.25, "engagement": 1.35, "conseil": 1.1, "coulisses": 1.15}


def _noise(*parts: str) -> float:
    """0.8 to 1.2, fixed by ``parts``."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return 0.8 + digest[0] / 255 * 0.4


def figures(post: Post, channel: str) -> dict[str, int]:
    """Impressions, reach, engagements split into reactions, comments, shares, saves, and clicks."""
    local = post.when.astimezone(ZONE)
    hour = local.hour
    growth = 1.15 if local.month == 12 else 1.0
    evening = 1.3 if 17 <= hour <= 20 else 0.9
    visual = 1.3 if post.meta.visual else 0.85
    pillar = PILLAR.get(post.meta.pillar, 1.0)
    impressions = int(BASE[channel] * growth * evening * visual * _noise(post.id, channel, "i"))
    # Evening posts are seen more and engage more: the report's by-hour chart and best times show it.
    engaged = int(impressions * RATE[channel] * pillar * visual * evening * _noise(post.id, channel, "e"))
    comments = engaged // 8
    shares = engaged // 10
    saves = engaged // 12 if channel in ("instagram", "x") else 0
    reactions = engaged - comments - shares - saves
    clicks = int(impressions * 0.012 * _noise(post.id, channel, "c")) if post.meta.link else 0
    return {
        "impressions": impressions,
        "reach": int(impressions * 0.74),
        "reactions": reactions,
        "comments": comments,
        "shares": shares,
        "saves": saves,
        "clicks": clicks,
    }


def french_number(value: int) -> str:
    """``1 234`` with a no-break space, as a French Excel writes it."""
    return f"{value:,}".replace(",", "\u00a0")


def _text(post: Post, channel: str, charter: object) -> str:
    """The text as published; on Facebook its link carries ``utm_content=<post id>``, as hand-off adds it."""
    text = published_text(post, channel, charter)  # type: ignore[arg-type]
    if channel == "facebook" and post.meta.link and "?" in post.meta.link:
        text = text.replace(post.meta.link, post.meta.link + "&utm_content=" + post.id, 1)
    return text


def write(
    path: Path, rows: list[list[str]], *, encoding: str, delimiter: str, notes: str | None = None
) -> None:
    """A CSV as the network (or Excel after it) saves it."""
    buffer = io.StringIO()
    if notes is not None:
        buffer.write(notes + "\r\n")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Excel saving as cp1252 writes "?" for what the code page lacks (emoji, U+202F).
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


def main() -> None:
    """Write the exports, then import them into results/."""
    project = load_project(ROOT)
    charter = project.charter
    zone = charter.tz
    posts = [
        p
        for p in sorted(project.posts, key=lambda p: (p.when, p.id))
        if p.meta.status == "approved" and FIRST <= p.when.astimezone(zone).date() <= LAST
    ]
    shutil.rmtree(EXPORTS, ignore_errors=True)
    for month in (11, 12):
        mine = [p for p in posts if p.when.astimezone(zone).month == month]
        folder = EXPORTS / f"2026-{month:02d}"
        french_facebook = month == 11
        _meta_facebook(folder / "meta-facebook.csv", mine, charter, french=french_facebook)
        _meta_instagram(folder / "meta-instagram.csv", mine, charter, french=not french_facebook)
        _linkedin(folder / "linkedin.csv", mine, charter, utf16=month == 11)
        _x(folder / "x.csv", mine, charter)
    shutil.rmtree(ROOT / RESULTS_DIR / "2026", ignore_errors=True)
    for path in sorted(EXPORTS.glob("*/*.csv")):
        done = import_results(project, path)
        print(
            f"{path.relative_to(ROOT)}: {len(done.stored)} rows"
            f" ({done.source}{', French' if done.french else ''})"
        )


def _on(posts: list[Post], channel: str) -> list[Post]:
    return [p for p in posts if channel in p.meta.channels]


def _when(post: Post, channel: str) -> datetime:
    """The instant it went out: the planned time, give or take the scheduler's few minutes."""
    return post.when + timedelta(minutes=int(_noise(post.id, channel, "t") * 10) - 8)


def _meta_facebook(path: Path, posts: list[Post], charter: object, *, french: bool) -> None:
    header_en = [
        "Post ID",
        "Page ID",
        "Page name",
        "Title",
        "Description",
        "Duration (sec)",
        "Publish time",
        "Caption type",
        "Permalink",
        "Is crosspost",
        "Is share",
        "Post type",
        "Languages",
        "Custom labels",
        "Funded content status",
        "Data comment",
        "Date",
        "Impressions",
        "Reach",
        "Reactions, comments and shares",
        "Reactions",
        "Comments",
        "Shares",
        "Total clicks",
        "Other clicks",
        "Link clicks",
    ]
    header_fr = [
        "Identifiant de la publication",
        "Identifiant de la Page",
        "Nom de la Page",
        "Titre",
        "Description",
        "Durée (s)",
        "Heure de publication",
        "Type de légende",
        "Lien permanent",
        "Publication croisée",
        "Partage",
        "Type de publication",
        "Langues",
        "Libellés personnalisés",
        "Statut du contenu financé",
        "Commentaire sur les données",
        "Date",
        "Impressions",
        "Couverture",
        "Réactions, commentaires et partages",
        "Réactions",
        "Commentaires",
        "Partages",
        "Total des clics",
        "Autres clics",
        "Clics sur un lien",
    ]
    rows = [header_fr if french else header_en]
    number = french_number if french else str
    for i, post in enumerate(_on(posts, "facebook"), start=1):
        f = figures(post, "facebook")
        at = _when(post, "facebook").astimezone(ZONE)
        stamp = at.strftime("%d/%m/%Y %H:%M" if french else "%m/%d/%Y %H:%M")
        post_id = f"61550000000{i:04d}_{900000 + i}"
        engaged = f["reactions"] + f["comments"] + f["shares"]
        rows.append(
            [
                post_id,
                "61550000000",
                "Maison Lumière",
                "",
                _text(post, "facebook", charter),
                "",
                stamp,
                "",
                f"https://www.facebook.com/61550000000/posts/{900000 + i}",
                "No",
                "No",
                "Photos",
                "fr",
                "",
                "",
                "Lifetime",
                "Lifetime",
                number(f["impressions"]),
                number(f["reach"]),
                number(engaged),
                number(f["reactions"]),
                number(f["comments"]),
                number(f["shares"]),
                number(f["clicks"] + f["impressions"] // 50),
                number(f["impressions"] // 50),
                number(f["clicks"]),
            ]
        )
    write(path, rows, encoding="cp1252" if french else "utf-8-sig", delimiter=";" if french else ",")


def _meta_instagram(path: Path, posts: list[Post], charter: object, *, french: bool) -> None:
    header_en = [
        "Post ID",
        "Account ID",
        "Account username",
        "Account name",
        "Description",
        "Duration (sec)",
        "Publish time",
        "Permalink",
        "Post type",
        "Data comment",
        "Date",
        "Impressions",
        "Reach",
        "Likes",
        "Shares",
        "Follows",
        "Comments",
        "Saves",
    ]
    header_fr = [
        "Identifiant de la publication",
        "Identifiant du compte",
        "Nom d'utilisateur du compte",
        "Nom du compte",
        "Description",
        "Durée (s)",
        "Heure de publication",
        "Lien permanent",
        "Type de publication",
        "Commentaire sur les données",
        "Date",
        "Impressions",
        "Couverture",
        "J'aime",
        "Partages",
        "Abonnements",
        "Commentaires",
        "Enregistrements",
    ]
    rows = [header_fr if french else header_en]
    number = french_number if french else str
    for i, post in enumerate(_on(posts, "instagram"), start=1):
        f = figures(post, "instagram")
        at = _when(post, "instagram").astimezone(ZONE)
        stamp = at.strftime("%d/%m/%Y %H:%M" if french else "%m/%d/%Y %H:%M")
        rows.append(
            [
                f"1790000000{i:05d}",
                "17841400000",
                "maisonlumiere",
                "Maison Lumière",
                _text(post, "instagram", charter),
                "",
                stamp,
                f"https://www.instagram.com/p/DL{i:04d}ml/",
                "IG image",
                "Lifetime",
                "Lifetime",
                number(f["impressions"]),
                number(f["reach"]),
                number(f["reactions"]),
                number(f["shares"]),
                "0",
                number(f["comments"]),
                number(f["saves"]),
            ]
        )
    write(path, rows, encoding="cp1252" if french else "utf-8-sig", delimiter=";" if french else ",")


def _linkedin(path: Path, posts: list[Post], charter: object, *, utf16: bool) -> None:
    header = [
        "Post title",
        "Post link",
        "Post type",
        "Campaign name",
        "Posted by",
        "Created date",
        "Campaign start date",
        "Campaign end date",
        "Audience",
        "Impressions",
        "Views (excluding off-site video views)",
        "Off-site views",
        "Clicks",
        "Click through rate (CTR)",
        "Likes",
        "Comments",
        "Reposts",
        "Follows",
        "Engagement rate",
        "Content Type",
    ]
    rows = [header]
    for i, post in enumerate(_on(posts, "linkedin"), start=1):
        f = figures(post, "linkedin")
        text = _text(post, "linkedin", charter)
        day = _when(post, "linkedin").astimezone(ZONE)
        engaged = f["reactions"] + f["comments"] + f["shares"]
        rows.append(
            [
                text[:120],
                f"https://www.linkedin.com/feed/update/urn:li:activity:72900000000{i:05d}",
                "Organic",
                "",
                "Équipe Maison Lumière",
                day.strftime("%m/%d/%Y"),
                "",
                "",
                "All followers",
                str(f["impressions"]),
                "",
                "",
                str(f["clicks"]),
                f"{f['clicks'] / f['impressions']:.4f}",
                str(f["reactions"]),
                str(f["comments"]),
                str(f["shares"]),
                "0",
                f"{(engaged + f['clicks']) / f['impressions']:.4f}",
                "Image",
            ]
        )
    notes = "All posts: the metrics of the posts published in the period (organic)."
    write(path, rows, encoding="utf-16" if utf16 else "utf-8", delimiter="\t" if utf16 else ",", notes=notes)


def _x(path: Path, posts: list[Post], charter: object) -> None:
    header = [
        "Post id",
        "Date",
        "Post text",
        "Post Link",
        "Impressions",
        "Likes",
        "Engagements",
        "Bookmarks",
        "Shares",
        "New follows",
        "Replies",
        "Reposts",
        "Profile visits",
        "Detail Expands",
        "URL Clicks",
    ]
    rows = [header]
    for i, post in enumerate(_on(posts, "x"), start=1):
        f = figures(post, "x")
        at = _when(post, "x").astimezone(UTC)
        snowflake = (int(at.timestamp() * 1000) - SNOWFLAKE_EPOCH_MS) << 22 | i
        engaged = f["reactions"] + f["comments"] + f["shares"] + f["saves"]
        rows.append(
            [
                str(snowflake),
                at.astimezone(ZONE).strftime("%a, %b %d, %Y"),
                _text(post, "x", charter),
                f"https://x.com/maisonlumiere/status/{snowflake}",
                str(f["impressions"]),
                str(f["reactions"]),
                str(engaged + f["clicks"] + 3),
                str(f["saves"]),
                "0",
                "0",
                str(f["comments"]),
                str(f["shares"]),
                "4",
                "7",
                str(f["clicks"]),
            ]
        )
    write(path, rows, encoding="utf-8", delimiter=",")


if __name__ == "__main__":
    main()
