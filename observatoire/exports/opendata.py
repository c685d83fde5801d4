"""Open data files: JSON, CSV, the grid, the JSON Schemas and a Frictionless
Data Package descriptor, all under ``donnees/`` in the site.

Files written (paths relative to the site folder):

``donnees/initiatives.json``, ``donnees/events.json``, ``donnees/actors.json``
    ``{"titre", "description", "licence", "licence_url", "source", "genere_le",
    "schema", "nombre", <list>}`` where ``<list>`` is ``initiatives``,
    ``evenements`` or ``acteurs``: one object per record, sorted by identifier,
    made of ``id`` (the slug) and ``url`` (its page) followed by the record
    exactly as the JSON Schema ``schema`` describes it (a criterion that is not
    evaluated is the string ``"non évalué"``). Remove ``id`` and ``url`` and the
    object validates against the schema and reads back into the same record.
``donnees/initiatives.csv``
    UTF-8 without BOM, comma, CRLF, header row; one row per initiative sorted by
    identifier; lists joined with :data:`SEPARATOR`; one ``grille_<critère>``
    column per criterion (the score, empty when « non évalué »). The columns are
    described by :func:`initiative_columns` (for the « Données ouvertes » page)
    and by the table schema in ``datapackage.json``.
``donnees/grille.json``
    the evaluation grid of ``schema/grid.yml``.
``donnees/schemas/<kind>.schema.json``
    copies of :func:`observatoire.records.jsonschema.all_schemas`.
``donnees/datapackage.json``
    Frictionless Data Package: the CSV as a tabular resource with its table
    schema, the JSON files as non-tabular resources, each with size and SHA-256;
    the licence under ``licenses``.
``donnees/LISEZMOI.txt``
    a short note in French: what each file is, the licence, the separator.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel

from observatoire.records.columns import SEPARATOR, AllowedValue, ColumnDoc, _columns, _number, initiative_columns  # noqa: F401
from observatoire.records.jsonschema import all_schemas, schema_file_name
from observatoire.records.models import Initiative
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, Kind
from observatoire.records.models.initiative import NOT_EVALUATED
from observatoire.exports._common import (
    DATA_DIR,
    SITE_NAME,
    Writer,
    iso_utc,
    json_text,
    licence_id,
    site_address,
)

DATAPACKAGE_NAME = "observatoire-du-partage"

# --- records as data ----------------------------------------------------------------


def record_data(record: BaseModel, grid_ids: Iterable[str] = ()) -> dict[str, Any]:
    """A record as JSON data matching its JSON Schema (``"non évalué"`` kept as such).

    The grid criteria come in the order of ``grid_ids``, then any other.
    """
    data = record.model_dump(mode="json")
    if isinstance(record, Initiative):
        order = [cid for cid in grid_ids if cid in record.grille]
        order += sorted(cid for cid in record.grille if cid not in order)
        data["grille"] = {
            cid: record.grille[cid].model_dump(mode="json") if record.grille[cid].evaluated else NOT_EVALUATED
            for cid in order
        }
    return data


LIST_KEYS = {INITIATIVE.folder: "initiatives", EVENT.folder: "evenements", ACTOR.folder: "acteurs"}
FILE_NAMES = {INITIATIVE.folder: "initiatives.json", EVENT.folder: "events.json", ACTOR.folder: "actors.json"}
TITLES = {
    INITIATIVE.folder: "Initiatives",
    EVENT.folder: "Événements",
    ACTOR.folder: "Acteurs",
}
DESCRIPTIONS = {
    INITIATIVE.folder: "Les politiques publiques du partage et des communs décrites par l'Observatoire, "
    "avec leur évaluation selon la grille de lecture.",
    EVENT.folder: "Les événements où des initiatives sont présentées.",
    ACTOR.folder: "Les organisations qui portent, soutiennent ou accompagnent les initiatives.",
}


def records_document(catalog, context, kind: Kind, *, site_url: str, licence: str, licence_url: str,
                     build_date: dt.datetime) -> dict[str, Any]:
    """The content of ``initiatives.json``, ``events.json`` or ``actors.json``."""
    entries = catalog.of_kind(kind)
    grid_ids = context.grid.ids
    items = []
    for slug in sorted(entries):
        item = {"id": slug, "url": site_address(site_url, kind.page(slug))}
        item.update(record_data(entries[slug].record, grid_ids))
        items.append(item)
    return {
        "titre": f"{TITLES[kind.folder]} — {SITE_NAME}",
        "description": DESCRIPTIONS[kind.folder],
        "licence": licence,
        "licence_url": licence_url,
        "source": site_url or None,
        "genere_le": iso_utc(build_date),
        "schema": f"schemas/{schema_file_name(kind)}",
        "nombre": len(items),
        LIST_KEYS[kind.folder]: items,
    }


def initiatives_csv(catalog, context, *, site_url: str) -> str:
    """The text of ``initiatives.csv`` (CRLF line ends, as RFC 4180)."""
    columns = _columns(context, site_url)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.doc.name for c in columns])
    for slug in sorted(catalog.initiatives):
        record = catalog.initiatives[slug].record
        writer.writerow([_cell(c.get(slug, record), c.doc) for c in columns])
    return buffer.getvalue()


def _cell(value: Any, doc: ColumnDoc) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return SEPARATOR.join(str(v) for v in value)
    if isinstance(value, float):
        return _number(value) or ""
    return str(value)


# --- writing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One downloadable file, for the « Données ouvertes » page."""

    path: str
    """Relative to the site folder: ``donnees/initiatives.csv``."""
    title: str
    format: str
    description: str
    bytes: int
    sha256: str


@dataclass
class OpenDataReport:
    files: list[str] = field(default_factory=list)
    datasets: list[Dataset] = field(default_factory=list)


def write_opendata(catalog, context, out_dir: Path, *, site_url: str, licence: str, licence_url: str,
                   build_date: dt.datetime) -> OpenDataReport:
    """Write every file of ``donnees/`` (see the module documentation)."""
    writer = Writer(Path(out_dir))
    report = OpenDataReport()
    payloads: list[tuple[str, str, str, str, str, bytes]] = []  # (name, path, title, format, description, data)

    def add(name: str, rel: str, title: str, fmt: str, description: str, text: str):
        data = text.encode("utf-8")
        writer.write(f"{DATA_DIR}/{rel}", data)
        payloads.append((name, rel, title, fmt, description, data))

    add("initiatives-csv", "initiatives.csv", "Initiatives (tableau)", "csv",
        "Une ligne par initiative ; les listes sont séparées par « | » ; une colonne « grille_… » par critère "
        "de la grille (vide quand le critère n'est pas évalué).",
        initiatives_csv(catalog, context, site_url=site_url))
    common = dict(site_url=site_url, licence=licence, licence_url=licence_url, build_date=build_date)
    for kind in (INITIATIVE, EVENT, ACTOR):
        add(f"{LIST_KEYS[kind.folder]}-json", FILE_NAMES[kind.folder], f"{TITLES[kind.folder]} (JSON)", "json",
            DESCRIPTIONS[kind.folder] + f" Chaque fiche suit le schéma schemas/{schema_file_name(kind)}.",
            json_text(records_document(catalog, context, kind, **common)))
    grid_doc = {
        "titre": context.grid.titre,
        "licence": licence,
        "licence_url": licence_url,
        "source": site_url or None,
        "genere_le": iso_utc(build_date),
        "grille": context.grid.model_dump(mode="json"),
    }
    add("grille-json", "grille.json", "Grille de lecture (JSON)", "json",
        "Les critères de la grille de lecture, leur question et la signification de chaque niveau.",
        json_text(grid_doc))
    for name, text in sorted(all_schemas(context).items()):
        add(f"schema-{name.split('.')[0]}", f"schemas/{name}", f"Schéma JSON : {name}", "json",
            "Schéma JSON (draft 2020-12) d'une fiche.", text)

    resources = []
    for name, rel, title, fmt, description, data in payloads:
        digest = hashlib.sha256(data).hexdigest()
        resource: dict[str, Any] = {
            "name": name,
            "path": rel,
            "title": title,
            "description": description,
            "format": fmt,
            "mediatype": "text/csv" if fmt == "csv" else "application/json",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{digest}",
        }
        if fmt == "csv":
            resource["type"] = "table"
            resource["profile"] = "tabular-data-resource"
            resource["schema"] = {
                "fields": [c.table_schema_field() for c in initiative_columns(context)],
                "primaryKey": ["id"],
                "missingValues": [""],
            }
        else:
            # "type": "json" keeps frictionless from reading *.schema.json as table schemas.
            resource["type"] = "json"
            resource["profile"] = "data-resource"
        resources.append(resource)
        report.datasets.append(Dataset(f"{DATA_DIR}/{rel}", title, fmt, description, len(data), digest))

    ident = licence_id(licence)
    licence_entry = {"path": licence_url, "title": licence}
    if ident:
        licence_entry = {"name": ident, **licence_entry}
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": DATAPACKAGE_NAME,
        "title": f"{SITE_NAME} — données ouvertes",
        "description": (
            f"Les fiches du centre de ressources de l'{SITE_NAME} : initiatives, événements, acteurs et "
            f"grille de lecture. Contenus sous licence {licence} ({licence_url})."
        ),
        "created": iso_utc(build_date),
        "licenses": [licence_entry],
        "keywords": ["communs", "partage", "politiques publiques", "collectivités"],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = site_url
    writer.write(f"{DATA_DIR}/datapackage.json", json_text(package))
    writer.write(f"{DATA_DIR}/LISEZMOI.txt", _readme(payloads, licence, licence_url, site_url, build_date))
    report.files = list(writer.written)
    return report


def _readme(payloads, licence: str, licence_url: str, site_url: str, build_date: dt.datetime) -> str:
    lines = [
        f"{SITE_NAME} — données ouvertes",
        "",
        f"Licence des contenus : {licence} ({licence_url}).",
        "Réutilisation libre, y compris commerciale, en citant la source "
        f"« {SITE_NAME} »{f' ({site_url})' if site_url else ''} et en partageant "
        "les œuvres dérivées dans les mêmes conditions.",
        f"Fichiers produits le {iso_utc(build_date)}.",
        "",
        "Fichiers :",
    ]
    for _name, rel, title, _fmt, description, _data in payloads:
        lines.append(f"- {rel} : {title}. {description}")
    lines += [
        "- datapackage.json : description Frictionless Data Package de ces fichiers "
        "(colonnes du tableau, types, valeurs possibles, empreintes SHA-256).",
        "",
        "initiatives.csv : encodage UTF-8, séparateur virgule, fins de ligne CRLF, ligne d'en-tête.",
        f"Dans une cellule, les valeurs d'une liste sont séparées par « {SEPARATOR.strip()} » "
        "(un « | » à l'intérieur d'un mot-clé est remplacé par « / »).",
        "Les colonnes grille_… donnent la note du critère (échelle de grille.json) ; "
        f"la cellule est vide quand le critère est « {NOT_EVALUATED} ».",
        "",
    ]
    return "\n".join(lines)
