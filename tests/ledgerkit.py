"""Writes a brand's ledger the way a team does: a Hootsuite export of sent posts, imported by the CLI.

The export's columns are those ``pipeline/stages/ledger/formats.py`` reads
(``Date (GMT)`` in UTC, ``Social Network``, ``Post Message``, ``Post Permalink``);
each row's text is the post's published text, so the importer matches it by time
and text as it would a real export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result

from pipeline.stages.load.loader import load_project
from pipeline.text.compose import published_text

HOOTSUITE = ("Date (GMT)", "Social Network", "Post Message", "Post Permalink")

Sent = tuple[str, str, datetime, str]
"""A post that went out: post id, channel, when (aware), permalink."""


def hootsuite_export(root: Path, sent: list[Sent]) -> bytes:
    """A Hootsuite CSV of sent posts for ``sent``, the text of each as the brand published it."""
    project = load_project(root, use_cache=False)
    posts = {p.id: p for p in project.posts}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HOOTSUITE)
    for post_id, channel, when, permalink in sent:
        text = published_text(posts[post_id], channel, project.charter)
        writer.writerow([f"{when.astimezone(UTC):%Y-%m-%d %H:%M:%S}", channel.capitalize(), text, permalink])
    return out.getvalue().encode("utf-8")


def ledger_import(run: Callable[..., Result], root: Path, folder: Path, sent: list[Sent]) -> Result:
    """Run ``almanac ledger import`` on a Hootsuite export of ``sent`` written into ``folder``."""
    export = folder / "hootsuite-sent.csv"
    export.write_bytes(hootsuite_export(root, sent))
    return run(["ledger", "import", "--root", str(root), str(export)])


def import_sent(run: Callable[..., Result], root: Path, folder: Path, sent: list[Sent]) -> Result:
    """Import ``sent`` into ``root``'s ledger with ``almanac ledger import``; asserts that it worked."""
    result = ledger_import(run, root, folder, sent)
    assert result.exit_code == 0, result.output
    return result
