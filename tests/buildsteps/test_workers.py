"""observatoire.build.workers: chunks computed by forked workers (concurrent.futures)."""

from __future__ import annotations

import os
import pickle
import threading
import time

import pytest

from observatoire.build.workers import Background, HelperFailed, map_chunks


def test_results_come_back_in_order_from_several_processes():
    chunks = [list(range(i, i + 3)) for i in range(0, 300, 3)]
    unpicklable = threading.Lock()  # inherited by the fork, never sent

    def work(chunk):
        time.sleep(0.002)
        assert unpicklable is not None
        return sum(chunk), os.getpid()

    results = map_chunks(work, chunks, workers=3)
    assert [total for total, _ in results] == [sum(c) for c in chunks]
    assert len({pid for _, pid in results}) >= 2
    assert os.getpid() not in {pid for _, pid in results}


@pytest.mark.parametrize("workers", [1, 2])
def test_each_result_is_handed_over_here_in_order_while_workers_go_on(workers):
    seen = []

    def work(chunk):
        time.sleep(0.01 * (chunk % 3))  # later chunks may finish first
        return chunk, os.getpid()

    results = map_chunks(work, list(range(12)), workers=workers, on_result=lambda r: seen.append((r, os.getpid())))
    assert [r for r, _ in seen] == results and [c for c, _ in results] == list(range(12))
    assert {pid for _, pid in seen} == {os.getpid()}


def test_an_error_handing_a_result_over_stops_the_work_and_is_raised():
    def refuse(result):
        raise ValueError("archive pleine")

    with pytest.raises(ValueError, match="archive pleine"):
        map_chunks(lambda c: c, list(range(40)), workers=2, on_result=refuse)


def test_one_worker_or_one_chunk_runs_here():
    assert map_chunks(lambda c: os.getpid(), [[1], [2]], workers=1) == [os.getpid()] * 2
    assert map_chunks(lambda c: os.getpid(), [[1]], workers=4) == [os.getpid()]


def test_an_error_in_a_worker_is_raised_here_with_its_traceback():
    def work(chunk):
        if chunk == 17:
            raise ValueError(f"morceau {chunk}")
        return chunk

    with pytest.raises(ValueError, match="morceau 17") as raised:
        map_chunks(work, list(range(40)), workers=2)
    assert "raise ValueError" in str(raised.value.__cause__)  # the worker's traceback


def test_a_result_that_cannot_be_pickled_is_reported_not_waited_for():
    with pytest.raises((pickle.PicklingError, TypeError)):
        map_chunks(lambda chunk: threading.Lock(), list(range(40)), workers=2)


def test_a_worker_that_dies_is_reported_not_waited_for():
    def work(chunk):
        if chunk == 5:
            os._exit(3)
        return chunk

    with pytest.raises(HelperFailed, match="arrêté sans répondre"):
        map_chunks(work, list(range(40)), workers=2)


def test_background_work_runs_in_another_process_while_this_one_goes_on():
    here = os.getpid()
    work = Background(lambda: (os.getpid(), sum(range(1000))))
    pid, total = work.result()
    assert pid != here and total == 499500


def test_closing_background_work_ends_its_process():
    work = Background(lambda: time.sleep(60))
    processes = list(work._executor._processes.values())
    work.close()
    assert processes and not any(p.is_alive() for p in processes)


def test_long_lived_allocations_pause_the_collector_then_settle_what_was_built():
    import gc

    from observatoire.build.workers import long_lived_allocations

    gc.unfreeze()
    try:
        with long_lived_allocations():
            assert not gc.isenabled()
            kept = [{"n": i} for i in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
        gc.enable()
