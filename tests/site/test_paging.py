"""Long lists in pages (observatoire/site/paging.py): every initiative is reached
from its lists' pages, in order, each page linked from the others with previous and
next, the counts right; static pages that work without JavaScript, from file://."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import unescape
from pathlib import Path

import pytest

from observatoire.records.catalog import load_catalog
from observatoire.records.kinds import KINDS_BY_NAME
from observatoire.records.project import Project
from observatoire.records.synthetic import write_synthetic
from observatoire.site import maps, paging, urls
from observatoire.site.engine import SiteEngine
from observatoire.site.paging import ListPage, page_uri, paginate
from observatoire.site.settings import SiteSettings
from tests.browser import AXE, AXE_MISSING
from tests.sitebuild import built_site

ROOT = Path(__file__).resolve().parents[2]
INITIATIVE_LINK = re.compile(r'<a class="obs-item__title" href="([^"]+)"')


def test_pages_of_a_list():
    items = list(range(250))
    pages = paginate("index/themes/culture.md", items, 100)
    assert [p.uri for p in pages] == [
        "index/themes/culture.md",
        "index/themes/culture.page-2.md",
        "index/themes/culture.page-3.md",
    ]
    assert [p.items for p in pages] == [items[:100], items[100:200], items[200:]]
    assert [(p.first, p.last, p.total, p.count) for p in pages] == [
        (1, 100, 250, 3),
        (101, 200, 250, 3),
        (201, 250, 250, 3),
    ]
    assert (pages[0].previous, pages[0].next) == (None, pages[1].uri)
    assert (pages[2].previous, pages[2].next) == (pages[1].uri, None)
    assert [p.uri for p in paginate("a.md", items[:100], 100)] == ["a.md"]
    assert paginate("a.md", [], 100) == [ListPage(1, ("a.md",), 0, [], 0)]
    assert page_uri("initiatives/index.md", 2) == "initiatives/index.page-2.md"
    assert [paging.page_of(i, 100) for i in (0, 99, 100, 249)] == [1, 1, 2, 3]
    # a long list names the first page, the last and two on either side of this one
    long = paginate("a.md", list(range(2000)), 100)
    assert [k for k, _ in long[0].numbers()[:3]] == [1, 2, 3] and long[0].numbers()[3] is None
    assert [link and link[0] for link in long[9].numbers()] == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link and link[0] for link in long[2].numbers()] == [1, 2, 3, 4, 5, None, 20]
    assert [k for k, _ in paginate("a.md", list(range(1200)), 100)[5].numbers()] == list(range(1, 13))


# --- every list of a site, page by page (in the process, with pages of 20) ---------------------------------


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    project = Project(ROOT)
    content = tmp_path_factory.mktemp("liste") / "content"
    write_synthetic(content, 260, seed=4, context=project.context, words=30)
    for path in sorted((content / "initiatives").glob("*.yml"))[:45]:  # records the map cannot place
        path.write_text(re.sub(r"\n  coordonnees:\n    lat: \S+\n    lon: \S+", "", path.read_text("utf-8")), "utf-8")
    catalog = load_catalog(content, project.context)
    assert catalog.problems == []
    saved = paging.PAGE_SIZE, maps.PLACES_PAGE_SIZE, maps.RECORDS_PAGE_SIZE
    paging.PAGE_SIZE = maps.PLACES_PAGE_SIZE = maps.RECORDS_PAGE_SIZE = 20
    try:
        yield SiteEngine(project, catalog, SiteSettings(), dt.datetime(2025, 1, 1))
    finally:
        paging.PAGE_SIZE, maps.PLACES_PAGE_SIZE, maps.RECORDS_PAGE_SIZE = saved


def _target(page: str, href: str) -> str:
    """The page source a link of ``page`` leads to (fragment dropped)."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return path.removesuffix(".html") + ".md"


def walk_links(engine: SiteEngine, first: str, link: re.Pattern) -> tuple[list[str], list[str]]:
    """Follow a list from its first page by its « next » links: (pages in order, the targets of
    ``link`` in order)."""
    pages, found = [], []
    uri: str | None = first
    while uri:
        assert uri not in pages, f"boucle : {uri}"
        pages.append(uri)
        body = engine.render(uri)
        found += [_target(uri, h) for h in link.findall(body)]
        nexts = set(re.findall(r'<a href="([^"]+)" rel="next">', body))
        assert len(nexts) <= 1
        uri = _target(uri, nexts.pop()) if nexts else None
    return pages, found


def walk(engine: SiteEngine, first: str) -> tuple[list[str], list[str]]:
    """Follow a list from its first page by its « next » links: (pages in order, initiatives in order)."""
    pages, targets = walk_links(engine, first, INITIATIVE_LINK)
    return pages, [posixpath.basename(t).removesuffix(".md") for t in targets]


def expected_numbers(count: int, number: int) -> list:
    """Every page when there are 12 or fewer; else the first, the last and two on either side of
    this one, ``None`` where pages are left out."""
    if count <= 12:
        return [(k, None) for k in range(1, count + 1)]
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    out = []
    for k in shown:
        if out and k > out[-1][0] + 1:
            out.append(None)
        out.append((k, None))
    return out


def check_list(engine: SiteEngine, first: str, expected: list[str], label: str = "Initiatives") -> int:
    """The list whose first page is ``first`` shows ``expected`` in order, at most a page's
    worth a page, each page linked to every other in order, its numbers right; its page count."""
    pages, slugs = walk(engine, first)
    assert slugs == expected, first
    assert len(pages) == max(1, -(-len(expected) // paging.PAGE_SIZE)), first
    for number, uri in enumerate(pages, start=1):
        body = engine.render(uri)
        items = len(INITIATIVE_LINK.findall(body))
        assert items <= paging.PAGE_SIZE
        if len(pages) == 1:
            assert 'class="obs-pages"' not in body
            continue
        # twice: above and below the list, each with every page in order and the current one marked
        navs = re.findall(r'<nav class="obs-pages" aria-label="([^"]+)">(.*?)</nav>', body, re.S)
        assert [label for label, _ in navs] == ["Pages de la liste", "Pages de la liste (bas)"]
        for _, nav in navs:
            numbered = re.findall(
                r'<li><a href="([^"]+)">(\d+)</a></li>|<li><a aria-current="page">(\d+)</a></li>'
                r'|<li class="obs-pages__gap">(…)</li>',
                nav,
            )
            shown = [None if gap else int(n or current) for _, n, current, gap in numbered]
            assert shown == [None if link is None else link[0] for link in expected_numbers(len(pages), number)]
            assert [_target(uri, h) if h else uri for h, _, c, _ in numbered if h or c] == [
                pages[k - 1] for k in shown if k is not None
            ]
            assert [current for _, _, current, _ in numbered if current] == [str(number)]
            previous = re.findall(r'<a href="([^"]+)" rel="prev">', nav)
            assert [_target(uri, h) for h in previous] == pages[number - 2 : number - 1] if number > 1 else not previous
            first_item = (number - 1) * paging.PAGE_SIZE + 1
            assert (
                f"{label} {first_item} à {first_item + items - 1} sur {len(expected)} · page {number} sur {len(pages)}"
            ) in unescape(nav)
    return len(pages)


def test_the_a_to_z_list_in_pages(engine):
    model = engine.model
    assert check_list(engine, urls.INITIATIVES, model.alphabetical) == 13
    titles = [spec.title for spec in engine.pages if spec.uri.startswith("initiatives/index")]
    assert titles[:3] == [
        "Toutes les initiatives (A–Z)",
        "Toutes les initiatives (A–Z), page 2 sur 13",
        "Toutes les initiatives (A–Z), page 3 sur 13",
    ]
    # the letters lead to the page where each starts; the others say « (suite) »
    second = engine.render(page_uri(urls.INITIATIVES, 2))
    assert "<h2>I (suite)</h2>" in second and 'id="lettre-i"' not in second
    assert '<a href="index.html#lettre-i">I</a>' in second
    assert "données ouvertes" in engine.render(urls.INITIATIVES)


def test_every_facet_value_in_pages(engine):
    paged = 0
    for facet in engine.model.facets.values():
        for value in facet.values:
            if value.members:
                paged += check_list(engine, urls.facet_value(facet.page, value.id), value.members) > 1
    assert paged >= 10


def test_every_territory_in_pages_with_its_subdivisions(engine):
    model = engine.model
    paged = 0
    for place, _ in model.places():
        paged += check_list(engine, place.uri, model.sorted_slugs(place.slugs)) > 1
        first = engine.render(place.uri)
        for child in place.children.values():  # on its first page: every subdivision with its count
            # the name, its local name if it has one, the count
            assert re.search(
                rf">{re.escape(child.name)}</a>( <span [^>]+>\([^<]+\)</span>)? \({child.count}\)</li>", unescape(first)
            ), child.name
    assert paged >= 5


def test_every_initiative_is_reached_from_the_a_to_z_its_values_and_its_places(engine):
    model = engine.model
    reached: dict[str, set[str]] = {slug: set() for slug in model.initiatives}
    for first, kind in (
        [(urls.INITIATIVES, "az")]
        + [(urls.facet_value(f.page, v.id), f.id) for f in model.facets.values() for v in f.values if v.members]
        + [(place.uri, place.level) for place, _ in model.places()]
    ):
        for slug in walk(engine, first)[1]:
            reached[slug].add(kind)
    for slug, kinds in reached.items():
        assert {"az", "pays", "theme", "statut"} <= kinds, slug


def test_the_organisations_in_pages_by_type(engine):
    model = engine.model
    assert len(model.actors) > paging.PAGE_SIZE
    assert check_list(engine, urls.ACTORS, model.actors_listed, "Organisations") == 2
    types = [term.id for term in model.vocabularies["types_acteurs"].terms]
    listed = [(types.index(model.actors[s].type), model.actors[s].nom) for s in model.actors_listed]
    assert listed == sorted(listed, key=lambda pair: (pair[0], pair[1].lower()))
    second = engine.render(page_uri(urls.ACTORS, 2))
    last_type = model.actors[model.actors_listed[paging.PAGE_SIZE - 1]].type
    if model.actors[model.actors_listed[paging.PAGE_SIZE]].type == last_type:
        assert f"<h2>{model.label('types_acteurs', last_type)} (suite)</h2>" in second


def test_the_territories_page_lists_two_levels(engine):
    body = unescape(engine.render(urls.TERRITORIES))
    model = engine.model
    for country in model.territories.values():
        assert f"{country.name}</a> ({country.count})" in body
        for child in country.children.values():
            assert f"{child.name}</a> ({child.count})" in body
            for grandchild in child.children.values():  # on their région's page
                assert f">{grandchild.name}</a>" not in body


def test_the_map_lists_its_places_and_the_records_without_coordinates_in_pages(engine):
    places = engine.model.maps.places
    assert len(places) > 2 * maps.PLACES_PAGE_SIZE
    pages, found = walk_links(engine, urls.MAP, re.compile(r'<li><a href="(carte/[^"]+)">'))
    assert found == [p.uri for p in places]
    assert len(pages) == -(-len(places) // maps.PLACES_PAGE_SIZE)
    first = engine.render(urls.MAP)
    assert 'id="carte-france"' in first and 'id="carte-monde"' not in first  # the world has its page
    assert "carte-france" not in engine.render(pages[1])  # the next pages: the list only
    assert f"Lieux 21 à 40 sur {len(places)} · page 2 sur {len(pages)}" in unescape(engine.render(pages[1]))
    without = engine.model.maps.without_records
    assert without, "the synthetic content has records with no coordinates"
    pages, found = walk_links(engine, urls.MAP_WITHOUT, re.compile(r'<li><a href="(\.\./[^"]+)">'))
    assert found == [f"{KINDS_BY_NAME[kind].site_folder}/{slug}.md" for kind, slug in without]
    assert len(pages) == -(-len(without) // maps.RECORDS_PAGE_SIZE)


# --- a real build: the pages exist, link to one another, and work without JavaScript -------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = Project(ROOT)
    content = tmp_path_factory.mktemp("grande-liste") / "content"
    write_synthetic(content, 230, seed=6, context=project.context, words=30)
    return built_site(tmp_path_factory.mktemp("site-pages") / "projet", content)


def test_built_pages_follow_one_another_without_javascript(site, browser):
    from tests.linkcheck import broken_links, site_pages

    assert (site / "initiatives" / "index.page-3.html").is_file()
    assert not (site / "initiatives" / "index.page-4.html").exists()
    assert broken_links(site, site_pages(site)) == []
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "initiatives" / "index.html").as_uri())
    seen = []
    for number in (1, 2, 3):
        suffix = f", page {number} sur 3" if number > 1 else ""
        assert page.title().startswith("Toutes les initiatives (A–Z)" + suffix)
        seen += page.locator("article .obs-item__title").all_inner_texts()
        following = page.locator("nav.obs-pages").first.locator("a[rel=next]")
        if number < 3:
            following.click()
            page.wait_for_load_state("load")
        else:
            assert following.count() == 0
    assert len(seen) == 230 == len(set(seen))
    page.locator("nav.obs-pages").first.locator("a[rel=prev]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/initiatives/index.page-2.html")
    context.close()


@pytest.mark.skipif(not AXE.is_file(), reason=AXE_MISSING)
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_paged_pages_have_no_accessibility_violation(site, browser, width, height):
    from tests.quality.test_accessibility import RUN_AXE, TAGS

    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for path in ("initiatives/index.page-2.html", "index/territoires/fr.html"):
        page.goto((site / path).as_uri())
        assert page.locator("nav.obs-pages").count() == 2, path
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(RUN_AXE, TAGS) == [], (path, width)
    context.close()


def test_the_english_lists_are_paged_as_the_french(engine):
    """The English A–Z, a facet's value and a territory (#18): the same pages under en/, the
    same initiatives in the same order, each leading to its English page, in English."""
    model = engine.model
    place = max((p for p, _ in model.places()), key=lambda p: p.count)
    value = max((v for f in model.facets.values() for v in f.values), key=lambda v: v.count)
    facet = next(f for f in model.facets.values() if value in f.values)
    for first, expected in (
        (urls.INITIATIVES, model.alphabetical),
        (urls.facet_value(facet.page, value.id), value.members),
        (place.uri, model.sorted_slugs(place.slugs)),
    ):
        french, _ = walk(engine, first)
        pages, slugs = walk(engine, urls.translated(first, "en"))
        assert len(french) > 1 and pages == [urls.translated(p, "en") for p in french], first
        assert slugs == expected, first
        body = engine.render(pages[1])
        assert all(_target(pages[1], h).startswith("en/initiatives/") for h in INITIATIVE_LINK.findall(body))
        assert 'aria-label="Pages of the list"' in body and "Pages de la liste" not in body
        assert f"page 2 of {len(pages)}" in body
    titles = [spec.title for spec in engine.translated_outside if spec.uri.startswith("en/initiatives/index")]
    assert titles[:2] == ["All initiatives (A–Z)", f"All initiatives (A–Z), page 2 of {len(titles)}"]
