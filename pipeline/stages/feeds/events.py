"""What the feeds say: posts, freezes and seasonal dates as :class:`EventSpec` values.

Pure functions over the loaded project and its git history; no iCalendar here.
Times come from git (``History.of``), falling back to the build time for files
git does not know, so the same commit always gives the same values.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pipeline.model.charter import Charter, Freeze
from pipeline.model.content import Post, SeasonalTopic
from pipeline.model.pause import pause_of, sequence_bump
from pipeline.model.project import CHARTER_FILE, Project
from pipeline.model.seasonal import Occurrence, occurrences_between
from pipeline.output import layout
from pipeline.stages.feeds.model import EventSpec, FeedSpec, in_feed, stable_uid
from pipeline.stages.history import FileHistory, History
from pipeline.text.i18n import Translator, translator

POSTS_REFRESH = timedelta(hours=4)
"""Posts move during the day: ask clients to poll every 4 hours (Nextcloud's default)."""
SEASONAL_REFRESH = timedelta(days=1)
_STATUS: dict[str, Literal["TENTATIVE", "CONFIRMED"]] = {
    "draft": "TENTATIVE",
    "review": "TENTATIVE",
    "approved": "CONFIRMED",
}


def preview_url(charter: Charter, post_id: str) -> str:
    """The post's page on the preview site."""
    return layout.post_url(charter.brand.site_url, post_id)


def sequence_of(entry: FileHistory) -> int:
    """SEQUENCE: 0 for the commit that added the file, +1 for every later commit that changed it."""
    return max(entry.revisions - 1, 0)


def _utc(moment: datetime) -> datetime:
    # iCalendar has no sub-second precision; dropping it keeps the output stable.
    return moment.astimezone(UTC).replace(microsecond=0)


def label_of(charter: Charter, channel: str) -> str:
    """A channel as people name it (``Instagram``), from its profile."""
    profile = charter.profiles.get(channel)
    return profile.label if profile is not None else channel


def post_event(
    post: Post,
    charter: Charter,
    labels: dict[str, str],
    entry: FileHistory,
    titles: dict[str, str] | None = None,
) -> EventSpec:
    """A post's event: its exact instant in UTC, for ``publish.event_minutes``.

    ``labels`` maps channel names to people's names; ``entry`` is the post file's history;
    ``titles`` maps topic and campaign slugs to their titles. The description speaks the
    brand's language.
    """
    words = translator(charter.brand.language)
    _ = words.gettext
    names = titles or {}
    channels = [labels.get(c, c) for c in post.meta.channels]
    meta = post.meta
    url = preview_url(charter, post.id)
    head = [
        _("Status: {status}", status=status_name(words, meta.status)),
        _("Channels: {channels}", channels=", ".join(channels)),
        _("Pillar: {pillar}", pillar=meta.pillar),
    ]
    if meta.topic:
        head.append(_("Seasonal topic: {title}", title=names.get(meta.topic, meta.topic)))
    if meta.campaign:
        head.append(_("Campaign: {title}", title=names.get(meta.campaign, meta.campaign)))
    parts = ["\n".join(head), post.body.strip()]
    for channel, variant in sorted(post.variants.items()):
        parts.append(_("{channel} only:", channel=labels.get(channel, channel)) + "\n" + variant.text.strip())
    if meta.link:
        parts.append(_("Link: {url}", url=meta.link))
    parts.append(_("Preview: {url}", url=url))
    paused = pause_of(post.when, charter)
    if paused is not None:
        # Subscribed calendars show the pause within their refresh: the event is cancelled, not removed.
        parts.insert(0, _("Paused: {reason}. Do not publish.", reason=paused.reason))
    start = _utc(post.when)
    return EventSpec(
        uid=stable_uid(charter, f"post:{post.id}"),
        summary=f"[{', '.join(channels)}] {meta.title}",
        description="\n\n".join(p for p in parts if p),
        start=start,
        end=start + timedelta(minutes=charter.publish.event_minutes),
        stamp=_utc(entry.last),
        sequence=sequence_of(entry) + sequence_bump(post.when, charter),
        categories=(*channels, meta.pillar, meta.status),
        status="CANCELLED" if paused is not None else _STATUS[meta.status],
        url=url,
    )


def status_name(words: Translator, status: str) -> str:
    """A post status as the brand's language names it (``approved`` → « validé »)."""
    _ = words.gettext
    names = {"idea": _("idea"), "draft": _("draft"), "review": _("review"), "approved": _("approved")}
    return names.get(status, status)


def freeze_event(freeze: Freeze, charter: Charter, entry: FileHistory) -> EventSpec:
    """A freeze as an all-day event over its days (``to`` included, so DTEND is the day after)."""
    words = translator(charter.brand.language)
    return EventSpec(
        uid=stable_uid(charter, f"freeze:{freeze.start.isoformat()}:{freeze.end.isoformat()}"),
        summary=words.gettext("Freeze: {reason}", reason=freeze.reason),
        description=words.gettext(
            "Nothing may be published from {first} to {last} (charter.yaml, cadence.freezes): {reason}",
            first=words.day(freeze.start),
            last=words.day(freeze.end),
            reason=freeze.reason,
        ),
        start=freeze.start,
        end=freeze.end + timedelta(days=1),
        stamp=_utc(entry.last),
        sequence=sequence_of(entry),
        categories=(words.gettext("Freeze"),),
    )


def seasonal_events(
    topic: SeasonalTopic, occ: Occurrence, charter: Charter, entry: FileHistory
) -> list[EventSpec]:
    """A topic's year: the all-day event itself, and a "Prepare" day where its lead window opens."""
    meta = topic.meta
    words = translator(charter.brand.language)
    _ = words.gettext
    labels = [label_of(charter, c) for c in meta.channels]
    categories = (_("Seasonal"), *([meta.pillar] if meta.pillar else []), *labels)
    common: dict[str, Any] = {
        "stamp": _utc(entry.last),
        "sequence": sequence_of(entry),
        "categories": categories,
    }
    about = [
        words.ngettext(
            "Posts about it belong from {day} ({count} day before).",
            "Posts about it belong from {day} ({count} days before).",
            meta.lead_days,
            day=words.day(occ.lead_start),
        ),
        _("The brand must cover it every year.") if meta.must_cover else "",
        _("Channels: {channels}", channels=", ".join(labels)) if labels else "",
        topic.body.strip(),
    ]
    events = [
        EventSpec(
            uid=stable_uid(charter, f"topic:{topic.slug}:{occ.year}"),
            summary=meta.title,
            description="\n\n".join(p for p in about if p),
            start=occ.start,
            end=occ.start + timedelta(days=meta.duration_days),
            **common,
        )
    ]
    if meta.lead_days > 0:
        events.append(
            EventSpec(
                uid=stable_uid(charter, f"prepare:{topic.slug}:{occ.year}"),
                summary=_("Prepare: {title}", title=meta.title),
                description=(
                    _(
                        "{title} is on {day}: posts about it belong from today.",
                        title=meta.title,
                        day=words.day(occ.start),
                    )
                    + "\n\n"
                    + topic.body.strip()
                ).strip(),
                start=occ.lead_start,
                end=occ.lead_start + timedelta(days=1),
                **common,
            )
        )
    return events


def seasonal_window(build_day: date, years: int) -> tuple[date, date]:
    """Occurrences the seasonal feed carries: from 1 January of the build year to ``years`` years ahead."""
    try:
        last = build_day.replace(year=build_day.year + years)
    except ValueError:  # 29 February
        last = build_day.replace(year=build_day.year + years, day=28)
    return date(build_day.year, 1, 1), last


def _sort_key(event: EventSpec) -> tuple[str, str]:
    return (event.start.isoformat(), event.uid)


def plan_feeds(project: Project, history: History, stamp: datetime) -> list[FeedSpec]:
    """Every feed of the build: calendar, reminders, one per channel, seasonal."""
    return list(iter_feeds(project, history, stamp))


def iter_feeds(project: Project, history: History, stamp: datetime) -> Iterator[FeedSpec]:
    """:func:`plan_feeds` one feed at a time: each feed's copies of the post events (their own
    UIDs, the reminders' alarms) exist only while that feed is written."""
    charter = project.charter
    brand = charter.brand.name
    words = translator(charter.brand.language)
    _ = words.gettext
    titles = {t.slug: t.meta.title for t in project.topics} | {
        c.slug: c.meta.title for c in project.campaigns
    }
    build_day = stamp.astimezone(charter.tz).date()
    charter_entry = history.of(CHARTER_FILE, stamp)
    freezes = sorted(
        (freeze_event(f, charter, charter_entry) for f in charter.cadence.freezes), key=_sort_key
    )
    oldest = (
        None
        if charter.publish.feed_past_days is None
        else build_day - timedelta(days=charter.publish.feed_past_days)
    )
    posts = sorted(
        (p for p in project.posts if p.meta.status != "idea" and (oldest is None or p.when.date() >= oldest)),
        key=lambda p: (p.when, p.id),
    )
    channels = sorted(set(charter.profiles) | {c for p in posts for c in p.meta.channels})
    labels = {c: label_of(charter, c) for c in channels}
    events = {p.id: post_event(p, charter, labels, history.of(p.path, stamp), titles) for p in posts}
    all_posts = tuple(events[p.id] for p in posts)
    reminder = charter.publish.reminder_minutes
    yield FeedSpec(
        path=layout.feed(layout.CALENDAR),
        name=_("{brand}: editorial calendar", brand=brand),
        description=_(
            "Every planned post of {brand} (ideas left out), and the publishing freezes.", brand=brand
        ),
        refresh=POSTS_REFRESH,
        events=(*freezes, *all_posts),
    )
    yield FeedSpec(
        path=layout.feed(layout.REMINDERS),
        name=_("{brand}: editorial calendar with reminders", brand=brand),
        description=words.ngettext(
            "Every planned post of {brand}, with an alert {count} minute before each.",
            "Every planned post of {brand}, with an alert {count} minutes before each.",
            reminder,
            brand=brand,
        ),
        refresh=POSTS_REFRESH,
        events=in_feed(
            (*freezes, *(e.model_copy(update={"alarm_minutes": reminder}) for e in all_posts)),
            layout.file_name(layout.feed(layout.REMINDERS)),
        ),
    )
    for channel in channels:
        label = labels[channel]
        yield FeedSpec(
            path=layout.channel_feed(channel),
            name=_("{brand}: {channel}", brand=brand, channel=label),
            description=_(
                "Every planned {channel} post of {brand}, and the publishing freezes.",
                channel=label,
                brand=brand,
            ),
            refresh=POSTS_REFRESH,
            events=in_feed(
                (*freezes, *(events[p.id] for p in posts if channel in p.meta.channels)),
                layout.file_name(layout.channel_feed(channel)),
            ),
        )
    first, last = seasonal_window(build_day, charter.publish.feed_years)
    topics = {t.slug: t for t in project.topics}
    seasonal = [
        event
        for occ in occurrences_between(project.topics, first, last)
        for event in seasonal_events(topics[occ.slug], occ, charter, history.of(topics[occ.slug].path, stamp))
    ]
    yield FeedSpec(
        path=layout.feed(layout.SEASONAL),
        name=_("{brand}: seasonal topics", brand=brand),
        description=words.ngettext(
            "The seasonal topics of {brand} for the next {count} year, "
            "with the day each one's lead window opens.",
            "The seasonal topics of {brand} for the next {count} years, "
            "with the day each one's lead window opens.",
            charter.publish.feed_years,
            brand=brand,
        ),
        refresh=SEASONAL_REFRESH,
        events=tuple(sorted(seasonal, key=_sort_key)),
    )
