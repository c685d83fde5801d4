"""Fixtures of the search tests: a small fictitious catalog, its search files in a
standalone page (harness), served over http on 127.0.0.1 and opened from file://.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from observatoire.records.catalog import load_catalog
from observatoire.records.project import Project
from observatoire.search.index import SearchIndex
from tests.browser import serving
from tests.search.harness import write_harness

FIXTURE = Path(__file__).parent / "fixtures" / "content"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def context():
    return Project.find(ROOT).context


@pytest.fixture(scope="session")
def catalog(context):
    catalog = load_catalog(FIXTURE, context)
    assert catalog.problems == []
    return catalog


@pytest.fixture(scope="session")
def search_index(catalog, context) -> SearchIndex:
    return SearchIndex(catalog, context)


@pytest.fixture(scope="session")
def harness(tmp_path_factory, search_index) -> Path:
    """The folder of the standalone search page: recherche.html + assets."""
    folder = tmp_path_factory.mktemp("recherche")
    write_harness(folder, search_index)
    return folder


@pytest.fixture(scope="session")
def http_root(harness):
    """``http://127.0.0.1:PORT`` serving the harness folder."""
    with serving(harness) as root:
        yield root


@pytest.fixture(params=["http", "file"])
def origin(request, harness, http_root) -> str:
    """Where the harness page is: over http, then from file://."""
    return http_root if request.param == "http" else harness.as_uri()


class SearchPage:
    """A browser tab on the harness page, recording dialogs, errors and outside requests."""

    def __init__(self, browser, origin: str):
        self.origin = origin
        self.context = browser.new_context()
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)

    def _route(self, route):
        url = route.request.url
        if url.startswith("file:") or url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, query: str = ""):
        self.page.goto(f"{self.origin}/recherche.html{query}")
        self.wait_ready()
        return self

    def wait_ready(self):
        self.page.wait_for_function("window.__obsSearchReady !== undefined", timeout=10_000)

    def status(self) -> str:
        return self.page.locator("[data-obs-status]").inner_text()

    def titles(self) -> list[str]:
        return self.page.locator("[data-obs-results] .obs-resultat__titre").all_inner_texts()

    def params(self) -> list[tuple[str, str]]:
        from urllib.parse import parse_qsl, urlsplit

        return parse_qsl(urlsplit(self.page.url).query)

    def close(self):
        self.context.close()


@pytest.fixture
def search_page(browser, origin):
    page = SearchPage(browser, origin)
    yield page
    assert page.outside == [], page.outside
    assert page.errors == [], page.errors
    assert page.dialogs == [], page.dialogs
    page.close()
