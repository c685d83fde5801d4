"""Timing the search page in Chromium, opened from ``file://`` as an offline reader would.

``measure_search(site_dir, queries)`` opens ``site_dir/recherche.html`` (a built
site, or a harness from :func:`observatoire.search.harness.write_harness`) in
headless Chromium (Debian's, driven by Playwright), with every request that
is not a local file blocked, and returns:

* ``ready_ms``: from navigation start to the first results rendered
  (``window.__obsSearchReady``, set by recherche.js; median of ``loads`` loads);
* ``ready_query_ms``: the same when the address holds a query (``?q=`` the
  first of ``queries``, as the search box of every page sends it);
* ``index_load_ms``: of which reading the index into a ``lunr.Index`` (median);
* ``query_mean_ms``: mean time of one query end to end (search, facet
  counts, results rendered and laid out), over ``queries`` × ``repeat``;
* ``search_mean_ms``: the same for the lunr search alone;
* ``per_query_ms``: mean end-to-end time per query;
* ``blocked_requests``: requests to anything but ``file://`` (should be 0).
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path
from urllib.parse import urlencode

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def measure_search(
    site_dir: Path,
    queries: list[str],
    *,
    page: str = "recherche.html",
    repeat: int = 3,
    loads: int = 3,
    executable: str = CHROMIUM,
    timeout_ms: int = 60_000,
) -> dict:
    from playwright.sync_api import sync_playwright

    url = (Path(site_dir).resolve() / page).as_uri()
    blocked: list[str] = []
    ready, index_load, ready_query = [], [], []
    per_query: dict[str, list[float]] = {q: [] for q in queries}
    search_times: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            def open_page(address: str):
                context = browser.new_context()
                context.route(
                    "**/*",
                    lambda route: route.continue_() if route.request.url.startswith("file:")
                    else (blocked.append(route.request.url), route.abort()),
                )
                tab = context.new_page()
                errors: list[str] = []
                tab.on("pageerror", lambda e: errors.append(str(e)))
                tab.goto(address, wait_until="load", timeout=timeout_ms)
                tab.wait_for_function("window.__obsSearchReady !== undefined", timeout=timeout_ms)
                if errors:
                    raise RuntimeError(f"erreur de script dans {address} : {errors[0]}")
                return context, tab

            for load in range(max(1, loads)):
                context, tab = open_page(url)
                ready.append(tab.evaluate("window.__obsSearchReady"))
                index_load.append(tab.evaluate("window.__obsSearch.indexLoadMs"))
                if load == 0:
                    for _ in range(max(1, repeat)):
                        for q in queries:
                            per_query[q].append(tab.evaluate("q => window.__obsSearch.timeQuery(q)", q))
                            search_times.append(tab.evaluate("q => window.__obsSearch.timeSearch(q)", q))
                context.close()
                if queries:
                    context, tab = open_page(url + "?" + urlencode({"q": queries[0]}))
                    ready_query.append(tab.evaluate("window.__obsSearchReady"))
                    status = tab.text_content("[data-obs-status]") or ""
                    if f"pour « {queries[0]} »" not in status:
                        raise RuntimeError(f"la requête de l'adresse n'a pas été cherchée : {status!r}")
                    context.close()
        finally:
            browser.close()
    all_queries = [t for times in per_query.values() for t in times]
    return {
        "url": url,
        "ready_ms": statistics.median(ready),
        "ready_query_ms": statistics.median(ready_query) if ready_query else None,
        "index_load_ms": statistics.median(index_load),
        "query_mean_ms": statistics.fmean(all_queries) if all_queries else None,
        "search_mean_ms": statistics.fmean(search_times) if search_times else None,
        "per_query_ms": {q: statistics.fmean(t) for q, t in per_query.items() if t},
        "loads": len(ready),
        "blocked_requests": len(blocked),
    }


def payload_sizes(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Raw and gzip (level 9) size of the search's generated data files."""
    import gzip

    from observatoire.search.index import DATA_FILE, INDEX_FILE

    out = {}
    for path in (INDEX_FILE, DATA_FILE):
        data = (Path(site_dir) / path).read_bytes()
        out[path] = (len(data), len(gzip.compress(data, 9)))
    return out
