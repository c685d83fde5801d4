"""Debian's chromium opened as an offline reader opens the site: the benchmark's
measurements (search, map, compare) and the browser tests share these settings."""

from __future__ import annotations

import shutil

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


def offline_context(browser, blocked: list[str], **options):
    """A fresh Playwright context (nothing stored, nothing cached) in which every request
    that is not for a local file is aborted, its address appended to ``blocked``."""
    context = browser.new_context(**options)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (blocked.append(route.request.url), route.abort())
        ),
    )
    return context
