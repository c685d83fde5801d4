"""Work shared with forked processes, by the standard library's ``concurrent.futures``.

The processes are forked (``fork`` start method): they inherit everything this
process has loaded (records, vocabularies, templates), so only a chunk's number
goes to them and only its result comes back, pickled. Every worker ends when
the process that started it ends, however it ends (``kill -9`` included):
Linux's parent-death signal, and a watchdog thread elsewhere.

Nothing here knows what the chunks are.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from observatoire.core.serial import map_here

C = TypeVar("C")
R = TypeVar("R")

MAX_WORKERS = 4
"""More processes than this gain nothing on record files (they are small)."""


def workers_available() -> int:
    """Processes that may work at once here (1 where fork is not available)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class HelperFailed(RuntimeError):
    """A worker process raised, or died: the message says what happened."""


# --- ending with the parent -----------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _end_with_parent(parent: int) -> None:
    """Worker initializer: the worker is killed when ``parent`` dies. A forked
    worker otherwise outlives a killed build, asleep on its pipe, for as long as
    the machine runs."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the watchdog below is enough
        pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1)
        os._exit(1)

    threading.Thread(target=watch, name="fin-avec-le-parent", daemon=True).start()


# --- forking --------------------------------------------------------------------------

_inherited: dict[int, tuple[Callable, Sequence]] = {}
"""Work registered before the fork: the workers find it here, inherited."""


def _run_inherited(key: int, index: int):
    function, items = _inherited[key]
    return function(items[index])


def settle_before_fork() -> None:
    """Put every object alive now out of the cyclic garbage collector's reach
    (:func:`gc.freeze`), as Python's documentation advises before ``fork``: a
    worker's collections then do not touch, and so copy, the memory it shares
    with this process, and this process's own full collections no longer go
    over the records and pages either (the last fork comes after MkDocs has
    written the pages, so nothing big is left to collect at exit).

    Measured at 10,000 initiatives (December 2026, 2 cores shared with other
    work; collection times from ``gc.callbacks``, so inflated by the load):
    with no ``gc.freeze`` at all, a build took 42-43 s of CPU instead of 34-38 s,
    its main process spent 10-15 s in collections instead of 0.2-3 s, its
    workers 12-32 s instead of 2-6 s, and the last collection at exit 7-15 s
    instead of 0.1-0.4 s; peak RSS 707 MB either way (the largest process),
    the PSS of all processes 40-50 MB more. This freeze alone kept all of that
    but what the one of :func:`long_lived_allocations` saves; the former third freeze, at
    the end of ``BuildSession.finish``, changed nothing measurable (0.1-0.3 s
    at exit with or without it) and went."""
    gc.freeze()


@contextlib.contextmanager
def long_lived_allocations():
    """Around code that builds many objects meant to stay (the records of a catalog):
    the cyclic garbage collector is paused, then what was built is put out of its
    reach (:func:`settle_before_fork`). Left running, it would go over the growing
    heap again and again for nothing: records hold no cycles. (At 10,000
    initiatives: ~1.6 s of full collections while loading, none finding garbage.)
    The freeze at the end matters too: paused, the collector left every record in
    its youngest generation, and its next young collections went over all of them
    (at 10,000 initiatives, December 2026: 0.8-9.7 s of young collections in the
    main process in 6 runs without this freeze, 0.1-0.7 s in 7 runs with it, on
    a loaded machine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settle_before_fork()
        if enabled:
            gc.enable()


def _executor(workers: int) -> ProcessPoolExecutor:
    settle_before_fork()
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )


def map_chunks(
    function: Callable[[C], R],
    chunks: Sequence[C],
    workers: int | None = None,
    on_result: Callable[[R], object] | None = None,
) -> list[R]:
    """``[function(c) for c in chunks]``, computed by forked workers, in order.
    ``on_result``: called in this process with each result, in the chunks' order, as soon
    as it and those before it are there (while the workers go on with the next chunks)."""
    workers = workers_available() if workers is None else workers
    workers = min(workers, len(chunks))
    if workers < 2:
        return map_here(function, chunks, on_result)
    results: list[R] = []
    key = id(function)
    _inherited[key] = (function, chunks)  # before the fork: the workers inherit it
    try:
        with _executor(workers) as executor:
            try:
                for result in executor.map(_run_inherited, [key] * len(chunks), range(len(chunks))):
                    results.append(result)
                    if on_result is not None:
                        on_result(result)
            except BaseException:
                executor.shutdown(wait=True, cancel_futures=True)
                raise
            return results
    except BrokenProcessPool:
        raise HelperFailed("un processus auxiliaire s'est arrêté sans répondre (mémoire épuisée ?)") from None
    finally:
        del _inherited[key]


class Background:
    """One function computed by a forked worker while this process goes on
    (in this process where fork is not available). ``result()`` waits for it."""

    def __init__(self, function: Callable[[], R]):
        self._future: Future
        if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
            self._executor = None
            self._future = Future()
            self._future.set_result(function())
            return
        key = id(function)
        _inherited[key] = (lambda _: function(), (None,))
        self._executor = _executor(1)
        try:
            self._future = self._executor.submit(_run_inherited, key, 0)
        finally:
            del _inherited[key]  # forked on submit: the worker has its copy

    def result(self) -> R:
        try:
            return self._future.result()
        except BrokenProcessPool:
            raise HelperFailed("le calcul en arrière-plan s'est arrêté sans répondre (mémoire épuisée ?)") from None
        finally:
            self.close()

    def close(self) -> None:
        """Stop waiting; the worker is ended if it still runs."""
        if self._executor is not None:
            for process in list(getattr(self._executor, "_processes", {}).values()):
                if process.is_alive():
                    process.terminate()
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def load_catalog(content_dir, context, base=None, *, records: bool = True, today=None):
    """:func:`observatoire.records.catalog.load_catalog` on every core, the garbage
    collector paused meanwhile (:func:`long_lived_allocations`)."""
    from observatoire.records.catalog import load_catalog as load

    with long_lived_allocations():
        return load(content_dir, context, base, records=records, map_chunks=map_chunks, today=today)
