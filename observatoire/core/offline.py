"""Debian's chromium opened as an offline reader opens the site: the benchmark's
measurements (search, map, compare) and the browser tests share these settings."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Without the background-networking flags, chromium tries to reach Google's hosts at start."""


LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
"""What a page opened from file:// may load without anything leaving the machine."""
OUTSIDE = "http*://**"
"""The requests that would leave the machine by the network, aborted."""


def offline_context(browser, blocked: list[str], loaded: list[str] | None = None, **options):
    """A fresh Playwright context (nothing stored, nothing cached) in which every request
    that is not for a local file is appended to ``blocked`` (and, if for the network,
    aborted); ``loaded``: given, gets the address of every local file the pages ask for.

    Local files are not routed: a routed request waits for this process to let it go
    (some 10 to 100 ms a page on this 2-core machine, measured December 2026), a wait
    no reader has; requests are counted from the context's events instead."""
    context = browser.new_context(**options)

    def seen(request) -> None:
        if not request.url.startswith(LOCAL_SCHEMES):
            blocked.append(request.url)
        elif loaded is not None and request.url.startswith("file:"):
            loaded.append(request.url)

    context.on("request", seen)
    context.route(OUTSIDE, lambda route: route.abort())
    return context


def fresh_loads(
    urls: Sequence[str],
    measure: Callable[[object], T],
    executable: str,
    args: list[str],
    *,
    loads: int,
    wait_until: str,
    timeout_ms: int,
) -> tuple[list[list[T]], int]:
    """Open each of ``urls`` ``loads`` times (at least once) in a headless chromium
    (``executable``, ``args``), each time in a fresh :func:`offline_context` at 1280 × 900, and
    ``measure`` each tab once the navigation has reached ``wait_until``. The addresses take
    turns (the first, the second…, then again), so that a slow moment of the machine weighs on
    them alike. Returns the measures of each address, in the order of ``urls``, and the number
    of requests blocked; raises :class:`RuntimeError` on the first script error of a page."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    measures: list[list[T]] = [[] for _ in urls]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=args)
        try:
            for _ in range(max(1, loads)):
                for url, found in zip(urls, measures, strict=True):
                    context = offline_context(browser, blocked, viewport={"width": 1280, "height": 900})
                    tab = context.new_page()
                    errors: list[str] = []
                    tab.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
                    tab.goto(url, wait_until=wait_until, timeout=timeout_ms)
                    found.append(measure(tab))
                    if errors:
                        raise RuntimeError(f"erreur de script dans {url} : {errors[0]}")
                    context.close()
        finally:
            browser.close()
    return measures, len(blocked)
