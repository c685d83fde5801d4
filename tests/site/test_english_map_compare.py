"""The English map, compare page and error page (#18): ``en/carte.html`` (France view and its
list of places), ``en/carte/monde.html``, ``en/carte/sans-coordonnees.html``, each place's
``en/carte/<place>.html`` and ``en/comparer.html``, with no French interface text, their marks
and links leading to the English pages, a switch to the same French page and back; the
compare page's data in English; 404.html in French and in English (``lang="en"``). In
chromium, over http and from file://: the English map draws, the English compare page lays
out two initiatives in English."""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
from pathlib import Path

import pytest

from observatoire.core.i18n import texts
from observatoire.records.english import context_in
from observatoire.records.facets import FACETS_BY_ID
from observatoire.records.project import Project
from observatoire.site.compare import GLOBAL
from tests.browser import AXE, AXE_MISSING, axe_violations
from tests.site.french_words import french_left, interface_text
from tests.sitebuild import ROOT

JARDINS = "jardins-partages-fictifs"
ATELIER = "atelier-de-reparation-fictif"
EN = texts("en")


def map_pages(site: Path) -> list[str]:
    """Every page of the French map, from the site's root."""
    return ["carte.html"] + sorted(p.relative_to(site).as_posix() for p in (site / "carte").glob("*.html"))


def english_pages(site: Path) -> list[str]:
    return ["en/" + page for page in map_pages(site)] + ["en/comparer.html"]


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def links(html: str) -> list[str]:
    """The links of ``html``, but for the language switch."""
    html = re.sub(r'<nav class="obs-languages".*?</nav>', "", html)
    return re.findall(r'<a [^>]*href="([^"#?]+)', html)


def test_the_map_and_compare_pages_have_english_versions(built_site):
    pages = map_pages(built_site)
    assert {"carte.html", "carte/monde.html", "carte/sans-coordonnees.html"} <= set(pages)
    assert len(pages) > 3  # a place's page at least
    for page in pages + ["comparer.html"]:
        assert (built_site / "en" / page).is_file(), page
    assert sorted(p.name for p in (built_site / "en" / "carte").glob("*.html")) == sorted(
        p.name for p in (built_site / "carte").glob("*.html")
    )


def test_no_french_interface_text_on_the_english_map_and_compare_pages(built_site):
    found = {}
    for page in english_pages(built_site):
        html = (built_site / page).read_text("utf-8")
        assert '<html lang="en"' in html, page
        title = re.search(r"<title>(.*?) - Observatoire du Partage</title>", html).group(1)
        found[page] = french_left(html.replace(title, ""))
    assert {page: left for page, left in found.items() if left} == {}


def test_the_switch_leads_to_the_same_page_in_the_other_language(built_site):
    for french in map_pages(built_site) + ["comparer.html"]:
        english = "en/" + french
        fr_html = (built_site / french).read_text("utf-8")
        en_html = (built_site / english).read_text("utf-8")
        to_english = posixpath.relpath(english, posixpath.dirname(french) or ".")
        to_french = posixpath.relpath(french, posixpath.dirname(english))
        assert (
            '<nav class="obs-languages" aria-label="Cette page dans une autre langue">'
            f'<a href="{to_english}" hreflang="en" lang="en">English</a></nav>'
        ) in fr_html, french
        assert (
            '<nav class="obs-languages" aria-label="This page in another language">'
            f'<a href="{to_french}" hreflang="fr" lang="fr">Français</a></nav>'
        ) in en_html, english


def test_the_english_map_leads_to_the_english_pages(built_site):
    """Marks, lists of places and of records with no coordinates, locator maps: every link of
    an English map page to a record or a place is to its English page, which exists."""
    seen = 0
    for page in english_pages(built_site)[:-1]:
        body = article((built_site / page).read_text("utf-8"))
        for href in links(body):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            if target.endswith(".html") and target.split("/")[-2:-1] in (
                ["initiatives"],
                ["evenements"],
                ["acteurs"],
                ["carte"],
            ):
                assert target.startswith("en/"), (page, href)
                assert (built_site / target).is_file(), (page, href)
                seen += 1
        for base in re.findall(r'<image href="([^"]+)"', body):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), base))
            assert (built_site / target).is_file(), (page, base)
    assert seen >= 3
    france = (built_site / "en" / "carte.html").read_text("utf-8")
    assert '<image href="../assets/observatoire/carte/en/france.svg"' in france  # its insets named in English
    base = (built_site / "assets" / "observatoire" / "carte" / "en" / "france.svg").read_text("utf-8")
    assert ">French Guiana<" in base and ">Guyane" not in base
    assert ">Guyane française<" in (built_site / "assets" / "observatoire" / "carte" / "france.svg").read_text("utf-8")


def test_an_english_place_page_marks_the_french_record_text(built_site):
    place = next(p for p in (built_site / "en" / "carte").glob("*.html") if p.stem not in ("monde", "sans-coordonnees"))
    body = article(place.read_text("utf-8"))
    assert EN("carte.place.back") in body
    titles = re.findall(r'<a class="obs-item__title" href="([^"]+)"([^>]*)>', body)
    assert titles and all(href.startswith("../") and not href.startswith("../../") for href, _ in titles)
    assert all('lang="fr"' in attributes for _, attributes in titles)  # the records' own titles


def test_the_english_compare_page_reads_english_data(built_site):
    html = (built_site / "en" / "comparer.html").read_text("utf-8")
    assert 'data-donnees="../assets/observatoire/comparer/en/"' in html
    config = json.loads(re.search(r'id="obs-comparer-config">(.*?)</script>', html).group(1))
    assert config["langue"] == "en" and config["fiches"] == "initiatives/"
    assert config["textes"]["compare.script.remove"] == EN("compare.script.remove")
    french = (built_site / "comparer.html").read_text("utf-8")
    assert 'data-donnees="assets/observatoire/comparer/"' in french
    english = (built_site / "assets" / "observatoire" / "comparer" / "en" / "0.js").read_text("utf-8")
    data = (built_site / "assets" / "observatoire" / "comparer" / "0.js").read_text("utf-8")
    vocabulary = FACETS_BY_ID["statut"].vocabulary
    status = {
        lang: context_in(Project(ROOT).context, lang).vocabularies[vocabulary].label("en-cours")
        for lang in ("fr", "en")
    }
    assert status["fr"] != status["en"]
    assert f'"statut":"{status["en"]}"' in english and f'"statut":"{status["fr"]}"' in data
    assert '"langue":"fr","langue_titre":"fr"' in english and '"langue_titre"' not in data


def test_the_compare_button_of_an_english_record_leads_to_the_english_page(built_site):
    html = (built_site / "en" / "initiatives" / f"{JARDINS}.html").read_text("utf-8")
    assert 'data-obs-compare-link href="../comparer.html"' in html  # en/comparer.html
    assert EN("compare.selection.add") in html


def test_the_404_page_speaks_both_languages(built_site):
    html = (built_site / "404.html").read_text("utf-8")
    body = article(html)
    assert "<h1>Page introuvable</h1>" in body
    english = body[body.index('<section lang="en"') : body.index("</section>")]
    for key in ("not_found.title", "not_found.text", "not_found.home", "header.search.label", "not_found.initiatives"):
        assert str(EN(key)).replace("'", "&#39;") in english, key
    assert 'href="/en/index.html" hreflang="en"' in english
    assert 'href="/en/recherche.html" hreflang="en"' in english
    assert 'href="/en/initiatives/index.html" hreflang="en"' in english
    assert "Page not found" not in interface_text(body.replace(english, ""))


@pytest.mark.skipif(not AXE.is_file(), reason=AXE_MISSING)
def test_the_404_page_has_no_accessibility_violation(built_site, browser):
    from tests.quality.sites import MISSING_ADDRESS, served
    from tests.quality.test_accessibility import TAGS

    context = browser.new_context()
    page = context.new_page()
    with served(built_site) as base:
        response = page.goto(base + "en/" + MISSING_ADDRESS)
        assert response is not None and response.status == 404
        assert page.locator("section[lang=en] h2").inner_text() == EN("not_found.title")
        assert axe_violations(page, TAGS) == []
    context.close()


@pytest.mark.parametrize("over", ["http", "file"])
def test_in_chromium_the_english_map_draws_and_the_compare_page_lays_out_in_english(built_site, browser, over):
    from tests.quality.sites import served

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    missing: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("requestfailed", lambda request: missing.append(request.url))
    tab.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)

    def address(base: str, path: str, query: str = "") -> str:
        return (base + path if base else (built_site / path).as_uri()) + query

    with served(built_site) if over == "http" else contextlib.nullcontext("") as base:
        # the map: drawn, its zoom on, its base loaded, in English; a mark to the English place
        tab.goto(address(base, "en/carte.html"))
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.locator("#carte-france h2").inner_text() == EN("carte.view.france.title")
        assert tab.locator(".obs-map__tools").is_visible()  # carte.js ran
        svg = tab.locator("#carte-france svg").first
        before = svg.get_attribute("viewBox")
        tab.locator("[data-obs-zoom=in]").click()
        assert svg.get_attribute("viewBox") != before
        loaded = tab.evaluate(
            """() => new Promise(done => { const img = new Image(); img.onload = () => done(img.naturalWidth > 0);
            img.onerror = () => done(false);
            img.src = document.querySelector('#carte-france svg image').href.baseVal; })"""
        )
        assert loaded
        assert french_left(tab.content()) == []
        tab.locator("[data-obs-zoom=reset]").click()
        mark = tab.locator("#carte-france .obs-map__marks a").first
        with tab.expect_navigation(wait_until="load"):
            mark.click()
        assert "/en/carte/" in tab.url or "/en/initiatives/" in tab.url or "/en/evenements/" in tab.url
        assert tab.evaluate("document.documentElement.lang") == "en"
        # the world view and back by the switch
        tab.goto(address(base, "en/carte/monde.html"))
        assert tab.locator("#carte-monde h2").inner_text() == EN("carte.view.monde.title")
        with tab.expect_navigation(wait_until="load"):
            tab.locator("nav.obs-languages a[hreflang=fr]").click()
        assert tab.url.endswith("/carte/monde.html") and "/en/" not in tab.url

        # the compare page: two initiatives, laid out in English
        tab.goto(address(base, "en/comparer.html", f"?i={JARDINS},{ATELIER}"))
        tab.wait_for_function("window.__obsCompareReady !== undefined", timeout=15_000)
        assert tab.evaluate(f"Object.keys(window.{GLOBAL}).length") == 1
        assert tab.locator("[data-cmp-status]").inner_text() == str(EN("compare.script.count", n=2))
        columns = tab.locator(".obs-cmp-table thead th a")
        assert columns.count() == 2
        for i in range(2):
            assert columns.nth(i).get_attribute("lang") == "fr"  # their own French titles
            assert columns.nth(i).get_attribute("href") in (
                f"initiatives/{JARDINS}.html",
                f"initiatives/{ATELIER}.html",
            )
        rows = tab.locator(".obs-cmp-table tbody th[scope=row]").all_inner_texts()
        assert any(r.startswith(str(EN("initiative.territory"))) for r in rows)
        assert any(r.startswith(str(EN("facet.statut.label"))) for r in rows)
        assert tab.locator(".obs-cmp-graphique title").text_content() == str(EN("compare.script.chart_title"))
        assert tab.locator(".obs-cmp-retirer .obs-sr-only span[lang=fr]").count() == 2  # « Remove “…” »
        assert french_left(tab.content()) == []
        with tab.expect_navigation(wait_until="load"):
            columns.first.click()
        assert re.search(r"/en/initiatives/[a-z-]+\.html$", tab.url)
        context.close()  # before the server stops: the page may still be asking for its icon
    assert errors == [], errors
    assert [url for url in missing if not url.endswith("/favicon.png")] == []  # (none in a test project)


def test_the_maps_say_one_place_and_several_places_in_both_languages(built_site):
    """« 2 fiches en 1 lieu », « in 1 place »: the number of places has its own plural."""
    pages = [*built_site.glob("carte*.html"), *built_site.glob("index/territoires/*.html")]
    pages += [*built_site.glob("en/carte*.html"), *built_site.glob("en/index/territoires/*.html")]
    said = " ".join(page.read_text("utf-8") for page in pages)
    assert re.search(r"\ben 1 lieux|\bin 1 places|lieu\(x\)|place\(s\)", said) is None
    assert re.search(r"\ben 1 lieu\b", said) and re.search(r"\bin 1 place\b", said)
