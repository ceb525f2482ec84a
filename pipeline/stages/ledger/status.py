"""Published, not yet, or missed: each post on each channel, as of a moment.

``missed`` is a post due more than :data:`GRACE` before the moment with no ledger
entry for that channel; the site judges as of its commit (its pages depend on the
commit alone), the checks as of their day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Literal

from pipeline.model.content import Post
from pipeline.stages.ledger.model import LedgerEntry

GRACE = timedelta(days=1)
"""How long after its time a post may still be reported by its scheduler's export."""

Status = Literal["published", "pending", "missed"]


def status_of(
    post: Post, channel: str, ledger: Mapping[tuple[str, str], LedgerEntry], moment: datetime
) -> Status:
    """Where one post stands on one channel at ``moment``."""
    if (post.id, channel) in ledger:
        return "published"
    return "missed" if post.when + GRACE < moment else "pending"
