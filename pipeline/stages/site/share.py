"""The employee advocacy pack, ``site/share/``: the coming weeks' approved posts, ready to share.

For each approved post from :data:`DAYS_BEFORE` days before the build day to
:data:`WEEKS_AHEAD` weeks after it, one text per network of the post, as a member
of staff copies it into a personal account (:func:`pipeline.text.advocacy.advocacy_text`:
the approved text, the brand's hashtags, a link tagged ``utm_source=advocacy`` and
``utm_content=<post id>``), the network's visual to download, and a "copy" button.
The same items make an Atom feed (:mod:`pipeline.stages.site.atom`) for a feed reader.

Outputs depend on the commit alone: the window counts from the build day (the
commit's, see :func:`pipeline.stages.history.build_time`), never from the clock.
The site is rebuilt at each merge, so the window moves with the calendar; between
two merges, the page's script marks in the reader's browser which posts are out
already (share them now) and which are still to come (share them from their time).
Posts a few days old stay listed: a share helps most in the first days after the
brand's own post.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

from pipeline.model.channels import ChannelProfile
from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.model.records import VisualRecord
from pipeline.output import layout
from pipeline.stages.history import History
from pipeline.stages.site.cards import VisualIndex, badge
from pipeline.text.advocacy import advocacy_link, advocacy_text
from pipeline.text.i18n import Translator
from pipeline.text.metrics import length_for_unit

DAYS_BEFORE = 7
"""Days before the build day whose posts stay in the pack."""
WEEKS_AHEAD = 6
"""Weeks after the build day the pack reaches."""
SCRIPT = "share.js"
STYLESHEET = "share.css"


@dataclass(frozen=True)
class ShareText:
    """One network's text of a post, as a member of staff shares it."""

    channel: str
    label: str
    badge: str
    text: str
    length: int
    """Counted the way the network counts (as ``channel.length`` does)."""
    max_length: int | None
    visual: VisualRecord | None
    """The network's main visual (its first format), to download."""
    permalink: str | None = None
    """The brand's own post on that network, once published (to repost it), when known."""


@dataclass(frozen=True)
class ShareItem:
    """One post of the pack: when it goes out, its texts, its tracked link."""

    post: Post
    local: datetime
    """The brand's publish time, in the brand's zone."""
    updated: datetime
    """The last commit that changed the post (the build time for a file git does not know)."""
    link: str | None
    texts: tuple[ShareText, ...]

    @property
    def visual(self) -> VisualRecord | None:
        """The first network's visual, which the feed offers as the post's image."""
        return next((t.visual for t in self.texts if t.visual is not None), None)


def window(build_day_start: datetime) -> tuple[datetime, datetime]:
    """The instants the pack covers: ``DAYS_BEFORE`` days before the build day's start to the weeks ahead."""
    return build_day_start - timedelta(days=DAYS_BEFORE), build_day_start + timedelta(weeks=WEEKS_AHEAD)


def _main_visual(profile: ChannelProfile, post: Post, visuals: VisualIndex) -> VisualRecord | None:
    mine = visuals.get((post.id, profile.name), [])
    for fmt in profile.formats:
        for record in mine:
            if record.format == fmt.name:
                return record
    return mine[0] if mine else None


def _frozen(charter: Charter, post: Post) -> bool:
    day = post.when.astimezone(charter.cadence_tz).date()  # the zone cadence.freeze judges in
    return any(f.start <= day <= f.end for f in charter.cadence.freezes)


def share_items(
    charter: Charter,
    posts: Sequence[Post],
    visuals: VisualIndex,
    history: History,
    stamp: datetime,
    permalinks: Mapping[tuple[str, str], str] | None = None,
) -> list[ShareItem]:
    """The pack's posts, in publishing order: approved, within :func:`window` of the build day.

    A post on a frozen day (``cadence.freezes``: a crisis pause, a truce) is left
    out: staff must not share what the brand holds back. ``permalinks`` gives the
    brand's published post by (post id, channel), from the publication ledger
    when there is one; the page then links to it, so staff can repost it.
    """
    day = stamp.astimezone(charter.tz).date()
    first, last = window(datetime.combine(day, datetime.min.time(), charter.tz))
    permalinks = permalinks or {}
    items = []
    for post in sorted(posts, key=lambda p: (p.when, p.id)):
        if post.meta.status != "approved" or not first <= post.when < last or _frozen(charter, post):
            continue
        texts = []
        for channel in post.meta.channels:
            profile = charter.profiles.get(channel) or ChannelProfile(
                name=channel, label=channel.capitalize()
            )
            text = advocacy_text(post, channel, charter)
            texts.append(
                ShareText(
                    channel=channel,
                    label=profile.label,
                    badge=badge(channel),
                    text=text,
                    length=length_for_unit(text, profile.length_unit),
                    max_length=profile.max_length,
                    visual=_main_visual(profile, post, visuals),
                    permalink=permalinks.get((post.id, channel)),
                )
            )
        items.append(
            ShareItem(
                post=post,
                local=post.when.astimezone(charter.tz),
                updated=history.of(post.path, stamp).last,
                link=advocacy_link(post),
                texts=tuple(texts),
            )
        )
    return items


def share_when(item: ShareItem, words: Translator) -> str:
    """When a post may be shared, in the brand's language (« À partager dès mardi 1er décembre, 10:00 »)."""
    return words.gettext(
        "Share from {day}, {time}", day=words.day(item.local.date()), time=f"{item.local:%H:%M}"
    )


def script() -> bytes:
    """The pack's script, shipped with the package (see ``templates/share.js``)."""
    return resources.files("pipeline.stages.site").joinpath("templates", SCRIPT).read_bytes()


def stylesheet() -> bytes:
    """The pack's styles, shipped with the package (see ``templates/share.css``)."""
    return resources.files("pipeline.stages.site").joinpath("templates", STYLESHEET).read_bytes()


def share_files() -> dict[str, bytes]:
    """The pack's static files, by output path."""
    return {layout.share_script(): script(), layout.share_stylesheet(): stylesheet()}
