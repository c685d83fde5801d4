"""Which pages of a built site the quality gates open, and how."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import QuietHandler, serving


def _largest(site: Path, folder: str) -> str:
    """The record page of ``folder`` with the most content: the most markup to check."""
    pages = [p for p in (site / folder).glob("*.html") if p.stem != "index" and "." not in p.stem]
    assert pages, f"aucune page dans {folder}/"
    return max(pages, key=lambda p: (p.stat().st_size, p.name)).relative_to(site).as_posix()


SEARCH_QUERY = "recherche.html?q=communs"
SEARCH_MAP_QUERY = "recherche.html?vue=carte&q=communs"
"""The same search in its « Carte » view: the marks of its results on the maps."""
COMPARE_PAGE = "comparer.html"


def compare_query(site: Path) -> str:
    """The compare page with four initiatives: those with the largest pages (the most to lay out)."""
    pages = sorted(
        (p for p in (site / "initiatives").glob("*.html") if p.stem != "index" and "." not in p.stem),
        key=lambda p: (-p.stat().st_size, p.name),
    )
    return f"{COMPARE_PAGE}?i=" + ",".join(p.stem for p in pages[:4])


PAGE_TYPES = (
    "accueil",
    "initiative",
    "evenement",
    "organisation",
    "index-a-z",
    "index-themes",
    "index-un-theme",
    "territoire",
    "evenements",
    "recherche-resultats",
    "statistiques",
    "grille",
    "comparaison",
    "accueil-en",
    "grille-en",
    "glossaire-en",
    "initiative-en",
    "evenement-en",
    "organisation-en",
    "index-a-z-en",
    "index-themes-en",
    "territoire-en",
)


def pages_to_check(site: Path) -> dict[str, str]:
    """The pages of the real site checked for accessibility and validity, one of each
    type of :data:`PAGE_TYPES`: name -> address relative to the site (the search page
    with a query). For record pages, the biggest page of its type."""
    territories = [p for p in (site / "index" / "territoires").glob("*.html")]
    pages = {
        "accueil": "index.html",
        "initiative": _largest(site, "initiatives"),
        "evenement": _largest(site, "evenements"),
        "organisation": _largest(site, "acteurs"),
        "index-a-z": "initiatives/index.html",
        "index-themes": "index/themes.html",
        "index-un-theme": max((site / "index" / "themes").glob("*.html"), key=lambda p: p.stat().st_size)
        .relative_to(site)
        .as_posix(),
        "territoire": max(territories, key=lambda p: p.stat().st_size).relative_to(site).as_posix(),
        "evenements": "evenements/index.html",
        "recherche-resultats": SEARCH_QUERY,
        "statistiques": "statistiques.html",
        "grille": "grille.html",
        "comparaison": compare_query(site),
        "accueil-en": "en/index.html",
        "grille-en": "en/grille.html",
        "glossaire-en": "en/glossaire.html",
    }
    for page_type in ("initiative", "evenement", "organisation", "index-a-z", "index-themes", "territoire"):
        pages[f"{page_type}-en"] = "en/" + pages[page_type]  # the same pages in English (#18)
    assert tuple(pages) == PAGE_TYPES
    return pages


def search_page_ready(site: Path) -> bool:
    """Whether the built search page has its results container (it is made by another part of the project)."""
    page = site / "recherche.html"
    return page.is_file() and "data-obs-results" in page.read_text("utf-8")


SEARCH_NOT_READY = (
    "recherche.html n'a pas encore de conteneur de résultats (data-obs-results) : "
    "la page de recherche n'est pas terminée"
)


def open_page(page, site: Path, address: str) -> None:
    """Open ``address`` (relative, maybe with a query) of ``site``; on the search page,
    wait until the results are shown."""
    path, _, query = address.partition("?")
    if path == "recherche.html" and query and not search_page_ready(site):
        pytest.skip(SEARCH_NOT_READY)
    page.goto((site / path).as_uri() + (f"?{query}" if query else ""))
    if path == "recherche.html" and query:
        page.wait_for_function("document.querySelector('[data-obs-results] > *') !== null", timeout=15_000)
    if path == COMPARE_PAGE:
        page.wait_for_function("window.__obsCompareReady !== undefined", timeout=15_000)


NOT_FOUND_PAGE = "404.html"
"""The page a web server sends for a missing address, at any depth: its links are
root-absolute by design (tests/linkcheck.py), so that from file:// it has no styles
nor scripts. It is opened as served (:func:`served`), never from file://."""

MISSING_ADDRESS = "initiatives/une-adresse-qui-n-existe-pas.html"


def every_page(site: Path) -> list[str]:
    """Every page of ``site`` opened from file://: each .html file but :data:`NOT_FOUND_PAGE`,
    the search page with a query (when it can show results) as a list and on the map, the compare page
    with four initiatives."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != NOT_FOUND_PAGE)
    if search_page_ready(site):
        pages += [SEARCH_QUERY, SEARCH_MAP_QUERY]
    pages.append(compare_query(site))
    return pages


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` on a local web server that answers a missing address with 404.html and
    status 404, as a host configured for MkDocs does; yields its base address."""

    class Handler(QuietHandler):
        def send_error(self, code, message=None, explain=None):
            page = site / NOT_FOUND_PAGE
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    with serving(site, Handler) as root:
        yield root + "/"
