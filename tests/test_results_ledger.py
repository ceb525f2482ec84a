"""``almanac results import`` ties a row to its post by the permalink the ledger recorded.

The ledger is written as a team writes it, by ``almanac ledger import`` from a
Hootsuite export of sent posts (``tests/ledgerkit.py``); the results rows are an
X analytics export (``account_analytics_content_<from>_<to>.csv``: ``Post id``,
``Date``, ``Post text``, ``Post Link``…, as public X-export parsers on GitHub read
it) and a Meta Business Suite post export (``Post ID``, ``Permalink``, ``Publish
time``…, the columns a public loader of these exports lists), whose text and time
say nothing of the post: only the permalink can tie them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from pipeline.commands.results import import_results
from pipeline.errors import UsageError
from pipeline.stages.load.loader import load_project
from tests.ledgerkit import import_sent

PARIS = ZoneInfo("Europe/Paris")
VITRINE = "fete-des-lumieres-vitrine"
X_LINK = "https://x.com/maisonlumiere/status/12"
IG_LINK = "https://www.instagram.com/p/VitrineLumiere/"


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.fixture
def demo(brand: Callable[[str], Path], tmp_path: Path, run: Callable[..., Result]) -> Path:
    root = brand("demo")
    went_out = datetime(2026, 12, 3, 18, 2, tzinfo=PARIS)
    import_sent(
        run, root, tmp_path, [(VITRINE, "x", went_out, X_LINK), (VITRINE, "instagram", went_out, IG_LINK)]
    )
    return root


def _x_export(folder: Path) -> Path:
    # Text unrelated to the post and a post id (snowflake 12) that dates it to 2010: no other way matches.
    export = folder / "account_analytics_content_2026-12-01_2026-12-31.csv"
    header = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes"]
    export.write_text(_csv([header, ["12", "Mon, Dec 07, 2026", "texte sans rapport", X_LINK, "10", "1"]]))
    return export


def test_the_command_reads_the_ledger_and_a_permalink_alone_ties_the_row(
    demo: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    done = run(["results", "import", str(_x_export(tmp_path)), "--root", str(demo)])
    assert done.exit_code == 0, done.output
    assert "1 by permalink (ledger)" in done.output
    text = (demo / "results/2026/12.csv").read_text(encoding="utf-8")
    [row] = [r for r in csv.DictReader(io.StringIO(text)) if r["permalink"] == X_LINK]
    assert (row["post_id"], row["channel"], row["matched_by"]) == (VITRINE, "x", "ledger")


def test_a_permalink_matches_with_or_without_its_trailing_slash(demo: Path, tmp_path: Path) -> None:
    export = tmp_path / "meta.csv"
    header = ["Post ID", "Permalink", "Publish time", "Description", "Impressions"]
    # The ledger has ".../VitrineLumiere/", this export the same link without its "/"; three weeks later.
    export.write_text(_csv([header, ["1", IG_LINK.rstrip("/"), "12/24/2026 09:00", "Autre chose", "100"]]))
    done = import_results(load_project(demo), export)
    assert [(r.post_id, r.channel, r.matched_by) for r in done.stored] == [(VITRINE, "instagram", "ledger")]
    with pytest.raises(UsageError, match="no post matches this instagram row"):
        import_results(load_project(demo), export, ledger={})  # an empty mapping turns the ledger off


def test_a_ledger_that_cannot_be_read_stops_the_import_with_its_file_and_line(
    demo: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    month = demo / "ledger/2026/12.csv"
    month.write_text(month.read_text(encoding="utf-8") + "vitrine,x,hier,,meta\r\n", encoding="utf-8")
    done = run(["results", "import", str(_x_export(tmp_path)), "--root", str(demo)])
    assert done.exit_code == 2
    assert "ledger/2026/12.csv:4: not a ledger line" in done.output
    assert not (demo / "results").exists()  # nothing written
