"""Feeds stage on 10,000 posts (every event written: it keeps no cache), and icalendar alone.

Run: ``PYTHONPATH=$PWD python tests/bench/bench_feeds.py [N]``. Prints figures; asserts nothing
about time. Also times load and history, to see what share of a no-op rebuild feeds take.

"icalendar alone" (:func:`icalendar_build`) is the yardstick of the stage's cold time: icalendar
building one ``Calendar`` per feed with an ``Event`` (and ``Alarm``) component for each of the
stage's events, the same properties and values, and serialising it with ``to_ical()``. It starts
from the stage's plan (``plan_feeds``, not timed), so it costs only what icalendar itself does;
its bytes must be the stage's, or the two would not be doing the same work.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from pipeline.model.charter import Charter
from pipeline.stages.feeds import build_feeds
from pipeline.stages.feeds.events import plan_feeds
from pipeline.stages.feeds.model import FeedSpec
from pipeline.stages.feeds.render import icalendar_calendar, icalendar_event
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project

T = TypeVar("T")

CHANNELS = ["instagram", "linkedin", "x", "facebook"]


def make_brand(root: Path, n: int) -> None:
    """A brand with ``n`` posts over about three years, 1 to 4 channels each, ~800 characters of text."""
    rng = random.Random(42)
    (root / "charter.yaml").write_text(
        'brand: {name: Bench, timezone: Europe/Paris, site_url: "https://example.org/"}\n'
        "channels: {instagram: {}, linkedin: {}, x: {}, facebook: {}}\n"
    )
    start = datetime(2025, 1, 1, 8, tzinfo=UTC)
    words = [
        "lumière",
        "salon",
        "atelier",
        "couleur",
        "maison",
        "douceur",
        "hiver",
        "promo",
        "lancement",
        "conseil",
    ]
    for i in range(n):
        when = start + timedelta(minutes=157 * i)
        folder = root / "content" / "posts" / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        channels = rng.sample(CHANNELS, rng.randint(1, 4))
        body = " ".join(rng.choice(words) for _ in range(110))
        (folder / f"{when:%Y-%m-%d}-post-{i}.md").write_text(
            f"---\ntitle: Post {i}\npublish_at: {when:%Y-%m-%d %H:%M}\nchannels: [{', '.join(channels)}]\n"
            f"pillar: promo\nstatus: {rng.choice(['draft', 'review', 'approved', 'idea'])}\n---\n{body}\n"
        )


def icalendar_build(feeds: list[FeedSpec], charter: Charter) -> dict[str, bytes]:
    """Each feed as icalendar builds and serialises it: one Calendar, its events as components, to_ical()."""
    out: dict[str, bytes] = {}
    for feed in feeds:
        cal = icalendar_calendar(feed, charter)
        for event in feed.events:
            cal.add_component(icalendar_event(event))
        data: bytes = cal.to_ical()
        out[feed.path] = data
    return out


def timed(label: str, func: Callable[[], T], runs: int = 3) -> T:
    times: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    print(
        f"{label:<48} median {statistics.median(times) * 1000:8.0f} ms  (runs: "
        + ", ".join(f"{t * 1000:.0f}" for t in times)
        + ")"
    )
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    tmp = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    try:
        make_brand(tmp, n)
        project = timed("load_project (parse cache warm after run 1)", lambda: load_project(tmp))
        history = timed("read_history (no git: empty)", lambda: read_history(tmp))
        stamp = datetime(2026, 1, 1, tzinfo=UTC)
        out = timed("feeds (every event written)", lambda: build_feeds(project, history, stamp))
        plan = plan_feeds(project, history, stamp)
        alone = timed(
            "icalendar alone: build + to_ical, same feeds", lambda: icalendar_build(plan, project.charter)
        )
        assert alone == {path: a.data for path, a in out.files.items()}
        total = sum(len(a.data or b"") for a in out.files.values())
        posts = sum(1 for p in project.posts if p.meta.status != "idea")
        print(f"{n} posts ({posts} in feeds), {len(out.files)} feeds, {total / 1e6:.1f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
