"""``almanac results import``: each network's export, as a team downloads it, into ``results/``.

The column names follow the public descriptions named in
``pipeline/stages/results/formats.py``: Meta Business Suite's Facebook post export
(the column list of a public loader of ``<dates>_<page id>.csv`` exports on GitHub,
"Post ID and Permalink first": beckmanncollaborative.com), its Instagram export,
LinkedIn's page Content export ("Post title", "Post link", "Created date", "Click
through rate (CTR)", a line of notes above the header) and X's
``account_analytics_content_<from>_<to>.csv`` ("Post id", "Date", "Post text",
"Post Link", ...). The French headers are the interface's wording, not checked
against a real French export. The files are written here as the networks (or Excel
re-saving them) write them; the brand is a copy of the demo brand, so rows match
real posts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result

from pipeline.commands.results import import_results
from pipeline.errors import UsageError
from pipeline.stages.load.loader import load_project
from pipeline.stages.results.importer import SNOWFLAKE_EPOCH_MS

VITRINE_FB = (
    "Du 8 au 11 décembre, Lyon s’illumine, et notre boutique de la rue Burdeau aussi. Pour la Fête des "
    "Lumières, notre vitrine devient une installation de cinquante suspensions qui s’allument au rythme "
    "des passants. Elle sera visible chaque soir de 18 h à minuit. #MaisonLumiere #FeteDesLumieres #Lyon"
)
VITRINE_X = (
    "Du 8 au 11 décembre, notre vitrine lyonnaise devient une installation de cinquante suspensions. "
    "Chaque soir de 18 h à minuit, rue Burdeau."
)
CADEAUX = (
    "Notre guide des cadeaux est en ligne. Pour les amoureux de lecture, la lampe Opaline et son abat-jour "
    "plissé. https://maison-lumiere.example.com/cadeaux?utm_source=social&utm_content=idees-cadeaux-noel"
)
HOTEL = "Livrer 42 chambres en six semaines, sans renoncer au fait main. C’est le défi que nous a confié"


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _results(root: Path, month: str = "2026/12") -> list[dict[str, str]]:
    text = (root / "results" / f"{month}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def demo(brand: Callable[[str], Path]) -> Path:
    return brand("demo")


def test_meta_facebook_export_in_french_cp1252_semicolons_and_french_numbers(
    demo: Path, tmp_path: Path
) -> None:
    """Meta's Facebook export, French headers, reordered, extra columns, saved by a French Excel."""
    header = [
        "Commentaire sur les données",
        "Heure de publication",
        "Identifiant de la publication",
        "Nom de la Page",
        "Description",
        "Lien permanent",
        "Type de publication",
        "Couverture",
        "Impressions",
        "Réactions, commentaires et partages",
        "Réactions",
        "Commentaires",
        "Partages",
        "Clics sur un lien",
        "Total des clics",
        "Une colonne ajoutée",
    ]
    row = [
        "Lifetime",
        "03/12/2026 18:04",
        "6155_9001",
        "Maison Lumière",
        VITRINE_FB,
        "https://www.facebook.com/6155/posts/9001",
        "Photos",
        "1\u00a0234",
        "2\u00a0345",
        "87",
        "60",
        "15",
        "12",
        "",
        "40",
        "x",
    ]
    export = tmp_path / "Dec-01-2026_Dec-31-2026_6155.csv"
    export.write_bytes(_csv([header, row], ";").encode("cp1252"))
    done = import_results(load_project(demo), export)
    assert done.source == "meta" and done.french
    [stored] = _results(demo)
    assert stored == {
        "post_id": "fete-des-lumieres-vitrine",
        "channel": "facebook",
        "published_at": "2026-12-03T18:04:00+01:00",  # day first: a French export
        "permalink": "https://www.facebook.com/6155/posts/9001",
        "impressions": "2345",
        "reach": "1234",
        "engagements": "87",
        "clicks": "40",  # no link clicks given: the total
        "source": "meta",
        "matched_by": "time-text",
    }


def test_meta_instagram_export_utf8_bom_and_utm_content_link(demo: Path, tmp_path: Path) -> None:
    """Instagram rows (told by the permalink) and a Facebook row found by ``utm_content``, a day late."""
    header = [
        "Post ID",
        "Account ID",
        "Account username",
        "Account name",
        "Description",
        "Duration (sec)",
        "Publish time",
        "Permalink",
        "Post type",
        "Data comment",
        "Date",
        "Impressions",
        "Reach",
        "Likes",
        "Shares",
        "Follows",
        "Comments",
        "Saves",
    ]
    rows = [
        header,
        [
            "1790001",
            "1784",
            "maisonlumiere",
            "Maison Lumière",
            VITRINE_FB,
            "",
            "12/03/2026 18:01",
            "https://www.instagram.com/p/DLabc/",
            "IG image",
            "Lifetime",
            "Lifetime",
            "3,210",
            "2,500",
            "150",
            "12",
            "3",
            "20",
            "9",
        ],
        [
            "1790002",
            "1784",
            "maisonlumiere",
            "Maison Lumière",
            CADEAUX,
            "",
            "12/11/2026 12:00",
            "https://www.facebook.com/6155/posts/9002",
            "IG image",
            "Lifetime",
            "Lifetime",
            "900",
            "700",
            "30",
            "2",
            "0",
            "4",
            "1",
        ],
    ]
    export = tmp_path / "instagram.csv"
    export.write_bytes(b"\xef\xbb\xbf" + _csv(rows).encode("utf-8"))
    done = import_results(load_project(demo), export)
    assert not done.french and len(done.stored) == 2
    by_channel = {r["channel"]: r for r in _results(demo)}
    assert by_channel["instagram"]["post_id"] == "fete-des-lumieres-vitrine"
    assert by_channel["instagram"]["impressions"] == "3210"  # "3,210": thousands in an English export
    assert by_channel["instagram"]["engagements"] == str(150 + 20 + 12 + 9)
    assert by_channel["instagram"]["published_at"] == "2026-12-03T18:01:00+01:00"  # month first in English
    assert by_channel["facebook"]["post_id"] == "idees-cadeaux-noel"
    assert by_channel["facebook"]["matched_by"] == "utm"


def test_linkedin_export_utf16_tabs_notes_line_day_only(demo: Path, tmp_path: Path) -> None:
    """LinkedIn's Content export as Excel saves "Unicode text": UTF-16, tabs, the notes line kept on top."""
    header = [
        "Post title",
        "Post link",
        "Post type",
        "Campaign name",
        "Posted by",
        "Created date",
        "Campaign start date",
        "Campaign end date",
        "Audience",
        "Impressions",
        "Views (excluding off-site video views)",
        "Off-site views",
        "Clicks",
        "Click through rate (CTR)",
        "Likes",
        "Comments",
        "Reposts",
        "Follows",
        "Engagement rate",
        "Content Type",
    ]
    row = [
        HOTEL,
        "https://www.linkedin.com/feed/update/urn:li:activity:1",
        "Organic",
        "",
        "Équipe",
        "12/07/2026",
        "",
        "",
        "All followers",
        "1116",
        "",
        "",
        "9",
        "0.0081",
        "30",
        "6",
        "4",
        "0",
        "0.044",
        "Image",
    ]
    text = "Posts: metrics of the posts published in the period\r\n" + _csv([header, row], "\t")
    export = tmp_path / "linkedin.csv"
    export.write_bytes(text.encode("utf-16"))
    import_results(load_project(demo), export)
    [stored] = _results(demo)
    assert (stored["post_id"], stored["channel"]) == ("projet-hotel-presqu-ile", "linkedin")
    assert stored["published_at"] == "2026-12-07T10:00:00+01:00"  # the day only: the planned hour stands in
    assert (stored["impressions"], stored["engagements"], stored["clicks"], stored["reach"]) == (
        "1116",
        "40",
        "9",
        "",
    )


def test_x_export_time_comes_from_the_snowflake_id(demo: Path, tmp_path: Path) -> None:
    """X gives the day only; the post id holds the instant (milliseconds since X's epoch, in its top bits)."""
    sent = datetime(2026, 12, 3, 17, 3, 20, tzinfo=UTC)
    snowflake = (int(sent.timestamp() * 1000) - SNOWFLAKE_EPOCH_MS) << 22 | 77
    header = [
        "Post id",
        "Date",
        "Post text",
        "Post Link",
        "Impressions",
        "Likes",
        "Engagements",
        "Bookmarks",
        "Shares",
        "New follows",
        "Replies",
        "Reposts",
        "Profile visits",
        "Detail Expands",
        "URL Clicks",
    ]
    row = [
        str(snowflake),
        "Thu, Dec 03, 2026",
        VITRINE_X,
        f"https://x.com/ml/status/{snowflake}",
        "1363",
        "20",
        "61",
        "2",
        "1",
        "0",
        "3",
        "4",
        "9",
        "12",
        "0",
    ]
    export = tmp_path / "account_analytics_content_2026-12-01_2026-12-31.csv"
    export.write_text(_csv([header, row]), encoding="utf-8")
    import_results(load_project(demo), export)
    [stored] = _results(demo)
    assert stored["post_id"] == "fete-des-lumieres-vitrine" and stored["channel"] == "x"
    assert stored["published_at"] == "2026-12-03T18:03:20+01:00"
    assert stored["engagements"] == str(20 + 3 + 4 + 2 + 1)  # not X's Engagements (61), which counts clicks


def test_the_ledger_permalink_wins_over_time_and_text(demo: Path, tmp_path: Path) -> None:
    header = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes"]
    row = ["12", "Mon, Dec 07, 2026", "texte sans rapport", "https://x.com/ml/status/12", "10", "1"]
    export = tmp_path / "x.csv"
    export.write_text(_csv([header, row]), encoding="utf-8")
    project = load_project(demo)
    with pytest.raises(UsageError, match=r"x\.csv:2: no post matches this x row"):
        import_results(project, export)
    ledger = {"https://x.com/ml/status/12": ("fete-des-lumieres-vitrine", "x")}
    done = import_results(project, export, ledger=ledger)
    assert [(r.post_id, r.matched_by) for r in done.stored] == [("fete-des-lumieres-vitrine", "ledger")]


def test_a_bad_row_is_named_and_nothing_is_written_unless_partial(
    demo: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    header = ["Post ID", "Permalink", "Publish time", "Description", "Impressions", "Reach"]
    rows = [
        header,
        ["1", "https://www.facebook.com/p/1", "12/03/2026 18:00", VITRINE_FB, "2 345", "1 000"],
        ["2", "https://www.facebook.com/p/2", "12/03/2026 18:00", VITRINE_FB, "beaucoup", "1 000"],
        ["3", "https://www.facebook.com/p/3", "31/02/2026 18:00", VITRINE_FB, "5", "1"],
    ]
    export = tmp_path / "meta.csv"
    export.write_text(_csv(rows), encoding="utf-8")
    refused = run(["results", "import", str(export), "--root", str(demo)])
    assert refused.exit_code == 2
    assert "meta.csv:3: impressions: 'beaucoup' is not a whole number" in refused.output
    assert "meta.csv:4: published: '31/02/2026 18:00' is not a date of the calendar" in refused.output
    assert not (demo / "results").exists()
    partial = run(["results", "import", str(export), "--root", str(demo), "--partial"])
    assert partial.exit_code == 0, partial.output
    assert "1 row from a meta export stored in results/2026/12.csv\n  1 by time and text\n" in partial.output
    assert [r["impressions"] for r in _results(demo)] == ["2345"]


def test_an_unknown_file_says_which_exports_are_known(
    demo: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    export = tmp_path / "notes.csv"
    export.write_text("Titre,Vues\nBonjour,3\n", encoding="utf-8")
    result = run(["results", "import", str(export), "--root", str(demo)])
    assert result.exit_code == 2
    assert "notes.csv:1: not a known export" in result.output and "LinkedIn (Post title" in result.output


def test_importing_again_replaces_the_same_post_and_channel(demo: Path, tmp_path: Path) -> None:
    """Figures grow for weeks after a post: the later export replaces the earlier row, others stay."""
    header = ["Post ID", "Permalink", "Publish time", "Description", "Impressions"]
    first = tmp_path / "a.csv"
    first.write_text(
        _csv(
            [
                header,
                ["1", "https://www.facebook.com/p/1", "12/03/2026 18:00", VITRINE_FB, "100"],
                ["2", "https://www.facebook.com/p/2", "12/11/2026 12:00", CADEAUX, "50"],
            ]
        )
    )
    second = tmp_path / "b.csv"
    second.write_text(
        _csv([header, ["1", "https://www.facebook.com/p/1", "12/03/2026 18:00", VITRINE_FB, "400"]])
    )
    project = load_project(demo)
    import_results(project, first)
    import_results(project, second)
    assert {r["post_id"]: r["impressions"] for r in _results(demo)} == {
        "fete-des-lumieres-vitrine": "400",
        "idees-cadeaux-noel": "50",
    }


@pytest.mark.parametrize("month", ["2026-11", "2026-12"])
def test_the_demo_exports_import_to_the_committed_results(demo: Path, month: str) -> None:
    """The demo's exports (every format, French headers included) give exactly the committed results files."""
    project = load_project(demo)
    for export in sorted((demo / "assets" / "results-exports" / month).glob("*.csv")):
        import_results(project, export)
    year, mm = month.split("-")
    committed = Path(__file__).resolve().parent.parent / "results" / year / f"{mm}.csv"
    assert (demo / "results" / year / f"{mm}.csv").read_bytes() == committed.read_bytes()


def test_two_rows_for_one_post_and_channel_are_both_refused(demo: Path, tmp_path: Path) -> None:
    """Two rows the matcher ties to the same post on the same channel: neither set of figures is stored."""
    header = ["Post ID", "Permalink", "Publish time", "Description", "Impressions"]
    rows = [
        header,
        ["1", "https://www.facebook.com/p/1", "12/03/2026 18:00", VITRINE_FB, "100"],
        ["2", "https://www.facebook.com/p/2", "12/03/2026 18:30", VITRINE_FB, "120"],
        ["3", "https://www.facebook.com/p/3", "12/11/2026 12:00", CADEAUX, "50"],
    ]
    export = tmp_path / "meta.csv"
    export.write_text(_csv(rows), encoding="utf-8")
    project = load_project(demo)
    with pytest.raises(UsageError) as refused:
        import_results(project, export)
    assert "meta.csv:2: matches fete-des-lumieres-vitrine on facebook like row 3" in str(refused.value)
    assert "meta.csv:3: matches fete-des-lumieres-vitrine on facebook like row 2" in str(refused.value)
    done = import_results(project, export, partial=True)
    assert [r.post_id for r in done.stored] == ["idees-cadeaux-noel"]
