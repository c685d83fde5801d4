"""The maps in Chromium, over http and from file://: marks where the projection puts
them, links that open the records, the views and the zoom, the locator map (on
screen and printed), no request leaving the site, and everything readable with no script."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from observatoire.core.maps import views
from tests.maps.conftest import Tab
from tests.sitebuild import ROOT

KNOWN = {  # a record of each known city: its page, its kind's field of place
    "Brest": "initiatives/brest-en-biens-communs",
    "Grenoble": "initiatives/grenoble-direction-de-projet-communs",
    "Montreuil": "initiatives/montreuil-ville-du-partage",
}


def coordinates(record: str) -> tuple[float, float]:
    data = yaml.safe_load((ROOT / "content" / f"{record}.yml").read_text("utf-8"))
    point = data["territoire"]["coordonnees"]
    return point["lon"], point["lat"]


def on_screen(page, svg_selector: str, x: float, y: float) -> tuple[float, float]:
    """Where the point (x, y) of an SVG's user units is on the screen."""
    return tuple(
        page.evaluate(
            """([selector, x, y]) => {
        const svg = document.querySelector(selector);
        const p = svg.createSVGPoint(); p.x = x; p.y = y;
        const q = p.matrixTransform(svg.getScreenCTM());
        return [q.x, q.y];
    }""",
            [svg_selector, x, y],
        )
    )


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def mark(page, city: str):
    return page.locator(f"#carte-france .obs-map__marks a[aria-label^='{city},']")


@pytest.mark.parametrize("city", sorted(KNOWN))
def test_a_known_city_has_its_mark_where_the_projection_puts_it(tab, city):
    page = tab.open("carte.html")
    expected = views.france().position(*coordinates(KNOWN[city]))
    found = mark(page, city)
    assert found.count() == 1
    x, y = centre(found.locator(":scope > :first-child"))
    ex, ey = on_screen(page, "#carte-france svg", *expected)
    assert abs(x - ex) < 2 and abs(y - ey) < 2, (city, (x, y), (ex, ey))


def test_a_mark_opens_its_records(tab):
    page = tab.open("carte.html")
    label = mark(page, "Brest").get_attribute("aria-label")
    assert re.fullmatch(r"Brest, France : \d+ fiches", label)
    mark(page, "Brest").click()
    page.wait_for_load_state()
    assert page.url.endswith("carte/fr-brest.html")
    assert page.locator("h1").text_content() == "Brest"
    assert page.locator(".obs-locator svg").get_attribute("aria-label") == "Carte de situation : Brest, France"
    page.get_by_role("link", name="Ville de Brest").wait_for()
    page.get_by_role("link", name="Brest en biens communs").click()
    page.wait_for_load_state()
    assert page.url.endswith("initiatives/brest-en-biens-communs.html")
    assert page.locator("h1").text_content() == "Brest en biens communs"


def test_a_territory_map_mark_opens_its_record(tab, site):
    """The commune's page: its one initiative is one mark, a link to its page."""
    brest = next(p for p in (site / "index" / "territoires").glob("*brest.html"))
    page = tab.open(f"index/territoires/{brest.name}")
    marks = page.locator(".obs-map--territory .obs-map__marks a")
    assert marks.count() == 1
    assert marks.get_attribute("aria-label") == "Brest en biens communs — Brest, France"
    expected = views.france().position(*coordinates(KNOWN["Brest"]))
    x, y = centre(marks.locator(":scope > :first-child"))
    ex, ey = on_screen(page, ".obs-map--territory svg", *expected)
    assert abs(x - ex) < 2 and abs(y - ey) < 2
    marks.click()
    page.wait_for_load_state()
    assert page.url.endswith("initiatives/brest-en-biens-communs.html")


def test_views_zoom_and_the_address(tab):
    page = tab.open("carte.html")
    assert page.locator(".obs-map__tools").is_visible()
    assert page.locator("#carte-france").is_visible() and page.locator("#carte-monde").count() == 0
    assert page.locator(".obs-map__views a[aria-current='page']").text_content() == "France"
    before = mark(page, "Montreuil").locator(":scope > :first-child").bounding_box()
    page.get_by_role("button", name="Zoom avant").click()
    page.get_by_role("button", name="Zoom avant").click()
    width = float(page.locator("#carte-france svg").get_attribute("viewBox").split()[2])
    assert width < views.france().width / 2
    after = page.locator("#carte-france svg a[aria-label^='Montreuil,'] > :first-child").bounding_box()
    assert abs(after["width"] - before["width"]) < 0.2 * before["width"]  # marks keep their size on screen
    page.get_by_role("button", name="Vue entière").click()
    assert float(page.locator("#carte-france svg").get_attribute("viewBox").split()[2]) == views.france().width
    # the world view is a page of its own, linked from the map page
    page.locator(".obs-map__views").get_by_role("link", name="Le monde").click()
    page.wait_for_url("**/carte/monde.html")
    assert page.locator("#carte-monde").is_visible() and page.locator("#carte-france").count() == 0
    assert page.locator(".obs-map__views a[aria-current='page']").text_content() == "Le monde"
    page.get_by_role("button", name="Zoom avant").click()
    assert float(page.locator("#carte-monde svg").get_attribute("viewBox").split()[2]) < views.world().width
    page.get_by_role("button", name="Vue entière").click()
    # the world view's mark of the France view leads to it
    page.locator("#carte-monde .obs-map__marks a[href='../carte.html']").click()
    page.wait_for_url("**/carte.html")
    assert page.locator("#carte-france").is_visible()


def test_keyboard_reaches_the_marks(tab):
    page = tab.open("carte.html")
    names = page.evaluate("""() => Array.from(document.querySelectorAll('#carte-france .obs-map__marks a'))
        .map(a => a.getAttribute('aria-label'))""")
    assert names and all(n for n in names)
    page.locator("#carte-france .obs-map__marks a").first.focus()
    assert page.evaluate("document.activeElement.closest('.obs-map__marks') !== null")


def test_without_script_both_views_and_every_mark_are_there(browser, origin):
    tab = Tab(browser, origin, java_script_enabled=False)
    page = tab.open("carte.html")
    assert page.locator("#carte-france").is_visible()
    assert not page.locator(".obs-map__tools").is_visible()
    places = page.locator(".obs-places > li").count()
    marks = page.locator(".obs-map__marks a").count()
    assert page.locator("#sans-coordonnees").count() == 1
    page.locator(".obs-map__views").get_by_role("link", name="Le monde").click()
    page.wait_for_url("**/carte/monde.html")
    assert page.locator("#carte-monde").is_visible()
    marks += page.locator(".obs-map__marks a:not([href='../carte.html'])").count()
    assert places == marks > 0
    page.get_by_role("link", name="Tous les lieux, en liste").click()
    page.wait_for_url("**/carte.html#lieux")
    page = tab.open("carte.html")
    page.locator("#sans-coordonnees + p a").click()
    page.wait_for_url("**/carte/sans-coordonnees.html")
    assert page.locator(".obs-places__records li").count() > 0
    assert tab.outside == []
    tab.close()


def test_locator_map_on_the_record_and_its_printed_sheet(tab):
    page = tab.open("initiatives/grenoble-direction-de-projet-communs.html")
    figure = page.locator(".obs-locator")
    assert figure.locator("svg").get_attribute("aria-label") == "Carte de situation : Grenoble, France"
    expected = views.france().position(*coordinates(KNOWN["Grenoble"]))
    x, y = centre(figure.locator("circle"))
    ex, ey = on_screen(page, ".obs-locator svg", *expected)
    assert abs(x - ex) < 2 and abs(y - ey) < 2
    assert page.evaluate("document.querySelector('.obs-locator image').getBBox().width") > 0
    page.emulate_media(media="print")
    assert figure.is_visible() and figure.locator("svg").bounding_box()["width"] > 100
    assert not figure.locator("a").is_visible()  # the link to the map page is for the screen
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


MARK_CENTRES = r"""(selector) => [document].concat(Array.from(document.querySelectorAll('.obs-carte__vue'))
        .map(h => h.shadowRoot).filter(Boolean))  // the search page's maps are in shadow trees
    .flatMap(root => Array.from(root.querySelectorAll(selector))).map(a => {
    const s = a.firstElementChild, v = k => parseFloat(s.getAttribute(k));
    const n = (a.getAttribute('aria-label').match(/ : (\d+) \S+$/) || [])[1];
    const at = s.tagName === 'circle' ? [v('cx'), v('cy')] : s.tagName === 'rect' ? [v('x') + 4, v('y') + 4]
        : s.getAttribute('d').slice(1).split(/[ l]/).slice(0, 2).map(Number).map((c, i) => c + 5.5 * i);
    return [at[0], at[1], n ? parseInt(n, 10) : 1];
})"""


@pytest.mark.parametrize("view", ["france", "monde"])
def test_the_search_map_shows_the_places_of_the_map_page(tab, view):
    """The search page's « Carte » view with no filter: a mark wherever the map page has
    one (to the unit: the search's data keeps whole units), for as many records."""
    page = tab.open("carte.html" if view == "france" else "carte/monde.html")
    on_map = page.evaluate(MARK_CENTRES, f"#carte-{view} .obs-map__marks a:not([href='../carte.html'])")
    page = tab.open("recherche.html?vue=carte")
    page.wait_for_function("window.__obsSearchReady !== undefined")
    on_search = page.evaluate(MARK_CENTRES, f"svg[data-view='{view}'] a:not([visibility])")
    assert on_map and len(on_search) == len(on_map)
    for x, y, n in on_map:
        assert any(abs(x - sx) <= 1 and abs(y - sy) <= 1 and n == sn for sx, sy, sn in on_search), (x, y, n)
    image = page.locator(f"[data-obs-carte] svg[data-view='{view}'] image").get_attribute("href")
    assert image == f"./assets/observatoire/carte/{view}.svg"


def test_a_search_map_mark_opens_its_record(tab):
    page = tab.open("recherche.html?vue=carte&q=brest+biens+communs&type=initiative")
    page.wait_for_function("window.__obsSearchReady !== undefined")
    found = page.locator("[data-obs-carte] svg a:not([visibility])")
    expect(found).to_have_count(1)
    assert found.get_attribute("aria-label") == "Brest en biens communs — Brest, Bretagne, France"
    found.click()
    page.wait_for_url("**/initiatives/brest-en-biens-communs.html")
    assert page.locator("h1").text_content() == "Brest en biens communs"
