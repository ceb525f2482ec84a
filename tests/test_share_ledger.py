"""The advocacy pack links each network's text to the brand's own post once the ledger has it.

The site test brand, committed on its build day; the ledger written by ``almanac
ledger import`` from a Hootsuite export of sent posts (``tests/ledgerkit.py``);
the site rendered by the real site stage, read back with Python's HTML parser.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import Result

from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from tests.conftest import commit_all
from tests.ledgerkit import import_sent
from tests.site_build import make_brand, visuals_for

PARIS = ZoneInfo("Europe/Paris")
BRAND_POST = "https://www.linkedin.com/feed/update/urn:li:activity:7400000000000000001/"


class _Links(HTMLParser):
    """Each link of the share page with the network section it sits in: (post id, network, href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.post = self.network = ""
        self.href: str | None = None
        self.text = ""
        self.found: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article" and "share-item" in classes:
            self.post, self.network = a.get("id") or "", ""
        elif tag == "section" and "share-net" in classes:
            self.network = next(c[4:] for c in classes if c.startswith("net-"))
        elif tag == "a" and self.network:
            self.href, self.text = a.get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href is not None:
            self.found.append((self.post, self.network, self.href, " ".join(self.text.split())))
            self.href = None
        elif tag == "section":
            self.network = ""


def _share_links(root: Path) -> list[tuple[str, str, str, str]]:
    records, _files = visuals_for(root)
    pages = render_site(load_project(root, use_cache=False), read_history(root), [], records)
    data = pages["site/share/index.html"].data
    assert data is not None
    parser = _Links()
    parser.feed(data.decode("utf-8"))
    return [link for link in parser.found if not link[3].startswith("Télécharger")]  # a French brand


def test_the_share_page_links_to_the_brands_published_post(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    root = make_brand(tmp_path)
    assert _share_links(root) == []  # no ledger: nothing to repost yet
    went_out = datetime(2026, 12, 1, 10, 2, tzinfo=PARIS)
    import_sent(run, root, tmp_path, [("bonjour", "linkedin", went_out, BRAND_POST)])
    commit_all(root, "the ledger", date="2026-12-08T09:30:00+01:00")
    # LinkedIn only: the ledger has no Instagram post of "bonjour", and no other post went out.
    assert _share_links(root) == [
        ("bonjour", "linkedin", BRAND_POST, "La publication de la marque (LinkedIn)")
    ]
