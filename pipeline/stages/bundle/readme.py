"""``README.txt`` of a bundle: what is inside and how each scheduler takes it."""

from __future__ import annotations

from pipeline.stages.bundle.manifest import Manifest

_HOW = {
    "hootsuite": "exports/hootsuite/<channel>.csv - Publisher > Bulk Composer, one file per social "
    "profile; choose the Day/Month/Year 24-hour date format (Month/Day/Year for en-US brands). "
    "No header row, no image column: add the images listed below by hand (media/ holds them).",
    "sprout": "exports/sprout/<channel>.csv - Publishing > Bulk Scheduling; same date order preference "
    "as above; import *-review.csv files as Drafts.",
    "metricool": "exports/metricool.csv - Planning > Import CSV; set the account time zone to the "
    "brand's. One row per post and network.",
    "buffer": "exports/buffer.json - CreatePostInput objects for Buffer's GraphQL createPost, images "
    "with their alt text (metadata.altText); replace the BUFFER_CHANNEL_ID placeholders (and "
    "BUFFER_PINTEREST_BOARD_ID when the charter names no board).",
    "postiz": "exports/postiz.json - bodies for POST /public/v1/posts; replace the POSTIZ_INTEGRATION_ID "
    "placeholders. The public API takes 30 requests an hour: send the bodies batch by batch "
    "(batches[].send_from), one hour apart.",
}


def readme(manifest: Manifest, by_hand: list[str] | None = None) -> str:
    """The README text for a bundle; ``by_hand`` lists what to add after an import (Hootsuite's images)."""
    lines = [
        f"Almanac scheduling bundle - {manifest.brand.name}",
        f"Posts from {manifest.range.first} to {manifest.range.last} ({manifest.brand.timezone}); "
        f"commit {manifest.source.commit or 'none'}"
        + (" (uncommitted changes)." if manifest.source.dirty else "."),
        "",
        "manifest.json   every post x channel: time, text, link, hashtags, media",
        "media/          the visuals; "
        + (
            "the exports point at their published URLs under " + manifest.base_url
            if manifest.base_url
            else "the brand has no site URL: upload them by hand, the exports carry no media URL"
        ),
        "checksums.txt   sha256 of every file (sha256sum -c checksums.txt)",
        "",
    ]
    lines += [f"- {_HOW[name]}" for name in manifest.schedulers if name in _HOW]
    if any(name.startswith("exports/excel/") for name in manifest.exports):
        lines += [
            "- exports/excel/ - the same CSV files for Excel (UTF-8 with BOM, ';' between cells): to read "
            "and edit; import the files of exports/ themselves."
        ]
    if by_hand:
        lines += ["", "Images to add by hand after the Hootsuite upload:"] + [f"- {line}" for line in by_hand]
    drafts = sum(1 for e in manifest.entries if e.draft)
    if drafts:
        lines += ["", f"{drafts} entries are posts still in review (draft: true): not to publish as is."]
    if manifest.warnings:
        lines += ["", "Changes made for the importers:"] + [f"- {w}" for w in manifest.warnings]
    return "\n".join(lines) + "\n"
