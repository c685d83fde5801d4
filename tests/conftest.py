"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, one for the whole run: Playwright's sync API allows a
    single instance per thread, so no folder starts its own."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
