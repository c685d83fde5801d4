"""Fixtures of the map tests: the real content's site, built once, served over http
on 127.0.0.1 and opened from file://."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import serving
from tests.sitebuild import ROOT, built_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site of the real content/ (Brest, Grenoble, Montreuil... with their coordinates)."""
    return built_site(tmp_path_factory.mktemp("cartes") / "projet", ROOT / "content")


@pytest.fixture(scope="session")
def http_root(site):
    with serving(site) as root:
        yield root


@pytest.fixture(params=["http", "file"])
def origin(request, site, http_root) -> str:
    """The site's root address: over http, then from file://."""
    return http_root if request.param == "http" else site.as_uri()


class Tab:
    """A tab that records script errors and every request leaving the site's origin."""

    def __init__(self, browser, origin: str, **options):
        self.origin = origin
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin) or (self.origin.startswith("file:") and url.startswith("file:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str):
        self.page.goto(f"{self.origin}/{path}", wait_until="load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, origin):
    t = Tab(browser, origin)
    yield t
    assert t.errors == []
    assert t.outside == []
    t.close()
