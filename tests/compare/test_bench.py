"""The compare page's measurement of ``observatoire bench`` (a check that it measures, not a timing)."""

from __future__ import annotations

import concurrent.futures

from observatoire.site.compare import bucket_count, bucket_of
from observatoire.site.comparebench import data_size, measure_compare, spread_slugs
from tests.browser import CHROMIUM, CHROMIUM_ARGS


def test_four_slugs_from_four_files_when_there_are_enough():
    slugs = [f"initiative-fictive-{n:05d}" for n in range(1, 1001)]
    chosen = spread_slugs(slugs)
    assert len(chosen) == 4 == len({bucket_of(s, bucket_count(1000)) for s in chosen})
    assert len(spread_slugs(slugs[:5])) == 4  # one file only: four slugs all the same


def test_measure_compare_from_file(synthetic_site):
    # its own Playwright, in a thread: the session's browser holds this thread's
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(measure_compare, synthetic_site, CHROMIUM, CHROMIUM_ARGS, loads=2).result(timeout=300)
    assert result["url"].startswith("file://")
    assert result["columns"] == 4 and result["files_loaded"] == 3  # 30 initiatives: three files
    assert result["blocked_requests"] == 0
    assert 0 < result["built_ms"] <= result["ready_ms"] < 10_000
    assert 0 < result["empty_ready_ms"] < 10_000 and result["empty_columns"] == 0  # nothing selected
    assert data_size(synthetic_site)[0] == 3
