"""The facets: the ways a reader narrows the records down (theme, country, size
of commune, status...), each declared once. The site's index pages and
navigation, the search's facets and URL parameters, the statistics' charts and
the open data's columns all read these declarations; their texts are the
catalog's ``facet.<id>.*`` (see :mod:`observatoire.core.i18n`).

Adding a facet: a :class:`Facet` in :data:`FACETS`, its texts in the catalogs,
and a test.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from observatoire.core.i18n import Texts
from observatoire.core.places import country_name
from observatoire.core.text import fold, slugged
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


_YEAR = re.compile(r"^\d{4}")


def year_of(date: str | None) -> str | None:
    """The year a date starts with, if any."""
    match = _YEAR.match(date) if date else None
    return match.group(0) if match else None


def region_id(country: str, region: str) -> str:
    """A région's value: its country and the slug of its name, so that « Ile » and
    « Île » spellings are one région."""
    return f"{country.lower()}-{slugged(region) or 'sans-nom'}"


@dataclass(frozen=True)
class Facet:
    """One facet. Its values are ids; :func:`facet_values` gives their labels and order."""

    id: str
    """The search's URL parameter (``?theme=alimentation``) and the key of its texts."""
    values_of: dict[str, Callable[[Any], list[str]]]
    """For each kind of record that has the facet (by kind name), its value ids of a record."""
    order: str
    """How its values are named and ordered: ``vocabulary`` (the vocabulary's terms, in
    its order), ``kinds``, ``countries`` and ``regions`` (A–Z by name), ``bands``
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

    def values(self, kind_name: str, record: Any) -> list[str]:
        """The facet's value ids of a record (none when its kind has no such facet)."""
        get = self.values_of.get(kind_name)
        return list(dict.fromkeys(get(record))) if get else []


def _euros(budget) -> float | None:
    """The amount of a budget in euros; None when unknown or in another currency."""
    return budget.montant if budget is not None and budget.devise == "EUR" else None


def _event_country(event) -> list[str]:
    place = event.lieu
    if place is None or (place.en_ligne and not place.commune):
        return []
    return [place.pays]


def _territory_region(territory) -> list[str]:
    return [region_id(territory.pays, territory.region)] if territory and territory.region else []


FACETS: tuple[Facet, ...] = (
    Facet("type", {k.name: (lambda _r, k=k: [k.search_type]) for k in KINDS}, "kinds"),
    Facet("theme", {INITIATIVE.name: lambda r: r.themes}, "vocabulary", vocabulary="themes",
          page="themes", nav=True, chart="par-theme", chart_by_count=True, column="themes"),
    Facet("pays", {INITIATIVE.name: lambda r: [r.territoire.pays], EVENT.name: _event_country,
                   ACTOR.name: lambda r: [r.territoire.pays] if r.territoire else []},
          "countries", page="territoires", places=True, nav=True, chart="par-pays", chart_by_count=True,
          column="pays"),
    Facet("region", {INITIATIVE.name: lambda r: _territory_region(r.territoire),
                     ACTOR.name: lambda r: _territory_region(r.territoire)},
          "regions", column="region"),
    Facet("echelon", {INITIATIVE.name: lambda r: [r.echelon] if r.echelon else []}, "vocabulary",
          vocabulary="echelons", page="echelons", nav=True, chart="par-echelon", column="echelon"),
    Facet("population", {INITIATIVE.name: lambda r: [band_of(r.territoire.population, POPULATION_BANDS)]},
          "bands", bands=POPULATION_BANDS, column="population"),
    Facet("budget", {INITIATIVE.name: lambda r: [band_of(_euros(r.budget), BUDGET_BANDS)]},
          "bands", bands=BUDGET_BANDS, column="budget_montant"),
    Facet("statut", {INITIATIVE.name: lambda r: [r.statut]}, "vocabulary", vocabulary="statuts",
          page="statuts", nav=True, chart="par-statut", column="statut"),
    Facet("objet", {INITIATIVE.name: lambda r: r.objets_communs}, "vocabulary", vocabulary="objets_communs",
          page="objets_communs", nav=True, column="objets_communs"),
    Facet("instrument", {INITIATIVE.name: lambda r: r.instruments}, "vocabulary", vocabulary="instruments",
          page="instruments", nav=True, column="instruments"),
    Facet("annee", {INITIATIVE.name: lambda r: [year_of(r.debut) or UNKNOWN],
                    EVENT.name: lambda r: [y] if (y := year_of(r.debut)) else []},
          "years", page="annees", nav=True, chart="par-annee", column="debut"),
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


def facet_values(facet: Facet, found: dict[str, list[Any]], context, texts: Texts,
                 spellings: dict[str, Counter] | None = None, *, every_term: bool = False) -> list[FacetValue]:
    """The values of ``facet`` that ``found`` holds (value id -> members), labelled
    and in the facet's order; with ``every_term``, a vocabulary's terms that no
    record holds too. ``spellings``: for régions, how often each spelling of a
    value's name was written (its label is the most frequent, then the first A–Z)."""

    def value(value_id: str, label: str, definition: str = "") -> FacetValue:
        members = found.get(value_id, [])
        return FacetValue(value_id, label, definition, len(members), members)

    if facet.order == "vocabulary":
        terms = context.vocabularies[facet.vocabulary].terms
        out = [value(t.id, t.libelle, t.definition) for t in terms if every_term or t.id in found]
    elif facet.order == "kinds":
        out = [value(k.search_type, texts(f"kind.{k.name}.plural")) for k in KINDS if k.search_type in found]
    elif facet.order == "countries":
        out = sorted((value(code, country_name(code, texts.language)) for code in found),
                     key=lambda v: (fold(v.label), v.id))
    elif facet.order == "regions":
        spellings = spellings or {}
        labels = {rid: min(spellings[rid], key=lambda s: (-spellings[rid][s], s)) if spellings.get(rid) else rid
                  for rid in found}
        out = sorted((value(rid, labels[rid]) for rid in found), key=lambda v: (fold(v.label), v.id))
    elif facet.order == "bands":
        ids = [band.id for band in facet.bands] + [UNKNOWN]
        out = [value(i, texts(f"facet.{facet.id}.values.{i}")) for i in ids if i in found]
    elif facet.order == "years":
        years = sorted((y for y in found if y != UNKNOWN), reverse=True)
        out = [value(y, y) for y in years]
        if UNKNOWN in found:
            out.append(value(UNKNOWN, texts(f"facet.{facet.id}.values.{UNKNOWN}")))
    else:  # pragma: no cover - a declaration with an order this function does not know
        raise ValueError(facet.order)
    return out


def group(facet: Facet, records: Iterable[tuple[str, Any, Any]]) -> tuple[dict[str, list[Any]], dict[str, Counter]]:
    """``records``: (kind name, record, member) triples; the members of each value, in
    the order given, and for régions how each was spelled."""
    found: dict[str, list[Any]] = {}
    spellings: dict[str, Counter] = {}
    for kind_name, record, member in records:
        for value_id in facet.values(kind_name, record):
            found.setdefault(value_id, []).append(member)
            if facet.order == "regions":
                territory = record.territoire
                spellings.setdefault(value_id, Counter())[territory.region] += 1
    return found, spellings
