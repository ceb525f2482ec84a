"""Every page of the preview site, rendered in memory, keyed by output path (:mod:`pipeline.output.layout`).

Links between pages are relative (templates call ``link(layout.…)``), so the
site works from ``file://`` and from any sub-path. Absolute URLs appear only
where a calendar application needs one: the feed subscription links, made from
the charter's ``site_url``.

A page is a function of the commit alone: dates on it count from the build day
(the commit's, see :func:`pipeline.stages.history.build_time`). What depends on
the moment someone looks at it (today's mark, past days and posts, what comes
next) is marked in the visitor's browser by ``clock.js``, from the ``data-date``
and ``data-at`` attributes the templates write.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from pipeline.model.findings import Finding, Level, count_levels, sort_findings
from pipeline.model.inputs import SITE_PAGES_FILE
from pipeline.model.project import CACHE_DIR, Project
from pipeline.model.records import VisualRecord
from pipeline.output import layout
from pipeline.output.publish import Artifact
from pipeline.output.store import code_digest
from pipeline.stages.check.rules import rule_info
from pipeline.stages.fanout import Fanout
from pipeline.stages.history import History, build_time
from pipeline.stages.site import calendar, share, stats
from pipeline.stages.site.atom import atom_feed
from pipeline.stages.site.brand import brand_css, brand_files
from pipeline.stages.site.cards import index_visuals, thumbnails
from pipeline.stages.site.common import PageValues, page_context
from pipeline.stages.site.env import environment, script, stylesheet
from pipeline.stages.site.ledger import ledger_rows, site_ledger
from pipeline.stages.site.monthly import monthly_pages
from pipeline.stages.site.pagecache import PageCache, digest, post_digest, value_digest
from pipeline.stages.site.postpages import TEMPLATE, post_inputs, render_posts
from pipeline.text.i18n import Translator, translator

UPCOMING_LISTED = 30
"""Posts the home page lists from the build day on: the browser shows the first five not yet out,
so the list stays useful for weeks after the commit."""
UPCOMING_SHOWN = 5


@dataclass(frozen=True)
class Feed:
    """One subscribable feed: where it is, and the links calendar applications take."""

    name: str
    path: str
    """Output path of the .ics file."""
    https: str
    webcal: str
    google: str


def feeds(project: Project, words: Translator) -> list[Feed]:
    """Every feed the feeds stage writes, with subscription links from the charter's ``site_url``."""
    site_url = project.charter.brand.site_url
    _ = words.gettext
    names = [
        (_("Every post"), layout.feed(layout.CALENDAR)),
        (_("Every post, with reminders"), layout.feed(layout.REMINDERS)),
    ]
    names += [
        (_("{channel} only", channel=p.label), layout.channel_feed(name))
        for name, p in project.charter.profiles.items()
    ]
    names.append((_("Seasonal dates"), layout.feed(layout.SEASONAL)))
    found = []
    for title, path in names:
        https = layout.public_url(site_url, path)
        webcal = "webcal://" + https.split("://", 1)[1]
        google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
        found.append(Feed(title, path, https, webcal, google))
    return found


class _Site:
    """Shared context of one build, and a render helper that tells each page where it is."""

    def __init__(
        self,
        project: Project,
        history: History,
        findings: Sequence[Finding],
        visuals: Sequence[VisualRecord],
        cache: PageCache,
        keep: Callable[[bytes], Artifact] = Artifact.of_bytes,
    ) -> None:
        self.project = project
        self.keep = keep
        self.history = history
        self.stamp = build_time(history)
        charter = project.charter
        self.words = translator(charter.brand.language)
        self.build_day = self.stamp.astimezone(charter.tz).date()
        self.findings = sort_findings(findings)
        self.visuals = index_visuals(visuals)
        self.cache = cache
        self.posts = sorted(project.posts, key=lambda p: (p.when, p.id))
        self.ledger = site_ledger(project.root)
        # The ledger's word per post, as of the commit: the post pages and the calendar chips show it.
        self.went_out = {p.id: ledger_rows(p, charter, self.ledger, self.stamp) for p in self.posts}
        self.cal = calendar.make_calendar(
            charter,
            self.posts,
            project.topics,
            project.campaigns,
            self.findings,
            self.build_day,
            self.went_out,
        )
        self.slots = calendar.pillar_slots(charter, self.posts)
        self.thumbs = thumbnails(self.posts, self.visuals)
        self.by_post: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if f.post:
                self.by_post[f.post].append(f)
        self.values = PageValues(
            charter=charter,
            build_day=self.build_day,
            head=history.head,
            counts=count_levels(self.findings),
            slots=self.slots,
            topic_titles={t.slug: t.meta.title for t in project.topics},
            campaign_titles={c.slug: c.meta.title for c in project.campaigns},
            filters=calendar.filter_choices(charter, self.posts, project.campaigns),
            keeps_ledger=bool(self.ledger),
        )
        self.common = page_context(self.values, self.thumbs)
        self.out: dict[str, Artifact] = {}
        # What every page shows or is made with: the header and footer values, the charter, the code.
        self.shared = value_digest(
            [
                code_digest(),
                project.charter_text,
                self.build_day,
                history.head,
                self.common["counts"],
                self.slots,
                self.common["topic_titles"],
                self.common["campaign_titles"],
                self.common["filters"],
                self.common["keeps_ledger"],
            ]
        )
        self.post_keys = {p.id: post_digest(p) for p in self.posts}

    def page(self, path: str, template: str, key: str | None = None, **context: Any) -> None:
        """Render the page at output path ``path``, or reuse the published one when ``key`` is unchanged."""
        if key is not None and self.reuse(path, template, key):
            return
        html = (
            environment(self.project.charter.brand.language)
            .get_template(template)
            .render(**self.common, here=path, **context)
        )
        self.out[path] = art = self.keep(html.encode("utf-8"))
        if key is not None:
            self.cache.put(path, digest(self.shared, path, template, key), art)

    def reuse(self, path: str, template: str, key: str) -> bool:
        """Take the published page when its key is unchanged (before making an expensive context)."""
        cached = self.cache.get(path, digest(self.shared, path, template, key))
        if cached is not None:
            self.out[path] = cached
        return cached is not None

    def chip_keys(self, chips: Sequence[calendar.Chip]) -> list[object]:
        """What a page shows of its chips: each post's source, its problem count, colour, thumbnail and
        ledger status."""
        return [
            [
                self.post_keys[c.post.id],
                c.problems,
                c.pillar_slot,
                self._thumb_key(c.post.id),
                repr(c.went_out),
            ]
            for c in chips
        ]

    def _thumb_key(self, post_id: str) -> str | None:
        thumb = self.thumbs.get(post_id)
        return thumb.sha256 if thumb else None

    def author(self, rel: str) -> tuple[str, datetime | None]:
        """Latest author and last commit of a file; None for a file git does not know yet."""
        entry = self.history.files.get(rel)
        if entry is None:
            return self.words.gettext("not committed yet"), None
        who = entry.authors[0] if entry.authors else self.words.gettext("unknown")
        return who, entry.last.astimezone(self.project.charter.tz)


def render_site(
    project: Project,
    history: History,
    findings: Sequence[Finding],
    visuals: Sequence[VisualRecord] = (),
    *,
    previous: Mapping[str, Artifact] | None = None,
    keep: Callable[[bytes], Artifact] = Artifact.of_bytes,
    jobs: int | None = None,
    beside: Callable[[], object] | None = None,
) -> dict[str, Artifact]:
    """The whole preview site, keyed by output path (``site/...``).

    Each rendered page becomes an artifact through ``keep`` as soon as it is made:
    in memory by default, on disk with the build's spool (:class:`pipeline.output.publish.Spool`).

    ``previous`` is the published build (:func:`pipeline.output.publish.published_view`,
    empty before the first): a page whose inputs did not change since it was
    published is taken from there (see :mod:`pipeline.stages.site.pagecache`). Without
    it, every page is rendered and no cache is kept.

    ``jobs`` caps the processes rendering the post pages (see :mod:`pipeline.stages.fanout`);
    ``keep`` must then pickle (the spool's does), since a worker keeps the pages it renders.
    ``beside`` is other work of the build for this process, done with the calendar's pages.
    """
    where = project.root / CACHE_DIR / SITE_PAGES_FILE if previous is not None else None
    cache = PageCache.open(where, previous or {})
    site = _Site(project, history, findings, visuals, cache, keep)
    # The brand's fonts and palette (stages/site/brand.py) close the stylesheet: they win over its defaults.
    brand = brand_css(project.root, project.charter).encode()
    site.out[layout.stylesheet()] = Artifact.of_bytes(stylesheet() + brand)
    site.out.update(brand_files(project.root, project.charter))
    site.out[layout.script()] = Artifact.of_bytes(script())
    todo = post_inputs(site)

    def first() -> None:
        _calendar_pages(site)
        _report_pages(site)
        monthly_pages(site)
        _share_pages(site)
        if beside is not None:
            beside()

    # The post pages are most of the site: a worker takes them from the end while this process
    # renders every other page (and does the work beside), then joins in from the start (one
    # process below MIN_ITEMS). The other pages were rendered after the post pages, a third of
    # a second at 10,000 posts with the worker idle.
    with Fanout(jobs) as fan:
        items = [item for _, item in todo]
        made = fan.map(render_posts, (site.values, keep), items, first=first)
    for (key, item), art in zip(todo, made, strict=True):
        site.out[item.path] = art
        site.cache.put(item.path, digest(site.shared, item.path, TEMPLATE, key), art)
    cache.save()
    return dict(sorted(site.out.items()))


def _neighbours(keys: list[str], i: int) -> tuple[str | None, str | None]:
    return (keys[i - 1] if i > 0 else None), (keys[i + 1] if i + 1 < len(keys) else None)


def _calendar_pages(site: _Site) -> None:
    months = calendar.months(site.cal)
    keys = [m.key for m in months]
    upcoming = _upcoming(site)
    shown_next = site.chip_keys(upcoming)
    for i, month in enumerate(months):
        prev, nxt = _neighbours(keys, i)
        context = {
            "month": month,
            "prev": prev,
            "next": nxt,
            "upcoming": upcoming,
            "shown": UPCOMING_SHOWN,
            "month_range": (keys[0], keys[-1]),
        }
        cells = [[c.day, c.in_month, site.chip_keys(c.chips), repr(c.bands)] for c in _cells(month)]
        key = value_digest([month.first, month.count, prev, nxt, cells, shown_next, keys[0], keys[-1]])
        site.page(layout.month_page(month.key), "month.html", key, **context)
        if month.key == site.common["build_month"]:
            site.page(layout.index_page(), "month.html", key, **context)
    weeks = calendar.weeks(site.cal)
    wkeys = [w.key for w in weeks]
    for i, week in enumerate(weeks):
        prev, nxt = _neighbours(wkeys, i)
        # The month holding the week's Thursday (ISO's rule), when that month has a page.
        shown = [k for k in (calendar.month_key(d) for d, _ in (week.days[3], *week.days)) if k in keys]
        days = [[d, site.chip_keys(chips)] for d, chips in week.days]
        key = value_digest([week.monday, days, repr(week.bands), prev, nxt, shown[0]])
        site.page(
            layout.week_page(week.key), "week.html", key, week=week, prev=prev, next=nxt, month_key=shown[0]
        )


def _cells(month: calendar.Month) -> list[calendar.Cell]:
    return [cell for row in month.rows for cell in row]


def _upcoming(site: _Site) -> list[calendar.Chip]:
    """The posts from the build day on, for the home page (the browser hides those already out)."""
    chips = [c for day in sorted(site.cal.by_day) if day >= site.build_day for c in site.cal.by_day[day]]
    return chips[:UPCOMING_LISTED]


def _report_pages(site: _Site) -> None:
    project = site.project
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in site.findings:
        groups[f.rule].append(f)
    ranked = sorted(groups.items(), key=lambda kv: (min(f.level.rank for f in kv[1]), kv[0]))
    known = {p.id for p in project.posts}
    # Each rule's rationale names its source (a law, a platform's rules): the report shows it under the rule.
    # In the brand's language, like the rest of the page (SARIF keeps the English: an interface).
    why = {
        rule: site.words.gettext(info.rationale)
        for rule, _items in ranked
        if (info := rule_info(rule)) is not None
    }
    site.page(
        layout.report_page(), "report.html", groups=ranked, known=known, levels=list(Level), rationales=why
    )
    site.page(
        layout.mix_page(),
        "mix.html",
        cadence=stats.cadence(project.charter, site.posts),
        mix=stats.pillar_mix(project.charter, site.posts, site.slots),
        mix_window=project.charter.cadence.mix.window_days if project.charter.cadence.mix else None,
        total=len(site.posts),
        coverage=stats.coverage(project.charter, site.posts, project.topics, site.build_day),
        horizon=project.charter.publish.horizon_days,
    )
    site.page(layout.subscribe_page(), "subscribe.html", feeds=feeds(project, site.words))


def _share_pages(site: _Site) -> None:
    """The advocacy pack: its page, its Atom feed, its script and styles (see :mod:`.share`)."""
    charter = site.project.charter
    # The ledger the post pages read (one read per build): the brand's own post, for staff to repost.
    permalinks = {key: entry.permalink for key, entry in site.ledger.items() if entry.permalink}
    items = share.share_items(charter, site.posts, site.visuals, site.history, site.stamp, permalinks)
    feed_url = layout.public_url(charter.brand.site_url, layout.share_feed())
    when = functools.partial(share.share_when, words=site.words)
    site.page(layout.share_page(), "share.html", items=items, when=when, feed_url=feed_url)
    feed = atom_feed(charter, items, site.stamp, when, site.words.gettext)
    site.out[layout.share_feed()] = Artifact.of_bytes(feed)
    for path, data in share.share_files().items():
        site.out[path] = Artifact.of_bytes(data)
