"""Debian's chromium driven by Playwright, shared by the browser tests."""

from __future__ import annotations

from observatoire.core.offline import CHROMIUM, CHROMIUM_ARGS


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
