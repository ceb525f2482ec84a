"""Rendering tasks across processes, reporting each finished output to a callback.

Workers start with the ``forkserver`` method where the platform has it, else
``spawn``: never ``fork``, which copies whatever the parent holds (threads,
locks, a library's half-initialised state) and is known to deadlock image
libraries. The forkserver preloads the renderer, so each worker starts warm.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from pipeline.errors import AlmanacError
from pipeline.stages.fanout import default_jobs
from pipeline.stages.visuals.render import Rendered, RenderTask, render_task
from pipeline.text.messages import msg

_RENDERER = "pipeline.stages.visuals.render"


class RenderError(AlmanacError):
    """A rendering worker died (out of memory, killed): the build cannot finish."""


def run_tasks(
    tasks: list[RenderTask], jobs: int | None, on_done: Callable[[RenderTask, list[Rendered]], None]
) -> None:
    """Render every task, ``jobs`` at a time (in this process when one job is enough)."""
    workers = min(jobs or default_jobs(), len(tasks))
    if workers <= 1:
        for task in tasks:
            on_done(task, render_task(task))
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([_RENDERER])
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(render_task, task): task for task in _largest_first(tasks)}
            for future in as_completed(futures):
                on_done(futures[future], future.result())
    except BrokenProcessPool as exc:
        raise RenderError(
            msg("a rendering worker stopped unexpectedly ({error}); try --jobs 1", error=exc)
        ) from exc


def _largest_first(tasks: Iterable[RenderTask]) -> list[RenderTask]:
    # Long tasks first so no worker is left with a big one at the end.
    return sorted(tasks, key=lambda t: -len(t.outputs))
