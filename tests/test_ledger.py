"""``almanac ledger import``: one file in each supported export format, matched, written, shown by the site.

Formats and their sources (see ``pipeline/stages/ledger/formats.py``):

- Meta Business Suite per-post export: the columns and the ``MM/DD/YYYY HH:MM`` publish
  time of the Facebook and Instagram fixtures of a public parser of Meta's exports
  (``Post ID``, ``Page ID``/``Account username``, ``Title``/``Description``,
  ``Publish time``, ``Permalink``…);
- Buffer: the ``Post`` type of developers.buffer.com (``text``, ``dueAt``, ``sentAt``,
  ``externalLink``, ``channelService``) as the GraphQL ``posts`` query returns it;
- Hootsuite: ``Date (GMT)`` as a public parser of Hootsuite's exports reads it; the
  other column names are assumptions no public page confirms.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from pipeline.stages.ledger.store import HEADER
from pipeline.stages.load.loader import load_project
from pipeline.text.compose import published_text
from tests.bundlekit import write_brand
from tests.conftest import commit_all

META_IG = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
    '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves'
)
META_FB = (
    '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time","Caption type",'
    'Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels","Funded content status",'
    '"Data comment",Date,Views,Reach'
)
HOOTSUITE = '"Date (GMT)","Social Network","Post Message","Post Permalink"'


def _cells(*cells: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def exports(root: Path) -> dict[str, bytes]:
    """One file per format, as each tool writes them, for the brand's December posts."""
    project = load_project(root)
    posts = {p.id: p for p in project.posts}

    def text(post: str, channel: str) -> str:
        return published_text(posts[post], channel, project.charter)

    meta = META_IG + "\r\n" + _cells(
        "18182686576415017", "1784", "atelierbundle", "Atelier Bundle", text("tricky", "instagram"),
        "0", "12/01/2026 10:03", "https://www.instagram.com/p/Ddr9jGEmLMp/", "IG image", "", "Lifetime",
        "99", "40", "4", "0", "0", "0", "0",
    )  # fmt: skip
    hootsuite = (
        HOOTSUITE
        + "\r\n"
        + _cells("2026-12-01 09:05:00", "LinkedIn", text("tricky", "linkedin"), "https://lnkd.in/p/1")
        + _cells("2026-12-01 09:11:00", "LinkedIn", "Deuxième message.", "https://lnkd.in/p/2")
    )
    buffer = {
        "data": {
            "posts": {
                "edges": [
                    {
                        "node": {
                            "text": text("tricky", "x"),
                            "sentAt": "2026-12-01T09:02:30.000Z",
                            "dueAt": "2026-12-01T09:02:00.000Z",
                            "channelService": "twitter",
                            "externalLink": "https://x.com/atelier/status/1",
                        }
                    }
                ]
            }
        }
    }
    return {
        "meta-instagram.csv": meta.encode("utf-8-sig"),
        "hootsuite.csv": hootsuite.encode("utf-8"),
        "buffer.json": json.dumps(buffer).encode("utf-8"),
    }


@pytest.fixture
def brand(tmp_path: Path, git_repo: Callable[[Path], Path]) -> Path:
    root = git_repo(write_brand(tmp_path / "brand"))
    tricky = root / "content/posts/2026/12/2026-12-01-tricky.md"
    tricky.write_text(tricky.read_text().replace("À la ligne", "À la ligne, corrigé"))
    commit_all(root, "a correction after it went out", date="2026-12-02T09:00:00+01:00")
    return root


def _import(run: Callable[..., Result], root: Path, path: Path, *extra: str) -> Result:
    return run(["ledger", "import", "--root", str(root), str(path), *extra])


def test_each_format_imports_into_the_month_file(
    brand: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    for name, data in exports(brand).items():
        (tmp_path / name).write_bytes(data)
        result = _import(run, brand, tmp_path / name)
        assert result.exit_code == 0, result.output
        assert "ledger/2026/12.csv" in result.output
    table = list(
        csv.reader(io.StringIO((brand / "ledger/2026/12.csv").read_text(encoding="utf-8"), newline=""))
    )
    assert tuple(table[0]) == HEADER
    assert [(r[0], r[1], r[2], r[4]) for r in table[1:]] == [
        ("tricky", "x", "2026-12-01T10:02:30+01:00", "buffer"),
        ("tricky", "instagram", "2026-12-01T10:03:00+01:00", "meta"),
        ("tricky", "linkedin", "2026-12-01T10:05:00+01:00", "hootsuite"),
        ("second", "linkedin", "2026-12-01T10:11:00+01:00", "hootsuite"),
    ]
    assert table[2][3] == "https://www.instagram.com/p/Ddr9jGEmLMp/"
    again = _import(run, brand, tmp_path / "hootsuite.csv")  # importing twice changes nothing
    assert again.exit_code == 0 and len((brand / "ledger/2026/12.csv").read_text().splitlines()) == 5


def test_links_carry_the_post_id_for_the_ledger(brand: Path) -> None:
    project = load_project(brand)
    tricky = next(p for p in project.posts if p.id == "tricky")
    assert "utm_content=tricky" in published_text(tricky, "linkedin", project.charter)


def test_the_ledger_quiets_time_past_adds_missed_and_shows_on_the_site(
    brand: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    before = run(["check", "--root", str(brand), "--today", "2026-12-03", "--format", "json"])
    rules = [(f["rule"], f["file"]) for f in json.loads(before.output)["findings"]]
    assert ("time.past", "content/posts/2026/12/2026-12-01-tricky.md") in rules
    assert not any(rule == "ledger.missing" for rule, _ in rules)  # no ledger kept yet: nothing to say
    for name, data in exports(brand).items():
        (tmp_path / name).write_bytes(data)
        assert _import(run, brand, tmp_path / name).exit_code == 0
    after = run(["check", "--root", str(brand), "--today", "2026-12-03", "--format", "json"])
    found = json.loads(after.output)["findings"]
    assert not [f for f in found if f["rule"] == "time.past"]
    [missing] = [f for f in found if f["rule"] == "ledger.missing"]
    assert missing["level"] == "info" and "mastodon" in missing["message"] and missing["line"] == 3
    commit_all(brand, "the ledger", date="2026-12-03T09:00:00+01:00")
    built = run(["build", "--root", str(brand), "--today", "2026-12-03"], env={"SOURCE_DATE_EPOCH": ""})
    assert built.exit_code == 0, built.output
    page = (brand / "dist/site/posts/tricky/index.html").read_text(encoding="utf-8")
    assert 'class="ledger-published"' in page and "https://x.com/atelier/status/1" in page
    assert page.count('class="ledger-published"') == 3 and page.count('class="ledger-missed"') == 1
    second = (brand / "dist/site/posts/second/index.html").read_text(encoding="utf-8")
    assert second.count('class="ledger-published"') == 1


def _written(brand: Path) -> bool:
    return (brand / "ledger").exists()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("wrong.csv", b"Name,Value\r\nx,1\r\n", "its columns are not those of a known export"),
        ("header.csv", (HOOTSUITE + "\r\n").encode(), "a header and no rows"),
        (
            "latin1.csv",
            (HOOTSUITE + "\r\n" + _cells("2026-12-01 09:11:00", "LinkedIn", "Deuxième message.", "u")).encode(
                "latin-1"
            ),
            "row 2 is not UTF-8 (byte 0xE8)",
        ),
        ("utf16.csv", (HOOTSUITE + "\r\n").encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (
            "date.csv",
            (HOOTSUITE + "\r\n" + _cells("le 1er décembre", "LinkedIn", "Deuxième message.", "u")).encode(),
            "row 2: cannot read the date 'le 1er décembre'",
        ),
    ],
)
def test_bad_input_is_refused_with_its_row_and_nothing_is_written(
    brand: Path, tmp_path: Path, run: Callable[..., Result], name: str, data: bytes, said: str
) -> None:
    (tmp_path / name).write_bytes(data)
    result = _import(run, brand, tmp_path / name)
    assert result.exit_code == 1 and said in result.output, result.output
    assert f"error: {name}:" in result.output and not _written(brand)


def test_utf16_with_a_bom_and_named_latin1_are_read(
    brand: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    body = (
        HOOTSUITE
        + "\r\n"
        + _cells("2026-12-01 09:11:00", "LinkedIn", "Deuxième message.", "https://lnkd.in/p/2")
    )
    (tmp_path / "utf16.csv").write_bytes(body.encode("utf-16"))
    assert _import(run, brand, tmp_path / "utf16.csv").exit_code == 0
    (tmp_path / "latin1.csv").write_bytes(body.encode("latin-1"))
    assert _import(run, brand, tmp_path / "latin1.csv", "--encoding", "latin-1").exit_code == 0
    assert "second,linkedin" in (brand / "ledger/2026/12.csv").read_text()


def test_a_row_matching_two_posts_is_refused_unless_partial(
    brand: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    twin = brand / "content/posts/2026/12/2026-12-01-jumeau.md"
    twin.write_text(
        "---\ntitle: Jumeau\npublish_at: 2026-12-01 10:10\nchannels: [linkedin]\npillar: education\n"
        "status: approved\n---\nDeuxième message.\n",
        encoding="utf-8",
    )
    body = (
        HOOTSUITE
        + "\r\n"
        + _cells("2026-12-01 09:11:00", "LinkedIn", "Deuxième message.", "https://lnkd.in/p/2")
        + _cells(
            "2026-12-01 12:00:00", "LinkedIn", "Un message que personne n'a écrit ici.", "https://lnkd.in/p/3"
        )
        + _cells(
            "2026-12-01 09:05:00",
            "LinkedIn",
            "https://example.org/offre?utm_content=tricky",
            "https://lnkd.in/p/4",
        )
    )
    (tmp_path / "twins.csv").write_bytes(body.encode())
    refused = _import(run, brand, tmp_path / "twins.csv")
    assert refused.exit_code == 1 and not _written(brand)
    assert "row 2: matches more than one post: jumeau (linkedin), second (linkedin)" in refused.output
    assert "unmatched: twins.csv row 3" in refused.output  # reported, never dropped
    partial = _import(run, brand, tmp_path / "twins.csv", "--partial")
    assert partial.exit_code == 0, partial.output
    lines = (brand / "ledger/2026/12.csv").read_text().splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [["tricky", "linkedin"]]
    assert "unmatched: twins.csv row 3" in partial.output


def test_a_meta_facebook_export_reads_its_title_column(
    brand: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    charter = brand / "charter.yaml"
    charter.write_text(charter.read_text().replace("  mastodon: {}\n", "  mastodon: {}\n  facebook: {}\n"))
    post = brand / "content/posts/2026/12/2026-12-05-page.md"
    post.write_text(
        "---\ntitle: Page\npublish_at: 2026-12-05 18:12\nchannels: [facebook]\npillar: promo\n"
        "status: approved\n---\nUn favori de l'automne est de retour.\n",
        encoding="utf-8",
    )
    row = _cells(
        "1827720132094663", "100045700821521", "Atelier Bundle", "Un favori de l'automne est de retour.", "",
        "0", "12/05/2026 18:12", "N/A", "https://www.facebook.com/atelier/posts/pfbid1", "0", "0", "Photos",
        "", "", "", "", "Lifetime", "27", "20",
    )  # fmt: skip
    (tmp_path / "fb.csv").write_bytes((META_FB + "\r\n" + row).encode("utf-8-sig"))
    result = _import(run, brand, tmp_path / "fb.csv")
    assert result.exit_code == 0, result.output
    assert (
        "page,facebook,2026-12-05T18:12:00+01:00,https://www.facebook.com/atelier/posts/pfbid1,meta"
        in (brand / "ledger/2026/12.csv").read_text()
    )
