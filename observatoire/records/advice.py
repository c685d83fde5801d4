"""Advice on valid records: what could be better, printed by ``check`` after the
problems in the same one-line form, and listed for the editors on the site's
« Fiches à revoir » page; it never blocks anything.

Advice on one file (:func:`advise_record`) is given while the file is read;
advice that needs the whole catalog (:func:`advise_catalog`: an organisation named
in several records without a record of its own, a city given two English names)
once everything is read; advice that needs a date (:func:`advise_reviews`: a record
not reviewed for a long time) at the date the caller gives (today for ``check``, the
build date for the site).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from pydantic import BaseModel

from observatoire.core.problems import ADVICE, Problem
from observatoire.core.text import fold
from observatoire.records.kinds import Kind
from observatoire.records.models import Initiative
from observatoire.records.source import SourceFile

REVIEW_MONTHS = 18
"""A record whose last review is older than this is « à revoir »."""

ORGANISATION_FIELDS = ("porteurs", "partenaires")
PLACE_FIELDS = ("territoire", "lieu")
"""Where a record names its city: an initiative's or an organisation's territory, an event's place."""
KEPT_POSITIONS = ("derniere_revision", *PLACE_FIELDS, *ORGANISATION_FIELDS)
"""Fields whose positions :func:`advise_catalog` needs, kept after reading a file."""


@dataclass(frozen=True)
class RecordFacts:
    """What :func:`advise_catalog` needs of a record (kept when the record is not)."""

    last_review: str
    named: tuple[tuple[str, int, str], ...] = ()
    """Organisations named without a record: (field, position, name)."""
    city_en: tuple[str, str | None, str, str] | None = None
    """(field, country, city, its English name) where the record's place gives one."""


def record_facts(record: BaseModel | None) -> RecordFacts | None:
    if record is None:
        return None
    named = tuple(
        (field, i, o.nom)
        for field in ORGANISATION_FIELDS
        for i, o in enumerate(getattr(record, field, ()))
        if not isinstance(o, str)
    )
    city_en = next(
        (
            (field, place.pays, place.commune, place.commune_en)
            for field in PLACE_FIELDS
            if (place := getattr(record, field, None)) is not None and place.commune and place.commune_en
        ),
        None,
    )
    return RecordFacts(record.derniere_revision, named, city_en)


def advise_record(kind: Kind, src: SourceFile, record: BaseModel | None) -> list[Problem]:
    """Advice on one valid record."""
    if record is None:
        return []
    out = []
    place = kind.place(record)
    city = getattr(place, "commune", None)
    if city and kind.coordinates(record) is None:
        field = kind.place_field
        out.append(
            src.problem(
                (field, "commune"),
                f"{field}.coordonnees",
                f"la fiche nomme la commune « {city} » sans ses coordonnées : elle ne figure pas sur les cartes",
                f"ajoutez sous « {field} » les coordonnées de la commune en degrés décimaux, par exemple "
                "« coordonnees: {lat: 48.3904, lon: -4.4861} » pour Brest (celles d'un répertoire public des communes)",
                severity=ADVICE,
            )
        )
    if isinstance(record, Initiative):
        for criterion_id, evaluation in record.grille.items():
            if evaluation.evaluated and evaluation.justification and not evaluation.sources:
                out.append(
                    src.problem(
                        ("grille", criterion_id),
                        f"grille.{criterion_id}.sources",
                        "la justification de la note ne cite aucune source",
                        "ajoutez « sources: [1] » avec les numéros des sources de la fiche qui attestent les faits",
                        severity=ADVICE,
                    )
                )
        reproduce = record.reproduire
        if reproduce is None or not (reproduce.prerequis or reproduce.etapes or reproduce.couts or reproduce.ecueils):
            out.append(
                src.problem(
                    (),
                    "reproduire",
                    "la fiche ne dit pas comment reproduire l'initiative, ce que cherchent les élus et les habitants",
                    "ajoutez une section « reproduire: » (prérequis, étapes, coûts, écueils) si les sources le décrivent",
                    severity=ADVICE,
                )
            )
    return out


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def review_due(last_review: str, today: dt.date) -> bool:
    """Whether a record last reviewed on ``last_review`` (AAAA, AAAA-MM or AAAA-MM-JJ)
    is to be reviewed at ``today``: more than :data:`REVIEW_MONTHS` months ago."""
    parts = [int(p) for p in last_review.split("-")] + [1, 1]
    return months_between(dt.date(parts[0], parts[1], parts[2]), today) >= REVIEW_MONTHS


def advise_reviews(catalog, today: dt.date) -> list[Problem]:
    """Records not reviewed for :data:`REVIEW_MONTHS` months at ``today``."""
    out = []
    for entry in catalog.entries():
        facts = entry.facts
        if facts is not None and review_due(facts.last_review, today):
            out.append(
                entry.source.problem(
                    ("derniere_revision",),
                    "derniere_revision",
                    f"fiche relue pour la dernière fois le {facts.last_review}, il y a plus de {REVIEW_MONTHS} mois",
                    "relisez-la avec ses sources, complétez ce qui a changé, puis mettez la date du jour",
                    severity=ADVICE,
                )
            )
    return out


def advise_catalog(catalog) -> list[Problem]:
    """Advice that needs every record: organisations named without a record in two
    records or more; a city given different English names (``commune_en``)."""
    out = _advise_english_cities(catalog)
    named = defaultdict(list)
    for entry in catalog.entries():
        for field, i, name in entry.facts.named if entry.facts else ():
            named[fold(name)].append((entry, field, i, name))
    for places in named.values():
        slugs = {entry.slug for entry, *_ in places}
        if len(slugs) < 2:
            continue
        for entry, field, i, name in places:
            others = ", ".join(sorted(slugs - {entry.slug}))
            out.append(
                entry.source.problem(
                    (field, i),
                    f"{field}[{i}]",
                    f"l'organisation « {name} » est aussi nommée sans fiche dans {others}",
                    f'créez-lui une fiche (« observatoire new actor "{name}" ») et écrivez ici son identifiant',
                    severity=ADVICE,
                )
            )
    return out


def _advise_english_cities(catalog) -> list[Problem]:
    """A city (its country and name, accents and case aside) whose records give two
    English names or more: the English site shows one of them for every record."""
    cities = defaultdict(list)
    for entry in catalog.entries():
        if entry.facts and entry.facts.city_en:
            field, country, city, english = entry.facts.city_en
            cities[(country, fold(city))].append((entry, field, city, english))
    out = []
    for records in cities.values():
        if len({english for *_, english in records}) < 2:
            continue
        for entry, field, city, english in records:
            others = "; ".join(
                f"« {name} » dans {', '.join(sorted(e.slug for e, *_, n in records if n == name))}"
                for name in sorted({n for *_, n in records} - {english})
            )
            out.append(
                entry.source.problem(
                    (field, "commune_en"),
                    f"{field}.commune_en",
                    f"le nom anglais « {english} » de « {city} » n'est pas celui des autres fiches de cette ville : {others}",
                    "écrivez le même nom anglais dans toutes les fiches de cette ville (le site anglais n'en montre qu'un)",
                    severity=ADVICE,
                )
            )
    return out
