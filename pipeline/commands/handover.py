"""What was already handed to each scheduler, and how to suspend it there.

During a crisis the calendar stops at once, but the schedulers still hold what
the team imported from earlier bundles: those entries must be suspended in
each scheduler by hand. They are read from every bundle ``dist`` holds (each
``manifest.json`` says which schedulers it exported for); a
:data:`HandoverSource` is any other reader of the same facts.

The publication ledger (``ledger/<yyyy>/<mm>.csv``, :mod:`pipeline.stages.ledger`)
is not such a source: it records what *went out*, not what was handed over. Its
part is the opposite one (:func:`split_published`): an entry the ledger has is
already on the network, so no scheduler can suspend it any more. It leaves every
scheduler's list — a post goes out once per channel, through the one tool the
team imported it into — and is listed apart, with its permalink and the export
that reported it (the scheduler that published it, for a Hootsuite or Buffer
export), for the team to delete or hide it on the network if the crisis calls
for it. A ledger entry published inside the pause is listed there too when no
bundle is left in ``dist`` to name it (a build made elsewhere, a cleaned folder).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from pipeline.model.charter import SCHEDULERS, Charter, Freeze
from pipeline.output import layout
from pipeline.stages.bundle.manifest import Manifest
from pipeline.stages.ledger.model import LedgerEntry
from pipeline.text.i18n import Translator, translator
from pipeline.text.messages import N_


@dataclass(frozen=True, order=True)
class Handover:
    """One post on one channel, handed to one scheduler for one instant."""

    scheduler: str
    publish_at: datetime
    post: str
    channel: str
    title: str
    source: str
    """Where Almanac learnt it: the bundle's file name."""


HandoverSource = Callable[[Path], Iterable[Handover]]
"""Reads handovers from the output folder (``dist``): :func:`from_bundles`, or another reader of bundles."""


@dataclass(frozen=True, order=True)
class Published:
    """A post on a channel the ledger says already went out: too late to suspend it in a scheduler."""

    published_at: datetime
    post: str
    channel: str
    permalink: str
    source: str
    """The export that reported it (the ledger's ``source``): hootsuite, buffer, meta."""


@dataclass(frozen=True)
class HowTo:
    """How a scheduler suspends what it holds, and the public page that says so."""

    steps: str
    """English, marked for the catalogue: :func:`notice` says it in the user's language."""
    source: str


HOW_TO: dict[str, HowTo] = {
    "hootsuite": HowTo(
        N_(
            "Suspend the organisation's scheduled content: My profile > Manage accounts and teams > "
            "Suspend, with the reason (Team, Business and Enterprise plans; content due within a minute "
            "may still go out). Ending the suspension publishes what is still scheduled: delete or "
            "reschedule the entries below before you end it."
        ),
        "help.hootsuite.com/hc/en-us/articles/1260804306089-Suspend-scheduled-content",
    ),
    "buffer": HowTo(
        N_(
            "Delete each entry below from its channel's queue (through the API: the deletePost "
            "mutation); import them again from the bundle after almanac resume."
        ),
        N_(
            "developers.buffer.com (deletePost, DeletePostSuccess); "
            "no Buffer page on pausing a queue was read"
        ),
    ),
    "sprout": HowTo(
        N_(
            "Delete each entry below from the Publishing calendar, or move it to drafts; import them "
            "again from the bundle after almanac resume."
        ),
        N_("not verified: no Sprout Social help page on suspending scheduled messages was found"),
    ),
    "metricool": HowTo(
        N_(
            "Open Planning in List view and delete each entry below; Metricool has no bulk action to "
            "change scheduled posts, the List view is the quickest way through them."
        ),
        "help.metricool.com, How Planning settings work",
    ),
    "postiz": HowTo(
        N_(
            "Delete each entry below from the calendar, or through the public API with DELETE /posts/:id "
            "(it deletes the post's whole group, every channel of it)."
        ),
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
"""The readers :func:`to_suspend` asks (the ledger is not one: see :func:`split_published`)."""


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


Ledger = Mapping[tuple[str, str], LedgerEntry]
"""The brand's ledger by (post id, channel), as :func:`pipeline.stages.ledger.store.read_ledger` gives it."""


def split_published(
    grouped: dict[str, list[Handover]], ledger: Ledger, pause: Freeze, charter: Charter
) -> tuple[dict[str, list[Handover]], list[Published]]:
    """``grouped`` without what the ledger says went out, and what went out, in time order.

    What went out is every ledger entry of a handover in ``grouped`` (whatever
    scheduler lists it), and every ledger entry published inside ``pause``.
    """
    gone = {(h.post, h.channel) for items in grouped.values() for h in items if (h.post, h.channel) in ledger}
    gone |= {key for key, e in ledger.items() if pause.covers(e.published_at, charter.tz)}
    kept: dict[str, list[Handover]] = {}
    for scheduler, items in grouped.items():
        left = [h for h in items if (h.post, h.channel) not in gone]
        if left:
            kept[scheduler] = left
    published = sorted(
        Published(e.published_at, e.post_id, e.channel, e.permalink, e.source)
        for e in (ledger[key] for key in gone)
    )
    return kept, published


NOTICE_HEAD = N_("Crisis pause of {brand} since {since}: {reason}")
NOTICE_NONE = N_("No entry handed to a scheduler falls inside the pause.")
NOTICE_SOURCE = N_("Source: {source}")
NOTICE_PUBLISHED = N_(
    "Already published, according to the ledger ({count}): too late to suspend; delete or hide them "
    "on the network if the crisis calls for it"
)
PUBLISHED_BY = N_("published by {source}")
PUBLISHED_PER = N_("reported by the {source} export")
NOTICE_NO_LEDGER = N_(
    "The ledger could not be read ({problem}): entries above may have gone out already; "
    "almanac check says what to fix."
)


def notice(
    pause: Freeze,
    grouped: dict[str, list[Handover]],
    charter: Charter,
    published: Iterable[Published] = (),
    ledger_problem: str | None = None,
    words: Translator | None = None,
) -> str:
    """The list to act on, per scheduler, with its way to suspend: printed and written beside the bundles.

    ``published`` (from :func:`split_published`) follows, each with its permalink;
    ``ledger_problem`` says why the ledger could not be read, when it could not.
    ``words`` is the user's language (the notice is what the person running ``pause`` acts on).
    """
    assert pause.since is not None
    words = words or translator("en")
    _ = words.gettext
    tz = charter.tz
    since = f"{pause.since.astimezone(tz):%Y-%m-%d %H:%M}"
    lines = [_(NOTICE_HEAD, brand=charter.brand.name, since=since, reason=pause.reason), ""]
    if not grouped:
        lines.append(_(NOTICE_NONE))
    for scheduler, items in grouped.items():
        how = HOW_TO.get(scheduler)
        lines.append(
            words.ngettext(
                "{scheduler}: {count} entry to suspend",
                "{scheduler}: {count} entries to suspend",
                len(items),
                scheduler=scheduler,
            )
        )
        if how is not None:
            lines += ["  " + _(how.steps), "  " + _(NOTICE_SOURCE, source=_(how.source))]
        for h in items:
            when = f"{h.publish_at.astimezone(tz):%Y-%m-%d %H:%M}"
            lines.append(f"  - {when}  {h.channel:<10} {h.post}  ({words.listed([h.title, h.source])})")
        lines.append("")
    gone = list(published)
    if gone:
        lines.append(_(NOTICE_PUBLISHED, count=len(gone)))
        for p in gone:
            when = f"{p.published_at.astimezone(tz):%Y-%m-%d %H:%M}"
            by = _(PUBLISHED_BY if p.source in SCHEDULERS else PUBLISHED_PER, source=p.source)
            lines.append(f"  - {when}  {p.channel:<10} {p.post}  {p.permalink or '-'}  ({by})")
        lines.append("")
    if ledger_problem is not None:
        lines += [_(NOTICE_NO_LEDGER, problem=ledger_problem), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = [
    "HOW_TO",
    "SOURCES",
    "Handover",
    "HandoverSource",
    "HowTo",
    "Ledger",
    "Published",
    "from_bundles",
    "notice",
    "split_published",
    "to_suspend",
]
