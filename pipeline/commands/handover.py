"""What was already handed to each scheduler, and how to suspend it there.

During a crisis the calendar stops at once, but the schedulers still hold what
the team imported from earlier bundles: those entries must be suspended in
each scheduler by hand. They are read from every bundle ``dist`` holds (each
``manifest.json`` says which schedulers it exported for); a
:data:`HandoverSource` is any other reader of the same facts — the publication
ledger (``ledger/<yyyy>/<mm>.csv``) plugs in here once it exists.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from pipeline.model.charter import SCHEDULERS, Charter, Freeze
from pipeline.output import layout
from pipeline.stages.bundle.manifest import Manifest


@dataclass(frozen=True, order=True)
class Handover:
    """One post on one channel, handed to one scheduler for one instant."""

    scheduler: str
    publish_at: datetime
    post: str
    channel: str
    title: str
    source: str
    """Where Almanac learnt it: the bundle's file name (or the ledger's, once merged)."""


HandoverSource = Callable[[Path], Iterable[Handover]]
"""Reads handovers from the output folder (``dist``): the bundles now, the ledger after its merge."""


@dataclass(frozen=True)
class HowTo:
    """How a scheduler suspends what it holds, and the public page that says so."""

    steps: str
    source: str


HOW_TO: dict[str, HowTo] = {
    "hootsuite": HowTo(
        "Suspend the organisation's scheduled content: My profile > Manage accounts and teams > "
        "Suspend, with the reason (Team, Business and Enterprise plans; content due within a minute "
        "may still go out). Ending the suspension publishes what is still scheduled: delete or "
        "reschedule the entries below before you end it.",
        "help.hootsuite.com/hc/en-us/articles/1260804306089-Suspend-scheduled-content",
    ),
    "buffer": HowTo(
        "Delete each entry below from its channel's queue (through the API: the deletePost "
        "mutation); import them again from the bundle after almanac resume.",
        "developers.buffer.com (deletePost, DeletePostSuccess); no Buffer page on pausing a queue was read",
    ),
    "sprout": HowTo(
        "Delete each entry below from the Publishing calendar, or move it to drafts; import them "
        "again from the bundle after almanac resume.",
        "not verified: no Sprout Social help page on suspending scheduled messages was found",
    ),
    "metricool": HowTo(
        "Open Planning in List view and delete each entry below; Metricool has no bulk action to "
        "change scheduled posts, the List view is the quickest way through them.",
        "help.metricool.com, How Planning settings work",
    ),
    "postiz": HowTo(
        "Delete each entry below from the calendar, or through the public API with DELETE /posts/:id "
        "(it deletes the post's whole group, every channel of it).",
        "gitroomhq/postiz-app, public API controller (deletePost)",
    ),
}
assert set(HOW_TO) == set(SCHEDULERS)


def from_bundles(out: Path) -> list[Handover]:
    """Every entry of every bundle in ``out`` (``bundle/*.zip`` and the site's download), per scheduler."""
    folder = out / layout.bundles()
    zips = sorted(folder.glob("*.zip")) if folder.is_dir() else []
    download = out / layout.download()
    if download.is_file():
        zips.append(download)
    found: list[Handover] = []
    for path in zips:
        manifest = _manifest(path)
        if manifest is None:
            continue
        for scheduler in manifest.schedulers:
            for e in manifest.entries:
                found.append(Handover(scheduler, e.publish_at, e.post, e.channel, e.title, path.name))
    return found


def _manifest(path: Path) -> Manifest | None:
    # A zip that is not a bundle (or a damaged one) holds nothing handed over: skipped, not fatal.
    try:
        with zipfile.ZipFile(path) as archive:
            return Manifest.model_validate_json(archive.read("manifest.json"))
    except (OSError, KeyError, zipfile.BadZipFile, ValidationError, ValueError):
        return None


SOURCES: tuple[HandoverSource, ...] = (from_bundles,)
"""The readers :func:`to_suspend` asks; the ledger's reader joins them at its merge."""


def to_suspend(
    out: Path, pause: Freeze, charter: Charter, sources: Iterable[HandoverSource] = SOURCES
) -> dict[str, list[Handover]]:
    """Handovers due inside ``pause``, by scheduler, each once (the earliest source named), in time order."""
    seen: dict[tuple[str, str, str, datetime], Handover] = {}
    for source in sources:
        for handover in source(out):
            if not pause.covers(handover.publish_at, charter.tz):
                continue
            key = (handover.scheduler, handover.post, handover.channel, handover.publish_at)
            seen.setdefault(key, handover)
    grouped: dict[str, list[Handover]] = {}
    for handover in sorted(seen.values()):
        grouped.setdefault(handover.scheduler, []).append(handover)
    return grouped


NOTICE_HEAD = "Crisis pause of {brand} since {since}: {reason}"
NOTICE_NONE = "No entry handed to a scheduler falls inside the pause."
NOTICE_COUNT = "{scheduler}: {count} entries to suspend"
NOTICE_SOURCE = "Source: {source}"


def notice(pause: Freeze, grouped: dict[str, list[Handover]], charter: Charter) -> str:
    """The list to act on, per scheduler, with its way to suspend: printed and written beside the bundles."""
    assert pause.since is not None
    tz = charter.tz
    since = f"{pause.since.astimezone(tz):%Y-%m-%d %H:%M}"
    lines = [NOTICE_HEAD.format(brand=charter.brand.name, since=since, reason=pause.reason), ""]
    if not grouped:
        lines.append(NOTICE_NONE)
    for scheduler, items in grouped.items():
        how = HOW_TO.get(scheduler)
        lines.append(NOTICE_COUNT.format(scheduler=scheduler, count=len(items)))
        if how is not None:
            lines += ["  " + how.steps, "  " + NOTICE_SOURCE.format(source=how.source)]
        for h in items:
            when = f"{h.publish_at.astimezone(tz):%Y-%m-%d %H:%M}"
            lines.append(f"  - {when}  {h.channel:<10} {h.post}  ({h.title}; {h.source})")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["HOW_TO", "SOURCES", "Handover", "HandoverSource", "HowTo", "from_bundles", "notice", "to_suspend"]
