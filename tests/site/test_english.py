"""The English version (#18) under ``en/``: the home, the grid, the glossary, every record
(initiatives, events, organisations), the lists and index pages, with the English catalog,
the English labels of schema/, the theme's texts and an English menu; the record's own text
in its language, marked; a language switch between the two versions and, on a site with a
public address, hreflang links. The rest of the French site is unchanged."""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from markupsafe import escape

from observatoire.core.i18n import texts
from observatoire.records.english import context_in
from observatoire.records.project import Project
from observatoire.records.translation import in_language
from observatoire.site import urls
from observatoire.site.engine import theme_globals
from observatoire.site.pages import TRANSLATED_PAGES, alternates, translated_pages
from tests.browser import AXE, AXE_MISSING
from tests.site.french_words import french_left, interface_text
from tests.sitebuild import ROOT, SAMPLE_CONTENT, build, make_project

PUBLIC = "https://observatoire.example/"


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    """The sample content with one initiative's English title and summary, built for a public address."""
    return _site_with_an_english_summary(tmp_path_factory, PUBLIC)


@pytest.fixture(scope="module")
def english_summary_site(tmp_path_factory) -> Path:
    """The same, built with no public address (as the offline archive is)."""
    return _site_with_an_english_summary(tmp_path_factory, "")


def _site_with_an_english_summary(tmp_path_factory, site_url: str) -> Path:
    content = tmp_path_factory.mktemp("contenu") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    record = content / "initiatives" / "atelier-de-reparation-fictif.yml"
    text = record.read_text("utf-8")
    english = (
        "titre_en: Imaginary repair workshop\n"
        "resume_en: An imaginary workshop where people repair objects together, made up for the tests.\n"
    )
    record.write_text(text.replace("description:", english + "description:", 1), "utf-8")
    project = make_project(tmp_path_factory.mktemp("site-public") / "projet", content, site_url=site_url)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Version anglaise : tous les textes de schema/ sont traduits." in result.stdout
    return project / "build" / "site"


def test_the_english_pages_are_planned_with_their_french_versions():
    assert TRANSLATED_PAGES == {
        "en": ("home", "grid", "glossary", "statistics", "open_data", "contribute", "propose", "search")
    }
    assert alternates("grid") == {"fr": urls.GRID, "en": "en/grille.md"}
    assert alternates("statistics") == {"fr": urls.STATISTICS, "en": "en/statistiques.md"}
    assert alternates("map") == {}
    specs = translated_pages("en", texts("en"))
    assert [(s.uri, s.title, s.language, s.in_nav) for s in specs] == [
        ("en/index.md", "Home", "en", False),
        ("en/grille.md", "The analysis grid", "en", False),
        ("en/glossaire.md", "Glossary", "en", False),
        ("en/statistiques.md", "Statistics", "en", False),
        ("en/donnees.md", "Open data and download", "en", False),
        ("en/contribuer.md", "Contribute", "en", False),
        ("en/proposer.md", "Propose an initiative", "en", False),
        ("en/recherche.md", "Search", "en", False),
    ]


def test_the_schema_in_english_for_the_pages():
    context = Project(ROOT).context
    english = context_in(context, "en")
    assert english.grid.titre == context.grid.titre_en
    assert [c.libelle for c in english.grid.criteres] == [c.libelle_en for c in context.grid.criteres]
    assert english.grid.criteres[0].niveaux == context.grid.criteres[0].niveaux_en
    assert english.vocabularies["themes"].title == "Themes"
    assert english.vocabularies["themes"].label("energie") == "Energy"
    assert context.vocabularies["themes"].label("energie") == "Énergie"  # the French context is untouched
    assert context_in(context, "fr") is context and in_language(context.grid, "fr") is context.grid


def test_the_theme_texts_follow_the_page_language():
    t = theme_globals()["t"]
    french, english = (SimpleNamespace(page=SimpleNamespace(meta=meta)) for meta in ({}, {"obs_language": "en"}))
    # pass_context: the template context is the first argument
    assert t(french.__dict__, "header.search.placeholder") == "Rechercher"
    assert t(english.__dict__, "header.search.placeholder") == "Search"
    assert t({}, "header.search.placeholder") == "Rechercher"


def test_the_english_pages_are_in_english(built_site):
    for name, title in (
        ("index", "Home"),
        ("grille", "The analysis grid"),
        ("glossaire", "Glossary"),
        ("statistiques", "Statistics"),
    ):
        html = (built_site / "en" / f"{name}.html").read_text("utf-8")
        assert '<html lang="en"' in html
        assert f"<title>{title} - Observatoire du Partage</title>" in html
        assert 'aria-label="Header"' in html  # Material's own texts
        assert 'placeholder="Search"' in html  # the header's search form (catalog)
    french = (built_site / "index.html").read_text("utf-8")
    assert '<html lang="fr"' in french and 'placeholder="Rechercher"' in french


def test_the_english_grid_shows_the_english_labels(built_site):
    body = article((built_site / "en" / "grille.html").read_text("utf-8"))
    grid = Project(ROOT).context.grid
    text = words(body)
    assert grid.titre_en in body and "<h1>" + grid.titre_en + "</h1>" in body
    for criterion in grid.criteres:
        assert f'<h3 id="critere-{criterion.id}">{criterion.libelle_en}</h3>' in body
        assert f">{criterion.libelle}<" not in body
        for level in criterion.niveaux_en.values():
            assert f"<td>{escape(level)}</td>" in body
    assert "How to score a criterion" in text and "Comment noter" not in text


def test_the_english_glossary_defines_every_term_in_english(built_site):
    body = article((built_site / "en" / "glossaire.html").read_text("utf-8"))
    context = Project(ROOT).context
    for name in ("themes", "objets_communs", "instruments", "echelons", "statuts", "types_acteurs", "types_evenements"):
        vocabulary = context.vocabularies[name]
        assert f'<h2 id="{name}">{escape(vocabulary.title_en)}</h2>' in body
        for term in vocabulary.terms:
            assert f"{escape(term.libelle_en)}</" in body, term.id
            assert f"<dd>{escape(term.definition_en)}</dd>" in body, term.id
    for criterion in context.grid.criteres:
        assert f'<a href="grille.html#critere-{criterion.id}">{escape(criterion.libelle_en)}</a>' in body
    assert "Glossaire" not in words(body)


def test_the_english_home_links_the_english_grid_and_the_french_pages(built_site):
    body = article((built_site / "en" / "index.html").read_text("utf-8"))
    assert "Resource centre on public policies for sharing" in body
    links = re.findall(r'href="([^"]*)"', body)
    assert "grille.html" in links  # the grid in English, beside it
    assert "initiatives/index.html" in links and "index/territoires.html" in links  # the English lists
    assert "recherche.html" in links and "../recherche.html" not in links  # the English search
    assert "../grille.html" not in links
    assert 'class="obs-download"' in body and "Download the resource centre" in body  # the archive, in English
    assert "Recently reviewed records" in body and "Fiches récemment revues" not in body


def test_the_language_switch_links_both_versions(built_site):
    pairs = (
        ("index.html", "en/index.html"),
        ("grille.html", "en/grille.html"),
        ("glossaire.html", "en/glossaire.html"),
        ("statistiques.html", "en/statistiques.html"),
    )
    for french, english in pairs:
        fr_html = (built_site / french).read_text("utf-8")
        en_html = (built_site / english).read_text("utf-8")
        back = "../" + french
        assert (
            '<nav class="obs-languages" aria-label="Cette page dans une autre langue">'
            f'<a href="{english}" hreflang="en" lang="en">English</a></nav>'
        ) in fr_html
        assert (
            '<nav class="obs-languages" aria-label="This page in another language">'
            f'<a href="{back}" hreflang="fr" lang="fr">Français</a></nav>'
        ) in en_html
    for other in ("a-revoir.html",):  # the review page has no English version
        assert "obs-languages" not in (built_site / other).read_text("utf-8"), other


def test_no_hreflang_link_offline(built_site):
    """From file://, Material's script would fetch sitemap.xml beside each link[rel=alternate]."""
    for page in ("index.html", "grille.html", "en/index.html", "en/grille.html"):
        assert 'rel="alternate" hreflang' not in (built_site / page).read_text("utf-8"), page


def test_hreflang_links_on_a_public_site(public_site):
    expected = (
        f'<link rel="alternate" hreflang="en" href="{PUBLIC}en/index.html">\n'
        f'<link rel="alternate" hreflang="fr" href="{PUBLIC}index.html">'
    )
    for page in ("index.html", "en/index.html"):
        assert expected in (public_site / page).read_text("utf-8"), page
    assert 'hreflang="en" href="' + PUBLIC + 'en/grille.html"' in (public_site / "grille.html").read_text("utf-8")
    assert "hreflang" not in (public_site / "a-revoir.html").read_text("utf-8").split("</head>")[0]
    sitemap = (public_site / "sitemap.xml").read_text("utf-8")
    assert f"{PUBLIC}en/index.html" in sitemap and f"{PUBLIC}en/grille.html" in sitemap


def test_an_english_list_shows_the_english_title_and_marks_the_french(public_site):
    body = article((public_site / "en" / "index.html").read_text("utf-8"))
    assert (
        '<a class="obs-item__title" href="initiatives/atelier-de-reparation-fictif.html">Imaginary repair workshop</a>'
        in body
    )
    assert '<span class="obs-item__summary">An imaginary workshop where people repair objects together' in body
    assert re.search(r'<a class="obs-item__title" href="[^"]+" lang="fr">', body)  # a record without English
    french = article((public_site / "index.html").read_text("utf-8"))
    assert "Atelier de réparation fictif" in french and "Imaginary repair workshop" not in french
    assert ' lang="fr"' not in french.replace('hreflang="en" lang="en"', "")


def test_every_record_has_an_english_page(built_site):
    for folder in ("initiatives", "evenements", "acteurs"):
        french = {p.name for p in (built_site / folder).glob("*.html")}
        english = {p.name for p in (built_site / "en" / folder).glob("*.html")}
        assert french and english == french, folder


def test_an_english_record_page_has_english_facts_around_the_french_text(built_site):
    html = (built_site / "en" / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8")
    assert '<html lang="en"' in html
    body = article(html)
    text = words(body)
    assert re.search(r'<h1 lang="fr">Jardins partagés fictifs', body)
    assert '<p class="obs-lead" lang="fr">' in body
    assert '<div class="obs-prose" lang="fr">' in body
    for english in ("At a glance", "Territory", "Themes", "Analysis grid", "Sources", "Last reviewed"):
        assert english in text, english
    for french in ("En bref", "Territoire", "Thèmes", "Grille d'analyse", "Dernière revue"):
        assert french not in text, french
    context = context_in(Project(ROOT).context, "en")
    assert context.grid.criteres[0].libelle in body  # the grid's chart and table in English
    assert "../../index/themes/" not in body and 'href="../index/themes/' in body  # the English index pages


def test_an_english_title_and_summary_are_shown_marked_english(public_site):
    body = article((public_site / "en" / "initiatives" / "atelier-de-reparation-fictif.html").read_text("utf-8"))
    assert "<h1>Imaginary repair workshop</h1>" in body
    assert '<p class="obs-lead">An imaginary workshop where people repair objects together' in body
    html = (public_site / "en" / "initiatives" / "atelier-de-reparation-fictif.html").read_text("utf-8")
    assert "<title>Imaginary repair workshop - Observatoire du Partage</title>" in html


def test_the_switch_leads_to_the_same_record_in_both_languages(built_site):
    for folder, slug in (("initiatives", "jardins-partages-fictifs"), ("evenements", None), ("acteurs", None)):
        slug = slug or sorted(p.stem for p in (built_site / folder).glob("*.html") if p.stem != "index")[0]
        french = (built_site / folder / f"{slug}.html").read_text("utf-8")
        english = (built_site / "en" / folder / f"{slug}.html").read_text("utf-8")
        assert f'<a href="../en/{folder}/{slug}.html" hreflang="en" lang="en">English</a>' in french
        assert f'<a href="../../{folder}/{slug}.html" hreflang="fr" lang="fr">Français</a>' in english


def test_the_french_record_page_is_unchanged_but_for_the_switch(built_site):
    body = article((built_site / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8"))
    assert "<h1>Jardins partagés fictifs" in body and body.count(' lang="fr"') == 1  # its description, as before
    assert "En bref" in words(body)


ENGLISH_PAGES = (
    "en/index.html",
    "en/initiatives/index.html",
    "en/initiatives/jardins-partages-fictifs.html",
    "en/initiatives/atelier-de-reparation-fictif.html",
    "en/index/themes.html",
    "en/index/territoires.html",
    "en/evenements/index.html",
    "en/acteurs/index.html",
    "en/statistiques.html",
    "en/recherche.html",
)


def test_the_archive_is_offered_in_english_with_its_size_in_english(built_site):
    for page in ("en/index.html",):
        body = article((built_site / page).read_text("utf-8"))
        assert (
            '<a class="md-button md-button--primary" href="../observatoire-du-partage-centre-de-ressources.zip"' in body
        )
        assert re.search(r"Download the resource centre</a> \(\d+(\.\d)? [kMG]B, version of \d+ \w+ \d{4}\)", body), (
            page
        )
    french = article((built_site / "donnees.html").read_text("utf-8"))
    assert re.search(r"Télécharger le centre de ressources</a> \(\d+(,\d)? [KMG]o, version du ", french)


def test_the_english_home_leads_to_every_english_index(built_site):
    body = article((built_site / "en" / "index.html").read_text("utf-8"))
    browse = body[body.index('<nav aria-labelledby="parcourir">') :]
    browse = browse[: browse.index("</nav>")]
    assert "Browse the initiatives" in browse
    links = re.findall(r'href="([^"]+)"', browse)
    assert links[0] == "initiatives/index.html" and "index/territoires.html" in links
    for link in links:
        assert (built_site / "en" / link).is_file(), link
    for page in ("themes", "statuts", "instruments", "objets_communs", "echelons", "annees"):
        assert f"index/{page}.html" in links, page
    assert 'id="parcourir"' not in (built_site / "index.html").read_text("utf-8")  # the French home keeps its own


def test_the_english_index_pages_are_in_english(built_site):
    themes = article((built_site / "en" / "index" / "themes.html").read_text("utf-8"))
    assert "<h1>Initiatives by theme</h1>" in themes
    energy = built_site / "en" / "index" / "themes" / "energie.html"
    if energy.is_file():
        assert "<h1>Theme: Energy</h1>" in article(energy.read_text("utf-8"))
    territories = article((built_site / "en" / "index" / "territoires.html").read_text("utf-8"))
    assert "<h1>Initiatives by territory</h1>" in territories
    assert re.search(r'<a href="territoires/fr.html">France</a> \(\d+\)', territories)
    everything = article((built_site / "en" / "initiatives" / "index.html").read_text("utf-8"))
    assert "<h1>All initiatives (A–Z)</h1>" in everything and "in alphabetical order" in everything


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_no_french_interface_text_in_an_english_page(built_site, page):
    """Every French text of the catalog that differs from its English, in the page's interface
    (its text and labels, outside the record's own text marked lang="fr")."""
    html = (built_site / page).read_text("utf-8")
    assert french_left(article(html)) == [], page


def test_a_french_record_on_the_english_site_is_marked_french(built_site):
    body = article((built_site / "en" / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8"))
    for marked in (r'<h1 lang="fr">', r'<p class="obs-lead" lang="fr">', r'<div class="obs-prose" lang="fr">'):
        assert re.search(marked, body), marked
    assert "Jardins partagés fictifs" not in interface_text(body)  # all of the record's text is marked


def test_no_french_interface_text_in_any_english_article(built_site):
    pages = sorted((built_site / "en").rglob("*.html"))
    assert len(pages) > 20
    found = {page.relative_to(built_site).as_posix(): french_left(article(page.read_text("utf-8"))) for page in pages}
    assert {page: left for page, left in found.items() if left} == {}


def primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def test_the_english_pages_have_an_english_navigation(built_site):
    pages = {
        "en/index.html": ("index/themes.html", "carte.html"),
        "en/initiatives/jardins-partages-fictifs.html": ("../index/themes.html", "../carte.html"),
        "en/index/themes.html": ("themes.html", "../carte.html"),
    }
    for page, (themes, french_map) in pages.items():
        nav = primary_nav((built_site / page).read_text("utf-8"))
        text = words(nav)
        for english in ("Home", "Search", "Initiatives", "By theme", "By territory", "Events", "The analysis grid"):
            assert english in text, (page, english)
        for french in ("Accueil", "Par thème", "Événements", "Glossaire"):
            assert french not in text, (page, french)
        assert f'<a href="{themes}" class="md-nav__link">' in nav, page  # the English index
        assert f'<a href="{french_map}" class="md-nav__link">' in nav, page  # the English map
    french = primary_nav((built_site / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8"))
    assert "Par thème" in french and "By theme" not in french and "hreflang" not in french


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_no_french_interface_text_in_a_whole_english_page(built_site, page):
    """The page as a whole: its navigation, header and footer too (the copyright of mkdocs.yml is
    marked French); the record's own title, in the page's title and header, left out."""
    html = (built_site / page).read_text("utf-8")
    title = re.search(r"<title>(.*?) - Observatoire du Partage</title>", html).group(1)
    assert french_left(html.replace(title, "")) == [], page


def _address(base: str, site: Path, path: str) -> str:
    return base + path if base else (site / path).as_uri()


@pytest.mark.parametrize("over", ["http", "file"])
def test_in_chromium_the_english_site_reads_in_english_and_switches_back(built_site, browser, over):
    """In chromium, over http and from file:// (the offline archive): the English home, an
    initiative and an index are in English once their scripts have run (no French catalog
    text, the record's own lang="fr" text aside); the switch leads to the same page in
    French and back; no error in the console (from file://, no fetch of sitemap.xml)."""
    from tests.quality.sites import served

    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    with served(built_site) if over == "http" else contextlib.nullcontext("") as base:
        tab.goto(_address(base, built_site, "en/index.html"))
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.locator("h1").first.inner_text() == "Resource centre on public policies for sharing"
        assert french_left(tab.content()) == []
        # the English home -> an English record, from its list
        tab.locator("article .obs-item__title", has_text="Jardins partagés fictifs").first.click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith("/en/initiatives/jardins-partages-fictifs.html")
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.locator("article h1").get_attribute("lang") == "fr"
        assert tab.locator("article h2#en-bref").inner_text() == "At a glance"
        title = tab.locator("article h1").inner_text()
        assert french_left(tab.content().replace(title, "")) == []
        # the switch: the same record in French, and back
        tab.locator("nav.obs-languages a[hreflang=fr]").click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith("/initiatives/jardins-partages-fictifs.html") and "/en/" not in tab.url
        assert tab.evaluate("document.documentElement.lang") == "fr"
        assert tab.locator("article h2#en-bref").inner_text() == "En bref"
        tab.locator("nav.obs-languages a[hreflang=en]").click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith("/en/initiatives/jardins-partages-fictifs.html")
        # an index, from the English menu
        tab.goto(_address(base, built_site, "en/index/themes.html"))
        assert tab.locator("article h1").inner_text() == "Initiatives by theme"
        assert tab.locator("nav.md-nav--primary a[href='themes.html']").count() == 1
        assert french_left(tab.content()) == []
        context.close()  # before the server stops: the page may still be asking for its icon
    assert errors == [], errors


@pytest.mark.skipif(not AXE.is_file(), reason=AXE_MISSING)
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_english_pages_have_no_accessibility_violation(built_site, browser, width, height):
    from tests.quality.test_accessibility import RUN_AXE, TAGS

    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for path in ENGLISH_PAGES:
        page.goto((built_site / path).as_uri())
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(RUN_AXE, TAGS) == [], (path, width)
    context.close()


def test_the_english_printed_sheet(built_site, browser):
    """The printable sheet of an English record page: its facts in English, the record's text, the
    English footer of the sheet; neither the print button nor the language switch printed (nor
    on the French sheet)."""
    context = browser.new_context()
    tab = context.new_page()
    for page, facts, printed in (
        ("en/initiatives/jardins-partages-fictifs.html", "At a glance", "Record from the resource centre"),
        ("initiatives/jardins-partages-fictifs.html", "En bref", "Fiche du centre de ressources"),
    ):
        tab.goto((built_site / page).as_uri())
        tab.emulate_media(media="print")
        assert tab.locator("article h2#en-bref").inner_text() == facts
        assert tab.locator("article h1").is_visible()
        assert tab.locator(".obs-print-button").is_hidden()
        assert tab.locator("nav.obs-languages").is_hidden(), page
        assert tab.get_by_text(printed).is_visible(), page
        assert len(tab.pdf(format="A4")) > 10_000
        tab.emulate_media(media="screen")
        assert tab.locator("nav.obs-languages").is_visible(), page
    context.close()


def test_hreflang_links_on_the_record_pages_of_a_public_site(public_site):
    """The pages written from a shell (records, lists outside the navigation) link to their other
    version in their head too, on a site with a public address."""
    for page in (
        "initiatives/jardins-partages-fictifs.html",
        "en/initiatives/jardins-partages-fictifs.html",
        "en/index/themes.html",
        "index/themes.html",
    ):
        head = (public_site / page).read_text("utf-8").split("</head>")[0]
        french = page.removeprefix("en/")
        assert (
            f'<link rel="alternate" hreflang="en" href="{PUBLIC}en/{french}">\n'
            f'<link rel="alternate" hreflang="fr" href="{PUBLIC}{french}">'
        ) in head, page
        assert head.count('rel="alternate" hreflang') == 2, page


def test_the_review_tag_of_an_english_record_leads_to_its_entry():
    """« Review due » on an English record page leads to the record's entry on the (French) review page."""
    import datetime as dt

    from observatoire.build.workers import load_catalog
    from observatoire.site.engine import SiteEngine
    from observatoire.site.settings import SiteSettings

    project = Project(ROOT)
    catalog = load_catalog(SAMPLE_CONTENT, project.context)
    engine = SiteEngine(project, catalog, SiteSettings(), dt.datetime(2032, 1, 1))  # every record is due
    review = engine.render(urls.REVIEW)
    for slug in ("jardins-partages-fictifs", "atelier-de-reparation-fictif"):
        body = engine.render(urls.translated(urls.initiative(slug), "en"))
        anchors = re.findall(r'class="obs-tag obs-tag--a-revoir" href="\.\./\.\./a-revoir\.html#([^"]+)"', body)
        assert anchors == [f"initiatives-{slug}"], slug
        assert f'id="{anchors[0]}"' in review


def test_the_english_pages_are_planned_from_the_french_addresses():
    import datetime as dt

    from observatoire.build.workers import load_catalog
    from observatoire.site.engine import SiteEngine
    from observatoire.site.settings import SiteSettings

    project = Project(ROOT)
    engine = SiteEngine(project, load_catalog(SAMPLE_CONTENT, project.context), SiteSettings(), dt.datetime(2025, 1, 1))
    english = engine.translated_outside
    assert english and all(s.uri.startswith("en/") and s.language == "en" and not s.in_nav for s in english)
    by_uri = {s.uri: s for s in engine.pages}
    for spec in english:
        french = by_uri[spec.alternates["fr"]]
        assert spec.uri == "en/" + french.uri and french.alternates == spec.alternates
        assert spec.template == french.template
    templates = {s.template for s in english}
    assert templates == {
        "pages/initiatives.html",
        "pages/events.html",
        "pages/actors.html",
        "pages/facet.html",
        "pages/facet_value.html",
        "pages/territories.html",
        "pages/place.html",
        "pages/initiative.html",
        "pages/event.html",
        "pages/actor.html",
        "pages/map.html",
        "pages/map_world.html",
        "pages/map_without.html",
        "pages/map_place.html",
        "pages/compare.html",
    }
    # the pages with no English version yet keep none
    for spec in engine.pages:
        if spec.template == "pages/review.html":
            assert not spec.alternates, spec.uri


@pytest.mark.parametrize("over", ["http", "file"])
def test_in_chromium_the_english_search_finds_english_and_french_texts(english_summary_site, browser, over):
    """The English search page (#18): an English word finds an initiative's English title and
    summary, which the French search does not hold; a French word finds the French texts; a
    facet in English filters; French results are marked lang="fr"; the header's search box of
    an English page leads to it; the switch leads to the French search."""
    from tests.quality.sites import served

    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))

    def results(path: str) -> list[tuple[str, str | None]]:
        page, _, query = path.partition("?")
        tab.goto(_address(base, english_summary_site, page) + "?" + query)
        tab.wait_for_function("window.__obsSearchReady !== undefined")
        links = tab.locator("[data-obs-results] .obs-resultat__titre a")
        return [(links.nth(i).inner_text(), links.nth(i).get_attribute("lang")) for i in range(links.count())]

    with served(english_summary_site) if over == "http" else contextlib.nullcontext("") as base:
        assert results("en/recherche.html?q=workshop") == [("Imaginary repair workshop", None)]
        assert results("recherche.html?q=workshop") == []  # the English summary is the English page's
        assert ("Imaginary repair workshop", None) in results("en/recherche.html?q=r%C3%A9paration")
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.locator("article h1").inner_text() == "Search for an initiative"
        gardens = results("en/recherche.html?q=jardins")
        assert gardens and all(lang == "fr" for _, lang in gardens)
        assert french_left(tab.content()) == []
        # a facet, in English, filters
        results("en/recherche.html")
        everything = tab.locator("[data-obs-results] .obs-resultat").count()
        theme = tab.locator("[data-obs-facet=theme] [data-obs-value]").first
        assert french_left(theme.inner_html()) == []
        value = theme.get_attribute("data-obs-value")
        theme.locator("input").check()
        tab.wait_for_function(f"location.search.includes('theme={value}')")
        assert 0 < tab.locator("[data-obs-results] .obs-resultat").count() < everything
        assert french_left(tab.content()) == []
        # the header's box of an English page leads to the English search
        tab.goto(_address(base, english_summary_site, "en/grille.html"))
        tab.locator(".obs-header-search input[name=q]").fill("workshop")
        tab.locator(".obs-header-search input[name=q]").press("Enter")
        tab.wait_for_function("window.__obsSearchReady !== undefined")
        assert "/en/recherche.html?q=workshop" in tab.url
        assert (
            tab.locator("[data-obs-results] .obs-resultat__titre a").first.inner_text() == "Imaginary repair workshop"
        )
        tab.locator("nav.obs-languages a[hreflang=fr]").click()
        tab.wait_for_load_state("load")
        assert tab.url.split("?")[0].endswith("/recherche.html") and "/en/" not in tab.url
        context.close()  # before the server stops: the page may still be asking for its icon
    assert errors == [], errors
