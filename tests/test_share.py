"""The advocacy pack (``site/share/``): which posts, the texts staff copy, the Atom feed read back.

The feed is checked against RFC 4287, "The Atom Syndication Format"
(https://www.rfc-editor.org/rfc/rfc4287): section 4.1.1 (atom:feed MUST contain
exactly one atom:id, atom:title and atom:updated, and one or more atom:author
unless every entry has one; SHOULD contain a link rel="self"), section 4.1.2
(atom:entry MUST contain exactly one atom:id, atom:title and atom:updated; MUST
contain atom:content or a link rel="alternate"), section 3.3 (dates are RFC 3339
date-times) and section 4.2.7.2 (an enclosure link's length). It is also parsed
back by an independent parser, feedparser (https://feedparser.readthedocs.io),
which must not flag it as ill-formed (``bozo``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from markupsafe import escape

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from pipeline.stages.site.share import share_items
from pipeline.text.advocacy import advocacy_link, advocacy_text
from tests.conftest import commit_all
from tests.site_build import build_site, make_brand, visuals_for

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def post_of(root: Path, post_id: str) -> tuple[Post, Charter]:
    project = load_project(root, use_cache=False)
    return next(p for p in project.posts if p.id == post_id), project.charter


def shared_ids(page: bytes | None) -> list[bytes]:
    """The post ids the share page lists, in its order."""
    assert page is not None
    return re.findall(rb'<article class="share-item" id="([^"]+)"', page)


def test_advocacy_link_is_tagged_and_keeps_what_the_author_wrote(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    post_file = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    text = post_file.read_text(encoding="utf-8")
    post_file.write_text(
        text.replace(
            "link: https://example.org/decembre",
            "link: https://example.org/decembre?ref=lettre&utm_source=social&utm_campaign=noel#haut",
        ),
        encoding="utf-8",
    )
    post, _charter = post_of(root, "bonjour")
    link = advocacy_link(post)
    assert link is not None
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    assert query == {
        "ref": ["lettre"],
        "utm_source": ["advocacy"],  # the author's utm_source=social is replaced
        "utm_medium": ["social"],
        "utm_campaign": ["noel"],  # the author's campaign is kept
        "utm_content": ["bonjour"],
    }
    assert (parts.netloc, parts.path, parts.fragment) == ("example.org", "/decembre", "haut")


def test_advocacy_link_is_never_an_unsafe_one(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    post_file = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    text = post_file.read_text(encoding="utf-8")
    post_file.write_text(
        text.replace("https://example.org/decembre", "javascript:alert(1)"), encoding="utf-8"
    )
    post, charter = post_of(root, "bonjour")
    assert advocacy_link(post) is None
    assert "javascript" not in advocacy_text(post, "linkedin", charter)


def test_texts_follow_each_network_and_carry_a_required_hashtag(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    charter_file = root / "charter.yaml"
    charter_file.write_text(
        charter_file.read_text(encoding="utf-8") + "voice:\n  hashtags: {required: [Lumiere, MaisonTest]}\n",
        encoding="utf-8",
    )
    post_file = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    post_file.write_text(
        post_file.read_text(encoding="utf-8").replace("hashtags: [MaisonTest, Hiver]", "hashtags: [Hiver]"),
        encoding="utf-8",
    )
    post, charter = post_of(root, "bonjour")
    link = advocacy_link(post)
    assert link is not None
    linkedin = advocacy_text(post, "linkedin", charter)
    instagram = advocacy_text(post, "instagram", charter)
    assert linkedin.startswith("Décembre à l'atelier")  # the LinkedIn variant
    assert instagram.startswith("Bienvenue en **décembre**")  # the default text
    assert link in linkedin and "http" not in instagram  # Instagram shows no link in a post
    assert linkedin.endswith("#Hiver #Lumiere") and instagram.endswith("#Hiver #Lumiere")


def test_share_page_lists_the_approved_posts_around_the_commit_day(tmp_path: Path) -> None:
    site, pages = build_site(tmp_path)
    # Committed on 8 December 2026: 1 December (7 days before) to 19 January, approved only.
    # "soldes" is in review and "xss" a draft; the three others are approved.
    assert shared_ids(pages["site/share/index.html"].data) == [b"bonjour", b"long", b"atelier"]
    page = (site / "share/index.html").read_text(encoding="utf-8")
    assert "utm_source=advocacy" in page and "utm_content=atelier" not in page  # "atelier" has no link
    assert 'href="../visuals/bonjour/instagram-feed.jpg" download' in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    # Feed autodiscovery: a reader given the page's address finds the feed.
    head = page.split("</head>", 1)[0]
    assert '<link rel="alternate" type="application/atom+xml" href="../share/feed.xml"' in head
    assert "<script>alert" not in page

    root = tmp_path / "brand"
    (root / "content/posts/2026/12/2026-12-15-xss.md").unlink()
    commit_all(root, "a week later", date="2026-12-09T09:00:00+01:00")
    project = load_project(root, use_cache=False)
    records, _files = visuals_for(root)
    later = render_site(project, read_history(root), [], records)
    # 2 December on: "bonjour" (1 December) has left the pack.
    assert shared_ids(later["site/share/index.html"].data) == [b"long", b"atelier"]


def test_share_outputs_depend_on_the_commit_alone(tmp_path: Path) -> None:
    _site, first = build_site(tmp_path / "a")
    _site, second = build_site(tmp_path / "b")
    for path in ("site/share/index.html", "site/share/feed.xml", "site/share/share.js"):
        assert first[path].data == second[path].data, path


def test_atom_feed_has_what_rfc_4287_requires_and_parses_back(tmp_path: Path) -> None:
    site, pages = build_site(tmp_path)
    data = (site / "share/feed.xml").read_bytes()
    feed = ET.fromstring(data)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):  # 4.1.1: exactly one each
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert feed.findall(f"{A}author/{A}name")  # 4.1.1: no entry has its own author
    assert feed.find(f"{A}link[@rel='self']") is not None
    assert RFC3339.match(feed.findtext(f"{A}updated") or "")
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(shared_ids(pages["site/share/index.html"].data)) == 3
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == 3 and all(i and i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        for name in ("id", "title", "updated"):  # 4.1.2: exactly one each
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{A}updated") or "")
        assert entry.find(f"{A}content") is not None or entry.find(f"{A}link[@rel='alternate']") is not None
        for link in entry.findall(f"{A}link"):
            assert (link.get("href") or "").startswith("https://example.github.io/almanac/")
        for enclosure in entry.findall(f"{A}link[@rel='enclosure']"):
            href = enclosure.get("href") or ""
            local = site / href.removeprefix("https://example.github.io/almanac/")
            assert int(enclosure.get("length") or -1) == local.stat().st_size  # 4.2.7.2: its size

    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Maison Test\u00a0: publications à partager"
    first = parsed.entries[0]
    assert first.title == "Bonjour décembre"
    assert first.link == "https://example.github.io/almanac/share/#bonjour"
    assert [t.term for t in first.tags] == ["instagram", "linkedin"]
    assert first.enclosures[0].type == "image/jpeg"
    body = first.content[0].value
    assert "utm_source=advocacy" in body and "#MaisonTest #Hiver" in body
    assert datetime(*first.updated_parsed[:6]).isoformat() == "2026-12-08T08:00:00"  # the commit


@pytest.mark.parametrize("post_id", ["bonjour", "long", "atelier"])
def test_every_shared_network_text_is_on_the_page_as_it_is_copied(tmp_path: Path, post_id: str) -> None:
    site, _pages = build_site(tmp_path)
    page = (site / "share/index.html").read_text(encoding="utf-8")
    post, charter = post_of(tmp_path / "brand", post_id)
    for channel in post.meta.channels:
        text = advocacy_text(post, channel, charter)
        assert f'id="x-{post_id}-{channel}"' in page
        assert str(escape(text)) in page, channel


def test_frozen_days_are_left_out_and_known_permalinks_are_offered(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    charter_file = root / "charter.yaml"
    text = charter_file.read_text(encoding="utf-8")
    crisis = "    - {from: 2026-12-18, to: 2026-12-19, reason: Pause de crise}\n"
    charter_file.write_text(text.replace("  freezes:\n", "  freezes:\n" + crisis), encoding="utf-8")
    project = load_project(root, use_cache=False)
    history = read_history(root)
    assert history.head_time is not None
    brand_post = "https://www.linkedin.com/feed/update/urn:li:activity:1/"
    items = share_items(
        project.charter,
        project.posts,
        {},
        history,
        history.head_time,
        permalinks={("bonjour", "linkedin"): brand_post},
    )
    # "long" and "atelier" (18 December) are paused: staff must not share them.
    assert [i.post.id for i in items] == ["bonjour"]
    assert {t.channel: t.permalink for t in items[0].texts} == {"instagram": None, "linkedin": brand_post}


def test_hostile_text_stays_text_in_the_page_and_the_feed(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    post_file = root / "content/posts/2026/12/2026-12-15-xss.md"
    text = post_file.read_text(encoding="utf-8").replace("status: draft", "status: approved")
    post_file.write_text(text.replace("dedans", "dedans\x0b\x1b[31m ]]> &amp;"), encoding="utf-8")
    commit_all(root, "approved")
    project = load_project(root, use_cache=False)
    pages = render_site(project, read_history(root), [])
    page, feed = pages["site/share/index.html"].data, pages["site/share/feed.xml"].data
    assert page is not None and feed is not None
    assert b"<script>alert" not in page and b"<img src=x" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")  # the control characters are gone
    entry = next(e for e in parsed.entries if e.link.endswith("#xss"))
    assert entry.title == "<script>alert(1)</script>"  # a title is text (RFC 4287 3.1.1)
    assert "<img" not in entry.content[0].value and "&lt;img src=x" in entry.content[0].value
    assert "]]&gt; &amp;amp;" in entry.content[0].value
