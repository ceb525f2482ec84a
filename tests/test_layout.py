"""One layout names every output path: files and the links to them agree, whatever a channel is called.

Also: the site is a function of the commit alone, so building one commit on two
different days gives the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from click.testing import Result

from pipeline.output import layout
from tests.clockbrand import TODAY, make_clock_brand
from tests.conftest import REPO

NS = "{http://www.w3.org/1999/xhtml}"
NO_EPOCH: dict[str, str | None] = {"SOURCE_DATE_EPOCH": None}
"""The build is dated by its commit here, as in a brand repository without the variable."""


def _parse(path: Path) -> Element:
    tree: Element = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=True)
    return tree


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clock brand built once by ``almanac build``; returns its root."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = make_clock_brand(tmp_path_factory.mktemp("layout"))
    result = CliRunner().invoke(
        cli, ["build", "--root", str(root), "--today", TODAY], env=NO_EPOCH, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return root


def test_slug_makes_user_names_safe_and_never_empty() -> None:
    assert layout.slug("Google_Business") == "google-business"
    assert layout.slug("instagram") == "instagram"
    assert layout.slug("Réseau Local") == "reseau-local"
    odd = [layout.slug(name) for name in ("___", "😀", "..", "/")]
    assert all(s and s.replace("-", "").isalnum() and s.isascii() for s in odd), odd
    assert len(set(odd)) == len(odd), "names with nothing to keep still get distinct segments"


def test_a_channel_never_replaces_a_feed_of_the_layout() -> None:
    assert layout.channel_feed("Google_Business") == "site/feeds/google-business.ics"
    reserved = {layout.feed(n) for n in (layout.CALENDAR, layout.REMINDERS, layout.SEASONAL)}
    for name in ("Seasonal", "calendar", "Calendar_Reminders"):
        assert layout.channel_feed(name) not in reserved, name


def test_links_are_relative_to_the_page() -> None:
    post = layout.post_page("teaser")
    assert layout.link(post, layout.index_page()) == "posts/teaser/index.html"
    assert layout.link(layout.stylesheet(), post) == "../../style.css"
    assert layout.link(layout.channel_feed("X"), layout.month_page("2026-12")) == "../feeds/x.ics"
    assert layout.post_url("https://example.org/b/", "teaser") == "https://example.org/b/posts/teaser/"
    with pytest.raises(ValueError, match="not in the site"):
        layout.link(layout.bundle_zip(date(2026, 12, 1), date(2026, 12, 1)), post)


def test_google_business_feed_link_resolves_to_the_file(built: Path) -> None:
    site = built / "dist" / layout.SITE
    page = site / layout.site_path(layout.subscribe_page())
    rows = {
        "".join(row.find(f"{NS}th").itertext()): row  # type: ignore[union-attr]
        for row in _parse(page).iter(f"{NS}tr")
        if row.find(f"{NS}th[@scope='row']") is not None
    }
    row = rows["Google Business seulement"]
    download = next(a.get("href", "") for a in row.iter(f"{NS}a") if a.get("download") is not None)
    assert download == "feeds/google-business.ics"
    assert (page.parent / download).is_file()
    address = "".join(row.find(f".//{NS}code").itertext())  # type: ignore[union-attr]
    assert address == "https://example.org/horloge/" + download
    ics = (page.parent / download).read_text(encoding="utf-8")
    assert "SOURCE:https://example.org/horloge/feeds/google-business.ics" in ics
    # Every feed and download the page offers exists.
    for a in _parse(page).iter(f"{NS}a"):
        if a.get("download") is not None:
            assert (page.parent / a.get("href", "")).is_file(), a.get("href")


def test_visuals_of_a_user_named_channel_are_linked_where_they_are(built: Path) -> None:
    site = built / "dist" / layout.SITE
    post = site / layout.site_path(layout.post_page("midi"))
    sources = [img.get("src", "") for img in _parse(post).iter(f"{NS}img")]
    assert "../../visuals/midi/google-business-post.jpg" in sources
    assert all((post.parent / src).is_file() for src in sources), sources


def test_standalone_bundle_finds_the_built_visuals(built: Path, run: Callable[..., Result]) -> None:
    result = run(
        [
            "bundle",
            "--root",
            str(built),
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31",
            "--today",
            "2026-11-25",
        ],
        env=NO_EPOCH,
    )
    assert result.exit_code == 0, result.output
    zipped = built / "dist" / layout.bundle_zip(date(2026, 12, 1), date(2026, 12, 31))
    with zipfile.ZipFile(zipped) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    media = {m["path"] for e in manifest["entries"] for m in e["media"]}
    assert "media/midi/google-business-post.jpg" in media and media <= names
    channels = {e["channel"] for e in manifest["entries"] if e["media"]}
    assert channels == {"Google_Business", "linkedin"}


def _site_bytes(out: Path) -> dict[str, bytes]:
    site = out / layout.SITE
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_commit_same_site_bytes_on_any_day(tmp_path: Path) -> None:
    faketime = shutil.which("faketime")
    if faketime is None:
        if os.environ.get("CI") == "true":
            pytest.fail("faketime is not installed: apt-get install -y faketime")
        pytest.skip("faketime is not installed (CI installs it)")
    first = make_clock_brand(tmp_path / "a")
    sites = []
    for day in ("2026-12-02 08:00:00", "2027-03-15 23:30:00"):
        clone = tmp_path / day[:10]
        shutil.copytree(first, clone)  # a fresh copy of the same commit: nothing cached between the two
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONPATH"] = str(REPO)
        done = subprocess.run(
            [
                faketime,
                day,
                sys.executable,
                "-m",
                "pipeline",
                "build",
                "--root",
                str(clone),
                "--today",
                TODAY,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        sites.append(_site_bytes(clone / "dist"))
    assert sites[0].keys() == sites[1].keys() and len(sites[0]) > 10
    differ = [name for name in sites[0] if sites[0][name] != sites[1][name]]
    assert not differ, differ
    home = sites[0]["index.html"].decode()
    assert "mercredi 2 décembre 2026" in home and 'aria-current="date"' not in home


OUTSIDE_PREFIXES = ("site/", "feeds/", "visuals/", "downloads/", "posts/", "month/", "week/", "bundle/")
"""Starts of output paths: a string literal beginning so outside the layout spells a path by hand."""
ABSOLUTE = {
    "{{ card.link | safe_url }}",
    "{{ t.permalink | safe_url }}",
    "{{ feed.google }}",
    "{{ feed.webcal }}",
    "{{ row.permalink | safe_url }}",
}
"""Links that leave the site on purpose: a post's own link, the brand's published post and where the
ledger says it was published (through the scheme allow-list), and the subscription addresses."""


def test_only_the_layout_spells_output_paths() -> None:
    import ast
    import re

    package = REPO / "pipeline"
    spelled = []
    for path in sorted(package.rglob("*.py")):
        if path == package / "output" / "layout.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.expr):
                continue
            parts = node.values if isinstance(node, ast.JoinedStr) else [node]
            first = parts[0] if parts else None
            literal = first.value if isinstance(first, ast.Constant) else None
            if isinstance(literal, str) and literal.startswith(OUTSIDE_PREFIXES):
                spelled.append(f"{path.relative_to(REPO)}:{node.lineno}: {literal!r}")
    assert not spelled, spelled
    templates = package / "stages" / "site" / "templates"
    for template in sorted(templates.glob("*.html")):
        for target in re.findall(r'(?:href|src)="([^"]*)"', template.read_text(encoding="utf-8")):
            ok = target.startswith(("{{ link(", "#")) or target in ABSOLUTE
            assert ok, f"{template.name}: {target} does not come from the layout"
