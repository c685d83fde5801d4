"""The search page in Chromium, over http and from file://: it finds what the
whole index finds in Python, facets count right, the address keeps the state,
record text stays text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from observatoire.search.pipeline import query_alternatives, words
from tests.browser import AXE, AXE_MISSING, axe_violations
from tests.search.packed import search
from tests.search.reference import expected

HOSTILE = "<img src=x onerror=alert(1)> Atelier fictif de réparation"

QUERIES = [
    "jardins partagés",
    "jardin partagé",
    "energie",
    "énergie",
    "ÉNERGIE",
    "Energie citoyenne",
    "l'énergie solaire",
    "réparation",
    "reparations",
    "perceuses",
    "Italie",
    "belgique energie",
    "AFJT",
    "testville",
    "jard",
    "communs",
    "habitants",
    "de la",
    "xyzzy",
    "partag",
    "numerique libre",
    "bibliotheque d'objets",
    "Hauts-de-France",
    "Émilie-Romagne",
    "2019",
    "vélos",
]


def title(index, slug):
    return next(d.title for d in index.documents if d.slug == slug)


def facet_state(page) -> dict:
    """{facet: {value: (count, visible)}} as the page shows them."""
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('[data-obs-facet]').forEach(box => {
            const values = {};
            box.querySelectorAll('[data-obs-value]').forEach(li => {
                const n = li.querySelector('[data-obs-count]').textContent.replace(/[()]/g, '');
                values[li.getAttribute('data-obs-value')] = [parseInt(n, 10), !li.hidden && !box.hidden];
            });
            out[box.getAttribute('data-obs-facet')] = values;
        });
        return out;
    }""")


def level_state(page) -> dict:
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('[data-obs-criterion]').forEach(select => {
            out[select.getAttribute('data-obs-criterion')] = Array.from(select.options).slice(1)
                .map(o => parseInt(o.textContent.match(/\\((\\d+)\\)/)[1], 10));
        });
        return out;
    }""")


def check_against_reference(sp, index, q="", facets=None, mins=None):
    e = expected(index, q, facets, mins)
    assert sp.titles() == [title(index, s) for s in e["results"]][:20]
    shown = facet_state(sp.page)
    for name, counts in e["counts"].items():
        for value, n in counts.items():
            chosen = value in (facets or {}).get(name, [])
            assert shown[name][value] == [n, n > 0 or chosen], (name, value)
    levels = level_state(sp.page)
    for cid, counts in e["levels"].items():
        assert levels[cid] == list(counts.values()), cid
    return e


# --- loading, parity ------------------------------------------------------------------------------


def test_page_loads_offline_and_lists_everything(search_page, search_index):
    search_page.open()
    expect(search_page.page.locator("[data-obs-status]")).to_have_text("8 résultats.")
    check_against_reference(search_page, search_index)
    assert search_page.page.locator("[data-obs-nojs]").is_hidden()


SEARCH_REFS = """async qs => {
    const out = [];
    for (const q of qs) {
        await window.__obsSearch.prepare(q);
        out.push(window.__obsSearch.searchRefs(q));
    }
    return out;
}"""
"""Each query's refs, its chunks loaded first."""


def test_the_browser_finds_the_same_refs_in_the_same_order_as_python(search_page, search_index):
    """recherche.js on the chunks, and packed.PackedIndex on the whole index: the same search."""
    search_page.open()
    js = search_page.page.evaluate(SEARCH_REFS, QUERIES)
    for query, refs in zip(QUERIES, js, strict=False):
        assert refs == search(search_index, query), query
    assert sum(1 for refs in js if refs) >= 15


def test_browser_pipeline_gives_the_same_terms_as_python(search_page, search_index, context):
    vocabulary = set()
    for doc in search_index.documents:
        for text in doc.fields.values():
            vocabulary.update(text.split())
    for voc in context.vocabularies.values():
        for term in voc.terms:
            vocabulary.update(words(term.libelle + " " + term.definition))
    for criterion in context.grid.criteres:
        vocabulary.update(words(" ".join([criterion.question, *criterion.niveaux.values()])))
    vocabulary = sorted(vocabulary)
    assert len(vocabulary) > 500
    search_page.open()
    for suffix in (" ", ""):  # complete words, then last word as a prefix
        texts = [w + suffix for w in vocabulary] + [w.upper() + suffix for w in vocabulary[:50]]
        js = search_page.page.evaluate("ts => ts.map(t => window.__obsSearch.queryTerms(t))", texts)
        expected = [[[list(terms), prefix] for terms, prefix in query_alternatives(text)] for text in texts]
        assert expected == js


# --- full text through the form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, slugs",
    [
        ("jardins partagés", ["jardins-partages-fictifs-de-testville", "association-fictive-des-jardiniers"]),
        ("energie", ["cooperative-fictive-d-energie-solaire", "energie-citoyenne-imaginaire"]),
        ("énergie", ["cooperative-fictive-d-energie-solaire", "energie-citoyenne-imaginaire"]),
    ],
)
def test_typed_query_is_stemmed_and_accent_folded(search_page, search_index, query, slugs):
    search_page.open()
    search_page.page.fill("#obs-q", query)
    expect(search_page.page.locator("[data-obs-status]")).to_have_text(f"2 résultats pour « {query} ».")
    assert sorted(search_page.titles()) == sorted(title(search_index, s) for s in slugs)
    check_against_reference(search_page, search_index, query)
    assert ("q", query) in search_page.params()


def test_result_shows_place_status_themes_summary_and_grid(search_page):
    search_page.open("?q=testville&type=initiative")
    item = search_page.page.locator("[data-obs-results] > li").first
    assert item.locator(".obs-resultat__titre").inner_text() == "Jardin partagé fictif de Testville"
    assert item.locator(".obs-resultat__lieu").inner_text() == "Testville-la-Fictive, Hauts-de-France, France"
    assert item.locator(".obs-resultat__statut").inner_text() == "En cours"
    assert item.locator(".obs-resultat__themes").inner_text() == "Alimentation, Environnement"
    assert item.locator(".obs-resultat__resume").inner_text().startswith("Un jardin partagé imaginaire")
    assert item.locator(".obs-note").all_inner_texts() == ["3", "–", "–", "–", "–", "–", "–", "2", "–", "4"]
    assert item.locator(".obs-sr").inner_text() == (
        "Co-gouvernance : 3 sur 4 ; Impact environnemental : 2 sur 4 ; Transférabilité : 4 sur 4"
    )
    href = item.locator("a").get_attribute("href")
    assert href == "./initiatives/jardins-partages-fictifs-de-testville.html"
    assert item.locator("a").evaluate("a => a.href") == (
        search_page.origin + "/initiatives/jardins-partages-fictifs-de-testville.html"
    )


# --- facets ------------------------------------------------------------------------------------------------


def test_each_facet_value_filters_with_the_right_counts(search_page, search_index):
    search_page.open()
    for facet in search_index.facets:
        for value in facet.values:
            box = search_page.page.locator(f'[data-obs-facet="{facet.name}"] [data-obs-value="{value.id}"] input')
            box.check()
            e = check_against_reference(search_page, search_index, "", {facet.name: [value.id]})
            assert len(e["results"]) == value.count
            assert (facet.name, value.id) in search_page.params()
            box.uncheck()
    expect(search_page.page.locator("[data-obs-status]")).to_have_text("8 résultats.")


def test_or_within_a_facet_and_across_facets(search_page, search_index):
    search_page.open("?theme=energie&theme=numerique")
    e = check_against_reference(search_page, search_index, "", {"theme": ["energie", "numerique"]})
    assert len(e["results"]) == 3
    search_page.page.locator('[data-obs-facet="pays"] [data-obs-value="FR"] input').check()
    e = check_against_reference(search_page, search_index, "", {"theme": ["energie", "numerique"], "pays": ["FR"]})
    assert len(e["results"]) == 2
    search_page.page.fill("#obs-q", "solaire")
    expect(search_page.page.locator("[data-obs-status]")).to_contain_text("1 résultat pour « solaire »")
    check_against_reference(search_page, search_index, "solaire", {"theme": ["energie", "numerique"], "pays": ["FR"]})


def test_minimum_grid_level(search_page, search_index):
    search_page.open()
    search_page.page.select_option("#obs-g-transferabilite", "3")
    e = check_against_reference(search_page, search_index, "", None, {"transferabilite": 3})
    assert len(e["results"]) == 4
    assert ("note_transferabilite", "3") in search_page.params()
    search_page.page.select_option("#obs-g-co_gouvernance", "3")
    e = check_against_reference(search_page, search_index, "", None, {"transferabilite": 3, "co_gouvernance": 3})
    assert len(e["results"]) == 2
    expect(search_page.page.locator("[data-obs-status]")).to_have_text("2 résultats, 2 filtres actifs.")


def test_population_band_and_year(search_page, search_index):
    search_page.open("?population=inconnue&population=moins-de-2000")
    e = check_against_reference(search_page, search_index, "", {"population": ["inconnue", "moins-de-2000"]})
    assert sorted(e["results"]) == ["atelier-hostile-fictif", "jardins-partages-fictifs-de-testville"]
    search_page.open("?annee=2021")
    check_against_reference(search_page, search_index, "", {"annee": ["2021"]})


# --- the address -------------------------------------------------------------------------------------------


def test_state_lives_in_the_address_reload_and_back(search_page, search_index):
    page = search_page.page
    search_page.open()
    page.locator('[data-obs-facet="theme"] [data-obs-value="energie"] input').check()
    assert search_page.params() == [("theme", "energie")]
    page.select_option("#obs-g-transferabilite", "3")
    assert search_page.params() == [("theme", "energie"), ("note_transferabilite", "3")]
    page.fill("#obs-q", "citoyenne")
    expect(page.locator("[data-obs-status]")).to_have_text("1 résultat pour « citoyenne », 2 filtres actifs.")
    assert search_page.params()[0] == ("q", "citoyenne")

    page.reload()
    search_page.wait_ready()
    assert page.input_value("#obs-q") == "citoyenne"
    assert page.locator('[data-obs-facet="theme"] [data-obs-value="energie"] input').is_checked()
    assert page.input_value("#obs-g-transferabilite") == "3"
    check_against_reference(search_page, search_index, "citoyenne", {"theme": ["energie"]}, {"transferabilite": 3})

    page.go_back()  # before the query
    expect(page.locator("[data-obs-status]")).to_have_text("1 résultat, 2 filtres actifs.")
    assert page.input_value("#obs-q") == ""
    page.go_back()  # before the grid level
    expect(page.locator("[data-obs-status]")).to_have_text("2 résultats, 1 filtre actif.")
    assert page.input_value("#obs-g-transferabilite") == ""
    check_against_reference(search_page, search_index, "", {"theme": ["energie"]})
    page.go_back()  # nothing chosen
    expect(page.locator("[data-obs-status]")).to_have_text("8 résultats.")
    assert not page.locator('[data-obs-facet="theme"] [data-obs-value="energie"] input').is_checked()
    page.go_forward()
    expect(page.locator("[data-obs-status]")).to_have_text("2 résultats, 1 filtre actif.")


def test_typing_makes_one_history_entry(search_page):
    page = search_page.page
    search_page.open()
    before = page.evaluate("history.length")
    for text in ("j", "ja", "jar", "jard", "jardin"):
        page.fill("#obs-q", text)
        page.wait_for_function("t => location.search === '?q=' + t", arg=text)
    assert search_page.params() == [("q", "jardin")]
    assert page.evaluate("history.length") == before + 1
    page.go_back()
    expect(page.locator("[data-obs-status]")).to_have_text("8 résultats.")


def test_shared_link_opens_the_same_search(search_page, search_index):
    search_page.open("?q=%C3%A9nergie&pays=BE&pays=XX&note_transferabilite=9")
    expect(search_page.page.locator("[data-obs-status]")).to_have_text("1 résultat pour « énergie », 1 filtre actif.")
    assert search_page.titles() == ["Energie citoyenne imaginaire de Bruxelles-Test"]
    assert search_page.page.locator('[data-obs-facet="pays"] [data-obs-value="BE"] input').is_checked()


def test_reset_link_clears_everything(search_page):
    search_page.open("?q=energie&pays=FR")
    search_page.page.click("[data-obs-reset]")
    expect(search_page.page.locator("[data-obs-status]")).to_have_text("8 résultats.")
    assert search_page.params() == []
    assert search_page.page.evaluate("document.activeElement.id") == "obs-q"


# --- safety and accessibility ----------------------------------------------------------------------------------


def test_markup_in_a_title_is_shown_as_text(search_page):
    search_page.open("?q=atelier")
    results = search_page.page.locator("[data-obs-results]")
    expect(results.locator(".obs-resultat__titre")).to_have_text([HOSTILE])
    assert results.locator("img, script, b, i").count() == 0
    # the summary is Markdown: its HTML is dropped when it is made plain text, as on the record's page
    assert results.locator(".obs-resultat__resume").inner_text() == (
        "Un atelier imaginaire où l'on répare des vélos et des objets ."
    )
    assert results.locator(".obs-resultat__lieu").inner_text().startswith("<i>Bourg-Fictif</i>")
    results.locator(".obs-resultat__titre a").hover()
    search_page.page.wait_for_timeout(100)
    assert search_page.page.evaluate("window.__pwned") is None
    # the fixture then checks: no dialog, no error


def test_live_region_announces_the_count(search_page):
    page = search_page.page
    search_page.open()
    status = page.locator("[data-obs-status]")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    expect(status).to_have_text("8 résultats.")
    page.fill("#obs-q", "xyzzy")
    expect(status).to_have_text("Aucun résultat pour « xyzzy ». Essayez moins de mots, ou d'autres.")
    page.fill("#obs-q", "de la")
    expect(status).to_have_text(re.compile(r"^8 résultats \(les mots « de la » sont trop courants"))
    page.fill("#obs-q", "")
    page.locator('[data-obs-facet="pays"] [data-obs-value="IT"] input').check()
    page.fill("#obs-q", "energie")
    expect(status).to_have_text("Aucun résultat pour « energie », 1 filtre actif. Retirez un filtre ou un mot.")


def test_keyboard_only(search_page, search_index):
    page = search_page.page
    search_page.open()
    page.locator("body").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "obs-q":
            break
    assert page.evaluate("document.activeElement.id") == "obs-q"
    page.keyboard.type("energie")
    page.keyboard.press("Enter")
    expect(page.locator("[data-obs-status]")).to_have_text("2 résultats pour « energie ».")
    page.keyboard.press("Tab")  # the search button
    assert page.evaluate("document.activeElement.textContent") == "Rechercher"
    page.keyboard.press("Tab")  # the order of the results, by the search box (the number it may need hidden)
    assert page.evaluate("document.activeElement.id") == "obs-tri"
    page.keyboard.press("Tab")  # « Aller aux résultats », shown when focused
    skip = page.locator(".obs-recherche__vers-resultats")
    assert page.evaluate("document.activeElement.textContent") == "Aller aux résultats"
    assert skip.bounding_box()["width"] > 10
    page.keyboard.press("Tab")  # first checkbox
    assert page.evaluate("document.activeElement.name") == "type"
    page.keyboard.press("Space")
    expect(page.locator("[data-obs-status]")).to_have_text("2 résultats pour « energie », 1 filtre actif.")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('.obs-recherche input, .obs-recherche select'))
        .filter(c => !c.labels || c.labels.length === 0).map(c => c.name)""")
    assert unlabelled == []
    assert page.locator("fieldset legend").count() == len([f for f in search_index.facets if f.values]) + 1


def test_header_search_form_leads_to_the_search_page(browser, origin, harness):
    page_dir = harness / "essai" / "profond"
    page_dir.mkdir(parents=True, exist_ok=True)
    (page_dir / "page.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Page</title></head><body>'
        '<script id="__config" type="application/json">{"base": "../..", "features": []}</script>'
        '<form class="md-search__form" name="search"><input type="text" class="md-search__input" name="query" '
        'aria-label="Rechercher"></form>'
        '<script src="../../assets/recherche/entete.js"></script></body></html>',
        "utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/essai/profond/page.html")
    page.fill("input.md-search__input", "jardins partagés")
    page.press("input.md-search__input", "Enter")
    page.wait_for_url(re.compile(r"/recherche\.html\?q="))
    assert page.url == f"{origin}/recherche.html?q=jardins%20partag%C3%A9s"
    page.wait_for_function("window.__obsSearchReady !== undefined")
    expect(page.locator("[data-obs-status]")).to_have_text("2 résultats pour « jardins partagés ».")
    context.close()


def test_skip_link_leads_to_the_results(search_page):
    page = search_page.page
    search_page.open("?q=energie")
    page.focus(".obs-recherche__vers-resultats")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "obs-resultats-titre"
    for view in ("Liste", "Carte"):  # the choice of view, then the results
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == view
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-obs-results]') !== null")


def test_small_screen_folds_the_filters(browser, origin):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto(f"{origin}/recherche.html?theme=energie")
    page.wait_for_function("window.__obsSearchReady !== undefined")
    summary = page.locator("[data-obs-filters] > summary")
    assert summary.is_visible() and summary.inner_text() == "Filtres (1 actif)"
    box = page.locator('[data-obs-facet="theme"] [data-obs-value="energie"] input')
    assert not box.is_visible()
    summary.click()
    assert box.is_visible() and box.is_checked()
    box.uncheck()
    expect(summary).to_have_text("Filtres")
    context.close()


def test_header_box_shows_the_query_on_the_search_page(search_page):
    search_page.open("?q=jardin")
    assert search_page.page.input_value("#obs-entete-q") == "jardin"
    search_page.page.fill("#obs-entete-q", "énergie")
    search_page.page.press("#obs-entete-q", "Enter")
    search_page.page.wait_for_url(re.compile(r"q=%C3%A9nergie"))
    search_page.wait_ready()
    expect(search_page.page.locator("[data-obs-status]")).to_have_text("2 résultats pour « énergie ».")


@pytest.mark.skipif(not AXE.is_file(), reason=AXE_MISSING)
def test_axe_finds_no_accessibility_violation(search_page):
    page = search_page.page
    search_page.open("?q=energie&pays=FR&note_transferabilite=2")
    found = axe_violations(page, preload=False)
    assert found == []
