"""Timing the maps in Chromium, opened from ``file://`` as an offline reader would,
and the build time they take.

``measure_map(site_dir)`` opens ``site_dir/carte.html`` in headless Chromium
(Debian's, driven by Playwright) with every request that is not a local file
blocked, and returns:

* ``drawn_ms``: from navigation start to the map drawn: the page and the views'
  bases loaded (the load event waits for the SVG's ``<image>``), then two frames
  painted (median of ``loads`` loads);
* ``marks``: the marks on the page (links in the maps);
* ``blocked_requests``: requests to anything but ``file://`` (should be 0).

``time_maps(catalog, context)`` times, in this process, what the maps add to a
build: the bases of the views, the map page, every record's locator map and
every territory page's map.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from observatoire.core.offline import fresh_loads
from observatoire.site import urls
from observatoire.site.maps import SiteMaps
from observatoire.site.model import SiteModel

_DRAWN = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"


def measure_map(
    site_dir: Path,
    executable: str,
    args: list[str],
    *,
    page: str = "carte.html",
    loads: int = 3,
    timeout_ms: int = 60_000,
) -> dict:
    """``executable`` and ``args``: the chromium to launch (the bench's, :mod:`observatoire.search.bench`)."""
    url = (Path(site_dir).resolve() / page).as_uri()

    def measure(tab) -> tuple[float, int]:
        return tab.evaluate(_DRAWN), tab.evaluate("document.querySelectorAll('.obs-map__marks a').length")

    (found,), blocked = fresh_loads(
        [url], measure, executable, args, loads=loads, wait_until="load", timeout_ms=timeout_ms
    )
    return {
        "url": url,
        "drawn_ms": statistics.median(drawn for drawn, _ in found),
        "marks": found[-1][1],
        "blocked_requests": blocked,
    }


def time_maps(catalog, context) -> float:
    """Seconds the maps take in a build of ``catalog``, computed here in one process."""
    model = SiteModel(catalog, context, dt.date(2025, 1, 1))
    start = time.perf_counter()
    maps = SiteMaps(model, model.texts)
    maps.files()
    maps.view_map("france", urls.MAP)
    maps.view_map("monde", urls.MAP_WORLD)
    maps.place_list(urls.MAP)
    maps.without_list(urls.MAP)
    for kind_name, slug in maps.place_of:
        maps.locator(kind_name, slug, f"x/{slug}.md")
    for place, _ in model.places():
        maps.territory_map(place.slugs, place.uri, place.level == "pays")
    return time.perf_counter() - start
