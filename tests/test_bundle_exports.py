"""Every export read back with the csv and json modules: rows, columns, times, escaping."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.stages.bundle.csvsafe import FORMULA_STARTS, neutralise, write_csv
from pipeline.stages.bundle.exports import ExportContext, hootsuite
from pipeline.stages.bundle.exports.metricool_templates import TEMPLATES
from pipeline.stages.bundle.slots import fit_times
from tests.bundlekit import TRICKY_BODY, bundle_of, entry, unzip, write_brand

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def files(tmp_path: Path, git_repo: Callable[[Path], Path]) -> dict[str, bytes]:
    root = git_repo(write_brand(tmp_path / "brand"))
    outcome = bundle_of(root)
    assert outcome.bundle is not None
    return unzip(outcome.bundle.data)


def rows(data: bytes) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf"), "no BOM"
    text = data.decode("utf-8")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert text.endswith("\r\n") and text.count("\r\n") == len(table), "records end with CRLF, cells keep LF"
    return table


def test_hootsuite_one_file_per_channel_no_header_rounded_times(files: dict[str, bytes]) -> None:
    assert {n for n in files if n.startswith("exports/hootsuite/")} == {
        f"exports/hootsuite/{c}.csv" for c in ("instagram", "linkedin", "x", "mastodon")
    }
    linkedin = list(csv.reader(io.StringIO(files["exports/hootsuite/linkedin.csv"].decode(), newline="")))
    assert [len(r) for r in linkedin] == [3, 3]
    # 10:02 rounds up to 10:05; "second" wanted 10:05, the slot is taken: 10:10.
    assert [r[0] for r in linkedin] == ["01/12/2026 10:05", "01/12/2026 10:10"]
    message, link = linkedin[0][1], linkedin[0][2]
    assert message == "'" + TRICKY_BODY + "\n\n#AtelierBundle"
    assert (
        link
        == "https://example.org/offre?ref=1&utm_source=linkedin&utm_medium=social&utm_campaign=hiver&utm_content=tricky"
    )
    instagram = list(csv.reader(io.StringIO(files["exports/hootsuite/instagram.csv"].decode(), newline="")))
    assert instagram[0][2] == ""  # Instagram publishes no link


def test_hootsuite_splits_at_350_and_never_drops() -> None:
    start = datetime(2026, 12, 1, 8, 0, tzinfo=PARIS)
    entries = tuple(entry(f"p{i}", start + timedelta(minutes=7 * i)) for i in range(351))
    out = hootsuite.export(ExportContext(entries, datetime(2026, 11, 1, tzinfo=UTC), PARIS, "fr-FR"))
    assert sorted(out.files) == ["exports/hootsuite/x-part1.csv", "exports/hootsuite/x-part2.csv"]
    part1 = list(csv.reader(io.StringIO(out.files["exports/hootsuite/x-part1.csv"].decode(), newline="")))
    part2 = list(csv.reader(io.StringIO(out.files["exports/hootsuite/x-part2.csv"].decode(), newline="")))
    assert (len(part1), len(part2)) == (350, 1)
    times = [datetime.strptime(r[0], "%d/%m/%Y %H:%M").replace(tzinfo=PARIS) for r in part1 + part2]
    assert all(t.minute % 5 == 0 for t in times)
    assert all(b > a for a, b in itertools.pairwise(times))


def test_times_too_close_to_the_build_are_moved_not_dropped() -> None:
    built = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)  # 10:00:30 in Paris
    soon = entry("soon", datetime(2026, 12, 1, 10, 3, tzinfo=PARIS))
    times, warnings = fit_times(
        [soon], built, PARIS, step=timedelta(minutes=5), gap=timedelta(minutes=5), label="hootsuite x"
    )
    assert times == [datetime(2026, 12, 1, 10, 15, tzinfo=PARIS)]
    assert "at least 10 minutes after the build time" in warnings[0]


def test_sprout_header_dates_and_ten_minute_gaps(files: dict[str, bytes]) -> None:
    table = rows(files["exports/sprout/linkedin.csv"])
    assert table[0] == ["date", "time_24hr", "message_text", "image_url", "tags"]
    assert [(r[0], r[1]) for r in table[1:]] == [("01/12/2026", "10:02"), ("01/12/2026", "10:12")]
    assert table[1][2].startswith("'" + TRICKY_BODY)
    assert table[1][3] == "https://example.org/atelier/visuals/tricky/linkedin-feed.jpg"
    assert table[1][4] == "promo,hiver,noel"


def test_metricool_one_row_per_post_and_network(files: dict[str, bytes]) -> None:
    table = rows(files["exports/metricool.csv"])
    header = list(TEMPLATES["2026-05"])
    assert table[0] == header
    body = [dict(zip(header, r, strict=True)) for r in table[1:]]
    networks = [
        "Facebook",
        "Twitter/X",
        "LinkedIn",
        "GBP",
        "Instagram",
        "Pinterest",
        "TikTok",
        "Youtube",
        "Threads",
        "Bluesky",
    ]
    on = [[n for n in networks if row[n] == "TRUE"] for row in body]
    assert sorted(map(tuple, on)) == [("Instagram",), ("LinkedIn",), ("LinkedIn",), ("Twitter/X",)]
    assert all(row[n] in ("TRUE", "FALSE") for row in body for n in networks)
    slots = {(row["Date"], row["Time"]) for row in body}
    assert slots == {("2026-12-01", "10:02:00"), ("2026-12-01", "10:05:00")}
    insta = next(row for row in body if row["Instagram"] == "TRUE")
    assert insta["Picture Url 1"] == "https://example.org/atelier/visuals/tricky/instagram-feed.jpg"
    assert insta["Alt text picture 1"] == 'Un "carré" bleu'
    assert insta["Text"] == "'" + TRICKY_BODY + "\n\n#AtelierBundle"
    assert insta["Draft"] == "FALSE" and insta["Picture Url 2"] == ""


def test_buffer_inputs_due_in_utc(files: dict[str, bytes]) -> None:
    doc = json.loads(files["exports/buffer.json"])
    inputs = doc["inputs"]
    assert len(inputs) == len(doc["posts"]) == 5
    first = inputs[0]
    fields = {"channelId", "text", "schedulingType", "mode", "dueAt", "assets", "saveToDraft"}
    assert all(set(i) - {"metadata"} == fields for i in inputs)
    assert first["dueAt"] == "2026-12-01T09:02:00.000Z" and first["mode"] == "customScheduled"
    assert first["text"].startswith(TRICKY_BODY)  # JSON needs no neutralising: the text is exact
    assert doc["channel_ids"]["x"] == "BUFFER_CHANNEL_ID:x"
    insta = next(i for i, p in zip(inputs, doc["posts"], strict=True) if p["channel"] == "instagram")
    assert insta["assets"] == [
        {
            "image": {
                "url": "https://example.org/atelier/visuals/tricky/instagram-feed.jpg",
                "metadata": {"altText": 'Un "carré" bleu'},
            }
        }
    ]


def test_postiz_one_body_per_post_group(files: dict[str, bytes]) -> None:
    doc = json.loads(files["exports/postiz.json"])
    assert [b["post"] for b in doc["bodies"]] == ["tricky", "second"]
    tricky = doc["bodies"][0]["body"]
    assert tricky["type"] == "schedule" and tricky["date"] == "2026-12-01T09:02:00.000Z"
    assert [p["settings"]["__type"] for p in tricky["posts"]] == ["instagram", "linkedin", "mastodon", "x"]
    assert tricky["posts"][0]["value"][0]["content"] == TRICKY_BODY + "\n\n#AtelierBundle"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised_and_round_trips(start: str) -> None:
    cell = start + 'SUM(A1) "x",\n🎉'
    assert neutralise(cell) == "'" + cell
    data = write_csv([[cell, "plain"]], ["a", "b"])
    assert list(csv.reader(io.StringIO(data.decode(), newline=""))) == [["a", "b"], ["'" + cell, "plain"]]
    assert neutralise("Bonjour = salut") == "Bonjour = salut"
