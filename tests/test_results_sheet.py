"""Cells as the exports (and a French Excel re-saving them) write them: numbers, rates, dates, encodings."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.stages.results.sheet import SheetError, count, decode, moment, share

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1234", 1234),
        ("1 234", 1234),
        ("1\u00a0234", 1234),  # French Excel: a no-break space between thousands
        ("1\u202f234 567", 1234567),  # narrow no-break space, as French typography writes it
        ("1,234", 1234),  # an English export's thousands
        ("1.234", 1234),  # a German-style one
        ("12,0", 12),
        ("", None),
        ("--", None),
    ],
)
def test_counts(cell: str, value: int | None) -> None:
    assert count(cell, 2, "impressions") == value


@pytest.mark.parametrize("cell", ["12,5", "beaucoup", "-3", "1,23"])
def test_a_count_that_is_not_whole_names_the_row(cell: str) -> None:
    with pytest.raises(SheetError, match=r"impressions: .* is not a whole number") as caught:
        count(cell, 7, "impressions")
    assert caught.value.line == 7


@pytest.mark.parametrize(
    ("cell", "value"),
    [("12,5 %", 0.125), ("12,5\u00a0%", 0.125), ("12.5%", 0.125), ("0.044", 0.044), ("", None)],
)
def test_rates(cell: str, value: float | None) -> None:
    found = share(cell, 2, "ctr")
    assert found == pytest.approx(value) if value is not None else found is None


@pytest.mark.parametrize(
    ("cell", "day_first", "expected", "timed"),
    [
        ("03/12/2026 18:04", True, "2026-12-03T18:04:00+01:00", True),
        ("12/03/2026 18:04", False, "2026-12-03T18:04:00+01:00", True),
        ("25/12/2026", False, "2026-12-25T00:00:00+01:00", False),  # 25 cannot be a month
        ("12/03/2026 6:04 PM", False, "2026-12-03T18:04:00+01:00", True),
        ("2026-12-03T17:04:00Z", False, "2026-12-03T18:04:00+01:00", True),
        ("Thu, Dec 03, 2026", False, "2026-12-03T00:00:00+01:00", False),
        ("jeu. 3 déc. 2026", True, "2026-12-03T00:00:00+01:00", False),
        ("3 décembre 2026 18:30", True, "2026-12-03T18:30:00+01:00", True),
    ],
)
def test_dates(cell: str, day_first: bool, expected: str, timed: bool) -> None:
    found, has_time = moment(cell, 2, "published", PARIS, day_first=day_first)
    assert (found, has_time) == (datetime.fromisoformat(expected), timed)


def test_a_date_that_is_not_one_names_the_row() -> None:
    with pytest.raises(SheetError, match="is not a date") as caught:
        moment("hier soir", 5, "published", PARIS, day_first=True)
    assert caught.value.line == 5


@pytest.mark.parametrize(
    "encoded",
    [
        "Réactions;Clics\n".encode("utf-8-sig"),
        "Réactions;Clics\n".encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
        "Réactions;Clics\n".encode("utf-16-le"),  # without one
        "Réactions;Clics\n".encode("cp1252"),
        "Réactions;Clics\n".encode(),
    ],
)
def test_encodings(encoded: bytes) -> None:
    assert decode(encoded) == "Réactions;Clics\n"
