"""Independent work over every core: this process and worker processes share it, chunk by chunk.

Parsing files and running the per-post rules are independent per file, so they
are cut into chunks. This process does chunks from the front while the workers
take them from the back; whichever side is free takes the next one, so a
worker's start-up (about half a second of imports) costs nothing when the work
is small and no side waits for the other when it is large. Results come back
in the order of the items, whoever made them: the output is the one a single
process would have made.

Workers start with ``forkserver`` where the platform has it, else ``spawn``;
never ``fork``, which copies whatever this process holds (threads, locks, a
library's half-initialised state). Below :data:`MIN_ITEMS` items everything
runs here: a worker would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Generic, TypeVar

from pipeline.errors import AlmanacError
from pipeline.text.messages import msg

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Fewest items worth a worker: 400 posts take about as long to check as a worker takes to start."""
CHUNK = 100
"""Items per chunk: small enough to balance the two sides, large enough to amortise each exchange."""
SHARE_HERE = True
"""Whether this process takes chunks too; the tests turn it off to prove the workers' results alike."""
JOBS_VARIABLE = "ALMANAC_JOBS"
"""Environment variable capping the processes of every command (``1`` keeps everything in one)."""

_PRELOAD = ["pipeline.stages.load.loader", "pipeline.stages.check.parallel"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a block that allocates much and frees little.

    Loading and checking 10,000 posts make hundreds of thousands of objects that live
    until the end; each of the collector's full passes over them cost a third of a second.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                # What the block made and kept goes straight to the oldest generation. Left young,
                # all of it (a million objects at 10,000 posts) was scanned at the first allocation
                # after this: 0.1 s. Not inside a frozen block, whose freeze this would undo.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextmanager
def gc_frozen() -> Iterator[None]:
    """Every object alive now left out of the cyclic collector's passes until the block ends.

    A build keeps its loaded posts to the end; without this, each full pass of the
    collector during the output stages walked all of them again (a third of a
    second each at 10,000 posts). Unfrozen at the end, so a process that builds
    again (``almanac serve``) still collects them once they are garbage.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class WorkerError(AlmanacError):
    """A worker process died (out of memory, killed): the run cannot finish."""


def default_jobs() -> int:
    """The processes to use: ``ALMANAC_JOBS`` when set, else the cores this process may run on."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Fanout:
    """Shares chunks of work between this process and ``jobs - 1`` workers, started on first need.

    Use it as a context manager: the workers stop when the block ends.
    """

    def __init__(self, jobs: int | None = None, *, min_items: int | None = None, chunk: int = CHUNK):
        self.workers = max(0, (jobs or default_jobs()) - 1)
        self.min_items = MIN_ITEMS if min_items is None else min_items
        self.chunk = chunk
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Fanout:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, if any started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self,
        func: Callable[[S, list[T]], list[R]],
        shared: S,
        items: Sequence[T],
        *,
        min_items: int | None = None,
        chunk: int | None = None,
        first: Callable[[], object] | None = None,
        each: Callable[[int, list[R]], object] | None = None,
    ) -> list[R]:
        """``func(shared, chunk)`` over chunks of ``items``: one result per item, in the items' order.

        ``func`` must be a module-level function returning a list as long as its chunk;
        the items travel to the workers by pickle, and ``shared`` too, pickled once per map and
        unpickled once per worker (``func`` must not change it: a worker's chunks share one copy).
        ``min_items`` overrides the instance's threshold (costly items are worth a worker sooner),
        ``chunk`` its chunk size (the side that finishes first waits for the other's last chunk).
        ``first`` is other work for this process, done once the workers have their chunks and
        before this process takes any: the workers need not wait for it.

        ``each(start, results)`` is this process's own work on each chunk's results (``start``
        is the index of its first item), done as soon as they are at hand: after each chunk it
        makes, on the workers' chunks done meanwhile. The workers take more chunks while it runs,
        so that work is shared rather than left for the end. Chunks come in no set order.
        """
        if self.workers == 0 or len(items) < (self.min_items if min_items is None else min_items):
            if first is not None:
                first()
            made = func(shared, list(items))
            if each is not None:
                each(0, made)
            return made
        # At least four chunks a process, so that both sides meet near the middle.
        size = max(1, min(chunk or self.chunk, -(-len(items) // (4 * (self.workers + 1)))))
        chunks = [list(items[at : at + size]) for at in range(0, len(items), size)]
        feed = _Feed(self, func, shared, chunks)
        if not SHARE_HERE:
            feed.join()  # the workers do every chunk: all of them submitted first
        try:
            if first is not None:
                first()
            done: list[list[R]] = []
            handed: set[int] = set()
            for index, part in enumerate(chunks):
                future = feed.claim(index)
                if future is None or (SHARE_HERE and future.cancel()):
                    done.append(func(shared, part))
                    if each is not None:
                        handed.add(index)
                        each(index * size, done[index])
                        for other in feed.finished(handed):
                            handed.add(other)
                            each(other * size, feed.result(other))
                else:
                    done.append(future.result())
            if each is not None:
                for index, results in enumerate(done):
                    if index not in handed:
                        each(index * size, results)
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(
                msg("a worker process stopped unexpectedly ({error}); try ALMANAC_JOBS=1", error=exc)
            ) from exc
        finally:
            feed.join()
        return [result for results in done for result in results]

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
            # The first worker up before any chunk is submitted (see _Feed: in its thread).
            self._pool.submit(int).result()
        return self._pool


def _context() -> BaseContext:
    """How workers start: from the fork server, which imports :data:`_PRELOAD` once, else spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def warm_up() -> None:
    """Start the fork server now, for a command about to share much work between processes.

    The server imports what the workers need (a third of a second); started before this
    process imports its own modules, it does so on the other core meanwhile, and the first
    worker forks from it as soon as work is submitted instead of waiting for those imports.
    Nothing starts when only one process may run; a server that cannot start is started
    (or given up) again by the first :class:`Fanout` that needs it.
    """
    if default_jobs() < 2:
        return
    context = _context()
    if context.get_start_method() != "forkserver":
        return  # a spawned worker imports everything itself: nothing to start ahead
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
    except OSError:
        return


_unpickled: list[tuple[str, object]] = []
"""In a worker: the last map's token and its ``shared`` value, unpickled at its first chunk."""


def _in_worker(func: Callable[[S, list[T]], list[R]], token: str, shared: bytes, chunk: list[T]) -> list[R]:
    """``func`` on a chunk in a worker, with ``shared`` unpickled once per map (``token``), not per chunk."""
    if not _unpickled or _unpickled[0][0] != token:
        _unpickled[:] = [(token, pickle.loads(shared))]
    value: S = _unpickled[0][1]  # type: ignore[assignment]
    return func(value, chunk)


class _Feed(Generic[S, T, R]):
    """Chunks submitted to the workers from the back, in a thread, while this process takes the front.

    Starting the first worker waits for the fork server to import what it preloads (0.6 s):
    in a thread, that wait no longer holds this process back from its own chunks. A chunk this
    process has claimed is never submitted; the thread stops at the first one it meets. If the
    workers cannot start at all, this process does every chunk.
    """

    def __init__(
        self, fanout: Fanout, func: Callable[[S, list[T]], list[R]], shared: S, chunks: list[list[T]]
    ) -> None:
        self._lock = threading.Lock()
        self._futures: dict[int, Future[list[R]]] = {}
        self._claimed: set[int] = set()
        self._thread = threading.Thread(
            target=self._submit, args=(fanout, func, shared, chunks), name="almanac-fanout", daemon=True
        )
        self._thread.start()

    def _submit(
        self, fanout: Fanout, func: Callable[[S, list[T]], list[R]], shared: S, chunks: list[list[T]]
    ) -> None:
        try:
            pool = fanout._start()  # waits for the first worker, before the lock is held
            # Pickled once here, not once per chunk: the per-post checks' share (the charter, the
            # topics, every source's inspection) is 140 KB at 10,000 posts, and pickling it for
            # each of 50 chunks, then unpickling it in the worker, took a third of the worker's time.
            token, once = os.urandom(16).hex(), pickle.dumps(shared, pickle.HIGHEST_PROTOCOL)
            for index in reversed(range(len(chunks))):
                with self._lock:
                    if index in self._claimed:
                        return
                    self._futures[index] = pool.submit(_in_worker, func, token, once, chunks[index])
        except (OSError, BrokenProcessPool, RuntimeError):
            return  # no worker: the chunks not submitted are this process's

    def claim(self, index: int) -> Future[list[R]] | None:
        """The future of chunk ``index`` if it was submitted, else None: the chunk is this process's."""
        with self._lock:
            future = self._futures.get(index)
            if future is None:
                self._claimed.add(index)
            return future

    def finished(self, handed: set[int]) -> list[int]:
        """The chunks the workers have finished, but those in ``handed``."""
        with self._lock:
            return [
                i
                for i, future in self._futures.items()
                if i not in handed and future.done() and not future.cancelled()
            ]

    def result(self, index: int) -> list[R]:
        """The results of a chunk a worker finished (its error, if it failed)."""
        return self._futures[index].result()

    def join(self) -> None:
        """Wait until the thread has submitted what it will."""
        self._thread.join()


__all__ = ["CHUNK", "MIN_ITEMS", "Fanout", "WorkerError", "default_jobs", "gc_frozen", "gc_paused", "warm_up"]
