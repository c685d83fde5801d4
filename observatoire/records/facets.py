"""The facets: the ways a reader narrows the records down (theme, country, size
of commune, status...), each declared once. The site's index pages and
navigation, the search's facets and URL parameters, the statistics' charts and
the open data's columns all read these declarations; their texts are the
catalog's ``facet.<id>.*`` (see :mod:`observatoire.core.i18n`).

Adding a facet: a :class:`Facet` in :data:`FACETS`, its texts in the catalogs,
and a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from observatoire.core.dates import parse as parse_date
from observatoire.core.i18n import Texts
from observatoire.core.places import country_name, subdivision_label
from observatoire.core.text import fold
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, KINDS


@dataclass(frozen=True)
class Band:
    """A range of numbers, lower bound included, upper bound excluded."""

    id: str
    low: int | None
    high: int | None

    def holds(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


UNKNOWN = "inconnue"
"""The value of a record that says nothing of what the facet reads."""

POPULATION_BANDS = (
    Band("moins-de-2000", None, 2_000),
    Band("2000-10000", 2_000, 10_000),
    Band("10000-50000", 10_000, 50_000),
    Band("50000-200000", 50_000, 200_000),
    Band("plus-de-200000", 200_000, None),
)
"""Sizes of commune; 2 000 belongs to « 2 000 à 10 000 »."""


BUDGET_BANDS = (
    Band("moins-de-10000", None, 10_000),
    Band("10000-100000", 10_000, 100_000),
    Band("100000-1000000", 100_000, 1_000_000),
    Band("plus-de-1000000", 1_000_000, None),
)
"""Orders of magnitude of a budget in euros, as the record states it (total or per period)."""


def band_of(value: float | None, bands: tuple[Band, ...]) -> str:
    if value is None:
        return UNKNOWN
    return next(band.id for band in bands if band.holds(value))


def year_of(date: str | None) -> str | None:
    """The year a date starts in, when it is known to the digit: ``2015/2016`` is
    under 2015 (the earliest it may be), ``201X`` and ``../2016`` under no year."""
    if not date:
        return None
    if "T" in date:
        return date[:4]
    return parse_date(date).year


def known_or_unknown(values: list[str]) -> list[str]:
    """The values a record gives, or :data:`UNKNOWN` when it gives none."""
    return list(values) or [UNKNOWN]


@dataclass(frozen=True)
class Facet:
    """One facet. Its values are ids; :func:`facet_values` gives their labels and order."""

    id: str
    """The search's URL parameter (``?theme=alimentation``) and the key of its texts."""
    values_of: dict[str, Callable[[Any], list[str]]]
    """For each kind of record that has the facet (by kind name), its value ids of a record."""
    order: str
    """How its values are named and ordered: ``vocabulary`` (the vocabulary's terms, in
    its order, then unknown), ``kinds``, ``countries`` and ``subdivisions`` (A–Z by name), ``bands``
    (:attr:`bands`, then unknown) or ``years`` (the most recent first, then unknown)."""
    vocabulary: str | None = None
    bands: tuple[Band, ...] = ()
    page: str | None = None
    """Folder of its index pages: ``index/<page>.html`` lists the values and
    ``index/<page>/<value>.html`` the initiatives of one; None: no index pages."""
    places: bool = False
    """Its pages are the tree of places (country, région, commune) rather than one per value."""
    nav: bool = False
    """Whether its index page is in the navigation."""
    chart: str | None = None
    """Id of its chart on the statistics page (initiatives per value); None: no chart."""
    chart_by_count: bool = False
    """The chart's bars sorted by count, largest first (else in the facet's order)."""
    column: str | None = None
    """The column of ``initiatives.csv`` holding what the facet reads."""
    feed: bool = False
    """Each of its values has an Atom feed of its initiatives (:func:`feed_file`), linked
    from the value's index page."""

    def values(self, kind_name: str, record: Any) -> list[str]:
        """The facet's value ids of a record (none when its kind has no such facet)."""
        get = self.values_of.get(kind_name)
        return list(dict.fromkeys(get(record))) if get else []


FEED_FILE = "flux.xml"
"""The Atom feed of every initiative, at the site root."""
FEEDS_FOLDER = "flux"


def feed_file(facet: Facet, value_id: str) -> str:
    """Where the Atom feed of a facet's value lies, from the site root: ``flux/pays/fr.xml``."""
    return f"{FEEDS_FOLDER}/{facet.id}/{value_id.lower()}.xml"


def _euros(budget) -> float | None:
    """The amount of a budget in euros; None when unknown or in another currency."""
    return budget.montant if budget is not None and budget.devise == "EUR" else None


def _event_country(event) -> list[str]:
    place = event.lieu
    if place is None or (place.en_ligne and not place.commune):
        return []
    return [place.pays] if place.pays else []


def _territory_subdivision(territory) -> list[str]:
    return [territory.subdivision] if territory and territory.subdivision else []


def _population(territory) -> int | None:
    return territory.population.nombre if territory.population is not None else None


FACETS: tuple[Facet, ...] = (
    Facet("type", {k.name: (lambda _r, k=k: [k.search_type]) for k in KINDS}, "kinds"),
    Facet(
        "theme",
        {INITIATIVE.name: lambda r: r.themes},
        "vocabulary",
        vocabulary="themes",
        page="themes",
        nav=True,
        chart="par-theme",
        chart_by_count=True,
        column="themes",
        feed=True,
    ),
    Facet(
        "pays",
        {
            INITIATIVE.name: lambda r: [r.territoire.pays],
            EVENT.name: _event_country,
            ACTOR.name: lambda r: [r.territoire.pays] if r.territoire else [],
        },
        "countries",
        page="territoires",
        places=True,
        nav=True,
        chart="par-pays",
        chart_by_count=True,
        column="pays",
        feed=True,
    ),
    Facet(
        "region",
        {
            INITIATIVE.name: lambda r: _territory_subdivision(r.territoire),
            ACTOR.name: lambda r: _territory_subdivision(r.territoire),
        },
        "subdivisions",
        column="subdivision",
        feed=True,
    ),
    Facet(
        "echelon",
        {INITIATIVE.name: lambda r: known_or_unknown([r.echelon] if r.echelon else [])},
        "vocabulary",
        vocabulary="echelons",
        page="echelons",
        nav=True,
        chart="par-echelon",
        column="echelon",
    ),
    Facet(
        "population",
        {INITIATIVE.name: lambda r: [band_of(_population(r.territoire), POPULATION_BANDS)]},
        "bands",
        bands=POPULATION_BANDS,
        column="population",
    ),
    Facet(
        "budget",
        {INITIATIVE.name: lambda r: [band_of(_euros(r.budget), BUDGET_BANDS)]},
        "bands",
        bands=BUDGET_BANDS,
        column="budget_montant",
    ),
    Facet(
        "statut",
        {INITIATIVE.name: lambda r: known_or_unknown([r.statut] if r.statut else [])},
        "vocabulary",
        vocabulary="statuts",
        page="statuts",
        nav=True,
        chart="par-statut",
        column="statut",
    ),
    Facet(
        "objet",
        {INITIATIVE.name: lambda r: known_or_unknown(r.objets_communs)},
        "vocabulary",
        vocabulary="objets_communs",
        page="objets_communs",
        nav=True,
        column="objets_communs",
    ),
    Facet(
        "instrument",
        {INITIATIVE.name: lambda r: known_or_unknown(r.instruments)},
        "vocabulary",
        vocabulary="instruments",
        page="instruments",
        nav=True,
        column="instruments",
    ),
    Facet(
        "annee",
        {
            INITIATIVE.name: lambda r: [year_of(r.debut) or UNKNOWN],
            EVENT.name: lambda r: [y] if (y := year_of(r.debut)) else [],
        },
        "years",
        page="annees",
        nav=True,
        chart="par-annee",
        column="debut",
    ),
)
"""Every facet, in the order the search form, the navigation and the statistics show them."""
FACETS_BY_ID = {f.id: f for f in FACETS}


@dataclass
class FacetValue:
    id: str
    label: str
    definition: str = ""
    count: int = 0
    members: list[Any] = field(default_factory=list)
    """What holds the value, as the caller counted it (slugs, positions...)."""


def facet_values(
    facet: Facet, found: dict[str, list[Any]], context, texts: Texts, *, every_term: bool = False
) -> list[FacetValue]:
    """The values of ``facet`` that ``found`` holds (value id -> members), labelled
    and in the facet's order; with ``every_term``, a vocabulary's terms that no
    record holds too. :data:`UNKNOWN` comes last, « non renseigné »."""

    def value(value_id: str, label: str, definition: str = "") -> FacetValue:
        members = found.get(value_id, [])
        return FacetValue(value_id, label, definition, len(members), members)

    if facet.order == "vocabulary":
        terms = context.vocabularies[facet.vocabulary].terms
        out = [value(t.id, t.libelle, t.definition) for t in terms if every_term or t.id in found]
    elif facet.order == "kinds":
        out = [value(k.search_type, texts(f"kind.{k.name}.plural")) for k in KINDS if k.search_type in found]
    elif facet.order == "countries":
        out = sorted(
            (value(code, country_name(code, texts.language)) for code in found if code != UNKNOWN),
            key=lambda v: (fold(v.label), v.id),
        )
    elif facet.order == "subdivisions":
        out = sorted(
            (value(code, subdivision_label(code, texts)) for code in found if code != UNKNOWN),
            key=lambda v: (fold(v.label), v.id),
        )
    elif facet.order == "bands":
        out = [value(band.id, texts(f"facet.{facet.id}.values.{band.id}")) for band in facet.bands if band.id in found]
    elif facet.order == "years":
        out = [value(y, y) for y in sorted((y for y in found if y != UNKNOWN), reverse=True)]
    else:  # pragma: no cover - a declaration with an order this function does not know
        raise ValueError(facet.order)
    if UNKNOWN in found:
        out.append(value(UNKNOWN, texts.maybe(f"facet.{facet.id}.values.{UNKNOWN}", texts("facet.unknown"))))
    return out


def group(facet: Facet, records: Iterable[tuple[str, Any, Any]]) -> dict[str, list[Any]]:
    """``records``: (kind name, record, member) triples; the members of each value, in
    the order given."""
    found: dict[str, list[Any]] = {}
    for kind_name, record, member in records:
        for value_id in facet.values(kind_name, record):
            found.setdefault(value_id, []).append(member)
    return found
