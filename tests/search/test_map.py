"""The search page's « Carte » view: each record's place packed at build time (the map
page's projection, a few bytes a record, in the map chunk), and in Chromium, over http and from
file://, a mark per place of exactly the current results, kept in the address
(``vue=carte``), redrawn with each facet and each word typed, each mark opening its
record, no request leaving the page's folder."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from observatoire.core.maps import views
from observatoire.search.chunks import MAP_CHUNK
from observatoire.search.index import MAP_VIEWS
from tests.browser import AXE, AXE_MISSING, axe_violations
from tests.search.packed import chunk_data, read_numbers
from tests.search.reference import expected


def map_chunk(search_index) -> dict:
    """The map chunk's data, read from the site's files as the page reads it."""
    files = search_index.files()
    name, data = chunk_data(files[f"{search_index.chunks.folder}{MAP_CHUNK}.js"])
    assert name == MAP_CHUNK
    return data


def decode_positions(packed: str, n: int) -> list[tuple[int, int, int] | None]:
    """The map chunk's ``positions`` read back: per document None, or (view, x, y)."""
    found = read_numbers(packed)
    out = []
    for _ in range(n):
        view = next(found)
        out.append(None if view == 0 else (view - 1, next(found), next(found)))
    assert next(found, None) is None
    return out


def record_points(search_index) -> dict[str, tuple[float, float] | None]:
    """Each document's slug -> (lon, lat) from its record, or None."""
    out = {}
    for doc in search_index.documents:
        entry = search_index.catalog.of_kind(doc.type)[doc.slug]
        out[doc.slug] = doc.type.coordinates(entry.record)
    return out


def expected_places(search_index) -> dict[str, tuple[str, float, float] | None]:
    """Where the map page's projection puts each document: the France view when it
    shows the point (overseas insets too), else the world view."""
    out = {}
    for slug, point in record_points(search_index).items():
        if point is None:
            out[slug] = None
            continue
        at = views.france().position(*point)
        out[slug] = ("france", *at) if at else ("monde", *views.world().position(*point))
    return out


# --- the data ---------------------------------------------------------------------------------------


def test_positions_are_the_map_pages_projection_to_a_unit(search_index):
    data = map_chunk(search_index)
    assert [v[0] for v in data["views"]] == list(MAP_VIEWS)
    decoded = decode_positions(data["positions"], len(search_index.documents))
    places = expected_places(search_index)
    for doc, found in zip(search_index.documents, decoded, strict=True):
        want = places[doc.slug]
        if want is None:
            assert found is None, doc.slug
            continue
        view, x, y = found
        assert MAP_VIEWS[view] == want[0], doc.slug
        assert abs(x - want[1]) <= 0.5 and abs(y - want[2]) <= 0.5, (doc.slug, found, want)
    # the fixtures: a place shared by two records, one overseas inset, one abroad, one without
    assert decoded.count(None) == 1
    assert sum(1 for p in decoded if p and p[0] == 1) == 1
    shared = [p for p in decoded if p and decoded.count(p) == 2]
    assert len(shared) == 2


def test_positions_take_a_few_bytes_a_record(search_index):
    data = map_chunk(search_index)
    decoded = decode_positions(data["positions"], len(search_index.documents))
    located = sum(1 for p in decoded if p)
    assert len(data["positions"]) <= 5 * located + (len(decoded) - located)
    for name, path, width, height in data["views"]:
        assert width < 1024 and height < 1024  # two characters each coordinate
        assert path == f"assets/observatoire/carte/{name}.svg"


# --- in the browser ----------------------------------------------------------------------------------


SVGS = """Array.from(document.querySelectorAll('[data-obs-carte] .obs-carte__vue'))
    .map(h => [h, (h.shadowRoot || h).querySelector('svg')])"""
"""[box, its map] of each view (the map in the box's shadow tree, with recherche.css alone)."""
ACTIVE = """(() => { let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a; })()"""
"""The element that has the focus, in a shadow tree or not."""


def marks(page) -> dict[str, list[tuple[str, str]]]:
    """Per view shown: its marks shown (href, accessible name), in the order of the keyboard
    (the marks of places without results stay, hidden: visibility="hidden")."""
    out = page.evaluate(
        """() => {
        const out = {};
        """
        + SVGS
        + """.forEach(([box, svg]) => {
            if (box.closest('[hidden]')) return;
            out[svg.getAttribute('data-view')] = Array.from(svg.querySelectorAll('a:not([visibility])'))
                .map(a => [a.getAttribute('href'), a.getAttribute('aria-label')]);
        });
        return out;
    }"""
    )
    return {view: [tuple(m) for m in found] for view, found in out.items()}


def expected_marks(search_index, slugs: list[str]) -> dict[str, set]:
    """Per view, the set of marks the results should give: a record's page, or the
    number of results sharing a place."""
    places = expected_places(search_index)
    folders = {d.slug: d.type.site_folder for d in search_index.documents}
    groups: dict[tuple, list[str]] = {}
    for slug in slugs:
        p = places[slug]
        if p is not None:
            groups.setdefault((p[0], round(p[1]), round(p[2])), []).append(slug)
    out: dict[str, set] = {}
    for (view, _, _), members in groups.items():
        out.setdefault(view, set()).add(
            f"./{folders[members[0]]}/{members[0]}.html" if len(members) == 1 else len(members)
        )
    return out


def shown_marks(page) -> dict[str, set]:
    out = {}
    for view, found in marks(page).items():
        if found:
            out[view] = {
                href if not href.startswith("#") else int(label.rsplit(": ", 1)[1].split()[0]) for href, label in found
            }
    return out


def map_visible(page) -> bool:
    return page.locator("[data-obs-carte]").is_visible()


def test_map_view_shows_every_result_with_a_place(search_page, search_index):
    page = search_page.page
    search_page.open("?vue=carte")
    assert map_visible(page) and not page.locator("[data-obs-results]").is_visible()
    expect(page.locator('[data-obs-vue="carte"][aria-pressed="true"]')).to_have_count(1)
    slugs = expected(search_index)["results"]
    assert shown_marks(page) == expected_marks(search_index, slugs)
    found = marks(page)
    assert len(found["france"]) == 5 and len(found["monde"]) == 1
    # the group of two first (larger marks first), named by its place and number
    assert found["france"][0][1] == "Testville-la-Fictive, Hauts-de-France, France : 2 résultats"
    assert (
        "./initiatives/bibliotheque-d-objets-fictive.html",
        "Bibliothèque d'objets fictive — Finta, Émilie-Romagne, Italie",
    ) in found["monde"]
    expect(page.locator("[data-obs-carte-sans]")).to_have_text(
        "1 résultat sans coordonnées n'est pas sur la carte. Voir la liste"
    )
    labels = page.evaluate("() => " + SVGS + ".map(([box, svg]) => svg.getAttribute('aria-label'))")
    assert labels == ["Carte de France : 6 résultats", "Carte du monde hors de la carte de France : 1 résultat"]


def test_a_facet_removes_the_marks_of_the_records_it_excludes(search_page, search_index):
    page = search_page.page
    search_page.open("?vue=carte")
    page.check('[data-obs-facet="pays"] [data-obs-value="FR"] input')
    expect(page.locator("[data-obs-status]")).to_have_text("6 résultats, 1 filtre actif.")
    slugs = expected(search_index, "", {"pays": ["FR"]})["results"]
    assert shown_marks(page) == expected_marks(search_index, slugs)
    assert "monde" not in marks(page)  # the world view has nothing left: hidden
    assert not page.locator("[data-obs-carte-vues] > div").nth(1).is_visible()
    page.check('[data-obs-facet="theme"] [data-obs-value="energie"] input')
    expect(page.locator("[data-obs-status]")).to_have_text("1 résultat, 2 filtres actifs.")
    assert marks(page) == {
        "france": [
            (
                "./initiatives/cooperative-fictive-d-energie-solaire.html",
                "Coopérative fictive d'énergie solaire — Fauxbourg-sur-Test, Occitanie, France",
            )
        ]
    }
    expect(page.locator("[data-obs-carte-sans]")).to_be_hidden()
    assert ("vue", "carte") in search_page.params() and ("pays", "FR") in search_page.params()
    # the marks of the places without results stay, hidden: out of sight, of the keyboard and of the tree
    assert page.locator("[data-obs-carte] svg a[visibility='hidden']").count() == 5
    page.focus('[data-obs-views] [data-obs-vue="carte"]')
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE + ".getAttribute('href')").endswith("/cooperative-fictive-d-energie-solaire.html")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE + ".closest('svg')") is None
    # and come back as they were
    page.uncheck('[data-obs-facet="theme"] [data-obs-value="energie"] input')
    page.uncheck('[data-obs-facet="pays"] [data-obs-value="FR"] input')
    expect(page.locator("[data-obs-status]")).to_have_text("8 résultats.")
    assert shown_marks(page) == expected_marks(search_index, expected(search_index)["results"])
    assert page.locator("[data-obs-carte] svg a[visibility]").count() == 0


def test_typing_redraws_the_map(search_page, search_index):
    page = search_page.page
    search_page.open("?vue=carte")
    page.fill("#obs-q", "jardin")
    page.wait_for_function("location.search.includes('q=jardin')")
    search_page.page.evaluate("window.__obsSearch.settled()")
    slugs = expected(search_index, "jardin")["results"]
    expect(page.locator("[data-obs-status]")).to_have_text(f"{len(slugs)} résultats pour « jardin ».")
    assert shown_marks(page) == expected_marks(search_index, slugs)
    assert 2 in shown_marks(page)["france"]  # the garden and its association, at one place
    page.fill("#obs-q", "jardin partagé")
    page.wait_for_function("location.search.includes('partag')")
    search_page.page.evaluate("window.__obsSearch.settled()")
    slugs = expected(search_index, "jardin partagé")["results"]
    assert shown_marks(page) == expected_marks(search_index, slugs)
    assert search_page.params() == [("vue", "carte"), ("q", "jardin partagé")]


def test_the_map_view_lives_in_the_address_through_a_reload_and_back(search_page, search_index):
    page = search_page.page
    search_page.open("?theme=energie")
    assert not map_visible(page)
    page.click('[data-obs-views] [data-obs-vue="carte"]')
    expect(page.locator("[data-obs-carte]")).to_be_visible()
    assert search_page.params() == [("vue", "carte"), ("theme", "energie")]
    expect(page.locator('[data-obs-views] [data-obs-vue="liste"]')).to_have_attribute("aria-pressed", "false")
    before = shown_marks(page)
    assert before == expected_marks(search_index, expected(search_index, "", {"theme": ["energie"]})["results"])
    page.reload()
    search_page.wait_ready()
    assert map_visible(page)
    assert shown_marks(page) == before
    assert page.locator('[data-obs-facet="theme"] [data-obs-value="energie"] input').is_checked()
    page.go_back()  # the list again
    expect(page.locator("[data-obs-results]")).to_be_visible()
    assert not map_visible(page)
    expect(page.locator('[data-obs-views] [data-obs-vue="liste"]')).to_have_attribute("aria-pressed", "true")
    page.click('[data-obs-views] [data-obs-vue="carte"]')
    page.click('[data-obs-views] [data-obs-vue="liste"]')
    assert search_page.params() == [("theme", "energie")]


def test_clicking_a_mark_opens_its_record(search_page, harness):
    target = harness / "initiatives" / "bibliotheque-d-objets-fictive.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fiche</title></head>'
        "<body><h1>Bibliothèque d'objets fictive</h1></body></html>",
        "utf-8",
    )
    page = search_page.page
    search_page.open("?vue=carte&pays=IT")
    mark = page.locator('[data-obs-carte] svg[data-view="monde"] a')
    expect(mark).to_have_count(1)
    mark.click()
    page.wait_for_url("**/initiatives/bibliotheque-d-objets-fictive.html")
    expect(page.locator("h1")).to_have_text("Bibliothèque d'objets fictive")


def test_a_mark_of_several_results_lists_them(search_page):
    page = search_page.page
    search_page.open("?vue=carte")
    group = page.locator("[data-obs-carte] a[data-k]")
    expect(group).to_have_count(1)
    group.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-obs-carte-lieu-titre]")).to_have_text(
        "2 résultats ici : Testville-la-Fictive, Hauts-de-France, France"
    )
    assert page.evaluate(ACTIVE + ".id") == "obs-carte-lieu-titre"
    links = page.locator("[data-obs-carte-lieu-liste] a")
    assert links.all_inner_texts() == [
        "Jardin partagé fictif de Testville",
        "Association fictive des jardiniers (AFJT)",
    ]
    assert links.nth(1).get_attribute("href") == "./acteurs/association-fictive-des-jardiniers.html"
    page.check('[data-obs-facet="type"] [data-obs-value="initiative"] input')  # a new state: the list goes
    expect(page.locator("[data-obs-carte-lieu]")).to_be_hidden()


def test_results_without_a_place_lead_to_the_list(search_page):
    page = search_page.page
    search_page.open("?vue=carte&type=evenement")
    expect(page.locator("[data-obs-carte-sans]")).to_have_text(
        "Aucun résultat à montrer sur la carte. 1 résultat sans coordonnées n'est pas sur la carte. Voir la liste"
    )
    assert marks(page) == {}
    page.click("[data-obs-carte-sans] button")
    expect(page.locator("[data-obs-results]")).to_be_visible()
    assert search_page.titles() == ["Rencontre fictive des communs"]
    assert page.evaluate("document.activeElement.id") == "obs-resultats-titre"
    assert search_page.params() == [("type", "evenement")]


def test_a_mark_is_where_the_projection_puts_it(search_page, search_index):
    page = search_page.page
    search_page.open("?vue=carte")
    points = record_points(search_index)
    for slug, view in (
        ("cooperative-fictive-d-energie-solaire", "france"),
        ("atelier-hostile-fictif", "france"),
        ("bibliotheque-d-objets-fictive", "monde"),
    ):
        at = (views.france() if view == "france" else views.world()).position(*points[slug])
        box = page.locator(f'svg[data-view="{view}"] a[href$="/{slug}.html"] > :first-child').bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        ex, ey = page.evaluate(
            """([view, x, y]) => {
            const svg = """
            + SVGS
            + """.map(p => p[1]).find(s => s.getAttribute('data-view') === view);
            const p = svg.createSVGPoint(); p.x = x; p.y = y;
            const q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y];
        }""",
            [view, *at],
        )
        assert math.hypot(x - ex, y - ey) < 2, (slug, (x, y), (ex, ey))


def test_a_hostile_title_stays_text_in_a_mark(search_page):
    page = search_page.page
    search_page.open("?vue=carte&q=atelier")
    mark = page.locator('[data-obs-carte] a[href$="/atelier-hostile-fictif.html"]')
    expect(mark).to_have_attribute(
        "aria-label", "<img src=x onerror=alert(1)> Atelier fictif de réparation — <i>Bourg-Fictif</i>, France"
    )
    assert page.locator("[data-obs-carte] img, [data-obs-carte] i").count() == 0


def test_the_marks_are_links_reached_with_the_keyboard(search_page):
    page = search_page.page
    search_page.open("?vue=carte")
    page.focus('[data-obs-views] [data-obs-vue="carte"]')
    names = []
    for _ in range(6):
        page.keyboard.press("Tab")
        names.append(page.evaluate(ACTIVE + ".getAttribute('aria-label')"))
    assert names[0].endswith(": 2 résultats") and all(names), names


@pytest.mark.skipif(not AXE.is_file(), reason=AXE_MISSING)
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violation_in_the_map_view(browser, origin, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{origin}/recherche.html?vue=carte&pays=FR&pays=IT")
    page.wait_for_function("window.__obsSearchReady !== undefined")
    page.click("[data-obs-carte] a[data-k]")
    found = axe_violations(page, preload=False)
    context.close()
    assert found == []
