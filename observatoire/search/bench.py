"""Timing the search page in Chromium, opened from ``file://`` as an offline reader would.

``measure_search(site_dir, queries)`` opens ``site_dir/recherche.html`` (a built
site, or a standalone search page written by the tests) in headless Chromium
(Debian's, driven by Playwright), with every request that is not a local file
blocked, and returns:

* ``ready_ms``: from navigation start to the first results rendered
  (``window.__obsSearchReady``, set by recherche.js; median of ``loads`` loads);
* ``ready_query_ms``: the same when the address holds a query (``?q=`` the
  first of ``queries``, as the search box of every page sends it);
* ``first_bytes``, ``first_query_bytes``: what the page loaded (the page itself,
  styles, scripts, data) before those first results, each file counted as a web
  server sends it compressed (:func:`gzip_size`); ``first_files``: those files;
* ``later_query_bytes``: per query, what a reader typing it into the page
  already showing its first results makes it load (each query on a fresh page);
* ``query_mean_ms``: mean time of one query end to end (search, facet
  counts, results rendered and laid out) once what it needs is loaded,
  over ``queries`` × ``repeat``; ``per_query_ms``: the same per query;
* ``search_mean_ms``: the same for the full-text search alone;
* ``blocked_requests``: requests to anything but ``file://`` (should be 0).

``measure_search_map(site_dir)`` opens the same page in its « Carte » view
(``recherche.html?vue=carte``), and returns:

* ``ready_ms``: from navigation start to the map drawn with every result (the
  map chunk, with the places, and the record chunks of every located result
  loaded: a mark names its record);
* ``redraw_ms``, ``redraw_max_ms``: median and slowest time of the page's redraw
  (facet counts, results, the map's marks, layout) after ticking or unticking a
  facet's value (``facet``: the first value of the themes, by default), each way
  ``repeat`` times;
* ``marks``: the marks of the map with no filter; ``blocked_requests``.
"""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

from observatoire.core.offline import CHROMIUM, CHROMIUM_ARGS, offline_context

GZIP_LEVEL = 6
"""As a web server compresses by default (nginx and Apache's mod_deflate: 6)."""

_PREPARE = "q => window.__obsSearch.prepare ? window.__obsSearch.prepare(q) : null"


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


def _file_of(url: str) -> Path | None:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def _paths(addresses: list[str]) -> list[Path]:
    """The local files of ``addresses`` (file:// URLs), each once, in order."""
    return [path for path in dict.fromkeys(map(_file_of, addresses)) if path is not None]


def _bytes(addresses: list[str]) -> int:
    return sum(gzip_size(path.read_bytes()) for path in _paths(addresses) if path.is_file())


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
    first_files: list[str] = []
    first_query_files: list[str] = []
    later: dict[str, int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:

            def open_page(address: str):
                loaded: list[str] = []
                context = offline_context(browser, blocked, loaded)
                tab = context.new_page()
                errors: list[str] = []
                tab.on("pageerror", lambda e: errors.append(str(e)))
                tab.goto(address, wait_until="load", timeout=timeout_ms)
                tab.wait_for_function("window.__obsSearchReady !== undefined", timeout=timeout_ms)
                if errors:
                    raise RuntimeError(f"erreur de script dans {address} : {errors[0]}")
                return context, tab, loaded

            for load in range(max(1, loads)):
                context, tab, loaded = open_page(url)
                ready.append(tab.evaluate("window.__obsSearchReady"))
                index_load.append(tab.evaluate("window.__obsSearch.indexLoadMs"))
                if load == 0:
                    first_files = list(loaded)
                    for q in queries:  # what is loaded for its first results, then timed
                        tab.evaluate(_PREPARE, q)
                    for _ in range(max(1, repeat)):
                        for q in queries:
                            per_query[q].append(tab.evaluate("q => window.__obsSearch.timeQuery(q)", q))
                            search_times.append(tab.evaluate("q => window.__obsSearch.timeSearch(q)", q))
                context.close()
                if queries:
                    context, tab, loaded = open_page(url + "?" + urlencode({"q": queries[0]}))
                    ready_query.append(tab.evaluate("window.__obsSearchReady"))
                    status = tab.text_content("[data-obs-status]") or ""
                    if f"pour « {queries[0]} »" not in status:
                        raise RuntimeError(f"la requête de l'adresse n'a pas été cherchée : {status!r}")
                    if load == 0:
                        first_query_files = list(loaded)
                    context.close()
            for q in queries:  # typed into a page showing its first results
                context, tab, loaded = open_page(url)
                before = len(loaded)
                tab.fill("#obs-q", q)
                tab.wait_for_function(
                    "q => (document.querySelector('[data-obs-status]').textContent || '').includes('« ' + q + ' »')",
                    arg=q,
                    timeout=timeout_ms,
                )
                later[q] = _bytes(loaded[before:])
                context.close()
        finally:
            browser.close()
    all_queries = [t for times in per_query.values() for t in times]
    return {
        "url": url,
        "ready_ms": statistics.median(ready),
        "ready_query_ms": statistics.median(ready_query) if ready_query else None,
        "index_load_ms": statistics.median(index_load),
        "first_bytes": _bytes(first_files),
        "first_files": [str(p) for p in _paths(first_files)],
        "first_query_bytes": _bytes(first_query_files) if first_query_files else None,
        "later_query_bytes": later,
        "query_mean_ms": statistics.fmean(all_queries) if all_queries else None,
        "search_mean_ms": statistics.fmean(search_times) if search_times else None,
        "per_query_ms": {q: statistics.fmean(t) for q, t in per_query.items() if t},
        "loads": len(ready),
        "blocked_requests": len(blocked),
    }


def measure_search_map(
    site_dir: Path,
    *,
    page: str = "recherche.html",
    facet: str = "theme",
    repeat: int = 5,
    executable: str = CHROMIUM,
    timeout_ms: int = 120_000,
) -> dict:
    from playwright.sync_api import sync_playwright

    url = (Path(site_dir).resolve() / page).as_uri() + "?vue=carte"
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = offline_context(browser, blocked, viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            errors: list[str] = []
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.goto(url, wait_until="load", timeout=timeout_ms)
            tab.wait_for_function("window.__obsSearchReady !== undefined", timeout=timeout_ms)
            ready = tab.evaluate("window.__obsSearchReady")
            marks = tab.evaluate(
                "Array.from(document.querySelectorAll('[data-obs-carte] .obs-carte__vue'))"
                ".reduce((n, h) => n + (h.shadowRoot || h).querySelectorAll('svg a:not([visibility])').length, 0)"
            )
            value = tab.evaluate("f => (window.OBS_SEARCH.facets.find(x => x.name === f).values[0] || [])[0]", facet)
            times = []
            for _ in range(max(1, repeat) * 2):  # on, off, on, off…
                times.append(tab.evaluate("([f, v]) => window.__obsSearch.timeFacet(f, v)", [facet, value]))
            if errors:
                raise RuntimeError(f"erreur de script dans {url} : {errors[0]}")
            context.close()
        finally:
            browser.close()
    return {
        "url": url,
        "ready_ms": ready,
        "redraw_ms": statistics.median(times),
        "redraw_max_ms": max(times),
        "facet": f"{facet}={value}",
        "marks": marks,
        "blocked_requests": len(blocked),
    }


def payload_sizes(site_dir: Path, paths: list[str]) -> dict[str, tuple[int, int]]:
    """Raw and compressed size of the search's generated data files (``paths``,
    relative to ``site_dir``)."""
    out = {}
    for path in paths:
        data = (Path(site_dir) / path).read_bytes()
        out[path] = (len(data), gzip_size(data))
    return out


def largest_page(site_dir: Path) -> tuple[str, int]:
    """The largest HTML page of a site: its path (relative) and size in bytes."""
    site_dir = Path(site_dir)
    size, path = max((p.stat().st_size, p) for p in site_dir.rglob("*.html"))
    return path.relative_to(site_dir).as_posix(), size
