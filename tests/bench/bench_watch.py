"""``almanac check --watch`` after one edit: from the file written to the report printed.

The watching process is started once a run and left to make its first check; then each edit
(one word of one post, as ``check_warm_edit`` makes) is timed from just before the file is
written to the moment its JSON report line arrives on the watch's standard output: what a
person waits for, including the wake-up (inotify on Linux) and the new snapshot of the files.
The process's peak RSS (``VmHWM``) is read before it is stopped.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

EDITS = 5
"""Edits timed a run: one process, so its figure is a median of these."""
PAUSE = 0.5
"""Seconds between edits: the watch is idle again, waiting, when the next one is written."""
WAIT = 120.0
"""Seconds a line may take (the first check of 10,000 posts included) before the watch is given up."""


def watch_edits(
    argv: list[str], cwd: Path, env: dict[str, str], posts: list[Path], first: int
) -> tuple[list[float], float]:
    """Seconds from each edit to its report, and the process's peak RSS in MB."""
    from tests.bench.synth import edit_post

    # SIGINT as a terminal gives it: a bench started as a shell's background job inherits it ignored,
    # and the watch would never stop.
    with subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        reports, statuses = _lines(proc.stdout), _lines(proc.stderr)
        try:
            _next(reports, argv, statuses)
            _next(statuses, argv, statuses)
            times = []
            for n in range(EDITS):
                time.sleep(PAUSE)
                path = posts[(first + n * 101) % len(posts)]
                os.sync()
                start = time.perf_counter()
                edit_post(path, f"veille{first}x{n}")
                _next(reports, argv, statuses)
                times.append(time.perf_counter() - start)
                _next(statuses, argv, statuses)
            rss = _peak_rss_mb(proc.pid)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()  # a watch that does not stop fails the bench instead of holding it
                proc.wait()
                raise
    return times, rss


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The stream's lines as they come, read by a thread (a pipe's ``readline`` has no time limit)."""
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            found.put(line)
        found.put("")  # the end

    threading.Thread(target=read, daemon=True).start()
    return found


def _next(lines: queue.Queue[str], argv: list[str], errors: queue.Queue[str]) -> str:
    """The next line, within :data:`WAIT` seconds; a watch that stopped or hangs is an error."""
    try:
        line = lines.get(timeout=WAIT)
    except queue.Empty:
        line = ""
    if not line:
        said = "".join(errors.queue)[-2000:]
        raise RuntimeError(f"{' '.join(argv)} printed nothing more within {WAIT} s: {said}")
    return line


def _peak_rss_mb(pid: int) -> float:
    """The process's high-water mark of resident memory, from ``/proc`` (0 where there is none)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
