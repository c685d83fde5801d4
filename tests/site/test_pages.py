"""The built site: every record has its page, in the right indexes, and every internal link resolves."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from observatoire.records.catalog import load_catalog
from observatoire.records.project import Project
from tests.linkcheck import broken_links, site_pages
from tests.site.conftest import FIXTURE

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FIXTURE, Project(ROOT).context)


def links_of(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def test_every_record_has_its_page(built_site, catalog):
    for folder, entries in (
        ("initiatives", catalog.initiatives),
        ("evenements", catalog.events),
        ("acteurs", catalog.actors),
    ):
        for slug in entries:
            assert (built_site / folder / f"{slug}.html").is_file(), f"{folder}/{slug}.html"


def test_record_pages_are_not_in_the_navigation(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "initiatives/jardins-partages-fictifs.html" not in nav
    assert "index/themes.html" in nav


def _linked_pages(page: Path) -> set[str]:
    html = page.read_text("utf-8")
    content = html.split('<article class="md-content__inner', 1)[1]
    return {
        os.path.normpath(os.path.join(page.parent, unquote(h)))
        for h in links_of(content)
        if not h.startswith(("http", "#", "mailto"))
    }


@pytest.mark.parametrize(
    "index_page, slug",
    [
        ("index/themes/alimentation.html", "jardins-partages-fictifs"),
        ("index/objets_communs/espace-public.html", "jardins-partages-fictifs"),
        ("index/instruments/deliberation.html", "jardins-partages-fictifs"),
        ("index/echelons/commune.html", "jardins-partages-fictifs"),
        ("index/statuts/en-cours.html", "jardins-partages-fictifs"),
        ("index/annees/2019.html", "jardins-partages-fictifs"),
        ("index/territoires/fr.html", "jardins-partages-fictifs"),
        ("index/territoires/fr-ara.html", "jardins-partages-fictifs"),
        ("index/territoires/fr-ara-valcourt-sur-exemple.html", "jardins-partages-fictifs"),
        ("initiatives/index.html", "jardins-partages-fictifs"),
        ("index/statuts/idee.html", "fiche-hostile-fictive"),
    ],
)
def test_record_appears_in_its_index_pages(built_site, index_page, slug):
    page = built_site / index_page
    assert page.is_file(), index_page
    assert str(built_site / "initiatives" / f"{slug}.html") in _linked_pages(page)


def test_each_initiative_is_in_exactly_the_theme_pages_of_its_themes(built_site, catalog):
    for slug, entry in catalog.initiatives.items():
        target = str(built_site / "initiatives" / f"{slug}.html")
        for theme_page in (built_site / "index" / "themes").glob("*.html"):
            listed = target in _linked_pages(theme_page)
            assert listed == (theme_page.stem in entry.record.themes), (slug, theme_page.name)


def test_initiative_page_links_its_facets_and_actors(built_site):
    linked = _linked_pages(built_site / "initiatives" / "jardins-partages-fictifs.html")
    for target in (
        "index/themes/alimentation.html",
        "index/statuts/en-cours.html",
        "acteurs/ville-fictive-de-valcourt.html",
        "index/territoires/fr-ara-valcourt-sur-exemple.html",
        "initiatives/atelier-de-reparation-fictif.html",
        "evenements/rencontre-fictive-2025.html",
    ):
        assert str(built_site / target) in linked, target


def test_actor_page_lists_its_initiatives_and_events(built_site):
    linked = _linked_pages(built_site / "acteurs" / "ville-fictive-de-valcourt.html")
    assert str(built_site / "initiatives" / "jardins-partages-fictifs.html") in linked


def test_every_internal_link_and_anchor_resolves(built_site):
    assert len(site_pages(built_site)) > 30
    broken = broken_links(built_site)
    assert not broken, "\n".join(broken)


def _article(html: str) -> str:
    """The generated body of a record page, with build-dependent bits normalised."""
    body = html.split('<article class="obs-sheet"', 1)[1].split("</article>", 1)[0]
    body = re.sub(r"[ \t]+\n", "\n", body)
    return '<article class="obs-sheet"' + body + "</article>\n"


def test_initiative_page_matches_golden_snapshot(built_site):
    """To accept a deliberate change: UPDATE_GOLDEN=1 bash scripts/test.sh tests/site, then review the diff."""
    actual = _article((built_site / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8"))
    golden = GOLDEN / "jardins-partages-fictifs.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, "utf-8")
    assert actual == golden.read_text("utf-8")


def test_footer_states_the_content_licence(built_site):
    html = (built_site / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8")
    footer = html.split('<footer class="md-footer">', 1)[1]
    assert "CC BY-SA 4.0" in footer


def test_nothing_is_loaded_from_outside_the_site(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        for _link in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', html):
            pytest.fail(f"{page.name}: ressource externe")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
