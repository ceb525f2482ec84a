"""``almanac resume``: end the pause and find new slots for the posts it held back.

The posts the pause held back and whose time has passed need a new time. Each
gets, in its old order, the first quarter hour from now that the charter
allows: inside every channel's posting windows, outside every freeze, at least
``min_gap_hours`` from the channel's other posts, under the ISO week's maximum
(``per_week``) and without pushing a pillar past its ``mix.max_share`` in the
rolling windows that end or start at that time. Without ``--apply`` nothing is
written (the plan is printed); with it, the pause is ended in ``charter.yaml``
and each post's ``publish_at`` value is replaced in its file, every other byte
kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pipeline.build.context import clock_at, read_clock
from pipeline.commands.charter_edit import end_pause
from pipeline.commands.pause import save_user_file, validated
from pipeline.errors import OutputError, UsageError
from pipeline.model.charter import Charter, Freeze
from pipeline.model.content import Post
from pipeline.model.pause import pause_end
from pipeline.model.project import CHARTER_FILE
from pipeline.stages.check.rules.cadence import MIX_MIN_POSTS
from pipeline.stages.load.loader import load_project
from pipeline.text.messages import N_, msg
from pipeline.text.oserrors import with_reason

STEP = timedelta(minutes=15)
LEAD = timedelta(minutes=10)
"""The first slot is at least this far from now (the schedulers' own lead, see the bundle)."""
COUNTED = ("approved", "review")


@dataclass(frozen=True)
class Move:
    """A held-back post, its old time and the slot proposed (None: nothing fits within the horizon)."""

    post: Post
    old: datetime
    new: datetime | None


@dataclass(frozen=True)
class ResumeRun:
    """The plan of ``resume``, and whether it was applied."""

    pause: Freeze
    ended: datetime
    moves: tuple[Move, ...]
    applied: bool
    exact: bool = True
    written: tuple[str, ...] = field(default_factory=tuple)
    """Files rewritten by ``--apply`` (charter.yaml first)."""


@dataclass
class _Calendar:
    """What the slot search compares against: each channel's instants, weeks and the pillars in time."""

    charter: Charter
    freezes: list[Freeze]
    by_channel: dict[str, list[datetime]] = field(default_factory=dict)
    pillars: list[tuple[datetime, str]] = field(default_factory=list)

    def add(self, when: datetime, post: Post) -> None:
        for channel in post.meta.channels:
            insort(self.by_channel.setdefault(channel, []), when)
        insort(self.pillars, (when, post.meta.pillar))

    def fits(self, when: datetime, post: Post) -> bool:
        cadence = self.charter.cadence
        tz = self.charter.cadence_tz
        local = when.astimezone(tz)
        wall = local.replace(tzinfo=None)
        # An hour that happens twice in autumn could not be written as a plain wall time.
        if wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset():
            return False
        if any(f.covers(when, tz) for f in self.freezes):
            return False
        for channel in post.meta.channels:
            windows = cadence.windows_for(channel)
            if windows and not any(w.contains(local.weekday(), local.time()) for w in windows):
                return False
            times = self.by_channel.get(channel, [])
            hours = cadence.min_gap_hours.get(channel, cadence.min_gap_hours.get("default"))
            if hours:
                gap = timedelta(hours=hours)
                i = bisect_left(times, when - gap)
                if i < len(times) and abs(times[i] - when) < gap:
                    return False
            bounds = cadence.per_week.get(channel)
            if bounds is not None:
                monday = datetime.combine(
                    local.date() - timedelta(days=local.weekday()), time(0, 0), tzinfo=tz
                )
                sunday_night = datetime.combine(monday.date() + timedelta(days=7), time(0, 0), tzinfo=tz)
                if bisect_left(times, sunday_night) - bisect_left(times, monday) >= bounds[1]:
                    return False
        return self._mix_fits(when, post.meta.pillar)

    def _mix_fits(self, when: datetime, pillar: str) -> bool:
        mix = self.charter.cadence.mix
        if mix is None or pillar not in mix.max_share:
            return True
        span = timedelta(days=mix.window_days)
        for first, last in ((when - span, when), (when, when + span)):
            lo = bisect_left(self.pillars, (first, ""))
            hi = bisect_left(self.pillars, (last, "\uffff"))
            counts = Counter(p for _t, p in self.pillars[lo:hi])
            size = hi - lo + 1
            if size >= MIX_MIN_POSTS and (counts[pillar] + 1) / size > mix.max_share[pillar]:
                return False
        return True


def _ended_copy(pause: Freeze, ended: datetime, tz_day: date) -> Freeze:
    return pause.model_copy(update={"ended": ended, "end": min(pause.end, max(pause.start, tz_day))})


def plan(
    posts: tuple[Post, ...], charter: Charter, index: int, ended: datetime, last_day: date
) -> tuple[Move, ...]:
    """New slots for the posts the pause at ``index`` held back before ``ended``; see the module docstring."""
    pause = charter.cadence.freezes[index]
    held = sorted(
        (p for p in posts if p.meta.status != "idea" and pause.covers(p.when, charter.tz) and p.when < ended),
        key=lambda p: (p.when, p.id),
    )
    held_ids = {p.id for p in held}
    freezes = list(charter.cadence.freezes)
    freezes[index] = _ended_copy(pause, ended, ended.astimezone(charter.tz).date())
    cal = _Calendar(charter, freezes)
    for post in posts:
        if post.meta.status in COUNTED and post.id not in held_ids:
            cal.add(post.when, post)
    start = _quarter(ended + LEAD)
    stop = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=charter.tz)
    moves = []
    for post in held:
        slot = start
        found = None
        while slot < stop:
            if cal.fits(slot, post):
                found = slot
                break
            slot += STEP
        if found is not None:
            cal.add(found, post)
        moves.append(Move(post, post.when, found))
    return tuple(moves)


def _quarter(moment: datetime) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    extra = moment.minute % 15
    return moment if extra == 0 else moment + timedelta(minutes=15 - extra)


def resume(root: Path, *, today: date | None = None, apply: bool = False) -> ResumeRun:
    """Plan (and with ``apply`` write) the end of the charter's open pause."""
    instant = read_clock()
    project = load_project(root)
    charter = project.charter
    clock = clock_at(charter.tz, instant, today)
    open_ones = [i for i, f in enumerate(charter.cadence.freezes) if f.since is not None and f.ended is None]
    if not open_ones:
        raise UsageError(msg("no pause to resume: charter.yaml has no crisis pause without `ended`"))
    index = open_ones[-1]
    pause = charter.cadence.freezes[index]
    assert pause.since is not None
    # A pause whose `to` has passed ended then: resuming later must not freeze the days after it.
    ended = max(min(clock.now, pause_end(pause, charter)), pause.since)
    last_day = clock.today + timedelta(days=charter.publish.horizon_days)
    moves = plan(project.posts, charter, index, ended, last_day)
    if not apply:
        return ResumeRun(pause, ended, moves, applied=False)
    edited = end_pause(project.charter_text, index, ended=ended)
    validated(edited.text)
    written = [CHARTER_FILE]
    save_user_file(project.root / CHARTER_FILE, edited.text)
    for move in moves:
        if move.new is not None:
            rewrite_publish_at(project.root, move.post, move.new.astimezone(charter.tz))
            written.append(move.post.path)
    return ResumeRun(pause, ended, moves, applied=True, exact=edited.exact, written=tuple(written))


_VALUE = re.compile(
    r"^(?P<head>publish_at[ \t]*:[ \t]*)(?P<q>[\"']?)(?P<value>[^\"'#\r\n]*?)(?P=q)"
    r"(?P<tail>[ \t]*(?:#[^\r\n]*)?)(?P<end>\r?\n?)$"
)


def rewrite_publish_at(root: Path, post: Post, new: datetime) -> None:
    """Replace the post's ``publish_at`` value by the wall time ``new`` (in the brand's zone), in place.

    Only that value changes: its quotes, a comment after it, the line ending and
    every other byte of the file stay.
    """
    path = root / post.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OutputError(with_reason(N_("cannot read {path}: {error}"), exc, path=post.path)) from exc
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    number = post.key_lines.get("publish_at")
    match = _VALUE.match(lines[number - 1]) if number is not None and number <= len(lines) else None
    if match is None or number is None:
        raise OutputError(
            msg("{path}: publish_at is not a plain value on its own line; move it by hand", path=post.path)
        )
    value = f"{new:%Y-%m-%d %H:%M}"
    lines[number - 1] = f"{match['head']}{match['q']}{value}{match['q']}{match['tail']}{match['end']}"
    save_user_file(path, "".join(lines))


__all__ = ["Move", "ResumeRun", "plan", "resume", "rewrite_publish_at"]
