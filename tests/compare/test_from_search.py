"""« Comparer » from the search page of a built site, in Chromium, over http and from
file://: initiatives added from the results (and from their pages) are compared; the
buttons say their state (aria-pressed) and the selection's bar counts and links; and the
results sorted by closeness of population on records whose populations are known."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import AXE, AXE_MISSING, axe_violations
from tests.compare.conftest import ATELIER, BOLOGNE, JARDINS, SEOUL

QUIMPER = "recyclerie-fictive-de-quimper"
THREE = [JARDINS, BOLOGNE, SEOUL]


def open_search(tab, query: str = ""):
    page = tab.open(f"recherche.html{query}")
    page.wait_for_function("window.__obsSearchReady !== undefined", timeout=15_000)
    return page


def toggle(page, slug: str):
    return page.locator(f'[data-obs-results] [data-obs-compare-toggle][data-slug="{slug}"]')


def title_of(page, slug: str) -> str:
    return toggle(page, slug).get_attribute("data-title")


def test_three_added_from_search_results_are_compared(new_tab):
    tab = new_tab()
    page = open_search(tab)
    bar = page.locator("[data-obs-compare-bar]")
    titles = {}
    for slug in THREE:
        button = toggle(page, slug)
        expect(button).to_be_visible()
        titles[slug] = title_of(page, slug)
        assert button.get_attribute("aria-pressed") == "false"
        # one name per button: the visible word and, for screen readers, the initiative
        expect(page.get_by_role("button", name=f"Comparer « {titles[slug]} »", exact=True)).to_have_count(1)
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert button.inner_text().strip().startswith("Comparer")
        expect(bar.locator("[data-obs-compare-status]")).to_contain_text(
            f"« {titles[slug]} » ajoutée à la comparaison."
        )
    expect(bar.locator("[data-obs-compare-status]")).to_contain_text("3 initiatives à comparer (au plus 4).")
    # events and organisations have no such button
    assert page.locator("[data-obs-results] .obs-resultat--event [data-obs-compare-toggle]").count() == 0
    assert page.locator("[data-obs-results] .obs-resultat--actor [data-obs-compare-toggle]").count() == 0
    link = bar.locator("[data-obs-compare-link]")
    assert link.inner_text() == "Comparer (3)"
    assert link.get_attribute("href") == "comparer.html?i=" + ",".join(THREE)
    link.click()
    tab.wait_compared()
    assert tab.columns() == [titles[s] for s in THREE]
    assert page.locator("[data-cmp-status]").inner_text() == "3 initiatives comparées."


def test_pages_and_results_share_the_selection(new_tab):
    tab = new_tab()
    tab.add_from_page(SEOUL)
    page = open_search(tab, "?q=fictif")
    assert toggle(page, SEOUL).get_attribute("aria-pressed") == "true"  # added on its page
    for slug in (JARDINS, BOLOGNE):
        toggle(page, slug).click()
    # pressed again: removed, and said so
    toggle(page, JARDINS).click()
    assert toggle(page, JARDINS).get_attribute("aria-pressed") == "false"
    expect(page.locator("[data-obs-compare-status]")).to_contain_text("retirée de la comparaison. 2 initiatives")
    toggle(page, JARDINS).press("Enter")  # with the keyboard
    assert toggle(page, JARDINS).get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.OBS_COMPARE.list()") == [SEOUL, BOLOGNE, JARDINS]
    # a new query draws new buttons: they know the selection
    page.fill("#obs-q", "")
    expect(page.locator("[data-obs-status]")).not_to_contain_text("fictif")
    assert toggle(page, BOLOGNE).get_attribute("aria-pressed") == "true"
    toggle(page, ATELIER).click()  # the fourth
    fifth = toggle(page, QUIMPER)
    fifth.click()
    assert fifth.get_attribute("aria-pressed") == "false"
    expect(page.locator("[data-obs-compare-status]")).to_contain_text("La comparaison compte déjà 4 initiatives")
    page.locator("[data-obs-compare-link]").click()
    tab.wait_compared()
    assert tab.query() == ",".join([SEOUL, BOLOGNE, JARDINS, ATELIER])
    assert len(tab.columns()) == 4


def test_results_sorted_by_closeness_of_population(new_tab):
    """The site's records: Bologne 111 111, Séoul 222 222, Quimper 333 333, Valcourt 12 345
    inhabitants, the others unknown."""
    tab = new_tab()
    page = open_search(tab, "?tri=population&habitants=100000")
    slugs = page.evaluate("""() => Array.from(document.querySelectorAll('[data-obs-results] > li'))
        .map(li => li.classList.contains('obs-resultats__groupe') ? '|' + li.textContent.trim()
             : li.querySelector('.obs-resultat__titre a').getAttribute('href').split('/').pop().replace('.html', ''))""")
    assert slugs[:5] == [BOLOGNE, SEOUL, QUIMPER, JARDINS, "|Population non renseignée"]
    unknown = slugs[5 : slugs.index("|Événements et organisations : ce tri ne porte que sur les initiatives")]
    assert ATELIER in unknown and len(unknown) == 3
    assert page.locator("[data-obs-results] .obs-resultat__inconnu").count() == 3
    page.reload()
    page.wait_for_function("window.__obsSearchReady !== undefined", timeout=15_000)
    assert page.locator("#obs-tri").input_value() == "population"
    assert page.locator("#obs-habitants").input_value() == "100000"
    first = page.locator("[data-obs-results] > li").first
    assert first.locator(".obs-resultat__population").inner_text() == "111\u202f111 habitants"


def test_results_sorted_by_last_review(new_tab):
    """2025-06-01, 2025-03-10, 2025-01-01, three on 2024-11-01, then « 2024 » (its first day)."""
    tab = new_tab()
    page = open_search(tab, "?tri=relecture")
    items = page.locator("[data-obs-results] > li.obs-resultat--initiative")
    slugs = [
        href.split("/")[-1].removesuffix(".html")
        for href in items.locator(".obs-resultat__titre a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    assert slugs[:3] == [ATELIER, JARDINS, "fiche-hostile-fictive"]
    assert set(slugs[3:6]) == {BOLOGNE, SEOUL, QUIMPER} and slugs[6] == "donnees-ouvertes-imaginaires"
    years = items.locator(".obs-resultat__relecture").all_inner_texts()
    assert years == ["Relue en 2025"] * 3 + ["Relue en 2024"] * 4
    assert page.locator("#obs-tri").input_value() == "relecture"


@pytest.mark.skipif(not AXE.is_file(), reason=AXE_MISSING)
@pytest.mark.parametrize("width", [390, 1280])
def test_sorted_results_with_a_selection_pass_axe(new_tab, width):
    """The search page sorted, its groups and pressed buttons shown, the bar filled:
    no violation (WCAG 2.0 and 2.1, A and AA), whatever its impact."""
    tab = new_tab(viewport={"width": width, "height": 844 if width == 390 else 800})
    page = open_search(tab, "?tri=population&habitants=100000")
    toggle(page, BOLOGNE).click()
    toggle(page, SEOUL).click()
    found = axe_violations(page, tags=["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    assert found == [], found  # moderate and minor ones too, as tests/quality does
