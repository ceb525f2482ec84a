"""What the post page says of the ledger: published (with its link), not yet, or missed, per channel.

Judged as of the build's commit time, so a page depends on the commit alone: a
post more than a day past that time with no ledger entry is "missed".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from pipeline.model.charter import Charter
from pipeline.model.content import Post
from pipeline.stages.ledger.model import LedgerEntry
from pipeline.stages.ledger.status import Status, status_of
from pipeline.stages.ledger.store import LedgerError, read_ledger

Ledger = Mapping[tuple[str, str], LedgerEntry]


class WentOut(NamedTuple):
    """One channel of a post on its page: where it stands, and where it went out."""

    channel: str
    label: str
    status: Status
    when: str
    permalink: str


def site_ledger(root: Path) -> Ledger:
    """The brand's ledger for the site (a file that cannot be read shows nothing: the check says why)."""
    try:
        return read_ledger(root)
    except LedgerError:
        return {}


def ledger_rows(post: Post, charter: Charter, ledger: Ledger, moment: datetime) -> tuple[WentOut, ...]:
    """Each channel of ``post``, empty when the brand keeps no ledger (nothing to say)."""
    if not ledger or post.meta.status != "approved":
        return ()
    rows = []
    for channel in post.meta.channels:
        entry = ledger.get((post.id, channel))
        profile = charter.profiles.get(channel)
        when = f"{entry.published_at.astimezone(charter.tz):%Y-%m-%d %H:%M}" if entry else ""
        rows.append(
            WentOut(
                channel,
                profile.label if profile else channel,
                status_of(post, channel, ledger, moment),
                when,
                entry.permalink if entry else "",
            )
        )
    return tuple(rows)
