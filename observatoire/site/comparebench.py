"""Timing the compare page in Chromium, opened from ``file://`` as an offline reader would.

``measure_compare(site_dir, executable, args)`` opens ``site_dir/comparer.html?i=…`` with
four initiatives (each from another data file when the site has several) in headless
Chromium (Debian's, driven by Playwright), with every request that is not a local file
blocked, each load in a fresh browser context (nothing stored, nothing cached), and returns:

* ``ready_ms``: from navigation start to the chart and the table laid out and painted:
  ``window.__obsCompareReady`` (set by comparer.js once its data files are loaded and the
  page built), then two frames (median of ``loads`` loads);
* ``built_ms``: the same without the two frames (median);
* ``empty_ready_ms``: ``ready_ms`` of the same page with nothing selected (``comparer.html``
  alone, in a fresh context: the selection kept in the browser is empty), loaded in turn
  with the other: what the page and the theme cost on this machine at that moment, without
  the comparison (its data files, the chart and the table);
* ``columns``: the initiatives the table shows (should be 4; ``empty_columns``: 0);
* ``files_loaded``: data files the page loaded;
* ``blocked_requests``: requests to anything but ``file://`` (should be 0).

``data_size(site_dir)`` gives the number and the total size of the data files.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from observatoire.core.offline import fresh_loads
from observatoire.site.compare import FOLDER, MAX_SELECTED, bucket_count, bucket_of

_PAINTED = """() => new Promise(r => {
  const wait = () => window.__obsCompareReady !== undefined
    ? requestAnimationFrame(() => requestAnimationFrame(() => r([window.__obsCompareReady, performance.now()])))
    : setTimeout(wait, 5);
  wait();
})"""


def spread_slugs(slugs: list[str], n: int = MAX_SELECTED) -> list[str]:
    """``n`` slugs of ``slugs`` (sorted), each from another data file as far as possible:
    the page then loads ``n`` files, the most it ever loads."""
    buckets = bucket_count(len(slugs))
    chosen: dict[int, str] = {}
    ordered = sorted(slugs)
    step = max(1, len(ordered) // (n * 4))
    for slug in ordered[::step] + ordered:
        chosen.setdefault(bucket_of(slug, buckets), slug)
        if len(chosen) == n:
            break
    out = list(chosen.values())
    out += [s for s in ordered if s not in out][: n - len(out)]
    return out


def data_size(site_dir: Path) -> tuple[int, int]:
    """(files, bytes) of the compare page's data files."""
    files = list((Path(site_dir) / FOLDER).glob("*.js"))
    return len(files), sum(p.stat().st_size for p in files)


def measure_compare(
    site_dir: Path,
    executable: str,
    args: list[str],
    *,
    slugs: list[str] | None = None,
    loads: int = 5,
    timeout_ms: int = 60_000,
) -> dict:
    """``executable`` and ``args``: the chromium to launch (the bench's); ``slugs``: the
    initiatives compared (default: four of the site's, from four data files)."""

    site_dir = Path(site_dir).resolve()
    if slugs is None:
        # record pages: no slug has a dot (index.page-2.html is a page of the A–Z list)
        slugs = spread_slugs(
            [p.stem for p in (site_dir / "initiatives").glob("*.html") if p.stem != "index" and "." not in p.stem]
        )
    empty = (site_dir / "comparer.html").as_uri()
    url = empty + "?i=" + ",".join(slugs)

    def measure(tab) -> tuple[float, float, int, int]:
        ready, now = tab.evaluate(_PAINTED)
        columns = tab.evaluate("document.querySelectorAll('.obs-cmp-table thead th').length")
        files = tab.evaluate("document.querySelectorAll('script[src*=\"comparer/\"]').length")
        return ready, now, columns, files

    (found, alone), blocked = fresh_loads(
        [url, empty], measure, executable, args, loads=loads, wait_until="commit", timeout_ms=timeout_ms
    )
    return {
        "url": url,
        "ready_ms": statistics.median(now for _, now, _, _ in found),
        "built_ms": statistics.median(ready for ready, _, _, _ in found),
        "empty_ready_ms": statistics.median(now for _, now, _, _ in alone),
        "empty_columns": alone[-1][2],
        "columns": found[-1][2],
        "files_loaded": found[-1][3],
        "blocked_requests": blocked,
    }
