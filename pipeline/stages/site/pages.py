"""Every page of the preview site, rendered in memory: ``{"site/<path>": Artifact}``.

Links between pages are relative (each page knows its depth as ``root``), so
the site works from ``file://`` and from any sub-path. Absolute URLs appear only
where a calendar application needs one: the feed subscription links, made from
the charter's ``site_url``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from pipeline.build.fingerprint import code_digest
from pipeline.model.findings import Finding, Level, count_levels, sort_findings
from pipeline.model.project import CACHE_DIR, Project
from pipeline.model.records import (
    DOWNLOADS_DIR,
    FEEDS_DIR,
    VisualRecord,
    bundle_filename,
    default_bundle_range,
)
from pipeline.output.publish import Artifact
from pipeline.stages.history import History, build_time
from pipeline.stages.site import calendar, stats
from pipeline.stages.site.cards import badge, cards_for, index_visuals
from pipeline.stages.site.env import STYLESHEET, environment, stylesheet
from pipeline.stages.site.pagecache import PageCache, digest, post_digest, records_digest, value_digest

PREFIX = "site/"


@dataclass(frozen=True)
class Feed:
    """One subscribable feed: where it is, and the links calendar applications take."""

    name: str
    path: str
    https: str
    webcal: str
    google: str


def feeds(project: Project) -> list[Feed]:
    """Every feed the feeds stage writes, with subscription links from the charter's ``site_url``."""
    site_url = project.charter.brand.site_url
    names = [("Every post", "calendar.ics"), ("Every post, with reminders", "calendar-reminders.ics")]
    names += [(f"{p.label} only", f"{name}.ics") for name, p in project.charter.profiles.items()]
    names.append(("Seasonal dates", "seasonal.ics"))
    found = []
    for title, file in names:
        path = f"{FEEDS_DIR}/{file}"
        https = site_url + path
        webcal = "webcal://" + https.split("://", 1)[1]
        google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
        found.append(Feed(title, path, https, webcal, google))
    return found


class _Site:
    """Shared context of one build, and a render helper that knows each page's depth."""

    def __init__(
        self,
        project: Project,
        history: History,
        findings: Sequence[Finding],
        visuals: Sequence[VisualRecord],
        cache: PageCache,
    ) -> None:
        self.project = project
        self.history = history
        self.stamp = build_time(history)
        charter = project.charter
        self.today = self.stamp.astimezone(charter.tz).date()
        self.findings = sort_findings(findings)
        self.visuals = index_visuals(visuals)
        self.cache = cache
        self.posts = sorted(project.posts, key=lambda p: (p.when, p.id))
        self.cal = calendar.make_calendar(
            charter, self.posts, project.topics, project.campaigns, self.findings, self.today
        )
        self.slots = calendar.pillar_slots(charter, self.posts)
        self.by_post: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            if f.post:
                self.by_post[f.post].append(f)
        first, last = default_bundle_range(self.today, charter.publish.horizon_days)
        self.common: dict[str, Any] = {
            "brand": charter.brand,
            "palette": charter.visual.palette,
            "today": self.today,
            "today_month": calendar.month_key(self.today),
            "today_week": calendar.week_key(self.today),
            "commit": (history.head or "")[:10],
            "counts": count_levels(self.findings),
            "slots": self.slots,
            "badge": badge,
            "weekdays": calendar.WEEKDAYS,
            "bundle": f"{DOWNLOADS_DIR}/{bundle_filename(first, last)}",
            "bundle_range": (first, last),
            "stylesheet": STYLESHEET,
            "day_label": day_label,
        }
        self.out: dict[str, Artifact] = {}
        # What every page shows or is made with: the header and footer values, the charter, the code.
        self.shared = value_digest(
            [code_digest(), project.charter_text, self.today, history.head, self.common["counts"], self.slots]
        )
        self.post_keys = {p.id: post_digest(p) for p in self.posts}

    def page(self, path: str, template: str, key: str | None = None, **context: Any) -> None:
        """Render a page, or reuse the published one when ``key`` (what it depends on) is unchanged."""
        if key is not None and self.reuse(path, template, key):
            return
        root = "../" * path.count("/")
        html = environment().get_template(template).render(**self.common, root=root, here=path, **context)
        self.out[PREFIX + path] = art = Artifact.of_bytes(html.encode("utf-8"))
        if key is not None:
            self.cache.put(PREFIX + path, digest(self.shared, path, template, key), art)

    def reuse(self, path: str, template: str, key: str) -> bool:
        """Take the published page when its key is unchanged (before making an expensive context)."""
        rel = PREFIX + path
        cached = self.cache.get(rel, digest(self.shared, path, template, key))
        if cached is not None:
            self.out[rel] = cached
        return cached is not None

    def chip_keys(self, chips: Sequence[calendar.Chip]) -> list[object]:
        """What a page shows of its chips: each post's source, its problem count and colour."""
        return [[self.post_keys[c.post.id], c.problems, c.pillar_slot] for c in chips]

    def author(self, rel: str) -> tuple[str, datetime | None]:
        """Latest author and last commit of a file; None for a file git does not know yet."""
        entry = self.history.files.get(rel)
        if entry is None:
            return "not committed yet", None
        return (entry.authors[0] if entry.authors else "unknown"), entry.last.astimezone(
            self.project.charter.tz
        )


def render_site(
    project: Project,
    history: History,
    findings: Sequence[Finding],
    visuals: Sequence[VisualRecord] = (),
    *,
    previous: Mapping[str, Artifact] | None = None,
) -> dict[str, Artifact]:
    """The whole preview site, in memory, keyed by path under ``dist/`` (``site/...``).

    ``previous`` is the published build (:func:`pipeline.output.publish.published_view`,
    empty before the first): a page whose inputs did not change since it was
    published is taken from there (see :mod:`pipeline.stages.site.pagecache`). Without
    it, every page is rendered and no cache is kept.
    """
    where = project.root / CACHE_DIR / "site-pages.json" if previous is not None else None
    cache = PageCache.open(where, previous or {})
    site = _Site(project, history, findings, visuals, cache)
    site.out[PREFIX + STYLESHEET] = Artifact.of_bytes(stylesheet())
    _calendar_pages(site)
    _post_pages(site)
    _report_pages(site)
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
        context = {"month": month, "prev": prev, "next": nxt, "upcoming": upcoming}
        cells = [[c.day, c.in_month, c.today, site.chip_keys(c.chips), repr(c.bands)] for c in _cells(month)]
        key = value_digest([month.first, month.count, prev, nxt, cells, shown_next])
        site.page(f"month/{month.key}.html", "month.html", key, **context)
        if month.key == site.common["today_month"]:
            site.page("index.html", "month.html", key, **context)
    weeks = calendar.weeks(site.cal)
    wkeys = [w.key for w in weeks]
    for i, week in enumerate(weeks):
        prev, nxt = _neighbours(wkeys, i)
        # The month holding the week's Thursday (ISO's rule), when that month has a page.
        shown = [k for k in (calendar.month_key(d) for d, _ in (week.days[3], *week.days)) if k in keys]
        days = [[d, site.chip_keys(chips)] for d, chips in week.days]
        key = value_digest([week.monday, days, repr(week.bands), prev, nxt, shown[0]])
        site.page(
            f"week/{week.key}.html", "week.html", key, week=week, prev=prev, next=nxt, month_key=shown[0]
        )


def _cells(month: calendar.Month) -> list[calendar.Cell]:
    return [cell for row in month.rows for cell in row]


def _upcoming(site: _Site) -> list[calendar.Chip]:
    """The next posts from the build day on, for the home page."""
    chips = [c for day in sorted(site.cal.by_day) if day >= site.today for c in site.cal.by_day[day]]
    return chips[:5]


def _post_pages(site: _Site) -> None:
    charter = site.project.charter
    for post in site.posts:
        author, changed = site.author(post.path)
        local = post.when.astimezone(charter.tz)
        findings = site.by_post.get(post.id, [])
        mine = [v for ch in post.meta.channels for v in site.visuals.get((post.id, ch), ())]
        key = digest(site.post_keys[post.id], records_digest(findings, mine, author, str(changed)))
        if site.reuse(f"posts/{post.id}/index.html", "post.html", key):
            continue
        site.page(
            f"posts/{post.id}/index.html",
            "post.html",
            key,
            post=post,
            local=local,
            month_key=calendar.month_key(local.date()),
            week_key=calendar.week_key(local.date()),
            cards=cards_for(post, charter, site.visuals),
            author=author,
            changed=changed,
            findings=findings,
            slot=site.slots[post.meta.pillar],
        )


def _report_pages(site: _Site) -> None:
    project = site.project
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in site.findings:
        groups[f.rule].append(f)
    ranked = sorted(groups.items(), key=lambda kv: (min(f.level.rank for f in kv[1]), kv[0]))
    known = {p.id for p in project.posts}
    site.page("report.html", "report.html", groups=ranked, known=known, levels=list(Level))
    site.page(
        "mix.html",
        "mix.html",
        cadence=stats.cadence(project.charter, site.posts),
        mix=stats.pillar_mix(project.charter, site.posts, site.slots),
        mix_window=project.charter.cadence.mix.window_days if project.charter.cadence.mix else None,
        total=len(site.posts),
        coverage=stats.coverage(project.charter, site.posts, project.topics, site.today),
        horizon=project.charter.publish.horizon_days,
    )
    site.page("subscribe.html", "subscribe.html", feeds=feeds(project))


def day_label(day: date) -> str:
    """``Tuesday 1 December 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"
