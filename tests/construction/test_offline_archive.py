"""The downloaded archive, unpacked anywhere and opened from file:// with no network at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.sitebuild import build, make_project

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = "observatoire-du-partage-centre-de-ressources.zip"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The real content's archive, unpacked in a folder that has nothing to do with the build."""
    project = make_project(tmp_path_factory.mktemp("construction") / "projet", ROOT / "content")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    elsewhere = tmp_path_factory.mktemp("ailleurs")
    with zipfile.ZipFile(project / "build" / "site" / ARCHIVE) as archive:
        archive.extractall(elsewhere)
    return elsewhere / ARCHIVE.removesuffix(".zip")


class Offline:
    """A browser context where anything that is not a local file is refused and counted."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, url: str):
        page = self.context.new_page()
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.wait_for_load_state("load")
        return page


def test_pages_search_charts_and_sheets_work_offline_with_zero_requests_out(unpacked, browser):
    offline = Offline(browser)
    home = offline.open((unpacked / "index.html").as_uri())
    assert home.locator("h1").first.inner_text() == "Centre de ressources des politiques publiques du partage"
    assert (
        "Vous consultez la copie hors ligne du centre de ressources"
        in home.locator("section.obs-download").inner_text()
    )
    # every stylesheet and script of the theme is in the archive
    assert home.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"

    sheet = offline.open((unpacked / "initiatives" / "brest-en-biens-communs.html").as_uri())
    assert "Brest en biens communs" in sheet.locator("article h1").inner_text()
    assert sheet.locator("svg.obs-chart").count() == 1
    assert sheet.locator(".obs-print-button").is_visible()
    sheet.emulate_media(media="print")
    assert sheet.locator(".md-header").is_hidden() and sheet.locator(".obs-print-only").is_visible()
    sheet.emulate_media(media="screen")

    for page_path in (
        "evenements/les-routes-du-partage.html",
        "acteurs/ville-de-montreuil.html",
        "index/themes/gouvernance.html",
        "statistiques.html",
        "donnees.html",
    ):
        page = offline.open((unpacked / page_path).as_uri())
        assert page.locator("article h1").count() >= 1, page_path

    search = offline.open((unpacked / "recherche.html").as_uri() + "?q=communs")
    search.wait_for_function("window.__obsSearchReady !== undefined")
    results = search.locator("[data-obs-results] > li")
    assert results.count() > 0
    # the index comes in chunks, loaded from the archive as a query needs them
    loaded = search.evaluate("window.__obsSearch.loaded()")
    assert any(name.startswith("t") for name in loaded) and any(name.startswith("r") for name in loaded)
    search.fill("#obs-q", "gouvernance ")
    search.evaluate("() => window.__obsSearch.settled()")
    assert "pour « gouvernance »" in search.locator("[data-obs-status]").inner_text()
    assert results.count() > 0
    first = results.first.locator("a").first
    first.click()
    search.wait_for_load_state("load")
    assert search.url.startswith("file://") and search.url.endswith(".html")

    assert offline.outside == []
    assert offline.errors == []
    offline.context.close()


def test_archive_links_point_to_files_inside_it(unpacked):
    """A sample of links from the unpacked home page resolve to files in the archive folder."""
    import re

    html = (unpacked / "index.html").read_text("utf-8")
    links = [h for h in re.findall(r'href="([^"#?]+)"', html) if "://" not in h and not h.startswith("mailto:")]
    assert len(links) > 20
    for link in links:
        target = (unpacked / link).resolve()
        assert target.is_file(), link
        assert unpacked.resolve() in target.parents
