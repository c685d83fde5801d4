"""Which pages the site has, and the navigation. One :class:`PageSpec` a page;
record pages are never in the navigation, so a page's size does not grow with
the catalog. The navigation is made here from :data:`NAVIGATION` and the facets'
declarations (:mod:`observatoire.records.facets`); the engine is given it as is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.records.facets import FACETS
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE
from observatoire.records.translation import record_text
from observatoire.site import compare, maps, urls
from observatoire.site.model import SiteModel
from observatoire.site.paging import paginate


@dataclass
class PageSpec:
    uri: str
    """Source path of the page, e.g. ``initiatives/jardins.md``."""
    title: str
    template: str
    """Body template, under ``templates/pages/``."""
    data: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    source: Path | None = None
    """The content file the page shows, for the « Modifier cette fiche » link."""
    description: str = ""
    language: str = DEFAULT_LANGUAGE
    """The language of the page's texts (and of the theme's around them)."""
    alternates: dict[str, str] = field(default_factory=dict)
    """The same page in every language it has, this one included (language -> page source)."""
    head: str = ""
    """Markup of the site's own (never a record's text) for the page's head, right after its
    title, before the theme's style sheets: what must start before they are read."""


@dataclass(frozen=True)
class StaticPage:
    """A page whose address does not depend on the content. Its texts are the
    catalog's ``page.<id>.title``, ``.nav`` (its title in the navigation, when
    shorter) and ``.description``."""

    id: str
    uri: str
    template: str
    in_nav: bool = True
    """In the navigation (see :data:`NAVIGATION`), or reached from another page."""


STATIC_PAGES = (
    StaticPage("home", urls.HOME, "pages/home.html"),
    StaticPage("initiatives", urls.INITIATIVES, "pages/initiatives.html"),
    StaticPage("events", urls.EVENTS, "pages/events.html"),
    StaticPage("actors", urls.ACTORS, "pages/actors.html"),
    StaticPage("statistics", urls.STATISTICS, "pages/statistics.html"),
    StaticPage("grid", urls.GRID, "pages/grid.html"),
    StaticPage("glossary", urls.GLOSSARY, "pages/glossary.html"),
    StaticPage("open_data", urls.OPEN_DATA, "pages/open_data.html"),
    StaticPage("contribute", urls.CONTRIBUTE, "pages/contribute.html"),
    StaticPage("propose", urls.PROPOSE, "pages/propose.html"),
    StaticPage("review", urls.REVIEW, "pages/review.html", in_nav=False),
    StaticPage("compare", urls.COMPARE, "pages/compare.html", in_nav=False),
    StaticPage("search", urls.SEARCH, "pages/search.html"),
    StaticPage("map", urls.MAP, "pages/map.html"),
)
STATIC_BY_ID = {p.id: p for p in STATIC_PAGES}

FACETS_IN_NAV = "facets"
"""In :data:`NAVIGATION`: the index page of every facet declared ``nav``, in the declared order."""
NAVIGATION: tuple = (
    "home",
    "search",
    "map",
    ("initiatives", ("initiatives", FACETS_IN_NAV)),
    "events",
    "actors",
    "statistics",
    "grid",
    "glossary",
    "open_data",
    "contribute",
    "propose",
)
"""The navigation: static pages by id, and sections ``(title key, entries)``
(``nav.<title key>``); the pages written by hand (``content/pages/``) follow."""


TRANSLATED_PAGES: dict[str, tuple[str, ...]] = {
    "en": ("home", "grid", "glossary", "statistics", "open_data", "contribute", "propose", "search")
}
"""The static pages that have a version in another language than the site's (the first
pages of the English version, #18), by language: each at ``<language>/<its address>``
(:func:`urls.translated`), outside the navigation, with the texts of that language."""


def static_spec(page: StaticPage, texts: Texts) -> PageSpec:
    return PageSpec(
        page.uri,
        texts(f"page.{page.id}.title"),
        page.template,
        in_nav=page.in_nav,
        description=texts.maybe(f"page.{page.id}.description"),
    )


def languages_with(page_id: str) -> tuple[str, ...]:
    """The languages other than the site's that have a version of the static page ``page_id``."""
    return tuple(language for language, ids in TRANSLATED_PAGES.items() if page_id in ids)


def alternates(page_id: str) -> dict[str, str]:
    """The versions of the static page ``page_id``: language -> page source (none when it has no translation)."""
    page = STATIC_BY_ID[page_id]
    found = {language: urls.translated(page.uri, language) for language in languages_with(page_id)}
    return {DEFAULT_LANGUAGE: page.uri, **found} if found else {}


def translated_pages(language: str, texts: Texts) -> list[PageSpec]:
    """The pages of :data:`TRANSLATED_PAGES` in ``language``, titled by its catalog ``texts``."""
    out = []
    for page_id in TRANSLATED_PAGES.get(language, ()):
        spec = static_spec(STATIC_BY_ID[page_id], texts)
        spec.uri, spec.in_nav = urls.translated(spec.uri, language), False
        spec.language, spec.alternates = language, alternates(page_id)
        out.append(spec)
    return out


def paged(first: PageSpec, items: list, texts: Texts, size: int | None = None) -> list[PageSpec]:
    """``first``, the first page of a list of ``items``, and the pages that follow it
    (:mod:`.paging`, ``size`` items a page): each with its ``paging``
    (:class:`.paging.ListPage`); the following ones are outside the navigation."""
    out = []
    for page in paginate(first.uri, items, size):
        spec = first
        if page.number > 1:
            spec = PageSpec(
                page.uri,
                texts("pagination.title", title=first.title, page=page.number, pages=page.count),
                first.template,
                dict(first.data),
            )
        spec.data["paging"] = page
        out.append(spec)
    return out


TRANSLATED_LISTS: dict[str, tuple[str, ...]] = {"en": ("initiatives", "events", "actors", "compare", "map")}
"""The pages among the static ones that have a version in another language, with the
index pages (facets, territories), the map's other pages (world view, places, records with
no coordinates) and the records' pages (:func:`plan_pages`)."""


def title_in(record, language: str) -> str:
    """An initiative's or an event's title on a page in ``language``: its ``titre_en`` on an
    English page where it has one."""
    return record_text(record, "titre", language)[0]


def plan_pages(model: SiteModel, language: str = DEFAULT_LANGUAGE) -> list[PageSpec]:
    """Every page of the site; in another ``language`` than the site's (``model`` being in
    that language), the pages of its version that follow the catalog, at their French
    address (:func:`translate` moves them): the lists of :data:`TRANSLATED_LISTS`, the
    index pages, the territories and the records."""
    texts = model.texts
    other = language != DEFAULT_LANGUAGE
    pages = []
    for page in STATIC_PAGES:
        if other and page.id not in TRANSLATED_LISTS.get(language, ()):
            continue
        if page.id == "initiatives":
            pages += paged(static_spec(page, texts), model.alphabetical, texts)
        elif page.id == "actors":
            pages += paged(static_spec(page, texts), model.actors_listed, texts)
        elif page.id == "compare":
            spec = static_spec(page, texts)
            where = urls.translated(page.uri, language) if other else page.uri
            spec.head = compare.loader_tag(where, len(model.initiatives), language)
            pages.append(spec)
        elif page.id == "map":
            pages += paged(static_spec(page, texts), model.maps.places, texts, maps.PLACES_PAGE_SIZE)
        elif page.id != "search":
            pages.append(static_spec(page, texts))
    for facet in FACETS:
        if facet.places and facet.nav:
            pages.append(
                PageSpec(urls.TERRITORIES, texts(f"facet.{facet.id}.index"), "pages/territories.html", in_nav=True)
            )
    for facet in model.facets.values():
        pages.append(PageSpec(urls.facet(facet.page), facet.title, "pages/facet.html", {"facet": facet}, in_nav=True))
        for value in facet.values:
            if value.members:
                pages += paged(
                    PageSpec(
                        urls.facet_value(facet.page, value.id),
                        texts("facet_page.value", facet=facet.singular, value=value.label),
                        "pages/facet_value.html",
                        {"facet": facet, "value": value},
                    ),
                    value.members,
                    texts,
                )
    pages.append(PageSpec(urls.MAP_WORLD, texts("carte.world.title"), "pages/map_world.html"))
    if model.maps.without_records:
        pages += paged(
            PageSpec(urls.MAP_WITHOUT, texts("carte.without.title"), "pages/map_without.html"),
            model.maps.without_records,
            texts,
            maps.RECORDS_PAGE_SIZE,
        )
    for place in model.maps.places:
        pages.append(
            PageSpec(
                urls.map_place(place.slug), model.maps.place_label(place), "pages/map_place.html", {"place": place}
            )
        )
    for place, parents in model.places():
        pages += paged(
            PageSpec(place.uri, place.name, "pages/place.html", {"place": place, "parents": parents}),
            model.sorted_slugs(place.slugs),
            texts,
        )
    for slug, record in model.initiatives.items():
        pages.append(
            PageSpec(
                INITIATIVE.page_source(slug),
                title_in(record, language),
                "pages/initiative.html",
                {"kind": INITIATIVE.name, "slug": slug, "record": record},
                source=model.paths[(INITIATIVE.name, slug)],
                description=record_text(record, "resume", language)[0],
            )
        )
    for slug, record in model.events.items():
        pages.append(
            PageSpec(
                EVENT.page_source(slug),
                record.titre,
                "pages/event.html",
                {"kind": EVENT.name, "slug": slug, "record": record},
                source=model.paths[(EVENT.name, slug)],
                description=record.resume,
            )
        )
    for slug, record in model.actors.items():
        pages.append(
            PageSpec(
                ACTOR.page_source(slug),
                record.nom,
                "pages/actor.html",
                {"kind": ACTOR.name, "slug": slug, "record": record},
                source=model.paths[(ACTOR.name, slug)],
            )
        )
    if other:
        return translate(pages, language)
    # The search page last, as it always was (the engine renders the pages in this order).
    pages.append(static_spec(STATIC_BY_ID["search"], texts))
    translated = {STATIC_BY_ID[page_id].uri: page_id for ids in TRANSLATED_PAGES.values() for page_id in ids}
    for spec in pages:
        if spec.uri in translated:
            spec.alternates = alternates(translated[spec.uri])
    return pages


def translate(pages: list[PageSpec], language: str) -> list[PageSpec]:
    """``pages``, planned at their French addresses, moved to their address in ``language``
    (:func:`urls.translated`), outside the navigation, each knowing its French version.
    Their data keeps the French addresses (a list's pages): the renderer of the language
    links them to their translation."""
    for spec in pages:
        french = spec.uri
        spec.uri, spec.in_nav, spec.language = urls.translated(french, language), False, language
        spec.alternates = {DEFAULT_LANGUAGE: french, language: spec.uri}
    return pages


def navigation(texts: Texts, hand_written: list[str]) -> list:
    """The navigation as the engine's configuration writes it (``[{title: source}]``,
    sections as ``{title: [...]}``), then the pages written by hand, titled by themselves."""

    def entries(items) -> list:
        out = []
        for item in items:
            if item == FACETS_IN_NAV:
                for facet in FACETS:
                    if facet.nav:
                        uri = urls.TERRITORIES if facet.places else urls.facet(facet.page)
                        out.append({texts(f"facet.{facet.id}.index"): uri})
            elif isinstance(item, tuple):
                title_key, children = item
                out.append({texts(f"nav.{title_key}"): entries(children)})
            else:
                page = STATIC_BY_ID[item]
                out.append({texts.maybe(f"page.{page.id}.nav", texts(f"page.{page.id}.title")): page.uri})
        return out

    return entries(NAVIGATION) + sorted(hand_written)
