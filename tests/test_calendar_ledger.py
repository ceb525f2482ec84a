"""The ledger's word on the calendar: ✓ on a post published on every channel, ✗ on one a channel missed.

The site test brand (committed on 8 December 2026, its build day); the ledger
written by ``almanac ledger import`` from a Hootsuite export of sent posts
(``tests/ledgerkit.py``); the month and week pages rendered by the real site stage,
each time from the previous one's page cache (as ``almanac build`` does), the
last one for the same commit with a ledger imported but not committed yet: a
cached page that ignored the ledger would show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from pipeline.output.publish import Artifact, publish
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from tests.conftest import CHROMIUM, commit_all
from tests.ledgerkit import import_sent
from tests.site_build import make_brand

PARIS = ZoneInfo("Europe/Paris")
MONTH = "site/month/2026-12.html"
WEEK = "site/week/2026-W49.html"
SENT = datetime(2026, 12, 1, 10, 2, tzinfo=PARIS)


def _render(root: Path, previous: dict[str, Artifact]) -> dict[str, Artifact]:
    return render_site(load_project(root, use_cache=False), read_history(root), [], previous=previous)


def _marks(pages: dict[str, Artifact], path: str) -> list[tuple[str, str, str]]:
    """Each ledger mark of a page with the post it belongs to: (post id, status, title)."""
    data = pages[path].data
    assert data is not None
    html = data.decode("utf-8")
    found = []
    for part in re.split(r'(?=<a class="chip |<article class="entry )', html)[1:]:
        post = re.search(r'href="\.\./posts/([^/]+)/', part)
        for status, title in re.findall(r'<span class="chip-ledger ledger-(\w+)" title="([^"]*)"', part):
            assert post is not None
            found.append((post.group(1), status, title))
    return found


def test_chips_say_published_or_missed_and_the_page_cache_follows_the_ledger(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = make_brand(tmp_path)
    first = _render(root, {})
    assert _marks(first, MONTH) == [] and "chip-ledger" not in (first[MONTH].data or b"").decode()

    # "bonjour" (1 December, Instagram and LinkedIn) went out on LinkedIn only; Instagram is missed.
    import_sent(
        run, root, tmp_path, [("bonjour", "linkedin", SENT, "https://www.linkedin.com/feed/update/1/")]
    )
    commit_all(root, "the ledger", date="2026-12-08T09:30:00+01:00")
    second = _render(root, first)
    missed = ("bonjour", "missed", "Instagram\u00a0: manqué\u202f; LinkedIn\u00a0: publié")
    assert _marks(second, MONTH) == [missed]  # the approved posts still to come carry no mark
    assert _marks(second, WEEK) == [missed]
    legend = (second[MONTH].data or b"").decode()
    assert "manqué\u00a0: absent du registre un jour après l’heure prévue" in legend  # a French brand

    import_sent(run, root, tmp_path, [("bonjour", "instagram", SENT, "https://www.instagram.com/p/Bonjour/")])
    third = _render(root, second)  # the same commit, the ledger changed on disk: the cached pages must not do
    published = ("bonjour", "published", "Instagram\u00a0: publié\u202f; LinkedIn\u00a0: publié")
    assert _marks(third, MONTH) == [published]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_mark_shows_inside_its_chip_in_chromium(
    tmp_path: Path, run: Callable[..., Result], width: int
) -> None:
    """A month cell is narrow and clips what overflows its chip: the mark must stay in view."""
    from playwright import sync_api as playwright  # present: the browser marker checked it

    root = make_brand(tmp_path)
    import_sent(
        run, root, tmp_path, [("bonjour", "linkedin", SENT, "https://www.linkedin.com/feed/update/1/")]
    )
    commit_all(root, "the ledger", date="2026-12-08T09:30:00+01:00")
    publish(tmp_path / "dist", _render(root, {}))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((tmp_path / "dist" / MONTH).as_uri())
        mark = page.locator("a.chip .chip-ledger")
        assert mark.count() == 1 and mark.is_visible()
        inner, outer = mark.bounding_box(), page.locator("a.chip:has(.chip-ledger) .chip-top").bounding_box()
        assert inner is not None and outer is not None
        assert outer["x"] <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        assert mark.get_attribute("title") == "Instagram\u00a0: manqué\u202f; LinkedIn\u00a0: publié"
        browser.close()
