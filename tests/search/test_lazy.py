"""The search page loads what it needs (#19): the first file (donnees.js) holds neither
the initiatives' sort keys nor the records' places on the map; those come in two chunks
(sort.js, map.js), which the page, over http and from file://, requests only when an
order by them or the « Carte » view is asked for (from the form or from the address),
and waits for before showing that order or the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from observatoire.core.offline import offline_context
from observatoire.records.catalog import load_catalog
from observatoire.records.synthetic import write_synthetic
from observatoire.search.chunks import MAP_CHUNK, SORT_CHUNK
from observatoire.search.index import DATA_FILE, SearchIndex
from tests.search.packed import chunk_data, script_data
from tests.search.reference import expected, sorted_results
from tests.search.test_map import expected_marks, map_visible, shown_marks
from tests.search.test_sort import shown, titles_of

LAZY = (f"{SORT_CHUNK}.js", f"{MAP_CHUNK}.js")


# --- the files ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory, context) -> SearchIndex:
    """60 synthetic initiatives (with organisations and events): packed keys and places
    long enough to be looked for in the first file's text."""
    content = tmp_path_factory.mktemp("synthetique-paresseux") / "content"
    write_synthetic(content, 60, seed=5, context=context)
    catalog = load_catalog(content, context)
    assert catalog.problems == []
    return SearchIndex(catalog, context)


def test_the_first_file_holds_neither_the_sort_keys_nor_the_places(synthetic_index):
    files = synthetic_index.files()
    raw = files[DATA_FILE].decode("ascii")
    data = script_data(files[DATA_FILE], "OBS_SEARCH")
    # the orders' names and parameters, to read them from the address and the form, and
    # what the transferability order needs besides the grid scores: nothing else
    assert "map" not in data
    assert set(data["sort"]) == {"param", "number", "sorts", "initiatives", "criterion"}
    keys, places = synthetic_index.sort_keys(), synthetic_index.map_data()
    packed = [keys["population"], keys["relecture"], keys["debut"], places["positions"]]
    assert all(len(text) >= 60 for text in packed)  # one character or more a record
    for text in packed:
        assert text not in raw
    assert '"relectureFrom"' not in raw and '"positions"' not in raw and ".svg" not in raw
    # they are in their chunks, in the folder of the others
    folder = data["folder"]
    assert chunk_data(files[f"{folder}{SORT_CHUNK}.js"]) == (SORT_CHUNK, keys)
    assert chunk_data(files[f"{folder}{MAP_CHUNK}.js"]) == (MAP_CHUNK, places)
    assert set(keys) == {"population", "relecture", "relectureFrom", "debut"}
    assert set(places) == {"views", "positions"}


def test_the_chunk_folder_changes_with_the_keys_and_the_places(catalog, context, search_index):
    # a page cached from an earlier build never reads another build's keys or places
    other = SearchIndex(catalog, context)
    other.documents[0].population = (other.documents[0].population or 0) + 1
    assert other.records() == search_index.records() and other.encoded_index == search_index.encoded_index
    assert other.chunks.folder != search_index.chunks.folder


# --- in the browser ----------------------------------------------------------------------------------------


def watch(search_page, search_index) -> list[str]:
    """The sort and map chunks the page requests from now on, in order (file names)."""
    names: list[str] = []
    folder = search_index.chunks.folder

    def seen(request):
        for name in LAZY:
            if request.url.endswith(f"/{folder}{name}"):
                names.append(name)

    search_page.page.on("request", seen)
    return names


def hold(page, name: str) -> list:
    """Requests for the chunk ``name`` wait, their routes in the list, until continued."""
    held: list = []
    page.route(f"**/{name}.js", lambda route: held.append(route))
    return held


def wait_held(page, held: list) -> None:
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(25)
    assert len(held) == 1


def loaded(page) -> set[str]:
    return {name for name in page.evaluate("window.__obsSearch.loaded()") if not name[1:].isdigit()}


def test_a_fresh_page_loads_neither_then_each_when_asked(search_page, search_index):
    page = search_page.page
    requested = watch(search_page, search_index)
    search_page.open()
    assert shown(page) == titles_of(search_index, expected(search_index)["results"])
    assert requested == [] and loaded(page) == set()
    # a query needs neither
    page.fill("#obs-q", "fictif")
    page.wait_for_function("location.search.includes('q=fictif')")
    page.evaluate("window.__obsSearch.settled()")
    assert requested == [] and loaded(page) == set()
    # an order by start, from the form: the keys, and the order they give
    page.select_option("#obs-tri", "debut")
    page.wait_for_function("location.search.includes('tri=debut')")
    page.evaluate("window.__obsSearch.settled()")
    want = sorted_results(search_index, expected(search_index, "fictif")["results"], "debut")
    assert shown(page) == titles_of(search_index, want)
    assert requested == ["sort.js"] and loaded(page) == {SORT_CHUNK}
    # the map, from its button: the places, and a mark per place of the results
    page.click('[data-obs-views] [data-obs-vue="carte"]')
    expect(page.locator("[data-obs-carte]")).to_be_visible()
    page.evaluate("window.__obsSearch.settled()")
    assert shown_marks(page) == expected_marks(search_index, expected(search_index, "fictif")["results"])
    assert requested == ["sort.js", "map.js"] and loaded(page) == {SORT_CHUNK, MAP_CHUNK}
    # each loaded once
    page.click('[data-obs-views] [data-obs-vue="liste"]')
    page.select_option("#obs-tri", "")
    page.select_option("#obs-tri", "relecture")
    page.click('[data-obs-views] [data-obs-vue="carte"]')
    page.evaluate("window.__obsSearch.settled()")
    assert requested == ["sort.js", "map.js"]
    assert search_page.params() == [("vue", "carte"), ("q", "fictif"), ("tri", "relecture")]


@pytest.mark.parametrize(
    "address, q, sort, inhabitants, chunks",
    [
        ("?tri=population&habitants=20000", "", "population", 20_000, ["sort.js"]),
        ("?q=fictif&tri=debut", "fictif", "debut", None, ["sort.js"]),
        ("?tri=relecture", "", "relecture", None, ["sort.js"]),
        # the transferability order reads the grid scores of the first file
        ("?tri=transferabilite", "", "transferabilite", None, []),
        ("?vue=carte", "", "", None, ["map.js"]),
        ("?vue=carte&q=jardin&tri=debut", "jardin", "debut", None, ["sort.js", "map.js"]),
    ],
)
def test_the_address_loads_what_it_asks_for(search_page, search_index, address, q, sort, inhabitants, chunks):
    page = search_page.page
    requested = watch(search_page, search_index)
    search_page.open(address)
    assert sorted(requested) == sorted(chunks)
    assert loaded(page) == {name.removesuffix(".js") for name in chunks}
    results = expected(search_index, q)["results"]
    if "vue=carte" in address:
        assert map_visible(page)
        assert shown_marks(page) == expected_marks(search_index, results)
    else:
        assert shown(page) == titles_of(search_index, sorted_results(search_index, results, sort, inhabitants))
    assert page.url.endswith(f"/recherche.html{address}")  # the address as it was


@pytest.mark.parametrize("which", ["sort", "map"])
def test_the_page_waits_for_the_chunk_before_showing_what_needs_it(search_page, search_index, which):
    """While the chunk loads, the page keeps the results it showed (busy), in their
    order: no flash of another order, no empty map; the address already says the new
    state. Then it shows that state."""
    page = search_page.page
    held = hold(page, which)
    # from the transferability order (no chunk): any other order shown meanwhile would show
    search_page.open("?tri=transferabilite")
    before, status = shown(page), search_page.status()
    results = expected(search_index)["results"]
    assert before != titles_of(search_index, results)
    assert before != titles_of(search_index, sorted_results(search_index, results, "debut"))
    if which == "sort":
        page.select_option("#obs-tri", "debut")
    else:
        page.click('[data-obs-views] [data-obs-vue="carte"]')
    wait_held(page, held)
    page.wait_for_timeout(200)
    assert shown(page) == before and search_page.status() == status
    assert page.locator("[data-obs-results]").get_attribute("aria-busy") == "true"
    if which == "sort":
        assert search_page.params() == [("tri", "debut")]
    else:
        assert search_page.params() == [("vue", "carte"), ("tri", "transferabilite")]
        assert not map_visible(page) and page.locator("[data-obs-results]").is_visible()
    held[0].continue_()
    page.evaluate("window.__obsSearch.settled()")
    assert page.locator("[data-obs-results]").get_attribute("aria-busy") is None
    if which == "sort":
        assert shown(page) == titles_of(search_index, sorted_results(search_index, results, "debut"))
        expect(page.locator("[data-obs-status]")).to_have_text(
            "8 résultats. Tri : Date de début, la plus récente d'abord."
        )
    else:
        assert map_visible(page) and shown_marks(page) == expected_marks(search_index, results)


def test_the_population_order_asks_its_number_without_waiting_for_the_keys(search_page, search_index):
    """Chosen without a number, the population order says to type one at once (its keys
    start loading meanwhile, not waited for: nothing to order yet); with the number, the
    page orders once they are there."""
    page = search_page.page
    held = hold(page, "sort")
    # the load event waits for the scripts the page adds before it: for the keys, held
    page.goto(f"{search_page.origin}/recherche.html?tri=population", wait_until="commit")
    search_page.wait_ready()
    status = "8 résultats. Indiquez le nombre d'habitants de votre commune pour trier par population."
    expect(page.locator("[data-obs-status]")).to_have_text(status)
    relevance = titles_of(search_index, expected(search_index)["results"])
    assert shown(page) == relevance
    wait_held(page, held)
    page.fill("#obs-habitants", "1200")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert shown(page) == relevance and search_page.status() == status
    assert search_page.params() == [("tri", "population"), ("habitants", "1200")]
    held[0].continue_()
    page.evaluate("window.__obsSearch.settled()")
    want = sorted_results(search_index, expected(search_index)["results"], "population", 1200)
    assert shown(page) == titles_of(search_index, want)
    assert shown(page)[0] == "Jardin partagé fictif de Testville"


def test_from_file_with_no_request_out(browser, harness, search_index):
    """Opened from file:// in the benchmark's offline context: the chunks of the address's
    order and view load from the folder, and no request leaves it; a fresh page without
    them requests neither."""
    blocked: list[str] = []
    context = offline_context(browser, blocked)
    page = context.new_page()
    files: list[str] = []
    page.on("request", lambda r: files.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    lazy = {(harness / search_index.chunks.folder / name).as_uri() for name in LAZY}
    page.goto((harness / "recherche.html").as_uri())
    page.wait_for_function("window.__obsSearchReady !== undefined")
    assert loaded(page) == set() and not lazy & set(files)
    page.goto((harness / "recherche.html").as_uri() + "?vue=carte&tri=relecture")
    page.wait_for_function("window.__obsSearchReady !== undefined")
    assert loaded(page) == {SORT_CHUNK, MAP_CHUNK} and lazy <= set(files)
    assert shown_marks(page) == expected_marks(search_index, expected(search_index)["results"])
    assert blocked == [] and errors == []
    assert all(url.startswith("file://") for url in files)
    context.close()
