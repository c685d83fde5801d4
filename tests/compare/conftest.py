"""Fixtures of the compare tests: a small fictitious site (the shared site fixture, its
hostile record included, and the three records of the whole-world fixture: places abroad,
unknown status, EDTF dates), built once, served over http on 127.0.0.1 and opened from
file://; and a site of synthetic records spread over several data files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import serving
from tests.sitebuild import ROOT, SAMPLE_CONTENT, built_site

WORLD_CONTENT = ROOT / "tests" / "fixtures" / "world" / "content"

JARDINS = "jardins-partages-fictifs"
BOLOGNE = "reglement-fictif-de-bologne"
SEOUL = "programme-fictif-de-seoul"
HOSTILE = "fiche-hostile-fictive"
ATELIER = "atelier-de-reparation-fictif"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("comparer") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for path in (WORLD_CONTENT / "initiatives").glob("*.yml"):
        shutil.copy(path, content / "initiatives" / path.name)
    return built_site(content.parent / "projet", content)


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> Path:
    """30 synthetic initiatives: three data files."""
    from observatoire.records.project import Project
    from observatoire.records.synthetic import write_synthetic

    content = tmp_path_factory.mktemp("comparer-synthetique") / "content"
    write_synthetic(content, 30, seed=3, context=Project.find(ROOT).context, words=40)
    return built_site(content.parent / "projet", content)


@pytest.fixture(scope="session")
def http_root(site):
    with serving(site) as root:
        yield root


@pytest.fixture(params=["http", "file"])
def origin(request, site, http_root) -> str:
    """The site's root address: over http, then from file://."""
    return http_root if request.param == "http" else site.as_uri()


class Tab:
    """A browser context and its tab, recording script errors, dialogs and every
    request leaving the site's origin."""

    def __init__(self, browser, origin: str, **options):
        self.origin = origin
        options.setdefault("viewport", {"width": 1280, "height": 900})
        self.context = browser.new_context(**options)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin) or (self.origin.startswith("file:") and url.startswith("file:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str, ready: bool = False):
        self.page.goto(f"{self.origin}/{path}", wait_until="load")
        if ready:
            self.wait_compared()
        return self.page

    def wait_compared(self):
        self.page.wait_for_function("window.__obsCompareReady !== undefined", timeout=15_000)

    def add_from_page(self, slug: str) -> None:
        page = self.open(f"initiatives/{slug}.html")
        button = page.locator("[data-obs-compare-toggle]")
        assert button.inner_text() == "Ajouter à la comparaison"
        button.click()
        assert button.inner_text() == "Retirer de la comparaison"

    def columns(self) -> list[str]:
        return self.page.locator(".obs-cmp-table thead th a").all_inner_texts()

    def query(self) -> str:
        from urllib.parse import parse_qs, urlsplit

        return ",".join(parse_qs(urlsplit(self.page.url).query).get("i", [""]))

    def close(self):
        self.context.close()


@pytest.fixture
def new_tab(browser, origin):
    """Tabs on ``origin``, each in a fresh context; each checked at the end for errors."""
    tabs: list[Tab] = []

    def make(**options) -> Tab:
        tab = Tab(browser, origin, **options)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        assert tab.errors == [], tab.errors
        assert tab.dialogs == [], tab.dialogs
        assert tab.outside == [], tab.outside
        tab.close()
