"""A ledger file damaged by hand: ``check`` names its file and line, ``ledger import`` refuses to merge.

The ledger is written by ``almanac ledger import`` from a Hootsuite export of sent
posts (``tests/ledgerkit.py``), then one line is broken as a bad hand edit or a
merge conflict would break it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import Result

from tests.bundlekit import write_brand
from tests.ledgerkit import import_sent, ledger_import

PARIS = ZoneInfo("Europe/Paris")


def test_a_broken_ledger_line_is_an_error_with_its_place_and_is_never_merged_into(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    root = git_repo(write_brand(tmp_path / "brand"))
    sent = [("tricky", "linkedin", datetime(2026, 12, 1, 10, 5, tzinfo=PARIS), "https://lnkd.in/p/1")]
    import_sent(run, root, tmp_path, sent)
    month = root / "ledger/2026/12.csv"
    broken = month.read_bytes() + b"<<<<<<< HEAD\r\n"
    args = ["check", "--root", str(root), "--today", "2026-12-03", "--format", "json"]
    assert not [f for f in json.loads(run(args).output)["findings"] if f["rule"] == "ledger.unreadable"]

    month.write_bytes(broken)
    checked = run(args)
    [found] = [f for f in json.loads(checked.output)["findings"] if f["rule"] == "ledger.unreadable"]
    assert (found["file"], found["line"], found["level"]) == ("ledger/2026/12.csv", 3, "error")
    assert found["message"].startswith("not a ledger line")
    assert checked.exit_code == 1

    again = ledger_import(run, root, tmp_path, sent)
    assert again.exit_code == 2
    assert "ledger/2026/12.csv:3: not a ledger line" in again.output and "nothing was written" in again.output
    assert month.read_bytes() == broken
