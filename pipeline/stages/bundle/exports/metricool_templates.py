"""Metricool's bulk-import CSV header, kept as data keyed by template version.

Metricool changes its template (``Twitter`` became ``Twitter/X``, ``GMB`` became
``GBP``, Threads, Bluesky and alt-text columns were added), so the header is not
code: add the header of a freshly downloaded template under a new key, and the
exporter fills the columns it knows by name (synonyms included) and leaves the
others empty.

Version ``2026-05``: 97 columns (counted by ``test_metricool_header_has_97_columns``),
the most complete header found in public exporters' code in November 2026 (the one
with Threads, Bluesky and ten alt-text columns). Other exporters report 93 or 94
columns for older templates; Metricool's own template (Planning → Import CSV →
download) was not available to check, so paste a fresh one under a new key when
Metricool rejects a file.
"""

from __future__ import annotations


def _expand(spec: str) -> list[str]:
    """``"Picture Url 1..3"`` → ``["Picture Url 1", "Picture Url 2", "Picture Url 3"]``."""
    if ".." not in spec:
        return [spec]
    head, _, last = spec.rpartition("..")
    stem, _, first = head.rpartition(" ")
    return [f"{stem} {n}" for n in range(int(first), int(last) + 1)]


_2026_05 = """Text|Date|Time|Draft|Facebook|Twitter/X|LinkedIn|GBP|Instagram|Pinterest|TikTok|Youtube|
Threads|Bluesky|Picture Url 1..10|Alt text picture 1..10|Document title|Shortener|
Video Thumbnail Url|Video Cover Frame|Twitter/X Can reply|Twitter/X Type|
Twitter/X Poll Duration minutes|Twitter/X Poll Option 1..4|Pinterest Board|
Pinterest Pin Title|Pinterest Pin Link|Pinterest Pin New Format|Instagram Post Type|
Instagram Show Reel On Feed|Instagram Trial Reel Share Automatically|Youtube Video Title|
Youtube Video Type|Youtube Video Privacy|Youtube video for kids|Youtube AI generated content|
Youtube notify subscribers|Youtube Video Category|Youtube Video Tags|Youtube playlist|
GBP Post Type|Facebook Post Type|Facebook Title|First Comment Text|TikTok Title|
TikTok disable comments|TikTok disable duet|TikTok disable stitch|TikTok Post Privacy|
TikTok Branded Content|TikTok Your Brand|TikTok Auto Add Music|TikTok Photo Cover Index|
TikTok musicId|TikTok music title|TikTok music author|TikTok music previewUrl|
TikTok music thumbnailUrl|TikTok music soundVolume|TikTok music originalVolume|
TikTok music startMillis|TikTok music endMillis|TikTok Ai generated content|LinkedIn Type|
LinkedIn Poll Question|LinkedIn Poll Option 1..4|LinkedIn Poll Duration|
LinkedIn Show link preview|LinkedIn Images as Carousel|Threads Reply Control|
Threads Is Spoiler|Threads Post Type|Brand name"""

TEMPLATES: dict[str, tuple[str, ...]] = {
    "2026-05": tuple(
        name for spec in _2026_05.replace("\n", "").split("|") for name in _expand(spec.strip())
    ),
}
LATEST = "2026-05"

NETWORK_COLUMNS: dict[str, tuple[str, ...]] = {
    "facebook": ("Facebook",),
    "x": ("Twitter/X", "Twitter"),
    "linkedin": ("LinkedIn",),
    "instagram": ("Instagram",),
    "pinterest": ("Pinterest",),
    "tiktok": ("TikTok",),
    "youtube": ("Youtube", "YouTube"),
    "threads": ("Threads",),
    "bluesky": ("Bluesky",),
    "gbp": ("GBP", "GMB"),
}
"""Almanac channel → the network's flag column, by name and older names."""

NETWORK_FLAGS: tuple[str, ...] = tuple(name for names in NETWORK_COLUMNS.values() for name in names)
