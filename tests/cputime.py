"""CPU time of a small piece of work, for tests that compare ratios of sizes (never wall clock)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_cpu_time(work: Callable[[], object], runs: int = 3) -> float:
    """The least process CPU time of ``runs`` calls, with the collector paused during each.

    CPU time of this process, so that other work on the machine does not skew the ratio.
    """
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best
