"""Sharing a list of chunks of work between this process and forked helpers.

``map_chunks(function, chunks)`` returns ``[function(c) for c in chunks]``, in
order, computed on every core: helpers are forked (they inherit everything
already loaded: vocabularies, grid, templates), and this process works too
instead of waiting. Each process claims the next chunk from a shared counter,
so a slow chunk does not leave a core idle. Helpers send their results back
pickled; keep them small.

Nothing here knows what the chunks are.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import traceback
from typing import Callable, Sequence, TypeVar

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


def settle_before_fork() -> None:
    """Put every object alive now out of the cyclic garbage collector's reach
    (:func:`gc.freeze`), as Python's documentation advises before ``fork``: a
    forked process's collections then do not touch, and so copy, the memory it
    shares with this one, and this process's own full collections no longer go
    over the records again and again. Objects are still freed when no longer
    referenced; :func:`gc.unfreeze` gives them back to the collector."""
    gc.freeze()


@contextlib.contextmanager
def long_lived_allocations():
    """Around code that builds many objects meant to stay (the records of a catalog):
    the cyclic garbage collector is paused, then what was built is put out of its
    reach (:func:`settle_before_fork`). Left running, it would go over the growing
    heap again and again for nothing: records hold no cycles. (At 10,000
    initiatives: ~1.6 s of full collections while loading, none finding garbage.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settle_before_fork()
        if enabled:
            gc.enable()


class HelperFailed(RuntimeError):
    """A helper process raised: its traceback is the message."""


def map_chunks(function: Callable[[C], R], chunks: Sequence[C], workers: int | None = None) -> list[R]:
    workers = workers_available() if workers is None else workers
    helpers = min(workers, len(chunks)) - 1
    if helpers < 1:
        return [function(chunk) for chunk in chunks]
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    results_queue = context.Queue()

    def claim() -> int:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        return index

    def helper() -> None:  # runs in the forked process
        status = 0
        try:
            while (index := claim()) < len(chunks):
                # pickled here, so that a result that cannot be is reported, not lost
                results_queue.put((index, pickle.dumps(function(chunks[index]), pickle.HIGHEST_PROTOCOL)))
        except BaseException:
            results_queue.put((-1, traceback.format_exc()))
            status = 1
        results_queue.put(None)
        results_queue.close()
        results_queue.join_thread()
        os._exit(status)

    processes = [context.Process(target=helper, daemon=True) for _ in range(helpers)]
    settle_before_fork()
    for process in processes:
        process.start()
    results: dict[int, R] = {}
    failure = None
    try:
        while (index := claim()) < len(chunks):
            results[index] = function(chunks[index])
    finally:
        finished = 0
        while finished < helpers:
            try:
                item = results_queue.get(timeout=1)
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results_queue.empty():
                    failure = failure or "un processus auxiliaire s'est arrêté sans répondre (mémoire épuisée ?)"
                    break
                continue
            if item is None:
                finished += 1
            elif item[0] == -1:
                failure = item[1]
            else:
                results[item[0]] = pickle.loads(item[1])
        for process in processes:
            process.join()
    if failure is not None:
        raise HelperFailed(failure)
    return [results[i] for i in range(len(chunks))]
