"""``README.txt`` of a bundle: what is inside and how each scheduler takes it, in the brand's language."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.stages.bundle.manifest import Manifest
from pipeline.stages.check.localize import say
from pipeline.text.i18n import Translator, translator


def _how(words: Translator) -> dict[str, str]:
    _ = words.gettext
    return {
        "hootsuite": _(
            "exports/hootsuite/<channel>.csv - Publisher > Bulk Composer, one file per social "
            "profile; choose the Day/Month/Year 24-hour date format (Month/Day/Year for en-US brands). "
            "No header row, no image column: add the images listed below by hand (media/ holds them)."
        ),
        "sprout": _(
            "exports/sprout/<channel>.csv - Publishing > Bulk Scheduling; same date order preference "
            "as above; import *-review.csv files as Drafts."
        ),
        "metricool": _(
            "exports/metricool.csv - Planning > Import CSV; set the account time zone to the "
            "brand's. One row per post and network."
        ),
        "buffer": _(
            "exports/buffer.json - CreatePostInput objects for Buffer's GraphQL createPost, images "
            "with their alt text (metadata.altText); replace the BUFFER_CHANNEL_ID placeholders (and "
            "BUFFER_PINTEREST_BOARD_ID when the charter names no board)."
        ),
        "postiz": _(
            "exports/postiz.json - bodies for POST /public/v1/posts; replace the POSTIZ_INTEGRATION_ID "
            "placeholders. The public API takes 30 requests an hour: send the bodies batch by batch "
            "(batches[].send_from), one hour apart."
        ),
    }


def readme(
    manifest: Manifest, by_hand: list[str] | None = None, warnings: Sequence[str] | None = None
) -> str:
    """The README text for a bundle; ``by_hand`` lists what to add after an import (Hootsuite's images).

    ``warnings`` are the manifest's as made (``msg()``), said here in the brand's language;
    without them, the manifest's English text.
    """
    words = translator(manifest.brand.language)
    _ = words.gettext
    how = _how(words)
    commit = manifest.source.commit or _("none")
    span = {
        "first": words.day(manifest.range.first),
        "last": words.day(manifest.range.last),
        "zone": manifest.brand.timezone,
        "commit": commit,
    }
    lines = [
        _("Almanac scheduling bundle - {brand}", brand=manifest.brand.name),
        _("Posts from {first} to {last} ({zone}); commit {commit} (uncommitted changes).", **span)
        if manifest.source.dirty
        else _("Posts from {first} to {last} ({zone}); commit {commit}.", **span),
        "",
        _("manifest.json   every post x channel: time, text, link, hashtags, media"),
        _(
            "media/          the visuals; the exports point at their published URLs under {url}",
            url=manifest.base_url,
        )
        if manifest.base_url
        else _(
            "media/          the visuals; the brand has no site URL: upload them by hand, "
            "the exports carry no media URL"
        ),
        _("checksums.txt   sha256 of every file (sha256sum -c checksums.txt)"),
        "",
    ]
    lines += [f"- {how[name]}" for name in manifest.schedulers if name in how]
    if any(name.startswith("exports/excel/") for name in manifest.exports):
        lines += [
            "- "
            + _(
                "exports/excel/ - the same CSV files for Excel (UTF-8 with BOM, ';' between cells): to read "
                "and edit; import the files of exports/ themselves."
            )
        ]
    if by_hand:
        lines += ["", _("Images to add by hand after the Hootsuite upload:")] + [
            f"- {line}" for line in by_hand
        ]
    drafts = sum(1 for e in manifest.entries if e.draft)
    if drafts:
        lines += [
            "",
            words.ngettext(
                "{count} entry is a post still in review (draft: true): not to publish as is.",
                "{count} entries are posts still in review (draft: true): not to publish as is.",
                drafts,
            ),
        ]
    said = [say(w, words) for w in warnings] if warnings is not None else manifest.warnings
    if said:
        lines += ["", _("Changes made for the importers:")] + [f"- {w}" for w in said]
    return "\n".join(lines) + "\n"
