"""« Comparer » in Chromium, over http and from file://: initiatives added from their pages,
the compare page (scores, differences, chart), its address sent and reloaded, removing one,
the printed page on A4 landscape, a hostile record, no JavaScript, no storage, a phone."""

from __future__ import annotations

import json
import re

import pytest

from observatoire.site.compare import bucket_of
from tests.compare.conftest import ATELIER, BOLOGNE, HOSTILE, JARDINS, SEOUL, Tab
from tests.compare.test_data import loader_settings

TITLES = {
    JARDINS: "Jardins partagés fictifs de Valcourt",
    BOLOGNE: "Règlement fictif des communs de Bologne",
    SEOUL: "Programme fictif de Séoul ville du partage",
}
THREE = [JARDINS, BOLOGNE, SEOUL]


def compare_address(*slugs: str) -> str:
    return "comparer.html?i=" + ",".join(slugs)


def row(page, label: str):
    """The row of the table whose header starts with ``label``."""
    return page.locator(".obs-cmp-table tbody tr").filter(
        has=page.locator(f"th[scope=row]:text-matches('^{re.escape(label)}')")
    )


def cells(page, label: str) -> list[str]:
    return [" ".join(t.split()) for t in row(page, label).locator("td").all_inner_texts()]


@pytest.fixture(scope="module", autouse=True)
def _titles(site):
    """The titles of the fixture records, from their pages (one place to read them)."""
    for slug in TITLES:
        html = (site / "initiatives" / f"{slug}.html").read_text("utf-8")
        TITLES[slug] = re.search(r"<h1>(.*?)</h1>", html).group(1)


def test_three_added_from_their_pages_are_compared(new_tab):
    tab = new_tab()
    for slug in THREE:
        tab.add_from_page(slug)
    page = tab.page
    bar = page.locator("[data-obs-compare-bar]")
    assert "3 initiatives à comparer (au plus 4)." in bar.inner_text()
    link = bar.locator("[data-obs-compare-link]")
    assert link.inner_text() == "Comparer (3)"
    link.click()
    tab.wait_compared()
    assert tab.columns() == [TITLES[s] for s in THREE]
    assert tab.query() == ",".join(THREE)
    assert page.locator("[data-cmp-status]").inner_text() == "3 initiatives comparées."
    # scores, with the level's meaning
    co = cells(page, "Co-gouvernance")
    assert co[0].startswith("3/4 — Au moins une décision est prise ensemble")
    assert co[1].startswith("2/4 — ") and co[2] == "non évalué"
    assert cells(page, "État facilitateur")[2].startswith("3/4 — ")
    # differences stand out, and say so in text
    for label in ("Co-gouvernance", "Statut", "Début", "Population"):
        r = row(page, label)
        assert "obs-cmp-differe" in r.get_attribute("class"), label
        assert r.locator("th").inner_text().endswith("diffère"), label
    for label in ("Fin", "Expérimentalisme"):
        r = row(page, label)
        assert "obs-cmp-differe" not in r.get_attribute("class") and "diffère" not in r.locator("th").inner_text()
    # the chart: a marker per initiative and criterion, the legend in the same order
    assert page.locator(".obs-cmp-graphique g.obs-cmp-marque").count() == 3 * 10
    legend = page.locator("[data-cmp-legend] li").all_inner_texts()  # an ordered list: its numbers are the markers'
    assert [" ".join(text.split()) for text in legend] == [f"{i} {TITLES[s]}" for i, s in enumerate(THREE, 1)]
    assert page.locator(".obs-cmp-graphique").get_attribute("role") == "img"


def test_the_address_reloads_the_same_comparison_in_a_fresh_browser(new_tab):
    first = new_tab()
    for slug in THREE:
        first.add_from_page(slug)
    first.page.locator("[data-obs-compare-link]").click()
    first.wait_compared()
    address = first.page.url
    shared = first.page.locator("[data-cmp-share]")
    assert shared.inner_text() == address

    other = new_tab()  # another browser profile: nothing stored
    other.page.goto(address)
    other.wait_compared()
    assert other.columns() == [TITLES[s] for s in THREE]
    assert other.page.evaluate("window.OBS_COMPARE.list()") == THREE  # the link fills the selection
    other.open(f"initiatives/{ATELIER}.html")
    assert "3 initiatives à comparer" in other.page.locator("[data-obs-compare-status]").inner_text()
    assert other.page.locator("[data-obs-compare-link]").get_attribute("href") == "../" + compare_address(*THREE)


def test_without_an_address_the_page_shows_the_stored_selection_and_says_it_in_its_address(new_tab):
    tab = new_tab()
    tab.add_from_page(SEOUL)
    tab.add_from_page(JARDINS)
    tab.open("comparer.html", ready=True)
    assert tab.columns() == [TITLES[SEOUL], TITLES[JARDINS]]
    assert tab.query() == f"{SEOUL},{JARDINS}"


def test_removing_one_updates_the_page_the_address_and_the_selection(new_tab):
    tab = new_tab()
    page = tab.open(compare_address(*THREE), ready=True)
    button = page.get_by_role("button", name=f"Retirer « {TITLES[BOLOGNE]} » de la comparaison", exact=True)
    assert button.get_attribute("data-cmp-remove") == BOLOGNE
    button.focus()
    page.keyboard.press("Enter")  # with the keyboard
    assert tab.columns() == [TITLES[JARDINS], TITLES[SEOUL]]
    assert tab.query() == f"{JARDINS},{SEOUL}"
    assert page.evaluate("window.OBS_COMPARE.list()") == [JARDINS, SEOUL]
    assert (
        page.locator("[data-cmp-status]").inner_text()
        == f"« {TITLES[BOLOGNE]} » retirée de la comparaison. 2 initiatives comparées."
    )
    assert page.evaluate("document.activeElement.getAttribute('data-cmp-remove')") == SEOUL  # focus kept in place
    assert page.locator(".obs-cmp-graphique g.obs-cmp-marque").count() == 2 * 10
    page.locator(f"[data-cmp-remove='{SEOUL}']").click()
    assert "Ajoutez-en au moins une autre" in page.locator("[data-cmp-status]").inner_text()
    page.locator(f"[data-cmp-remove='{JARDINS}']").click()
    assert tab.query() == "" and "?" not in page.url
    assert page.locator("[data-cmp-empty]").is_visible()
    assert page.evaluate("window.OBS_COMPARE.list()") == []
    page.reload()
    tab.wait_compared()
    assert page.locator("[data-cmp-empty]").is_visible()


def test_the_printed_page_is_a4_landscape_with_one_column_per_initiative(new_tab):
    tab = new_tab()
    page = tab.open(compare_address(JARDINS, BOLOGNE, SEOUL), ready=True)
    page.emulate_media(media="print")
    width = round((297 - 20) / 25.4 * 96)  # A4 landscape less the margins of comparer.css, in CSS pixels
    page.set_viewport_size({"width": width, "height": 700})
    boxes = [page.locator(".obs-cmp-table thead th").nth(i).bounding_box() for i in range(3)]
    assert all(abs(b["y"] - boxes[0]["y"]) < 1 for b in boxes)  # side by side
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] <= right["x"] + 1
    assert boxes[-1]["x"] + boxes[-1]["width"] <= width + 1
    assert min(b["width"] for b in boxes) > width / 5
    assert not page.locator("[data-cmp-remove]").first.is_visible()
    assert page.locator(".obs-cmp-imprime").first.is_visible()  # the justification, in full
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = {(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
    assert sizes and all(abs(w - 841.9) < 1 and abs(h - 595.3) < 1 for w, h in sizes), sizes


TRIGGER = """() => {
  for (const el of document.querySelectorAll('#obs-comparer *')) {
    for (const type of ['mouseover', 'focus', 'click', 'toggle']) el.dispatchEvent(new Event(type));
  }
  for (const d of document.querySelectorAll('#obs-comparer details')) d.open = true;
}"""
DANGERS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('#obs-comparer *, [data-obs-compare-bar] *')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) bad.push(el.outerHTML.slice(0, 120));
      if (/^\\s*javascript:/i.test(a.value)) bad.push(el.outerHTML.slice(0, 120));
    }
    if (['img', 'script', 'iframe', 'object', 'embed', 'b'].includes(el.tagName.toLowerCase())) bad.push(el.outerHTML.slice(0, 120));
  }
  return bad;
}"""


def test_a_hostile_record_runs_nothing(new_tab):
    tab = new_tab()
    tab.add_from_page(HOSTILE)
    page = tab.page
    status = page.locator("[data-obs-compare-status]").inner_text()
    assert status.startswith('« <img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }} » ajoutée')
    assert page.evaluate(DANGERS) == []
    tab.add_from_page(JARDINS)
    page.locator("[data-obs-compare-link]").click()
    tab.wait_compared()
    page.evaluate(TRIGGER)
    page.locator(".obs-cmp-table").hover()
    page.wait_for_timeout(100)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate(DANGERS) == []
    assert tab.columns()[0] == '<img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }}'
    assert cells(page, "Co-gouvernance")[0].startswith("1/4")
    assert '<svg onload="window.__pwned=5"></svg>justification {{ 6*7 }}' in row(page, "Co-gouvernance").inner_text()
    assert "<script>window.__pwned=4</script>Source fictive" in cells(page, "Sources")[0]
    assert page.locator(".obs-cmp-table a[href^='https://exemple.org/?q=']").count() == 1


def test_without_javascript_the_page_says_what_it_needs(browser, origin, site):
    tab = Tab(browser, origin, java_script_enabled=False)
    try:
        page = tab.open(compare_address(*THREE))
        message = page.locator(".obs-cmp-sansjs")
        assert message.is_visible()
        assert "a besoin de JavaScript" in message.inner_text()
        link = message.locator("a")
        assert link.inner_text() == "la liste de A à Z" and link.get_attribute("href") == "initiatives/index.html"
        assert (site / "initiatives" / "index.html").is_file()
        assert not page.locator("#obs-comparer").is_visible()
        page = tab.open(f"initiatives/{JARDINS}.html")
        assert not page.locator("[data-obs-compare-toggle]").is_visible()
        assert page.locator("[data-obs-compare-bar]").inner_text().strip() == ""
    finally:
        tab.close()


NO_STORAGE = """
for (const name of ['localStorage', 'sessionStorage']) {
  Object.defineProperty(window, name, {get() { throw new DOMException('refusé', 'SecurityError'); }});
}
"""


def test_where_the_browser_refuses_storage_the_selection_follows_the_tab(new_tab):
    tab = new_tab()
    tab.context.add_init_script(NO_STORAGE)
    tab.add_from_page(JARDINS)
    assert tab.page.evaluate("window.OBS_COMPARE.storage") == "name"
    tab.add_from_page(BOLOGNE)
    assert "2 initiatives à comparer" in tab.page.locator("[data-obs-compare-status]").inner_text()
    tab.page.locator("[data-obs-compare-link]").click()
    tab.wait_compared()
    assert tab.columns() == [TITLES[JARDINS], TITLES[BOLOGNE]]


def test_dates_places_and_unknown_facts_as_the_record_pages_show_them(new_tab):
    tab = new_tab()
    page = tab.open(compare_address(BOLOGNE, SEOUL, JARDINS), ready=True)
    assert cells(page, "Début") == ["2015–2016", "vers 2012", "avril 2019"]
    assert cells(page, "Statut") == ["Non renseigné", "Non renseigné", "En cours"]
    assert cells(page, "Fin") == ["Non renseigné"] * 3
    assert cells(page, "Population") == ["111 111 habitants en 2014", "222 222 habitants en 2012", "12 345 habitants"]
    territory = row(page, "Territoire")
    assert territory.locator("span[lang=it]").inner_text() == "(Bologna)"
    assert territory.locator("span[lang=ko]").inner_text() == "(서울)"


def test_the_selection_holds_four_at_most(new_tab, site):
    tab = new_tab()
    for slug in (JARDINS, BOLOGNE, SEOUL, ATELIER):
        tab.add_from_page(slug)
    page = tab.open(f"initiatives/{HOSTILE}.html")
    page.locator("[data-obs-compare-toggle]").click()
    assert page.locator("[data-obs-compare-toggle]").inner_text() == "Ajouter à la comparaison"
    assert "compte déjà 4 initiatives" in page.locator("[data-obs-compare-status]").inner_text()
    assert page.evaluate(
        "[window.OBS_COMPARE.max, window.OBS_COMPARE.add('une-autre'), window.OBS_COMPARE.list().length]"
    ) == [4, False, 4]
    page = tab.open(compare_address(HOSTILE, JARDINS, "fiche-qui-n-existe-pas", BOLOGNE, SEOUL, ATELIER), ready=True)
    assert len(tab.columns()) == 3
    notice = page.locator("[data-cmp-notice]").inner_text()
    assert (
        "au plus 4 initiatives" in notice
        and "Introuvable dans ce site, laissée de côté : fiche-qui-n-existe-pas." in notice
    )
    assert tab.query() == f"{HOSTILE},{JARDINS},{BOLOGNE}"


def test_keyboard_only_differences_and_justification_on_demand(new_tab):
    tab = new_tab()
    page = tab.open(compare_address(*THREE), ready=True)
    all_rows = page.locator(".obs-cmp-table tbody tr:visible").count()
    page.locator("[data-cmp-only-differences]").focus()
    page.keyboard.press("Space")
    shown = page.locator(".obs-cmp-table tbody tr:visible")
    assert 0 < shown.count() < all_rows
    assert row(page, "Co-gouvernance").is_visible() and not row(page, "Fin").is_visible()
    summary = row(page, "Co-gouvernance").locator("summary").first
    assert not row(page, "Co-gouvernance").locator("details p").first.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    justification = row(page, "Co-gouvernance").locator("details p").first
    assert justification.is_visible() and justification.inner_text().startswith("Un comité fictif")
    assert "Jardins partagés fictifs de Valcourt, Co-gouvernance" in summary.inner_text()
    source = row(page, "Co-gouvernance").locator(".obs-cmp-notesources a").first
    assert source.get_attribute("href") == "#obs-cmp-1-source-1" and page.locator("#obs-cmp-1-source-1").count() == 1


def test_on_a_phone_one_initiative_fills_the_screen_beside_the_row_headers(new_tab):
    tab = new_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = tab.open(compare_address(*THREE), ready=True)
    r = row(page, "Statut")
    header, first, second = (
        r.locator("th").bounding_box(),
        r.locator("td").nth(0).bounding_box(),
        r.locator("td").nth(1).bounding_box(),
    )
    assert header["x"] >= 0 and first["x"] >= header["x"] + header["width"] - 1
    assert first["x"] + first["width"] <= 390 + 1 and first["width"] > 390 * 0.55  # one initiative, most of the width
    assert second["x"] >= 390 - 30  # the next one waits beside, off screen
    scroller = page.locator(".obs-cmp .obs-table-scroll")
    scroller.evaluate("e => { e.style.scrollSnapType = 'none'; e.scrollLeft = e.scrollWidth; }")
    moved_header = r.locator("th").bounding_box()
    last = r.locator("td").nth(2).bounding_box()
    assert abs(moved_header["x"] - header["x"]) < 1  # the row headers stay, aligned with the criteria
    assert last["x"] >= moved_header["x"] + moved_header["width"] - 1 and last["x"] + last["width"] <= 390 + 1


def test_records_are_found_in_their_files_as_python_placed_them(browser, synthetic_site):
    config = loader_settings(synthetic_site)
    slugs_by_bucket: dict[int, str] = {}
    for path in sorted((synthetic_site / "initiatives").glob("initiative-fictive-*.html")):
        slugs_by_bucket.setdefault(bucket_of(path.stem, config["lots"]), path.stem)
    chosen = list(slugs_by_bucket.values())
    assert len(chosen) == 3
    tab = Tab(browser, synthetic_site.as_uri())
    try:
        page = tab.open(compare_address(*chosen), ready=True)
        assert page.locator(".obs-cmp-table thead th").count() == 3
        loaded = page.evaluate(
            "[...document.querySelectorAll('script[src*=\"comparer/\"]')].map(s => s.getAttribute('src'))"
        )
        assert sorted(loaded) == sorted(f"assets/observatoire/comparer/{b}.js" for b in slugs_by_bucket)
        assert tab.errors == [] and tab.outside == []
        assert json.loads(json.dumps(page.evaluate("window.OBS_COMPARE.list()"))) == chosen
    finally:
        tab.close()


def test_on_a_phone_the_chart_names_each_criterion_above_its_row_in_legible_letters(new_tab):
    tab = new_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = tab.open(compare_address(*THREE), ready=True)
    label = page.locator("svg.obs-cmp-graphique text", has_text="Co-gouvernance")
    box = label.bounding_box()
    assert box["height"] >= 12  # drawn near 1:1, not shrunk to half beside the row
    assert box["x"] < 390 / 4  # at the start of its row, above the markers


def test_the_data_files_of_the_address_load_before_the_page_script_runs(new_tab):
    """The loader in the head asks for the files of the address's initiatives at once: with
    comparer.js held back, they are requested (and loaded) all the same; once it runs, it
    finds them there."""
    tab = new_tab()
    held, asked = [], []
    tab.page.route("**/comparer.js", lambda route: held.append(route))
    tab.page.on("requestfinished", lambda request: asked.append(request.url.rsplit("/", 2)[-2:]))
    tab.page.goto(f"{tab.origin}/{compare_address(*THREE)}", wait_until="commit")
    tab.page.wait_for_function("document.querySelectorAll('script[src*=\"comparer/\"]').length > 0")
    tab.page.wait_for_function("Object.keys(window.OBS_COMPARER_LOTS || {}).length > 0")
    assert len(held) == 1 and tab.page.evaluate("window.__obsCompareReady === undefined")
    assert any(folder == "comparer" for folder, _ in asked)
    held[0].continue_()
    tab.wait_compared()
    assert tab.columns() == [TITLES[s] for s in THREE]
