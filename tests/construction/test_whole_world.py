"""Records of the whole world, with what is not known left unsaid, from check to print.

Three fictitious records in real places (tests/fixtures/world/content): one in Italy,
one in South Korea, one in France. None states its status or its coordinates; each has
a start written in EDTF (an interval, an approximate year), a city with its local name
and its first-level subdivision, a population with its year, and a partner named
without a record. Each fact must pass ``observatoire check`` and show as the sources say
it on the record's page, in the indexes, the search facets, the statistics, the open
data and the printed sheet; and a country or subdivision has one name everywhere.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitebuild import built_site

ROOT = Path(__file__).resolve().parents[2]
WORLD = ROOT / "tests" / "fixtures" / "world" / "content"

BOLOGNE, SEOUL, QUIMPER = "reglement-fictif-de-bologne", "programme-fictif-de-seoul", "recyclerie-fictive-de-quimper"

# What each record's page says, row by row of « En bref » (the text a reader sees).
FACTS = {
    BOLOGNE: {
        "Territoire": "Bologne (Bologna), Émilie-Romagne, Italie — 111\u202f111 habitants en 2014 [1]",
        "Statut": "Non renseigné",
        "Début": "2015–2016",
        "Partenaires": "Laboratoire fictif des communs (Italie) — site web",
        "Instruments": "Pacte de collaboration ou convention",
        "Échelon": "Commune ou municipalité",
    },
    SEOUL: {
        "Territoire": "Séoul (서울), Corée du Sud — 222\u202f222 habitants en 2012",
        "Statut": "Non renseigné",
        "Début": "vers 2012",
        "Partenaires": "Association fictive du partage (Corée du Sud)",
        "Instruments": "Programme ou plan",
        "Échelon": "Intercommunalité ou métropole",
    },
    QUIMPER: {
        "Territoire": "Quimper (Kemper), Bretagne, France (département : Finistère) — code INSEE 29232 "
        "— 333\u202f333 habitants en 2021 [1]",
        "Statut": "Non renseigné",
        "Début": "2018–2019",
        "Partenaires": "Collectif fictif du réemploi",
        "Instruments": "Subvention",
        "Échelon": "Commune ou municipalité",
    },
}
COUNTRIES = {"Italie", "Corée du Sud", "France"}
SUBDIVISIONS = {"Émilie-Romagne", "Séoul", "Bretagne"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory.mktemp("monde") / "projet", WORLD)


@pytest.fixture
def page(browser):  # the session's chromium (tests/conftest.py)
    context = browser.new_context()
    yield context.new_page()
    context.close()


def facts_shown(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('dl.obs-facts > dt')]
        .map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]))""")


def test_check_accepts_the_records_and_only_advises():
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600"}
    result = subprocess.run(
        [sys.executable, "-m", "observatoire", "check", str(WORLD)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        "3 fichiers vérifiés, aucun problème, 6 conseils : 3 initiatives, 0 événement, 0 acteur."
    )
    advice = result.stdout.splitlines()[:-1]
    assert sum("territoire.coordonnees: conseil" in line for line in advice) == 3
    assert sum("reproduire: conseil" in line for line in advice) == 3


@pytest.mark.parametrize("slug", FACTS)
def test_the_page_shows_each_fact_as_the_sources_say(site, page, slug):
    page.goto((site / "initiatives" / f"{slug}.html").as_uri())
    shown = facts_shown(page)
    for label, text in FACTS[slug].items():
        assert shown[label] == text, label
    assert "Fin" not in shown
    # The local name carries its language; the partner is not a link to a record of the centre.
    if slug != QUIMPER:
        lang = {BOLOGNE: "it", SEOUL: "ko"}[slug]
        assert page.locator(f'dl.obs-facts span[lang="{lang}"]').inner_text() in ("(Bologna)", "(서울)")
    partners = page.locator("dl.obs-facts dt:text-is('Partenaires') + dd")
    assert not partners.locator('a[href*="acteurs/"]').count()
    # The unknown status leads to the « non renseigné » list of statuses.
    status = page.locator("dl.obs-facts dt:text-is('Statut') + dd a")
    assert status.get_attribute("href") == "../index/statuts/inconnue.html"


@pytest.mark.parametrize("slug", FACTS)
def test_the_printed_sheet_keeps_the_facts(site, page, slug):
    page.goto((site / "initiatives" / f"{slug}.html").as_uri())
    page.emulate_media(media="print")
    shown = facts_shown(page)
    for label, text in FACTS[slug].items():
        assert shown[label] == text, label
    assert page.locator(".obs-print-button").is_hidden()
    assert page.get_by_text("Fiche du centre de ressources de l'Observatoire du Partage").is_visible()
    assert len(page.pdf(format="A4")) > 10_000


def test_indexes_place_each_record_under_country_subdivision_and_city(site, page):
    page.goto((site / "index" / "territoires.html").as_uri())
    tree = page.locator("article").inner_text()
    # two levels there; the cities are on their subdivision's page
    for line in ("Corée du Sud (1)\nSéoul (1)\n", "France (1)\nBretagne (1)\n", "Italie (1)\nÉmilie-Romagne (1)"):
        assert line in tree
    for subdivision, city in (
        ("kr-11", "Séoul (서울) (1)"),
        ("fr-bre", "Quimper (Kemper) (1)"),
        ("it-45", "Bologne (Bologna) (1)"),
    ):
        page.goto((site / "index" / "territoires" / f"{subdivision}.html").as_uri())
        assert page.locator("article h2:text-is('Villes et communes') + ul li").inner_text() == city
    # Each country's page names its subdivisions by their kind there; no « sans région » address.
    for country, heading, subdivision in (
        ("it", "Région", "Émilie-Romagne"),
        ("kr", "Ville spéciale", "Séoul"),
        ("fr", "Région", "Bretagne"),
    ):
        page.goto((site / "index" / "territoires" / f"{country}.html").as_uri())
        assert page.locator(f"article h2:text-is('{heading}') + ul li").inner_text() == f"{subdivision} (1)"
    assert not list((site / "index").rglob("*sans-region*"))
    # The city's page has both its names.
    page.goto((site / "index" / "territoires" / "it-45-bologne.html").as_uri())
    assert page.locator("h1").inner_text() == "Bologne (Bologna)"
    assert page.locator('h1 [lang="it"]').inner_text() == "(Bologna)"
    # Unknown status: an index entry of its own; the years' index files an interval under its first year.
    page.goto((site / "index" / "statuts.html").as_uri())
    assert page.locator("tr", has_text="Non renseigné").inner_text().split() == ["Non", "renseigné", "3"]
    for year, slug in (("2015", BOLOGNE), ("2012", SEOUL), ("2018", QUIMPER)):
        page.goto((site / "index" / "annees" / f"{year}.html").as_uri())
        assert page.locator(f'article a[href$="{slug}.html"]').count() == 1


def test_statistics_count_the_unknown_status_apart(site, page):
    page.goto((site / "statistiques.html").as_uri())
    table = page.locator("table", has=page.locator("th", has_text="Statut"))
    assert table.locator("tbody").inner_text().split("\n") == ["Non renseigné\t3"]


def search_facets(page) -> dict[str, dict[str, str]]:
    """{facet: {value id: its label and count}} as the search page shows them."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-obs-facet]')].map(box =>
        [box.getAttribute('data-obs-facet'), Object.fromEntries([...box.querySelectorAll('[data-obs-value]')]
            .map(v => [v.getAttribute('data-obs-value'), v.innerText.trim()]))]))""")


def test_search_facets_and_local_names(site, page):
    page.goto((site / "recherche.html").as_uri())
    page.wait_for_selector("[data-obs-results] > li")
    facets = search_facets(page)
    assert facets["statut"] == {"inconnue": "Non renseigné (3)"}
    assert facets["pays"] == {"KR": "Corée du Sud (1)", "FR": "France (1)", "IT": "Italie (1)"}
    assert facets["region"] == {"FR-BRE": "Bretagne (1)", "IT-45": "Émilie-Romagne (1)", "KR-11": "Séoul (1)"}
    assert facets["instrument"]["pacte-de-collaboration"] == "Pacte de collaboration ou convention (1)"
    assert facets["annee"] == {"2018": "2018 (1)", "2015": "2015 (1)", "2012": "2012 (1)"}
    for query, title in (
        ("Bologna", "Règlement fictif des communs de Bologne"),
        ("bologne", "Règlement fictif des communs de Bologne"),
        ("Kemper", "Recyclerie fictive de Quimper"),
        ("서울", "Programme fictif de partage de Séoul"),
        ("Emilie-Romagne", "Règlement fictif des communs de Bologne"),
        ("Laboratoire fictif", "Règlement fictif des communs de Bologne"),
    ):
        page.goto((site / "recherche.html").as_uri() + "?q=" + query)
        page.wait_for_selector("[data-obs-results] > li")
        titles = page.locator("[data-obs-results] > li .obs-resultat__titre").all_inner_texts()
        assert titles == [title], query
    page.goto((site / "recherche.html").as_uri() + "?q=Kemper")
    page.wait_for_selector("[data-obs-results] > li")
    assert page.locator(".obs-resultat__statut").inner_text() == "Statut non renseigné"
    page.goto((site / "recherche.html").as_uri() + "?q=programme+fictif")
    page.wait_for_selector("[data-obs-results] > li")
    assert page.locator(".obs-resultat__lieu").inner_text() == "Séoul, Corée du Sud"


def test_open_data_keeps_the_facts_as_written(site):
    with (site / "donnees" / "initiatives.csv").open(encoding="utf-8") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    assert {
        k: rows[BOLOGNE][k]
        for k in (
            "commune",
            "nom_local",
            "subdivision",
            "subdivision_nom",
            "pays",
            "pays_nom",
            "population",
            "population_annee",
            "population_source",
            "statut",
            "debut",
            "partenaires",
            "latitude",
        )
    } == {
        "commune": "Bologne",
        "nom_local": "Bologna",
        "subdivision": "IT-45",
        "subdivision_nom": "Émilie-Romagne",
        "pays": "IT",
        "pays_nom": "Italie",
        "population": "111111",
        "population_annee": "2014",
        "population_source": "1",
        "statut": "",
        "debut": "2015/2016",
        "partenaires": "Laboratoire fictif des communs",
        "latitude": "",
    }
    assert rows[SEOUL]["debut"] == "2012~" and rows[SEOUL]["nom_local"] == "서울"
    assert rows[QUIMPER]["code_insee"] == "29232" and rows[QUIMPER]["departement"] == "Finistère"
    records = {
        r["id"]: r for r in json.loads((site / "donnees" / "initiatives.json").read_text("utf-8"))["initiatives"]
    }
    bologne = records[BOLOGNE]
    assert bologne["debut"] == "2015/2016" and bologne["statut"] is None
    assert bologne["territoire"]["population"] == {"nombre": 111111, "annee": 2014, "source": 1}
    assert bologne["partenaires"] == [
        {"nom": "Laboratoire fictif des communs", "site_web": "https://exemple.org/laboratoire", "pays": "IT"}
    ]
    assert bologne["sources"][0]["date"] == "2014~"


def test_country_and_subdivision_names_are_the_same_everywhere(site, page):
    with (site / "donnees" / "initiatives.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    from_csv = ({r["pays_nom"] for r in rows}, {r["subdivision_nom"] for r in rows})
    page.goto((site / "recherche.html").as_uri())
    page.wait_for_selector("[data-obs-results] > li")
    facets = search_facets(page)
    from_search = tuple({label.rsplit(" (", 1)[0] for label in facets[name].values()} for name in ("pays", "region"))
    from_pages: tuple[set, set] = (set(), set())
    for country in ("it", "kr", "fr"):
        page.goto((site / "index" / "territoires" / f"{country}.html").as_uri())
        from_pages[0].add(page.locator("h1").inner_text())
        from_pages[1].update(
            a.rsplit(" (", 1)[0] for a in page.locator("article h2 + ul").first.locator("li").all_inner_texts()
        )
    statistics = set()
    page.goto((site / "statistiques.html").as_uri())
    table = page.locator("table", has=page.locator("th", has_text="Pays"))
    statistics = {line.split("\t")[0] for line in table.locator("tbody").inner_text().split("\n")}
    on_record_pages: tuple[set, set] = (set(), set())
    for slug in FACTS:
        page.goto((site / "initiatives" / f"{slug}.html").as_uri())
        links = page.locator("dl.obs-facts dt:text-is('Territoire') + dd > a").all_inner_texts()
        on_record_pages[0].add(links[-1])
        if len(links) == 3:
            on_record_pages[1].add(links[1])
    assert from_csv == from_search == from_pages == (COUNTRIES, SUBDIVISIONS)
    assert statistics == on_record_pages[0] == COUNTRIES
    assert on_record_pages[1] == SUBDIVISIONS - {"Séoul"}  # Séoul the city in Séoul the special city: named once


def test_theme_country_and_subdivision_pages_link_their_feed(site, page):
    import feedparser

    for index_page, slug in (
        ("territoires/it.html", BOLOGNE),
        ("territoires/kr-11.html", SEOUL),
        ("themes/dechets-et-reemploi.html", QUIMPER),
    ):
        page.goto((site / "index" / index_page).as_uri())
        link = page.locator('.obs-feed a[type="application/atom+xml"]')
        assert link.inner_text() == "Suivre ces initiatives (flux Atom)"
        feed = (site / "index" / index_page).parent / link.get_attribute("href")
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo and [e.link.rsplit("/", 1)[-1] for e in parsed.entries] == [f"{slug}.html"]
    page.goto((site / "index" / "territoires" / "it-45-bologne.html").as_uri())
    assert page.locator(".obs-feed").count() == 0  # a city has no feed of its own
    head = page.locator('head link[rel~="alternate"][type="application/atom+xml"]')
    assert (site / "index" / "territoires" / head.get_attribute("href")).resolve() == (site / "flux.xml").resolve()


def test_every_page_names_the_whole_feed_for_feed_readers(site, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((site / "initiatives" / f"{SEOUL}.html").as_uri())
    link = page.locator('head link[rel~="alternate"][type="application/atom+xml"]')
    assert link.get_attribute("href") == "../flux.xml"
    # « alternate feed », not « alternate » alone: the theme fetches sitemap.xml beside each
    # link[rel=alternate], an error from file://
    page.wait_for_load_state("networkidle")
    assert errors == []
