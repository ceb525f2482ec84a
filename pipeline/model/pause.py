"""Crisis pauses: the freezes ``almanac pause`` writes, and what they mean for a post.

A pause is a freeze of ``cadence.freezes`` with a ``since`` instant (the moment the
team stopped everything); ``almanac resume`` sets its ``ended`` instant and keeps
it in the charter, as the record of what happened. The feeds, the bundle, the
site and ``check`` all ask this module whether a post is paused, so they agree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pipeline.model.charter import Charter, Freeze


def is_pause(freeze: Freeze) -> bool:
    """Whether a freeze is a crisis pause (``almanac pause`` wrote it) rather than a planned truce."""
    return freeze.since is not None


def pauses(charter: Charter) -> list[Freeze]:
    """The crisis pauses of the charter, ended or not, in charter order."""
    return [f for f in charter.cadence.freezes if is_pause(f)]


def pause_end(freeze: Freeze, charter: Charter) -> datetime:
    """The instant a pause stops freezing: ``ended``, else midnight after its last day in the brand's zone."""
    if freeze.ended is not None:
        return freeze.ended
    return datetime.combine(freeze.end + timedelta(days=1), time(0, 0), tzinfo=charter.tz)


def pause_of(moment: datetime, charter: Charter) -> Freeze | None:
    """The crisis pause that holds back a post due at ``moment``, if any."""
    return next((f for f in pauses(charter) if f.covers(moment, charter.tz)), None)


def open_pauses(charter: Charter, day: date) -> list[Freeze]:
    """Pauses not ended and not past on ``day``: what the site's banner announces."""
    return [f for f in pauses(charter) if f.ended is None and f.end >= day]


def sequence_bump(moment: datetime, charter: Charter) -> int:
    """How much the pauses raise the SEQUENCE of a post event due at ``moment``.

    RFC 5545 asks a calendar to take the event with the higher SEQUENCE. Each pause
    that began before the post adds 1 while it cancels the post, and 2 once the
    post comes after its end (reinstated or moved), so the event calendars get
    after a pause always outranks the cancelled one, even when the post's own
    file did not change (its commits count separately).
    """
    bump = 0
    for freeze in pauses(charter):
        assert freeze.since is not None
        if moment < freeze.since:
            continue
        if freeze.covers(moment, charter.tz):
            bump += 1
        elif moment >= pause_end(freeze, charter):
            bump += 2
    return bump


__all__ = ["is_pause", "open_pauses", "pause_end", "pause_of", "pauses", "sequence_bump"]
