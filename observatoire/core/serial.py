"""Chunks of work done in this process, one after the other.

The default of every step that takes a ``map_chunks`` (checking the records, writing the
pages): the build gives them :func:`observatoire.build.workers.map_chunks` instead, which
forks workers, and falls back on this with fewer than two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

C = TypeVar("C")
R = TypeVar("R")


def map_here(
    function: Callable[[C], R], chunks: Sequence[C], on_result: Callable[[R], object] | None = None
) -> list[R]:
    """``[function(c) for c in chunks]``, each result given to ``on_result`` as it comes."""
    results: list[R] = []
    for chunk in chunks:
        results.append(function(chunk))
        if on_result is not None:
            on_result(results[-1])
    return results
