"""Which posts go into a bundle, what blocks it, and their manifest entries with media.

A bundle holds the approved posts whose publish day (in the brand's zone) falls
in the range; ``allow_drafts`` adds the posts in review, marked as drafts. A
post due before the moment the bundle is made is left out (Sprout rejects a
past time and Postiz publishes it at once) and listed; so is a post held back by a
crisis pause. It is refused while any error-level finding concerns what it would ship.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pipeline.errors import OutputError
from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.findings import Finding, Level
from pipeline.model.pause import pause_of
from pipeline.model.project import Project
from pipeline.model.records import VisualRecord
from pipeline.output import layout
from pipeline.stages.bundle.manifest import Entry, MediaItem
from pipeline.text.compose import link_for, published_text
from pipeline.text.messages import msg


@dataclass(frozen=True)
class Selection:
    """The posts a bundle ships, those left out as already past, and the errors that forbid shipping."""

    posts: tuple[Post, ...]
    blocking: tuple[Finding, ...]
    past: tuple[Post, ...] = ()
    """In the range and the statuses, but due before ``now``: not shipped."""


def select_posts(
    project: Project,
    findings: Iterable[Finding],
    first: date,
    last: date,
    *,
    allow_drafts: bool,
    now: datetime | None = None,
) -> Selection:
    """Posts in [first, last] by status and not before ``now``, and the error findings that concern them.

    An error blocks when it is about a bundled post, or about no loaded post at all
    (the charter, a post file that could not be loaded and might be in range, a
    topic). Errors about posts outside the range or not shipped do not block.
    """
    statuses = {"approved", "review"} if allow_drafts else {"approved"}
    tz = project.charter.tz
    in_range = sorted(
        (
            p
            for p in project.posts
            if p.meta.status in statuses
            and first <= p.when.astimezone(tz).date() <= last
            and pause_of(p.when, project.charter) is None  # held back by a crisis pause: not handed over
        ),
        key=lambda p: (p.when, p.id),
    )
    posts = tuple(p for p in in_range if now is None or p.when >= now)
    past = tuple(p for p in in_range if now is not None and p.when < now)
    shipped = {p.id for p in posts}
    other_files = {p.path for p in project.posts if p.id not in shipped}
    other_ids = {p.id for p in project.posts} - shipped
    blocking = tuple(
        f
        for f in findings
        if f.level is Level.ERROR
        and (f.post in shipped or (f.post not in other_ids and f.file not in other_files))
    )
    return Selection(posts, blocking, past)


def media_path(record: VisualRecord) -> str:
    """Where a visual goes in the zip: ``media/`` + its path under the site's ``visuals/``."""
    return layout.bundle_media(record.path)


def media_url(base_url: str | None, record: VisualRecord) -> str | None:
    """The public URL of a visual: the base URL + its path in the site (None without a base URL)."""
    if base_url is None:
        return None
    return base_url.rstrip("/") + "/" + record.path.lstrip("/")


def entries_for(
    posts: Iterable[Post],
    charter: Charter,
    visuals: Iterable[VisualRecord],
    base_url: str | None,
) -> list[Entry]:
    """One manifest entry per post × channel, in publish order, media in profile order."""
    by_key: dict[tuple[str, str], list[VisualRecord]] = {}
    for record in visuals:
        by_key.setdefault((record.post, record.channel), []).append(record)
    entries: list[Entry] = []
    for post in posts:
        for channel in post.meta.channels:
            records = sorted(by_key.get((post.id, channel), []), key=_format_order(charter, channel))
            entries.append(_entry(post, channel, charter, records, base_url))
    return entries


def _format_order(charter: Charter, channel: str) -> Callable[[VisualRecord], tuple[int, str]]:
    profile = charter.profiles.get(channel)
    names = [f.name for f in profile.formats] if profile else []

    def key(record: VisualRecord) -> tuple[int, str]:
        rank = names.index(record.format) if record.format in names else len(names)
        return rank, record.path

    return key


def _entry(
    post: Post, channel: str, charter: Charter, records: list[VisualRecord], base_url: str | None
) -> Entry:
    when = post.when.astimezone(charter.tz)
    return Entry(
        post=post.id,
        channel=channel,
        title=post.meta.title,
        status="approved" if post.meta.status == "approved" else "review",
        draft=post.meta.status != "approved",
        publish_at=when,
        publish_at_utc=when.astimezone(UTC),
        text=published_text(post, channel, charter),
        hashtags=list(post.meta.hashtags),
        link=link_for(post, channel, charter),
        media=[
            MediaItem(
                path=media_path(r),
                url=media_url(base_url, r),
                format=r.format,
                sha256=r.sha256,
                width=r.width,
                height=r.height,
                bytes=r.bytes,
                alt=r.alt,
            )
            for r in records
        ],
        pillar=post.meta.pillar,
        topic=post.meta.topic,
        campaign=post.meta.campaign,
        source=post.path,
    )


def media_files(
    entries: Iterable[Entry], visuals: Iterable[VisualRecord], read: Callable[[VisualRecord], bytes]
) -> MediaFiles:
    """The bytes of every visual the entries use, by zip path, checked against their sha256 when read."""
    wanted = {m.path for e in entries for m in e.media}
    records: dict[str, VisualRecord] = {}
    for record in visuals:
        path = media_path(record)
        if path in wanted and path not in records:
            records[path] = record
    return MediaFiles(records, read)


class MediaFiles(Mapping[str, bytes]):
    """A bundle's media by zip path, read only when the zip writes each one.

    Tens of megabytes of visuals need not be in memory together: the zip takes
    them one at a time. Each is checked against its recorded sha256 as it is read.
    """

    def __init__(self, records: dict[str, VisualRecord], read: Callable[[VisualRecord], bytes]) -> None:
        self.records = records
        self.read = read

    def __getitem__(self, path: str) -> bytes:
        record = self.records[path]
        data = self.read(record)
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise OutputError(
                msg("visual {path} does not match its recorded sha256; rebuild it", path=record.path)
            )
        return data

    def __contains__(self, path: object) -> bool:
        return path in self.records  # without reading the file, as Mapping's own would

    def __iter__(self) -> Iterator[str]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)
