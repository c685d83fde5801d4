"""The site's maps: where each record is, the map page (« Carte »), each record's
locator map and the map of a territory page. Projection and drawing are
:mod:`observatoire.core.maps`'s; this module only says which records are marks,
what each mark is called and where it leads.

Records at the same coordinates are one **place**, with a page of its own
(``carte/<country>-<name>.html``) that lists its records; a mark standing for
several records leads there, and the map page lists every place (in pages of
:data:`PLACES_PAGE_SIZE`). The France view (on the map page) shows what lies in
metropolitan France (and the edges of its neighbours) and the overseas
départements; the world view (on a page of its own) shows the rest, and one mark
that leads to the France view."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup, escape

from observatoire.core.formats import number
from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.core.maps import draw, views
from observatoire.core.maps.geometry import LICENCE
from observatoire.core.places import country_name, subdivision_label
from observatoire.core.text import fold, slugged
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, KINDS, Kind
from observatoire.records.translation import record_text
from observatoire.site import urls

FOLDER = "assets/observatoire/carte"
"""The bases of the views (one SVG file each), their licence and the map script."""
LICENCE_FILE = f"{FOLDER}/LICENCE-world-atlas.txt"
SCRIPT_FILE = "carte.js"
"""Zoom and pan, under ``assets/observatoire/`` (the maps work without it)."""
STYLE_FILE = "carte.css"
PLACES_PAGE_SIZE = 300
"""Places listed on one page of the map page's list (~95 bytes of HTML each)."""
RECORDS_PAGE_SIZE = 300
"""Records listed on one page of the list of those with no coordinates (~110 bytes each)."""
SHAPES = {INITIATIVE.name: "i", EVENT.name: "e", ACTOR.name: "a"}
"""The mark of each kind of record (see :data:`observatoire.core.maps.draw.KINDS`)."""
FRANCE_CENTRE = (2.5, 46.6)
"""Where the world view's mark of the France view stands."""


FRENCH = f' lang="{DEFAULT_LANGUAGE}"'
"""On a record's own text in a page of another language."""


def base_file(view: views.View, language: str = DEFAULT_LANGUAGE) -> str:
    """The base of ``view``; that of the France view in another language than the site's (its
    insets are named) in a folder of its own: ``assets/observatoire/carte/en/france.svg``."""
    if language != DEFAULT_LANGUAGE and view.id == "france":
        return f"{FOLDER}/{language}/{view.id}.svg"
    return f"{FOLDER}/{view.id}.svg"


@dataclass
class Located:
    """A record that has coordinates."""

    kind: Kind
    slug: str
    title: str
    lon: float
    lat: float
    city: str | None
    area: str | None
    """Its région, or département, when it names no city."""
    country: str

    @property
    def uri(self) -> str:
        return self.kind.page_source(self.slug)


@dataclass
class MapPlace:
    """Records at the same coordinates."""

    number: int
    lon: float
    lat: float
    records: list[Located] = field(default_factory=list)
    name: str = ""
    country: str = ""
    slug: str = ""
    """Its page's name: country code and name (« fr-brest »), numbered when two places share them."""

    @property
    def uri(self) -> str:
        return urls.map_place(self.slug)

    @property
    def shape(self) -> str:
        kinds = {SHAPES[r.kind.name] for r in self.records}
        return kinds.pop() if len(kinds) == 1 else ""


def _name(records: list[Located], language: str) -> tuple[str, str]:
    """(name, country code) of a place: the city most of its records name, else
    their région or département, else their country."""
    countries = Counter(r.country for r in records)
    country = min(countries, key=lambda c: (-countries[c], c))
    for attribute in ("city", "area"):
        names = Counter(getattr(r, attribute) for r in records if getattr(r, attribute))
        if names:
            return min(names, key=lambda n: (-names[n], n)), country
    return country_name(country, language), country


class SiteMaps:
    """Every map of one build."""

    def __init__(self, model, texts: Texts):
        self.model = model
        self.texts = texts
        self._numbers: dict[int, str] = {}
        self._views: dict[str, views.View] = {}
        self._at: dict[tuple[str, int], tuple[float, float] | None] = {}
        self._locators: dict[tuple[int, str, bool], str] = {}
        self.links: dict[str, str] = {}
        """The pages that have a version in the language of the pages these maps are on
        (French source -> its source): the marks and lists lead there (set by the engine)."""
        self.slugs_of: Callable[[float, float], str] | None = None
        """The name of the page of the place at (lon, lat) in the site's language: the places
        of a version in another language take the same (set by the engine), so that their pages
        are each other's translation (the names of regions and countries differ)."""

    def _target(self, uri: str) -> str:
        """The page ``uri`` in the language of these maps' pages (see :attr:`links`)."""
        return self.links.get(uri, uri)

    # --- what is where -------------------------------------------------------------

    @cached_property
    def located(self) -> dict[tuple[str, str], Located]:
        """The records that have coordinates, by (kind name, slug)."""
        out = {}
        for kind in KINDS:
            for slug, entry in self.model.catalog.of_kind(kind).items():
                record = entry.record
                point = kind.coordinates(record)
                if point is None:
                    continue
                where = kind.place(record)
                code = getattr(where, "subdivision", None)
                area = subdivision_label(code, self.model.texts) if code else getattr(where, "departement", None)
                out[(kind.name, slug)] = Located(
                    kind,
                    slug,
                    self._title(kind, record)[0],
                    point[0],
                    point[1],
                    self.model.city(where),  # commune_en in English
                    area,
                    where.pays,
                )
        return out

    def _title(self, kind: Kind, record) -> tuple[str, bool]:
        """A record's title in the language of these maps' pages (an initiative's ``titre_en``
        in English, :func:`record_text`), and whether it is the record's own on a page of
        another language than the site's (marked French, :data:`FRENCH`)."""
        page = self.texts.language
        title, language = record_text(record, kind.title_field, page)
        return title, page != DEFAULT_LANGUAGE and language != page

    @cached_property
    def without(self) -> dict[str, list[str]]:
        """Slugs of the records with no coordinates, by kind name, A–Z by title."""
        out = {}
        for kind in KINDS:
            records = {s: e.record for s, e in self.model.catalog.of_kind(kind).items()}
            slugs = [s for s in records if (kind.name, s) not in self.located]
            out[kind.name] = sorted(slugs, key=lambda s: (fold(getattr(records[s], kind.title_field)), s))
        return out

    @cached_property
    def places(self) -> list[MapPlace]:
        """Every place, by country then by name (A–Z), numbered in that order."""
        groups: dict[tuple[float, float], list[Located]] = {}
        for item in self.located.values():
            groups.setdefault((round(item.lon, 4), round(item.lat, 4)), []).append(item)
        places = []
        language = self.texts.language
        order = {k.name: i for i, k in enumerate(KINDS)}
        for (lon, lat), records in groups.items():
            if len(records) > 1:
                records.sort(key=lambda r: (order[r.kind.name], fold(r.title), r.slug))
            name, country = _name(records, language)
            places.append(MapPlace(0, lon, lat, records, name, country))
        countries = {p.country: fold(country_name(p.country, language)) for p in places}
        places.sort(key=lambda p: (countries[p.country], fold(p.name), p.lat, p.lon))
        taken: dict[str, int] = {}
        for i, place in enumerate(places, 1):
            place.number = i
            if self.slugs_of is not None:
                place.slug = self.slugs_of(place.lon, place.lat)
                continue
            base = f"{place.country.lower()}-{slugged(place.name)[:60].rstrip('-') or 'lieu'}"
            taken[base] = taken.get(base, 0) + 1
            place.slug = base if taken[base] == 1 else f"{base}-{taken[base]}"
        return places

    @cached_property
    def _slugs(self) -> dict[tuple[float, float], str]:
        return {(place.lon, place.lat): place.slug for place in self.places}

    def slug_at(self, lon: float, lat: float) -> str:
        """The name of the page of the place at (``lon``, ``lat``)."""
        return self._slugs[(lon, lat)]

    @cached_property
    def place_of(self) -> dict[tuple[str, str], MapPlace]:
        return {(r.kind.name, r.slug): place for place in self.places for r in place.records}

    @cached_property
    def _positions(self) -> dict[int, tuple[str, float, float]]:
        """Each place's view (``france`` or ``monde``) and position in it."""
        france, world = views.france(), views.world()
        out = {}
        for place in self.places:
            at = france.position(place.lon, place.lat)
            view = france
            if at is None:
                view, at = world, world.position(place.lon, place.lat)
            out[place.number] = (view.id, round(at[0], 1), round(at[1], 1))
        return out

    def in_france_view(self, place: MapPlace) -> bool:
        return self._positions[place.number][0] == "france"

    # --- files ---------------------------------------------------------------------------

    def files(self) -> dict[str, bytes]:
        """The bases of the views the pages show, and the licence of their boundaries."""
        names = {code: country_name(code, self.texts.language) for code, _ in views.INSETS}
        out = {base_file(v): draw.base_svg(v, names).encode("utf-8") for v in (views.world(), views.france())}
        for code in self._countries:
            view = self.country_view(code)
            if view.id not in ("france", "monde"):
                out[base_file(view)] = draw.base_svg(view).encode("utf-8")
        out[LICENCE_FILE] = LICENCE.read_bytes()
        return out

    def language_files(self) -> dict[str, bytes]:
        """The bases that have texts, in the language of these maps' pages when it is not the
        site's (the France view's insets): :meth:`files` has the others."""
        language = self.texts.language
        if language == DEFAULT_LANGUAGE:
            return {}
        names = {code: country_name(code, language) for code, _ in views.INSETS}
        france = views.france()
        return {base_file(france, language): draw.base_svg(france, names).encode("utf-8")}

    @cached_property
    def _countries(self) -> dict[str, list[tuple[float, float]]]:
        """The countries that have a territory page (those of the initiatives), with
        the coordinates of their initiatives."""
        out: dict[str, list[tuple[float, float]]] = {}
        for slug, record in self.model.initiatives.items():
            points = out.setdefault(record.territoire.pays, [])
            item = self.located.get((INITIATIVE.name, slug))
            if item is not None:
                points.append((item.lon, item.lat))
        return out

    def country_view(self, code: str) -> views.View:
        view = self._views.get(code)
        if view is None:
            view = self._views[code] = views.country(code, self._countries.get(code, []))
        return view

    def _position(self, view: views.View, place: MapPlace) -> tuple[float, float] | None:
        """Where a place is on a view (None: off it), computed once."""
        key = (view.id, place.number)
        if key not in self._at:
            at = view.position(place.lon, place.lat)
            self._at[key] = (round(at[0], 1), round(at[1], 1)) if at else None
        return self._at[key]

    def _number(self, n: int) -> str:
        text = self._numbers.get(n)
        if text is None:
            text = self._numbers[n] = number(n, self.texts)
        return text

    def _n(self, n: int, places: int | None = None) -> dict:
        """The parameters of a catalog text about ``n`` things: ``n`` chooses its plural
        form, ``{count}`` writes it (« 10 000 »), and ``{places}`` a number of places (« 3 lieux »)."""
        out = {"n": n, "count": self._number(n)}
        if places is not None:  # « 1 lieu », « 3 lieux »: its own plural
            out["places"] = self.texts("carte.places_count", n=places, count=self._number(places))
        return out

    # --- marks -----------------------------------------------------------------------------

    def _record_label(self, item: Located, place: MapPlace) -> str:
        return self.texts("carte.mark.record", title=item.title, place=self.place_label(place))

    def place_label(self, place: MapPlace) -> str:
        """« Brest, France »."""
        return (
            f"{place.name}, {country_name(place.country, self.texts.language)}"
            if place.name != country_name(place.country, self.texts.language)
            else place.name
        )

    def _mark(self, place: MapPlace, records: list[Located], page_uri: str) -> draw.Mark:
        if len(records) == 1:
            item = records[0]
            return draw.Mark(
                place.lon,
                place.lat,
                self._record_label(item, place),
                urls.relative(page_uri, self._target(item.uri)),
                SHAPES[item.kind.name],
            )
        kinds = {SHAPES[r.kind.name] for r in records}
        label = self.texts("carte.mark.place", **self._n(len(records)), place=self.place_label(place))
        return draw.Mark(
            place.lon,
            place.lat,
            label,
            urls.relative(page_uri, self._target(place.uri)),
            kinds.pop() if len(kinds) == 1 else "",
            len(records),
        )

    def _placed(self, view_id: str, marks: list[tuple[MapPlace, draw.Mark]]) -> list[draw.Placed]:
        out = [
            draw.Placed(mark, *self._positions[place.number][1:])
            for place, mark in marks
            if self._positions[place.number][0] == view_id
        ]
        out.sort(key=draw.drawing_order)
        return out

    # --- the map page -----------------------------------------------------------------------

    def view_map(self, view_id: str, page_uri: str) -> Markup:
        """The map of one view, ``france`` (on the map page) or ``monde`` (on its own
        page, :data:`urls.MAP_WORLD`: at 10,000 initiatives the two together weighed
        560 kB of HTML). The world view has one mark more, which leads to the France view."""
        marks = [(place, self._mark(place, place.records, page_uri)) for place in self.places]
        in_france = [p for p in self.places if self.in_france_view(p)]
        n_france = sum(len(p.records) for p in in_france)
        if view_id == "france":
            france = views.france()
            return draw.map_svg(
                france,
                self._placed("france", marks),
                urls.relative(page_uri, base_file(france, self.texts.language)),
                self.texts("carte.view.france.label", **self._n(n_france, len(in_france))),
            )
        world = views.world()
        placed = self._placed("monde", marks)
        if in_france:
            x, y = world.position(*FRANCE_CENTRE)
            mark = draw.Mark(
                *FRANCE_CENTRE,
                self.texts("carte.mark.france", **self._n(n_france, len(in_france))),
                urls.relative(page_uri, self._target(urls.MAP)),
                "",
                n_france,
            )
            placed.append(draw.Placed(mark, round(x, 1), round(y, 1)))
            placed.sort(key=draw.drawing_order)
        n_world = sum(len(p.records) for p in self.places) - n_france
        return draw.map_svg(
            world,
            placed,
            urls.relative(page_uri, base_file(world, self.texts.language)),
            self.texts("carte.view.monde.label", **self._n(n_world, len(self.places) - len(in_france))),
        )

    def place_list(self, page_uri: str, places: list[MapPlace] | None = None) -> Markup:
        """``places`` (by default all of them, in order), by country, each linking to its
        page and saying what it holds: the map as a list. The map page shows it
        :data:`PLACES_PAGE_SIZE` places a page."""
        places = self.places if places is None else places
        link = urls.folder_link(page_uri, posixpath.dirname(self._target(places[0].uri))) if places else ""
        language = self.texts.language
        parts = []
        country = None
        for place in places:
            if place.country != country:
                if country is not None:
                    parts.append("</ul>")
                country = place.country
                parts.append(
                    f'<h3 id="pays-{country.lower()}">{escape(country_name(country, language))}</h3>'
                    '<ul class="obs-places">'
                )
            parts.append(
                f'<li><a href="{link}{place.slug}.html">{escape(place.name)}</a> ({escape(self.summary(place))})</li>'
            )
        if country is not None:
            parts.append("</ul>")
        return Markup("".join(parts))

    def summary(self, place: MapPlace) -> str:
        """« 2 initiatives, 1 organisation »."""
        counts = Counter(r.kind.name for r in place.records)
        return ", ".join(
            self.texts(f"carte.count.{k.name}", **self._n(counts[k.name])) for k in KINDS if counts[k.name]
        )

    def records_of(self, place: MapPlace) -> list[tuple[str, str, list[str]]]:
        """A place's records by kind: (kind name, its plural name, slugs)."""
        out = []
        for kind in KINDS:
            slugs = [r.slug for r in place.records if r.kind is kind]
            if slugs:
                out.append((kind.name, self.texts(f"kind.{kind.name}.plural"), slugs))
        return out

    @cached_property
    def without_records(self) -> list[tuple[str, str]]:
        """(kind name, slug) of every record with no coordinates, by kind then A–Z:
        the items of the pages of :data:`urls.MAP_WITHOUT`."""
        return [(kind.name, slug) for kind in KINDS for slug in self.without[kind.name]]

    def without_list(self, page_uri: str, items: list[tuple[str, str]] | None = None) -> list[tuple[str, Markup]]:
        """``items`` of :attr:`without_records` (by default all), by kind: (its name, plural; list items)."""
        out = []
        items = self.without_records if items is None else items
        for kind in KINDS:
            slugs = [slug for kind_name, slug in items if kind_name == kind.name]
            if not slugs:
                continue
            records = self.model.catalog.of_kind(kind)
            link = urls.folder_link(page_uri, posixpath.dirname(self._target(kind.page_source(slugs[0]))))
            titles = [self._title(kind, records[s].record) for s in slugs]
            html = "".join(
                f'<li><a href="{link}{s}.html"{FRENCH if french else ""}>{escape(title)}</a></li>'
                for s, (title, french) in zip(slugs, titles, strict=True)
            )
            out.append((self.texts(f"kind.{kind.name}.plural"), Markup(html)))
        return out

    # --- a record's locator map ---------------------------------------------------------------

    def locator(self, kind_name: str, slug: str, page_uri: str) -> Markup:
        """A small map that shows where a record is, as a figure (the map is an image:
        its caption links to the page of its place), or '' when the record has no
        coordinates. It prints with the record's sheet."""
        place = self.place_of.get((kind_name, slug))
        return self.place_locator(place, page_uri, link=True) if place else Markup("")

    def place_locator(self, place: MapPlace, page_uri: str, link: bool = False) -> Markup:
        """The locator map of a place (the same for every record there, in one folder: made once)."""
        key = (place.number, posixpath.dirname(page_uri), link)
        if key not in self._locators:
            self._locators[key] = self._place_locator(place, page_uri, link)
        return Markup(self._locators[key])

    def _place_locator(self, place: MapPlace, page_uri: str, link: bool) -> Markup:
        view_id, x, y = self._positions[place.number]
        view = views.france() if view_id == "france" else views.world()
        crop = None if view_id == "france" else views.crop(view, [(x, y)], least=0.22, aspect=1.6)
        where = self.place_label(place)
        vx, vy, vw, vh = crop or (0, 0, view.width, view.height)
        dot = max(vw / 70, 3.0)
        caption = escape(where)
        if link:
            caption += Markup(
                f'<span class="obs-no-print"> · <a href="{escape(urls.relative(page_uri, self._target(place.uri)))}">'
                f"{escape(self.texts('carte.locator.link'))}</a></span>"
            )
        return Markup(
            f'<figure class="obs-locator"><svg class="obs-locator__svg" viewBox="{vx} {vy} {vw} {vh}" role="img" '
            f'aria-label="{escape(self.texts("carte.locator.label", place=where))}">'
            f'<image href="{escape(urls.relative(page_uri, base_file(view, self.texts.language)))}" width="{view.width}" '
            f'height="{view.height}"/><circle class="obs-locator__dot" cx="{x}" cy="{y}" r="{dot:.1f}" '
            f'stroke-width="{dot / 3:.1f}"/></svg><figcaption>{caption}</figcaption></figure>'
        )

    # --- a territory page's map -----------------------------------------------------------------

    def territory_map(self, slugs: list[str], page_uri: str, whole_country: bool) -> Markup:
        """The map of a territory page: its initiatives (``slugs``, all of one country)
        on the map of that country, the whole country or (a région, a city) around them."""
        items = [self.located[(INITIATIVE.name, s)] for s in slugs if (INITIATIVE.name, s) in self.located]
        if not items:
            return Markup("")
        code = items[0].country
        view = self.country_view(code)
        groups: dict[int, list[Located]] = {}
        places: dict[int, MapPlace] = {}
        for item in items:
            place = self.place_of[(INITIATIVE.name, item.slug)]
            groups.setdefault(place.number, []).append(item)
            places[place.number] = place
        placed = []
        for n in groups:
            at = self._position(view, places[n])
            if at is not None:
                placed.append(draw.Placed(self._mark(places[n], groups[n], page_uri), *at))
        placed.sort(key=draw.drawing_order)
        if not placed:
            return Markup("")
        crop = None if whole_country else views.crop(view, [(p.x, p.y) for p in placed])
        label = self.texts("carte.territory.label", **self._n(len(items), len(groups)))
        return draw.map_svg(view, placed, urls.relative(page_uri, base_file(view, self.texts.language)), label, crop)
