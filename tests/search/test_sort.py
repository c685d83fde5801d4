"""Sorting the search results (tri=…&habitants=…): the packed sort keys of the sort chunk,
and the page in Chromium, over http and from file://, ordering as the tests' own
statement (tests/search/reference.py sorted_results) says, unknown values last and said
so, the order kept in the address through a reload and the back button."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from observatoire.search.chunks import SORT_CHUNK
from observatoire.search.index import DATA_FILE, SORTS
from tests.search.packed import chunk_data, script_data, sort_columns
from tests.search.reference import OTHERS_TEXT, UNKNOWN_TEXTS, expected, sorted_results

# the fixture's communes (tests/search/fixtures/content) and their populations
FAUXBOURG = "cooperative-fictive-d-energie-solaire"  # 25 000
FINTA = "bibliotheque-d-objets-fictive"  # 8 000
BRUXELLES = "energie-citoyenne-imaginaire"  # 120 000
TESTVILLE = "jardins-partages-fictifs-de-testville"  # 1 500
METROPOLE = "plateforme-numerique-imaginaire"  # 450 000
HOSTILE = "atelier-hostile-fictif"  # population unknown


def data(index) -> dict:
    """The first file's data, its ``sort`` with the sort chunk's keys, as the page holds
    them once that chunk is loaded."""
    files = index.files()
    d = script_data(files[DATA_FILE], "OBS_SEARCH")
    name, keys = chunk_data(files[f"{d['folder']}{SORT_CHUNK}.js"])
    assert name == SORT_CHUNK and not set(keys) & set(d["sort"])
    d["sort"] = {**d["sort"], **keys}
    return d


def titles_of(index, items: list[str]) -> list[str]:
    """Slugs as the page titles their results; group titles as they are."""
    by_slug = {}
    for d in index.documents:
        by_slug.setdefault(d.slug, d.title)
    return [by_slug.get(item, item) for item in items]


def shown(page) -> list[str]:
    """The results list as shown: each result's title, each group's title."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-obs-results] > li')).map(li =>
        li.classList.contains('obs-resultats__groupe') ? li.textContent.trim()
          : li.querySelector('.obs-resultat__titre').textContent.trim())""")


# --- the data -------------------------------------------------------------------------------------


def test_sort_keys_are_packed_per_initiative(search_index):
    d = data(search_index)
    sort = d["sort"]
    initiatives = list(search_index.catalog.initiatives)
    assert sort["initiatives"] == len(initiatives) == 6
    assert [doc.type.name for doc in search_index.documents[:6]] == ["initiative"] * 6
    assert sort["param"] == "tri" and sort["number"] == "habitants"
    assert sort["sorts"] == list(SORTS)
    assert d["criteria"][sort["criterion"]][0] == "transferabilite"
    columns = sort_columns(d)
    slugs = [doc.slug for doc in search_index.documents[:6]]
    population = dict(zip(slugs, columns["population"], strict=True))
    assert population == {
        FAUXBOURG: 25_001,
        FINTA: 8_001,
        BRUXELLES: 120_001,
        TESTVILLE: 1_501,
        METROPOLE: 450_001,
        HOSTILE: 0,
    }
    # days from the day before the earliest: 2021 is 1 January 2021, 2019-04 is 1 April 2019
    debut = dict(zip(slugs, columns["debut"], strict=True))
    assert debut[HOSTILE] == 0
    base = dt.date(2015, 1, 1).toordinal() - 1  # the earliest start: « 2015 »
    assert debut[BRUXELLES] == 1
    assert debut[FAUXBOURG] == dt.date(2021, 1, 1).toordinal() - base
    assert debut[TESTVILLE] == dt.date(2019, 4, 1).toordinal() - base
    assert debut[METROPOLE] == dt.date(2021, 9, 1).toordinal() - base
    assert set(columns["relecture"]) == {1}  # every fixture initiative reviewed on 2025-01-10
    assert sort["relectureFrom"] == dt.date(2025, 1, 10).toordinal() - 1


def test_the_reference_orders_by_closeness_of_population(search_index):
    everything = expected(search_index)["results"]
    order = sorted_results(search_index, everything, "population", 20_000)
    # relative closeness: 25 000 (×1.25), 8 000 (÷2.5), 120 000 (×6), 1 500 (÷13), 450 000 (×22.5)
    assert order[:7] == [FAUXBOURG, FINTA, BRUXELLES, TESTVILLE, METROPOLE, UNKNOWN_TEXTS["population"], HOSTILE]
    assert order[7] == OTHERS_TEXT and len(order) == 10


def test_without_a_transferability_criterion_no_such_order(catalog, context):
    """The criterion is found by its id or label (« Transférabilité », « Reproductibilité »);
    a grid without it offers no such order."""
    from observatoire.search.index import SearchIndex

    index = SearchIndex(catalog, context)
    index.grid = context.grid.model_copy(
        update={"criteres": [c for c in context.grid.criteres if c.id != "transferabilite"]}
    )
    assert index.transferability is None
    assert "transferabilite" not in index.sorts
    assert index.sort_data()["criterion"] == -1
    renamed = [
        c.model_copy(update={"id": "reproduire", "libelle": "Reproductibilité"}) if c.id == "transferabilite" else c
        for c in context.grid.criteres
    ]
    index = SearchIndex(catalog, context)
    index.grid = context.grid.model_copy(update={"criteres": renamed})
    assert index.transferability == [c.id for c in renamed].index("reproduire")


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", "energie", "fictif"])
@pytest.mark.parametrize("sort", list(SORTS))
def test_every_order_is_the_reference_s(search_page, search_index, sort, q):
    inhabitants = 20_000 if sort == "population" else None
    query = f"?q={q}&tri={sort}" + (f"&habitants={inhabitants}" if inhabitants else "")
    search_page.open(query)
    want = sorted_results(search_index, expected(search_index, q)["results"], sort, inhabitants)
    assert shown(search_page.page) == titles_of(search_index, want)


def test_closest_commune_first_unknown_last_said_so(search_page, search_index):
    page = search_page.page
    search_page.open()
    select = page.locator("#obs-tri")
    number = page.locator("#obs-habitants")
    assert number.is_hidden()  # the number shows with the population order only
    select.select_option("population")
    assert number.is_visible()
    expect(page.locator("[data-obs-status]")).to_have_text(
        "8 résultats. Indiquez le nombre d'habitants de votre commune pour trier par population."
    )
    assert ("tri", "population") in search_page.params()
    number.fill("20000")
    expect(page.locator("[data-obs-status]")).to_have_text(
        "8 résultats. Tri : population la plus proche de 20 000 habitants."
    )
    search_page.page.wait_for_function("() => location.search.includes('habitants=20000')")
    assert search_page.params() == [("tri", "population"), ("habitants", "20000")]
    first = page.locator("[data-obs-results] > li").first
    assert first.locator(".obs-resultat__titre").inner_text() == "Coopérative fictive d'énergie solaire"
    assert first.locator(".obs-resultat__population").inner_text() == "25\u202f000 habitants"
    unknown = page.locator("[data-obs-results] > li", has=page.locator(".obs-resultat__inconnu"))
    assert unknown.count() == 1
    assert unknown.locator(".obs-resultat__inconnu").inner_text() == "Population non renseignée"
    assert shown(page)[5] == "Population non renseignée"  # the group's title, before it

    # the order survives a reload, and the back button undoes it
    page.reload()
    search_page.wait_ready()
    assert select.input_value() == "population" and number.input_value() == "20000"
    assert shown(page)[:2] == ["Coopérative fictive d'énergie solaire", "Bibliothèque d'objets fictive"]
    select.select_option("")
    expect(page.locator("[data-obs-status]")).to_have_text("8 résultats.")
    assert search_page.params() == []
    assert number.is_hidden()
    page.go_back()
    expect(page.locator("[data-obs-status]")).to_have_text(
        "8 résultats. Tri : population la plus proche de 20 000 habitants."
    )
    assert select.input_value() == "population"


def test_a_closer_number_changes_the_first(search_page):
    search_page.open("?tri=population&habitants=1200")
    assert shown(search_page.page)[0] == "Jardin partagé fictif de Testville"
    search_page.open("?tri=population&habitants=400000")
    assert shown(search_page.page)[0] == "Plateforme numérique imaginaire des communs"


def test_bad_sort_parameters_are_ignored(search_page, search_index):
    search_page.open("?tri=nimporte&habitants=abc")
    assert search_page.page.locator("#obs-tri").input_value() == ""
    assert shown(search_page.page) == titles_of(search_index, expected(search_index)["results"])
    search_page.open("?tri=population&habitants=-5")
    expect(search_page.page.locator("[data-obs-status]")).to_have_text(
        "8 résultats. Indiquez le nombre d'habitants de votre commune pour trier par population."
    )


def test_sort_with_the_keyboard(search_page):
    page = search_page.page
    search_page.open()
    page.focus("#obs-tri")
    page.keyboard.press("ArrowDown")  # Chromium changes a focused select's value with the arrows
    expect(page.locator("[data-obs-status]")).to_contain_text("Indiquez le nombre d'habitants")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "obs-habitants"
    page.keyboard.type("15000")
    page.keyboard.press("Enter")
    expect(page.locator("[data-obs-status]")).to_have_text(
        "8 résultats. Tri : population la plus proche de 15 000 habitants."
    )
    assert page.evaluate("document.activeElement.id") == "obs-habitants"


def test_start_order_shows_the_year(search_page):
    search_page.open("?tri=debut")
    items = search_page.page.locator("[data-obs-results] > li.obs-resultat")
    assert items.first.locator(".obs-resultat__titre").inner_text() == "Plateforme numérique imaginaire des communs"
    assert items.first.locator(".obs-resultat__debut").inner_text() == "Début : 2021"  # 2021-09
    assert items.nth(4).locator(".obs-resultat__debut").inner_text() == "Début : 2015"
    assert search_page.page.locator(".obs-resultat__inconnu").all_inner_texts() == ["Date de début non renseignée"]


def test_review_order_shows_the_year(search_page):
    search_page.open("?tri=relecture")
    years = search_page.page.locator("[data-obs-results] .obs-resultat__relecture").all_inner_texts()
    assert years == ["Relue en 2025"] * 6
