"""``almanac check --watch``: woken by changes, the findings a one-shot check gives, Ctrl-C to stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from pipeline.build.runs import WatchedRun, check, watch_check
from pipeline.build.watch import ChangeWaiter, Snapshot
from pipeline.errors import CharterError
from tests.conftest import commit_all
from tests.site_build import make_brand
from tests.site_build import replace_in as edit

TODAY = date(2026, 11, 25)
BONJOUR = "content/posts/2026/12/2026-12-01-bonjour.md"
UNKNOWN_CHANNEL = ("channels: [instagram, linkedin]", "channels: [instagram, myspace]")
"""An edit that adds an error (``post.unknown-channel``): the brand has no such network."""

pytestmark = pytest.mark.waits


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    return make_brand(tmp_path)


@pytest.fixture
def background() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(1) as pool:
        yield pool


def changed(waiting: Future[Snapshot | None]) -> Snapshot:
    """The snapshot a wait returned, within ten seconds (a wait that ends without one fails)."""
    seen = waiting.result(timeout=10)
    assert seen is not None, "the wait ended without a change"
    return seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_the_kernel_wakes_the_waiter_for_edits_and_new_folders(
    brand: Path, background: ThreadPoolExecutor
) -> None:
    stop = threading.Event()
    # No snapshot but when the kernel says so for a minute: only inotify can wake it in ten seconds.
    with ChangeWaiter(brand, interval=0.05, kernel_poll=60) as waiter:
        assert waiter._notify is not None
        try:
            waiting = background.submit(waiter.wait, stop)
            edit(brand / BONJOUR, "title: Bonjour décembre", "title: Bonsoir décembre")
            assert BONJOUR in changed(waiting)

            new = brand / "content/posts/2027/01/2027-01-04-janvier.md"
            waiting = background.submit(waiter.wait, stop)
            new.parent.mkdir(parents=True)
            new.write_text((brand / BONJOUR).read_text(encoding="utf-8"), encoding="utf-8")
            seen = changed(waiting)
            if "content/posts/2027/01/2027-01-04-janvier.md" not in seen:  # woken by the folder alone
                seen = changed(background.submit(waiter.wait, stop))
            assert "content/posts/2027/01/2027-01-04-janvier.md" in seen

            waiting = background.submit(waiter.wait, stop)
            edit(new, "title: Bonsoir décembre", "title: Bonjour janvier")  # in a folder made since
            before = seen["content/posts/2027/01/2027-01-04-janvier.md"]
            assert changed(waiting)["content/posts/2027/01/2027-01-04-janvier.md"] != before
        finally:
            stop.set()
    assert waiter.wait(stop) is None, "a set stop ends the wait at once"


def test_a_stop_is_seen_within_the_interval_while_the_kernel_is_quiet(
    brand: Path, background: ThreadPoolExecutor
) -> None:
    stop = threading.Event()
    with ChangeWaiter(brand, interval=0.05) as waiter:
        waiting = background.submit(waiter.wait, stop)
        stop.set()
        assert waiting.result(timeout=2) is None


def test_without_the_kernel_the_waiter_polls(brand: Path, background: ThreadPoolExecutor) -> None:
    stop = threading.Event()
    with ChangeWaiter(brand, interval=0.05) as waiter:
        waiter.close()  # what a system without inotify has
        try:
            waiting = background.submit(waiter.wait, stop)
            (brand / "charter.yaml").write_text(
                (brand / "charter.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
            )
            assert "charter.yaml" in changed(waiting)
        finally:
            stop.set()
    assert waiter.wait(stop) is None, "a set stop ends the wait at once"


def test_each_watched_check_is_the_one_shot_check(brand: Path, background: ThreadPoolExecutor) -> None:
    stop = threading.Event()
    runs = watch_check(brand, stop, today=TODAY, interval=0.05)

    def following() -> WatchedRun:
        return background.submit(next, runs).result(timeout=30)

    try:
        first = following()
        assert first.error is None
        assert first.findings == check(brand, today=TODAY).findings
        assert first.reloaded == 5

        edit(brand / BONJOUR, *UNKNOWN_CHANNEL)
        after = following()
        assert after.reloaded == 1
        assert after.findings == check(brand, today=TODAY).findings
        assert any(f.rule == "post.unknown-channel" and f.file == BONJOUR for f in after.findings)

        charter = brand / "charter.yaml"
        good = charter.read_text(encoding="utf-8")
        charter.write_text("brand: [", encoding="utf-8")
        broken = following()
        assert isinstance(broken.error, CharterError) and broken.findings == []

        charter.write_text(good, encoding="utf-8")
        mended = following()
        assert mended.error is None and mended.findings == after.findings
    finally:
        stop.set()
        runs.close()


def test_a_commit_alone_is_checked_again_with_the_new_history(
    brand: Path, background: ThreadPoolExecutor
) -> None:
    """``time.past`` says "not committed yet" of an edited approved post; once committed, when it was."""
    day = date(2026, 12, 9)  # the approved post of 1 December is due
    edit(brand / BONJOUR, "title: Bonjour décembre", "title: Bonsoir décembre")
    stop = threading.Event()
    runs = watch_check(brand, stop, today=day, interval=0.05)

    def past(run: WatchedRun) -> list[str]:
        return [f.message for f in run.findings if f.rule == "time.past" and f.file == BONJOUR]

    try:
        first = background.submit(next, runs).result(timeout=30)
        assert first.findings == check(brand, today=day).findings
        assert len(past(first)) == 1 and "2026-12-08 18:00" not in past(first)[0]

        commit_all(brand, "bonsoir", date="2026-12-08T18:00:00+01:00")  # no brand file changes
        after = background.submit(next, runs).result(timeout=30)
        assert after.reloaded == 0
        assert after.findings == check(brand, today=day).findings
        assert len(past(after)) == 1 and "2026-12-08 18:00" in past(after)[0]
    finally:
        stop.set()
        runs.close()


def interruptible() -> None:
    """In the child: Ctrl-C's signal as a terminal gives it, whatever this process inherited.

    A shell without job control starts its background jobs with SIGINT ignored, and a
    process inherits that: run so, pytest's watch would never stop.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(process: subprocess.Popen[str]) -> int:
    """Send SIGINT and return the exit code; killed after 30 s: a watch that ignores it fails, never hangs."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def test_the_command_prints_a_report_a_line_until_interrupted(brand: Path) -> None:
    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": ""}
    command = [sys.executable, "-m", "pipeline", "check", "--root", str(brand), "--today", TODAY.isoformat()]
    once = subprocess.run(
        [*command, "--format", "json"], capture_output=True, text=True, env=env, check=False
    )
    with subprocess.Popen(
        [*command, "--format", "json", "--watch", "--interval", "0.05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=interruptible,
    ) as watch:
        try:
            assert watch.stdout is not None and watch.stderr is not None
            assert json.loads(watch.stdout.readline()) == json.loads(once.stdout)
            assert watch.stderr.readline().startswith("vérifié en "), "the status line, in French"

            edit(brand / BONJOUR, *UNKNOWN_CHANNEL)
            report = json.loads(watch.stdout.readline())
            again = subprocess.run(
                [*command, "--format", "json"], capture_output=True, text=True, env=env, check=False
            )
            assert report == json.loads(again.stdout)
            assert any(f["rule"] == "post.unknown-channel" for f in report["findings"])
            assert "(1 fichier de publication relu)" in watch.stderr.readline()
        finally:
            code = interrupt(watch)
    assert code == again.returncode == 1, "stopped, it exits as its last check would"


def test_watch_takes_only_the_formats_a_person_reads(brand: Path) -> None:
    for extra in (["--format", "sarif"], ["--since", "HEAD"], ["--fix"]):
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "check", "--root", str(brand), "--watch", *extra],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 2, extra
        assert "--watch goes with --format text or json" in done.stderr


def test_a_folder_without_a_charter_is_not_watched(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--root", str(tmp_path), "--watch"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "charter.yaml" in done.stderr and "Traceback" not in done.stderr
