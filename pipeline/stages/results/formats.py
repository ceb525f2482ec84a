"""The post-performance exports Almanac reads, by header: which column holds what.

Columns are found by name (case, spacing and quotes aside), never by position,
so extra, missing-but-optional and reordered columns are fine. Each field lists
the English header first, then the French one a French-language account exports.

Sources for the English headers (public; the French ones were not checked against
a real French export and are the interface's wording — reported as such):

- **Meta Business Suite, Facebook posts** (Insights → Content → Export, CSV): ``Post ID``,
  ``Page ID``, ``Page name``, ``Title``, ``Description``, ``Publish time``, ``Permalink``,
  ``Post type``, ``Date``, ``Impressions``, ``Reach``, ``Reactions, comments and shares``,
  ``Reactions``, ``Comments``, ``Shares``, ``Total clicks``, ``Other clicks``, ``Link clicks``,
  ``Views`` — the column list of a public ETL loader of these exports on GitHub
  (``Jan-27-2025_Feb-23-2025_<page id>.csv``); "Post ID and Permalink first, about 67
  columns": beckmanncollaborative.com, "Facebook Analytics: Definitions".
- **Meta Business Suite, Instagram posts**: the same shape with ``Account ID``,
  ``Account username``, ``Account name``, and ``Likes``, ``Saves``, ``Follows`` instead of
  reactions and clicks (public Meta-export column mappers on GitHub).
- **LinkedIn Page analytics, Content export** (sheet "All posts"): ``Post title``,
  ``Post link``, ``Post type``, ``Campaign name``, ``Posted by``, ``Created date``,
  ``Audience``, ``Impressions``, ``Views (excluding off-site video views)``, ``Clicks``,
  ``Click through rate (CTR)``, ``Likes``, ``Comments``, ``Reposts``, ``Follows``,
  ``Engagement rate``, ``Content Type`` (public LinkedIn-export loaders on GitHub; the
  older spelling ``Click-Through Rate (CTR)``, ``Shares``, ``Published by``, ``Date``
  is accepted too). The sheet starts with a line of notes above the header.
- **X analytics, content export** (``account_analytics_content_<from>_<to>.csv``): ``Post id``,
  ``Date`` (the day only, e.g. ``Sat, Dec 12, 2026``), ``Post text``, ``Post Link``,
  ``Impressions``, ``Likes``, ``Engagements``, ``Bookmarks``, ``Shares``, ``New follows``,
  ``Replies``, ``Reposts``, ``Profile visits``, ``Detail Expands``, ``URL Clicks``
  (public X-export parsers on GitHub). X's "Engagements" also counts clicks and
  expands, so Almanac sums likes, replies, reposts, bookmarks and shares instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.stages.results.sheet import header_key

Field = str
"""A canonical column: id, permalink, text, published, impressions, reach, interactions,
reactions, comments, shares, saves, clicks, total_clicks, account, page."""


@dataclass(frozen=True)
class ExportFormat:
    """One network's export: its name, the headers of each field, and the fields it cannot do without."""

    name: str
    label: str
    columns: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]]
    """field → (English headers, French headers)."""
    required: tuple[Field, ...]
    summed: tuple[Field, ...]
    """Fields summed into engagements when no single column gives them."""

    def find(self, header: Sequence[str]) -> tuple[dict[Field, int], bool] | None:
        """Each field's column and whether the headers are French; None if a required field is missing."""
        keys = [header_key(h) for h in header]
        where: dict[Field, int] = {}
        french = english = 0
        for field, (en, fr) in self.columns.items():
            for names, is_french in ((en, False), (fr, True)):
                for name in names:
                    key = header_key(name)
                    if key in keys and field not in where:
                        where[field] = keys.index(key)
                        french += is_french
                        english += not is_french
        if any(f not in where for f in self.required):
            return None
        return where, french > english


META = ExportFormat(
    name="meta",
    label="Meta Business Suite",
    columns={
        "id": (("Post ID",), ("Identifiant de la publication", "ID de la publication")),
        "permalink": (("Permalink",), ("Lien permanent",)),
        "text": (("Description", "Title"), ("Description", "Titre")),
        "published": (("Publish time",), ("Heure de publication",)),
        "impressions": (("Impressions", "Views"), ("Impressions", "Vues")),
        "reach": (("Reach",), ("Couverture", "Portée")),
        "interactions": (("Reactions, comments and shares",), ("Réactions, commentaires et partages",)),
        "reactions": (("Reactions", "Likes"), ("Réactions", "J'aime", "Mentions J'aime")),
        "comments": (("Comments",), ("Commentaires",)),
        "shares": (("Shares",), ("Partages",)),
        "saves": (("Saves",), ("Enregistrements",)),
        "clicks": (("Link clicks",), ("Clics sur un lien", "Clics sur le lien")),
        "total_clicks": (("Total clicks",), ("Total des clics", "Clics (total)")),
        "account": (
            ("Account username", "Account ID", "Account name"),
            ("Nom d'utilisateur du compte", "Identifiant du compte", "Nom du compte"),
        ),
        "page": (("Page name", "Page ID"), ("Nom de la Page", "Identifiant de la Page")),
    },
    required=("id", "permalink", "published"),
    summed=("reactions", "comments", "shares", "saves"),
)

LINKEDIN = ExportFormat(
    name="linkedin",
    label="LinkedIn",
    columns={
        "permalink": (("Post link", "Update link"), ("Lien de la publication", "Lien du post")),
        "text": (("Post title", "Update title"), ("Titre de la publication", "Titre du post")),
        "published": (("Created date", "Date", "Posted on"), ("Date de création", "Date")),
        "impressions": (("Impressions",), ("Impressions",)),
        "clicks": (("Clicks",), ("Clics",)),
        "reactions": (("Likes", "Reactions"), ("J'aime", "Réactions")),
        "comments": (("Comments",), ("Commentaires",)),
        "shares": (("Reposts", "Shares"), ("Republications", "Partages")),
    },
    required=("permalink", "text", "published", "impressions"),
    summed=("reactions", "comments", "shares"),
)

X = ExportFormat(
    name="x",
    label="X",
    columns={
        "id": (("Post id", "Tweet id"), ("Identifiant du post", "ID du post")),
        "permalink": (("Post Link", "Permalink"), ("Lien du post",)),
        "text": (("Post text", "Tweet text"), ("Texte du post",)),
        "published": (("Date", "time"), ("Date",)),
        "impressions": (("Impressions",), ("Impressions",)),
        "reactions": (("Likes",), ("J'aime",)),
        "comments": (("Replies",), ("Réponses",)),
        "shares": (("Reposts", "Retweets"), ("Reposts", "Republications")),
        "saves": (("Bookmarks",), ("Signets",)),
        "shares_out": (("Shares",), ("Partages",)),
        "clicks": (("URL Clicks", "url clicks"), ("Clics sur l'URL", "Clics sur le lien")),
    },
    required=("id", "text", "published", "impressions"),
    summed=("reactions", "comments", "shares", "saves", "shares_out"),
)

FORMATS: tuple[ExportFormat, ...] = (META, LINKEDIN, X)
"""Every supported export, tried in this order (the first whose required columns are all there wins)."""

HEADER_ROWS = 5
"""Rows searched for the header: LinkedIn's sheet starts with a line of notes."""


def detect(rows: Sequence[Sequence[str]]) -> tuple[ExportFormat, int, dict[Field, int], bool] | None:
    """The export format, the index of its header row, its columns and whether it is French."""
    for index, row in enumerate(rows[:HEADER_ROWS]):
        for fmt in FORMATS:
            found = fmt.find(row)
            if found is not None:
                return fmt, index, found[0], found[1]
    return None
