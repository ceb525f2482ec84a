"""Every path Almanac writes under ``dist/``, named in this one module.

Paths are POSIX strings relative to the output folder (``site/posts/teaser/index.html``),
the keys the stages hand to :func:`pipeline.output.publish.publish`. Stages, templates
and commands ask this module for a path and never assemble one from pieces, so the
file a stage writes and the link a page makes to it cannot drift apart.

Names that come from users (a charter's channel names such as ``Google_Business``)
go through :func:`slug` before they reach a path: lower-case ASCII letters, digits
and hyphens only, never empty, so ``feeds/google-business.ics`` is both the file and
the link.

Pages link to each other with :func:`link`: a path relative to the page that holds
the link, so the site works from ``file://`` and from any sub-path.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
from datetime import date

from slugify import slugify

SITE = "site"
"""The static site's folder."""
_SITE_PREFIX = SITE + "/"
_VISUALS = "visuals"
_FEEDS = "feeds"
_DOWNLOADS = "downloads"
_BUNDLES = "bundle"
_MEDIA = "media"
_SHARE = "share"

CALENDAR = "calendar"
"""The feed of every post but ideas, and the freezes."""
REMINDERS = "calendar-reminders"
"""The same feed with an alert before each post."""
SEASONAL = "seasonal"
"""The feed of seasonal dates."""
_RESERVED_FEEDS = frozenset({CALENDAR, REMINDERS, SEASONAL})

REPORT_JSON = "report.json"
"""The findings of the build, as ``almanac check --format json`` prints them."""


@functools.lru_cache(maxsize=4096)  # a build slugs the same few channel names thousands of times
def slug(name: str) -> str:
    """A user-given name as a safe path segment: ``Google_Business`` → ``google-business``.

    A name with no letter or digit to keep (``___``, an emoji) gets a stable
    hash-based segment instead of an empty one, which would name a folder.
    """
    made = slugify(name, max_length=80, word_boundary=True)
    if made:
        return made
    return "n-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def in_site(site_path: str) -> str:
    """The output path of a path given inside the site (``visuals/a/b.jpg`` → ``site/visuals/a/b.jpg``)."""
    return _SITE_PREFIX + site_path


def site_path(path: str) -> str:
    """The path inside the site of an output path of the site (what a URL under ``site_url`` ends with)."""
    if not path.startswith(_SITE_PREFIX):
        raise ValueError(f"{path!r} is not in the site")
    return path[len(_SITE_PREFIX) :]


def public_url(site_url: str, path: str) -> str:
    """The address of a site file once published at ``site_url`` (which ends with ``/``)."""
    return site_url + site_path(path)


def link(target: str, here: str) -> str:
    """A relative link from the site page ``here`` to the site file ``target`` (both output paths).

    Climbs to the site's root, then down: the same shape for every link, so a
    page's bytes do not depend on which links happen to share a folder.
    """
    depth = site_path(here).count("/")
    return "../" * depth + site_path(target)


# The site's pages and files.


def index_page() -> str:
    """The home page: the month of the build day."""
    return in_site("index.html")


def month_page(key: str) -> str:
    """A month's page; ``key`` is ``YYYY-MM``."""
    return in_site(f"month/{key}.html")


def week_page(key: str) -> str:
    """An ISO week's page; ``key`` is ``YYYY-Www``."""
    return in_site(f"week/{key}.html")


def post_page(post_id: str) -> str:
    """A post's page. Post ids are slugs already (the loader and the schema make sure)."""
    return in_site(f"posts/{post_id}/index.html")


def post_url(site_url: str, post_id: str) -> str:
    """A post's page as a published address: its folder, which web servers answer with the index."""
    return public_url(site_url, post_page(post_id)).removesuffix("index.html")


def report_page() -> str:
    """The charter report: every finding grouped by rule."""
    return in_site("report.html")


def mix_page() -> str:
    """Mix and cadence charts."""
    return in_site("mix.html")


def results_index() -> str:
    """The monthly reports: one link per month with results."""
    return in_site("results/index.html")


def results_page(key: str) -> str:
    """A month's report (results, analysis, conclusion, recommendations); ``key`` is ``YYYY-MM``."""
    return in_site(f"results/{key}.html")


def subscribe_page() -> str:
    """The feeds and the latest bundle."""
    return in_site("subscribe.html")


def stylesheet() -> str:
    """The site's one stylesheet."""
    return in_site("style.css")


def brand_font(file_name: str) -> str:
    """A brand font copied into the site from ``assets/brand/`` (``Lato-Bold.ttf`` → ``fonts/lato-bold.ttf``).

    Self-hosted so the site loads nothing from another host; the name is slugged like
    every user-given name, the font type's extension kept.
    """
    stem, _, ext = file_name.rpartition(".")
    return in_site(f"fonts/{slug(stem or ext)}.{slug(ext) if stem else 'font'}")


def script() -> str:
    """The site's one script: marks today, past days and past posts in the visitor's browser."""
    return in_site("clock.js")


def share_page() -> str:
    """The advocacy pack: the coming weeks' approved posts, ready for staff to share."""
    return in_site(f"{_SHARE}/index.html")


def share_feed() -> str:
    """The advocacy pack as an Atom feed, for staff who follow it in a feed reader."""
    return in_site(f"{_SHARE}/feed.xml")


def share_script() -> str:
    """The advocacy pack's script: the "copy" buttons."""
    return in_site(f"{_SHARE}/share.js")


def share_stylesheet() -> str:
    """The advocacy pack's own styles (the site's stylesheet stays as it is)."""
    return in_site(f"{_SHARE}/share.css")


def visual(post_id: str, channel: str, format_name: str, ext: str) -> str:
    """A rendered visual of a post for one channel and format (format names are slugs already)."""
    return in_site(f"{_VISUALS}/{post_id}/{slug(channel)}-{format_name}.{ext}")


def feed(name: str) -> str:
    """A feed by name: :data:`CALENDAR`, :data:`REMINDERS` or :data:`SEASONAL`."""
    return in_site(f"{_FEEDS}/{name}.ics")


def channel_feed(channel: str) -> str:
    """One channel's feed; a channel whose slug is a reserved feed name does not replace that feed."""
    name = slug(channel)
    return feed(f"channel-{name}" if name in _RESERVED_FEEDS else name)


def file_name(path: str) -> str:
    """The last segment of an output path (a feed's UID is seeded with it)."""
    return posixpath.basename(path)


# The scheduling bundle.


def bundle_name(first: date, last: date) -> str:
    """``almanac-<from>--<to>.zip``, the bundle's file name for a date range (days included)."""
    return f"almanac-{first.isoformat()}--{last.isoformat()}.zip"


def bundle_zip(first: date, last: date) -> str:
    """The bundle of a date range in ``dist/bundle/``."""
    return f"{_BUNDLES}/{bundle_name(first, last)}"


LATEST_BUNDLE = "almanac-bundle.zip"
"""The site offers the build's bundle under one stable name: the bundle counts from the day of the
build (an action about now) while the site's pages depend on the commit alone, so a page must not
spell the bundle's dates."""


def download() -> str:
    """The build's bundle, offered by the site under :data:`LATEST_BUNDLE`."""
    return in_site(f"{_DOWNLOADS}/{LATEST_BUNDLE}")


def bundle_media(visual_site_path: str) -> str:
    """Where a visual goes inside the bundle's zip: ``media/`` + its path under the site's visuals."""
    prefix = _VISUALS + "/"
    if not visual_site_path.startswith(prefix):
        raise ValueError(f"{visual_site_path!r} is not a visual of the site")
    return f"{_MEDIA}/{visual_site_path[len(prefix) :]}"


def bundles() -> str:
    """The folder of the bundles (and of the pause notices beside them)."""
    return _BUNDLES


def pause_notice(day: date) -> str:
    """What ``almanac pause`` lists for the schedulers: the entries to suspend there, from that day."""
    return f"{_BUNDLES}/pause-{day.isoformat()}.txt"


# The web editor (Decap CMS), published when the charter has an ``editor`` section.

_ADMIN = "admin"


def admin_page() -> str:
    """The web editor's page: Decap CMS reads ``config.yml`` beside it."""
    return in_site(f"{_ADMIN}/index.html")


def admin_config() -> str:
    """The web editor's configuration (Decap CMS asks for ``config.yml`` next to its page)."""
    return in_site(f"{_ADMIN}/config.yml")


def admin_file(name: str) -> str:
    """A file of the CMS's JavaScript bundle, served beside its page (its chunks are found there)."""
    if "/" in name or name in {"", ".", ".."}:
        raise ValueError(f"{name!r} is not a file name")
    return in_site(f"{_ADMIN}/{name}")
