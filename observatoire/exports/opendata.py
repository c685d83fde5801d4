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
    schema (each column's title and description in French, and in English under
    ``title_en`` and ``description_en``; the labels of the ids a column holds under
    ``labels`` and ``labels_en``: :func:`table_schema_fields`), the JSON files as
    non-tabular resources, each with size and SHA-256; the licence under ``licenses``.
``donnees/LISEZMOI.txt``
    a short note: what each file is, the licence, the separator.

Every title, description and note is a text of the catalog (``donnees.*``), in
the language of the :class:`~observatoire.core.i18n.Texts` passed (default: French).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.exports._common import (
    DATA_DIR,
    SITE_NAME,
    Writer,
    iso_utc,
    json_text,
    licence_id,
    site_address,
)
from observatoire.records.columns import SEPARATOR, AllowedValue, ColumnDoc, _columns, _number, initiative_columns  # noqa: F401
from observatoire.records.english import context_in
from observatoire.records.jsonschema import all_schemas, schema_file_name
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, Kind
from observatoire.records.models import Initiative
from observatoire.records.models.initiative import NOT_EVALUATED
from observatoire.records.translation import TRANSLATIONS

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
"""The key of the list in each file; also names the file's texts (``donnees.records.<key>.*``)."""
FILE_NAMES = {INITIATIVE.folder: "initiatives.json", EVENT.folder: "events.json", ACTOR.folder: "actors.json"}


def records_document(
    catalog,
    context,
    kind: Kind,
    *,
    site_url: str,
    licence: str,
    licence_url: str,
    build_date: dt.datetime,
    texts: Texts | None = None,
) -> dict[str, Any]:
    """The content of ``initiatives.json``, ``events.json`` or ``actors.json``."""
    texts = texts or default_texts()
    key = LIST_KEYS[kind.folder]
    entries = catalog.of_kind(kind)
    grid_ids = context.grid.ids
    items = []
    for slug in sorted(entries):
        item = {"id": slug, "url": site_address(site_url, kind.page(slug))}
        item.update(record_data(entries[slug].record, grid_ids))
        items.append(item)
    return {
        "titre": texts(f"donnees.records.{key}.title", site=SITE_NAME),
        "description": texts(f"donnees.records.{key}.description"),
        "licence": licence,
        "licence_url": licence_url,
        "source": site_url or None,
        "genere_le": iso_utc(build_date),
        "schema": f"schemas/{schema_file_name(kind)}",
        "nombre": len(items),
        key: items,
    }


def initiatives_csv(catalog, context, *, site_url: str, texts: Texts | None = None) -> str:
    """The text of ``initiatives.csv`` (CRLF line ends, as RFC 4180)."""
    columns = _columns(context, site_url, texts)
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


def write_opendata(
    catalog,
    context,
    out_dir: Path,
    *,
    site_url: str,
    licence: str,
    licence_url: str,
    build_date: dt.datetime,
    texts: Texts | None = None,
) -> OpenDataReport:
    """Write every file of ``donnees/`` (see the module documentation), in the words
    of ``texts`` (default: the French catalog)."""
    texts = texts or default_texts()
    writer = Writer(Path(out_dir))
    report = OpenDataReport()
    payloads: list[tuple[str, str, str, str, str, bytes]] = []  # (name, path, title, format, description, data)

    def add(name: str, rel: str, title: str, fmt: str, description: str, text: str):
        data = text.encode("utf-8")
        writer.write(f"{DATA_DIR}/{rel}", data)
        payloads.append((name, rel, title, fmt, description, data))

    add(
        "initiatives-csv",
        "initiatives.csv",
        texts("donnees.csv.title"),
        "csv",
        texts("donnees.csv.description", separator=SEPARATOR.strip()),
        initiatives_csv(catalog, context, site_url=site_url, texts=texts),
    )
    common = dict(site_url=site_url, licence=licence, licence_url=licence_url, build_date=build_date, texts=texts)
    for kind in (INITIATIVE, EVENT, ACTOR):
        key = LIST_KEYS[kind.folder]
        description = texts(f"donnees.records.{key}.description")
        schema_note = texts("donnees.records.schema_note", schema=f"schemas/{schema_file_name(kind)}")
        add(
            f"{key}-json",
            FILE_NAMES[kind.folder],
            texts(f"donnees.records.{key}.file"),
            "json",
            f"{description} {schema_note}",
            json_text(records_document(catalog, context, kind, **common)),
        )
    grid_doc = {
        "titre": context.grid.titre,
        "licence": licence,
        "licence_url": licence_url,
        "source": site_url or None,
        "genere_le": iso_utc(build_date),
        "grille": context.grid.model_dump(mode="json"),
    }
    add(
        "grille-json",
        "grille.json",
        texts("donnees.grid.title"),
        "json",
        texts("donnees.grid.description"),
        json_text(grid_doc),
    )
    for name, text in sorted(all_schemas(context).items()):
        add(
            f"schema-{name.split('.')[0]}",
            f"schemas/{name}",
            texts("donnees.schema.title", name=name),
            "json",
            texts("donnees.schema.description"),
            text,
        )

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
                "fields": table_schema_fields(context, texts),
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
        "title": texts("donnees.title", site=SITE_NAME),
        "description": texts("donnees.description", site=SITE_NAME, licence=licence, licence_url=licence_url),
        "created": iso_utc(build_date),
        "licenses": [licence_entry],
        "keywords": [word.strip() for word in texts("donnees.keywords").split(",")],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = site_url
    writer.write(f"{DATA_DIR}/datapackage.json", json_text(package))
    writer.write(f"{DATA_DIR}/LISEZMOI.txt", _readme(payloads, licence, licence_url, site_url, build_date, texts))
    report.files = list(writer.written)
    return report


def table_schema_fields(context, texts: Texts) -> list[dict[str, Any]]:
    """The fields of ``initiatives.csv``'s table schema, in the words of ``texts``, each
    with its title and description in the other languages of the site beside them
    (``title_en``, ``description_en``: :data:`TRANSLATIONS`) and, for a column whose cells
    hold ids (a vocabulary's, a grid level), the label of each value in every language
    (``labels``, ``labels_en``: value -> label). Custom properties, which the Table Schema
    allows: ``title`` and ``description`` stay the texts of the site's language."""
    columns = initiative_columns(context, texts)
    others = []
    for language in TRANSLATIONS:
        if language != texts.language:
            other_texts = default_texts(language)
            others.append((language, other_texts, initiative_columns(context_in(context, language), other_texts)))
    out = []
    for position, column in enumerate(columns):
        field: dict[str, Any] = {}
        for key, value in column.table_schema_field(texts).items():
            field[key] = value
            if key in ("title", "description"):
                for language, other_texts, other_columns in others:
                    field[f"{key}_{language}"] = other_columns[position].table_schema_field(other_texts)[key]
        if column.values:
            field["labels"] = {v.value: v.label for v in column.values}
            for language, _, other_columns in others:
                field[f"labels_{language}"] = {v.value: v.label for v in other_columns[position].values}
        out.append(field)
    return out


def _readme(payloads, licence: str, licence_url: str, site_url: str, build_date: dt.datetime, texts: Texts) -> str:
    if site_url:
        reuse = texts("donnees.readme.reuse_with_address", site=SITE_NAME, address=site_url)
    else:
        reuse = texts("donnees.readme.reuse", site=SITE_NAME)
    lines = [
        texts("donnees.title", site=SITE_NAME),
        "",
        texts("donnees.readme.licence", licence=licence, licence_url=licence_url),
        reuse,
        texts("donnees.readme.generated", moment=iso_utc(build_date)),
        "",
        texts("donnees.readme.files"),
    ]
    for _name, rel, title, _fmt, description, _data in payloads:
        lines.append(texts("donnees.readme.file", path=rel, title=title, description=description))
    lines += [
        texts("donnees.readme.datapackage"),
        "",
        texts("donnees.readme.csv"),
        texts("donnees.readme.separator", separator=SEPARATOR.strip()),
        texts("donnees.readme.grid", not_evaluated=NOT_EVALUATED),
        "",
    ]
    return "\n".join(lines)
