"""``almanac check --watch`` after one edit: from the file written to the report printed.

The watching process is started once a run and left to make its first check; then each edit
(one word of one post, as ``check_warm_edit`` makes) is timed from just before the file is
written to the moment its JSON report line arrives on the watch's standard output: what a
person waits for, including the wake-up (inotify on Linux) and the new snapshot of the files.
The process's peak RSS (``VmHWM``) is read before it is stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

EDITS = 5
"""Edits timed a run: one process, so its figure is a median of these."""
PAUSE = 0.5
"""Seconds between edits: the watch is idle again, waiting, when the next one is written."""


def watch_edits(
    argv: list[str], cwd: Path, env: dict[str, str], posts: list[Path], first: int
) -> tuple[list[float], float]:
    """Seconds from each edit to its report, and the process's peak RSS in MB."""
    from tests.bench.synth import edit_post

    with subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            if not proc.stdout.readline():
                raise RuntimeError(f"{' '.join(argv)} printed no report: {proc.stderr.read()[-2000:]}")
            proc.stderr.readline()
            times = []
            for n in range(EDITS):
                time.sleep(PAUSE)
                path = posts[(first + n * 101) % len(posts)]
                os.sync()
                start = time.perf_counter()
                edit_post(path, f"veille{first}x{n}")
                if not proc.stdout.readline():
                    raise RuntimeError(f"the watch stopped: {proc.stderr.read()[-2000:]}")
                times.append(time.perf_counter() - start)
                proc.stderr.readline()
            rss = _peak_rss_mb(proc.pid)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    return times, rss


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
