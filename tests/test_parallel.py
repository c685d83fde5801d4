"""observatoire.parallel: chunks shared between this process and forked helpers."""

from __future__ import annotations

import os
import threading
import time

import pytest

from observatoire.parallel import HelperFailed, map_chunks


def test_results_come_back_in_order_and_every_process_works():
    chunks = [list(range(i, i + 3)) for i in range(0, 300, 3)]
    def work(chunk):
        time.sleep(0.002)  # long enough for the helpers to start and take some
        return sum(chunk), os.getpid()

    results = map_chunks(work, chunks, workers=3)
    assert [total for total, _ in results] == [sum(c) for c in chunks]
    assert os.getpid() in {pid for _, pid in results}
    assert len({pid for _, pid in results}) >= 2


def test_one_worker_or_one_chunk_runs_here():
    assert map_chunks(lambda c: os.getpid(), [[1], [2]], workers=1) == [os.getpid()] * 2
    assert map_chunks(lambda c: os.getpid(), [[1]], workers=4) == [os.getpid()]


def test_an_error_in_a_helper_is_raised_here_with_its_traceback():
    here = os.getpid()

    def work(chunk):
        time.sleep(0.002)
        if os.getpid() != here:
            raise ValueError(f"morceau {chunk}")
        return chunk

    with pytest.raises(HelperFailed, match=r"ValueError: morceau \d+"):
        map_chunks(work, list(range(40)), workers=2)


def test_a_result_that_cannot_be_pickled_is_reported_not_waited_for():
    here = os.getpid()
    def work(chunk):
        time.sleep(0.002)
        return threading.Lock() if os.getpid() != here else chunk

    with pytest.raises(HelperFailed, match="pickle|Pickl"):
        map_chunks(work, list(range(40)), workers=2)


def test_a_helper_that_dies_is_reported_not_waited_for():
    here = os.getpid()

    def work(chunk):
        time.sleep(0.002)
        if os.getpid() != here:
            os._exit(3)
        return chunk

    with pytest.raises(HelperFailed, match="arrêté sans répondre"):
        map_chunks(work, list(range(40)), workers=2)


def test_long_lived_allocations_pause_the_collector_then_settle_what_was_built():
    import gc

    from observatoire.parallel import long_lived_allocations

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
