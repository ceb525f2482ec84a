"""The preview site: valid HTML, safe text, relative links, posts on their days, deterministic bytes."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from click.testing import Result

from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from pipeline.stages.site.cards import fold
from pipeline.stages.site.env import markdown, social_text
from tests.site_build import BUILD_DAY, EXTRA, build_site, make_brand

NS = "{http://www.w3.org/1999/xhtml}"
MAIN_PAGES = [
    "index.html",
    "month/2026-12.html",
    "week/2026-W50.html",
    "posts/bonjour/index.html",
    "posts/xss/index.html",
    "posts/long/index.html",
    "report.html",
    "mix.html",
    "subscribe.html",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    site, pages = build_site(tmp_path_factory.mktemp("site"))
    return site, {rel.removeprefix("site/"): art.data or b"" for rel, art in pages.items()}


def parse(data: bytes) -> Element:
    """Parse with html5lib in strict mode: any parse error raises."""
    tree: Element = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(data.decode("utf-8"))
    return tree


@pytest.mark.parametrize("page", MAIN_PAGES)
def test_main_pages_are_valid_html(built: tuple[Path, dict[str, bytes]], page: str) -> None:
    tree = parse(built[1][page])
    assert tree.find(f".//{NS}main") is not None
    assert tree.find(f".//{NS}header") is not None and tree.find(f".//{NS}nav") is not None
    levels = [int(el.tag[-1]) for el in tree.iter() if re.fullmatch(rf"{re.escape(NS)}h[1-6]", str(el.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"heading skipped: {levels}"
    for img in tree.iter(f"{NS}img"):
        # A thumbnail sits beside its post's title: decorative (alt=""), so the link is not read twice.
        assert img.get("alt") or (img.get("alt") == "" and "thumb" in img.get("class", "")), "alt text"


def test_posts_sit_on_their_days(built: tuple[Path, dict[str, bytes]]) -> None:
    tree = parse(built[1]["month/2026-12.html"])
    placed = {
        cell.get("data-date"): sorted(
            a.get("href", "") for a in cell.iter(f"{NS}a") if "chip" in a.get("class", "")
        )
        for cell in tree.iter(f"{NS}td")
    }
    assert placed["2026-12-01"] == ["../posts/bonjour/index.html"]
    assert placed["2026-12-18"] == ["../posts/atelier/index.html", "../posts/long/index.html"]
    assert placed["2026-12-02"] == []
    # Which day is today is the reader's, marked by clock.js: the HTML marks none.
    assert not [
        c for c in tree.iter() if c.get("aria-current") == "date" or "today" in c.get("class", "").split()
    ]
    chips = {a.get("href"): a.get("data-at") for a in tree.iter(f"{NS}a") if "chip" in a.get("class", "")}
    assert chips["../posts/bonjour/index.html"] == "2026-12-01T09:00:00Z"  # 10:00 in Paris, as an instant


def test_markup_in_titles_and_text_shows_as_text(built: tuple[Path, dict[str, bytes]]) -> None:
    for page, data in built[1].items():
        if not page.endswith(".html"):
            continue
        tree = parse(data)
        scripts = list(tree.iter(f"{NS}script"))
        # The site's own files, loaded by a relative link: no inline code (the share page adds its buttons').
        own = [("clock.js", None), *([("share.js", None)] if page == "share/index.html" else [])]
        assert [(s.get("src", "").rsplit("/", 1)[-1], s.text) for s in scripts] == own, page
        for el in tree.iter():
            assert not [k for k in el.attrib if k.lower().startswith("on")], (page, el.attrib)
            assert not el.get("href", "").lower().startswith("javascript:"), page
    page = built[1]["posts/xss/index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in built[1]["report.html"].decode()


def test_safe_text_filters() -> None:
    assert str(markdown("![x](https://evil.example/x.png) <b>hi</b>")).count("<img") == 0
    assert "&lt;b&gt;" in markdown("<b>hi</b>")
    html = str(social_text('Voir https://example.org/a?b=1&c="x" #Tag <i>'))
    assert '<a class="link" href="https://example.org/a?b=1&amp;c=' in html
    assert '<span class="hashtag">#Tag</span>' in html and "&lt;i&gt;" in html


def test_links_are_relative_and_land_on_pages(built: tuple[Path, dict[str, bytes]]) -> None:
    site, pages = built
    for page, data in pages.items():
        if not page.endswith(".html"):
            continue
        for el in parse(data).iter():
            for attr in ("href", "src"):
                target = el.get(attr)
                if target is None:
                    continue
                external = re.match(r"^[a-z]+:", target)
                if external:
                    # Only subscription links and the posts' own links leave the site.
                    assert page == "subscribe.html" or "link" in el.get("class", ""), (page, target)
                    assert el.tag != f"{NS}img" and el.tag != f"{NS}link", (page, target)
                    continue
                assert not target.startswith("/"), (page, target)
                resolved = (site / page).parent / target.split("#")[0]
                if "/downloads/" in resolved.as_posix() or "/feeds/" in resolved.as_posix():
                    continue  # written by the feeds and bundle stages
                assert resolved.exists(), (page, target)


def test_each_network_cuts_where_it_folds(built: tuple[Path, dict[str, bytes]]) -> None:
    page = built[1]["posts/long/index.html"].decode()
    assert page.count("<summary>… plus</summary>") == 2  # facebook and linkedin fold; X shows it all
    visible, hidden = fold("un deux trois quatre", 10)
    assert (visible, hidden) == ("un deux", "trois quatre")
    assert fold("court", 10) == ("court", "")


def test_visuals_in_each_format_or_a_placeholder(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    project = load_project(root, use_cache=False)
    pages = render_site(project, read_history(root), [], [])
    page = (pages["site/posts/bonjour/index.html"].data or b"").decode()
    assert "<img" not in page and "Instagram demande un visuel" in page
    assert (pages["site/report.html"].data or b"").decode().count("Aucun constat") == 1


def test_visual_shown_in_the_network_format(built: tuple[Path, dict[str, bytes]]) -> None:
    tree = parse(built[1]["posts/bonjour/index.html"])
    srcs = [img.get("src") for img in tree.iter(f"{NS}img")]
    assert srcs == ["../../visuals/bonjour/instagram-feed.jpg", "../../visuals/bonjour/linkedin-feed.jpg"]
    assert "Test Author" in built[1]["posts/bonjour/index.html"].decode()


def test_report_groups_findings_by_rule_with_links(built: tuple[Path, dict[str, bytes]]) -> None:
    page = built[1]["report.html"].decode()
    for finding in EXTRA:
        assert f"<code>{finding.rule}</code>" in page
    assert page.index("voice.term") < page.index("voice.emoji"), "errors first"
    assert 'href="posts/soldes/index.html"' in page


def test_subscribe_links_and_bundle(built: tuple[Path, dict[str, bytes]]) -> None:
    page = built[1]["subscribe.html"].decode()
    assert 'href="webcal://example.github.io/almanac/feeds/calendar.ics"' in page
    google = "calendar.google.com/calendar/render?cid="
    assert google + "webcal%3A%2F%2Fexample.github.io%2Falmanac%2Ffeeds%2Fx.ics" in page
    for feed in ("calendar", "calendar-reminders", "seasonal", "instagram", "linkedin", "facebook", "x"):
        assert f'href="feeds/{feed}.ics"' in page
    assert 'href="downloads/almanac-bundle.zip"' in page


def test_mix_and_cadence_charts(built: tuple[Path, dict[str, bytes]]) -> None:
    tree = parse(built[1]["mix.html"])
    svgs = list(tree.iter("{http://www.w3.org/2000/svg}svg"))
    assert len(svgs) >= 3 and all(s.get("role") == "img" for s in svgs)
    page = built[1]["mix.html"].decode()
    assert "40\u00a0% (2)" in page  # education: 2 of the 5 posts, Babel's French percent
    assert "20\u00a0% (1) · max. 30\u00a0%" in page
    assert "Noël" in page and "✓ couvert (2 validées)" in page


def test_same_commit_same_bytes(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    project = load_project(root, use_cache=False)
    first = render_site(project, read_history(root), [], [])
    again = render_site(load_project(root, use_cache=False), read_history(root), [], [])
    assert {k: v.digest for k, v in first.items()} == {k: v.digest for k, v in again.items()}


def test_build_writes_the_site(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = make_brand(tmp_path)
    result = run(["build", "--root", str(root), "--today", BUILD_DAY[:10]])
    assert result.exit_code == 0, result.output
    assert (root / "dist/site/index.html").is_file()
    assert (root / "dist/site/posts/long/index.html").is_file()


def test_folder_outside_git_is_dated_by_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.conftest import FIXTURES

    root = tmp_path / "plain"
    shutil.copytree(FIXTURES / "site", root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1797552000")  # 2026-12-18 00:00 UTC
    project = load_project(root, use_cache=False)
    pages = render_site(project, read_history(root), [], [])
    post = (pages["site/posts/bonjour/index.html"].data or b"").decode()
    assert "pas encore commité" in post
    home = (pages["site/index.html"].data or b"").decode()
    assert 'Construit le <time datetime="2026-12-18">vendredi 18 décembre 2026</time>' in home


def test_the_preview_counts_like_the_checks(tmp_path: Path) -> None:
    """X counts a URL as 23: the site must show the number the `channel.length` rule judges."""
    from pipeline.stages.site.cards import cards_for
    from pipeline.text.compose import published_text
    from pipeline.text.metrics import x_weighted_length

    root = make_brand(tmp_path)
    project = load_project(root, use_cache=False)
    posts = [p for p in project.posts if "x" in p.meta.channels]
    assert posts  # the fixture has X posts, so the X branch below runs
    for post in posts:
        cards = {card.channel: card for card in cards_for(post, project.charter, [])}
        text = published_text(post, "x", project.charter)
        assert cards["x"].length == x_weighted_length(text) and cards["x"].unit == "weighted characters"
        assert all(c.unit == "characters" for name, c in cards.items() if name != "x")
