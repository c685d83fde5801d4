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
    copies of :func:`observatoire.jsonschema.all_schemas`.
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
from typing import Any, Callable, Iterable

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from observatoire.jsonschema import all_schemas, schema_file_name
from observatoire.models import ACTOR, EVENT, INITIATIVE, Initiative, Kind
from observatoire.models.initiative import NOT_EVALUATED, Budget
from observatoire.models.types import SLUG_PATTERN, Coordinates, InVocabulary, Territory
from observatoire.exports._common import (
    DATA_DIR,
    SITE_NAME,
    Writer,
    iso_utc,
    json_text,
    licence_id,
    page_path,
    site_address,
)

SEPARATOR = " | "
"""Between the items of a list in a CSV cell. An item of a free-text list
(``mots_cles``) that contains ``|`` has it replaced by ``/``."""

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATAPACKAGE_NAME = "observatoire-du-partage"

TYPE_LABELS = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre décimal",
    "list": "liste de valeurs",
    "partial-date": "date (AAAA, AAAA-MM ou AAAA-MM-JJ)",
}


# --- column documentation ---------------------------------------------------------


@dataclass(frozen=True)
class AllowedValue:
    """One value a column may hold: a vocabulary term or a grid level."""

    value: str
    label: str
    definition: str = ""


@dataclass(frozen=True)
class ColumnDoc:
    """One column of ``initiatives.csv``, as the « Données ouvertes » page shows it."""

    name: str
    type: str
    """Table Schema type of the column: ``string``, ``integer``, ``number`` or ``list``."""
    type_label: str
    """The type in French, e.g. « liste de valeurs », « date (AAAA, AAAA-MM ou AAAA-MM-JJ) »."""
    title: str
    description: str
    """From the pydantic ``Field`` description of the model field."""
    separator: str | None = None
    """For a list: what separates the items in the cell."""
    vocabulary: str | None = None
    """Name of the vocabulary (``schema/vocabulaires/<name>.yml``) the values come from."""
    values: tuple[AllowedValue, ...] = ()
    """The allowed values (vocabulary terms, grid levels); empty when free."""
    required: bool = False
    """True when the cell is never empty."""
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    uri: bool = False

    def table_schema_field(self) -> dict[str, Any]:
        """The field descriptor of the Frictionless table schema."""
        description = self.description
        if self.separator:
            description += f" Plusieurs valeurs séparées par « {self.separator.strip()} »."
        if self.values and self.type == "list":
            description += " Valeurs possibles : " + ", ".join(v.value for v in self.values) + "."
        out: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "type": self.type,
            "description": description,
        }
        if self.uri:
            out["format"] = "uri"
        if self.type == "list":
            out["delimiter"] = self.separator
            out["itemType"] = "string"
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.name == "id":
            constraints["unique"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.values and self.type == "string":
            constraints["enum"] = [v.value for v in self.values]
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class _Column:
    doc: ColumnDoc
    get: Callable[[str, Initiative], Any]


def _field_info(model: type[BaseModel], name: str) -> tuple[str, str | None]:
    """Description and vocabulary name of a model field, looking inside
    ``Annotated``/``Optional``/``list`` when the field itself has none."""
    info = model.model_fields[name]
    description = info.description
    vocabulary = next((m.name for m in info.metadata if isinstance(m, InVocabulary)), None)
    stack = [info.annotation]
    while stack and (description is None or vocabulary is None):
        node = stack.pop()
        for meta in getattr(node, "__metadata__", ()):
            if isinstance(meta, InVocabulary) and vocabulary is None:
                vocabulary = meta.name
            if isinstance(meta, FieldInfo) and description is None and meta.description:
                description = meta.description
        stack.extend(getattr(node, "__args__", ()))
        origin = getattr(node, "__origin__", None)
        if origin is not None and hasattr(node, "__metadata__"):
            stack.append(origin)
    return description or "", vocabulary


def _number(value: float | int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _free_list(values: Iterable[str]) -> list[str]:
    return [v.replace("|", "/") for v in values]


def _columns(context, site_url: str) -> list[_Column]:
    vocabularies = context.vocabularies

    def make(name, typ, title, description, get, *, model=None, field=None, list_of=False,
             vocabulary=None, required=False, pattern=None, minimum=None, maximum=None, uri=False,
             values=(), partial_date=False):
        if model is not None:
            found_description, found_vocabulary = _field_info(model, field or name)
            description = description or found_description
            vocabulary = vocabulary or found_vocabulary
        if vocabulary:
            values = tuple(AllowedValue(t.id, t.libelle, t.definition) for t in vocabularies[vocabulary].terms)
        type_label = TYPE_LABELS["partial-date" if partial_date else typ]
        if list_of:
            typ, type_label = "list", TYPE_LABELS["list"]
        doc = ColumnDoc(
            name=name, type=typ, type_label=type_label, title=title, description=description,
            separator=SEPARATOR if list_of else None, vocabulary=vocabulary, values=values,
            required=required, pattern=pattern or (PARTIAL_DATE_PATTERN if partial_date else None),
            minimum=minimum, maximum=maximum, uri=uri,
        )
        return _Column(doc, get)

    def attr(*path):
        def get(_slug, record):
            value = record
            for part in path:
                value = getattr(value, part, None) if value is not None else None
            return value
        return get

    I, T, B, C = Initiative, Territory, Budget, Coordinates
    columns = [
        make("id", "string", "Identifiant",
             "Identifiant de la fiche : le nom de son fichier sans extension, repris dans l'adresse de sa page.",
             lambda slug, _r: slug, required=True, pattern=SLUG_PATTERN),
        make("url", "string", "Page",
             "Adresse de la page de la fiche sur le site (chemin depuis la racine du site "
             "quand le site n'a pas d'adresse publique).",
             lambda slug, _r: site_address(site_url, page_path(INITIATIVE.folder, slug)), required=True),
        make("titre", "string", "Titre", "", attr("titre"), model=I, required=True),
        make("resume", "string", "Résumé", "", attr("resume"), model=I, required=True),
        make("commune", "string", "Commune", "", attr("territoire", "commune"), model=T),
        make("code_insee", "string", "Code INSEE", "", attr("territoire", "code_insee"), model=T,
             pattern=r"^(\d{5}|2[AB]\d{3})$"),
        make("departement", "string", "Département", "", attr("territoire", "departement"), model=T),
        make("region", "string", "Région", "", attr("territoire", "region"), model=T),
        make("pays", "string", "Pays", "", attr("territoire", "pays"), model=T, required=True, pattern=r"^[A-Z]{2}$"),
        make("population", "integer", "Population", "", attr("territoire", "population"), model=T, minimum=0),
        make("latitude", "number", "Latitude", "", lambda _s, r: _number(r.territoire.coordonnees and r.territoire.coordonnees.lat),
             model=C, field="lat", minimum=-90, maximum=90),
        make("longitude", "number", "Longitude", "", lambda _s, r: _number(r.territoire.coordonnees and r.territoire.coordonnees.lon),
             model=C, field="lon", minimum=-180, maximum=180),
        make("echelon", "string", "Échelon", "", attr("echelon"), model=I),
        make("themes", "string", "Thèmes", "", attr("themes"), model=I, list_of=True, required=True),
        make("objets_communs", "string", "Objets du commun", "", attr("objets_communs"), model=I, list_of=True),
        make("instruments", "string", "Instruments", "", attr("instruments"), model=I, list_of=True),
        make("statut", "string", "Statut", "", attr("statut"), model=I, required=True),
        make("debut", "string", "Début", "", attr("debut"), model=I, partial_date=True),
        make("fin", "string", "Fin", "", attr("fin"), model=I, partial_date=True),
        make("budget_montant", "number", "Budget : montant", "", lambda _s, r: _number(r.budget and r.budget.montant),
             model=B, field="montant", minimum=0),
        make("budget_devise", "string", "Budget : devise", "", attr("budget", "devise"), model=B, field="devise",
             pattern=r"^[A-Z]{3}$"),
        make("budget_periode", "string", "Budget : période", "", attr("budget", "periode"), model=B, field="periode",
             vocabulary="periodes_budget"),
        make("budget_annee", "integer", "Budget : année", "", attr("budget", "annee"), model=B, field="annee"),
        make("porteurs", "string", "Porteurs", "", attr("porteurs"), model=I, list_of=True),
        make("partenaires", "string", "Partenaires", "", attr("partenaires"), model=I, list_of=True),
        make("initiatives_liees", "string", "Initiatives liées", "", attr("initiatives_liees"), model=I, list_of=True),
        make("mots_cles", "string", "Mots-clés", "", lambda _s, r: _free_list(r.mots_cles), model=I, list_of=True),
        make("site_web", "string", "Site web", "", attr("site_web"), model=I, uri=True),
        make("langue", "string", "Langue", "", attr("langue"), model=I, required=True, pattern=r"^[a-z]{2}$"),
        make("derniere_revision", "string", "Dernière révision", "", attr("derniere_revision"), model=I,
             required=True, partial_date=True),
    ]
    grid = context.grid
    for criterion in grid.criteres:
        levels = tuple(AllowedValue(str(level), text) for level, text in sorted(criterion.niveaux.items()))

        def score(_slug, record, cid=criterion.id):
            evaluation = record.grille.get(cid)
            return evaluation.note if evaluation is not None and evaluation.evaluated else None

        columns.append(
            make(
                f"grille_{criterion.id}", "integer", f"Grille : {criterion.libelle}",
                f"{criterion.libelle} ({criterion.origine}) : {criterion.question} "
                f"Note de {grid.echelle.min} à {grid.echelle.max} ; vide quand le critère est « {NOT_EVALUATED} ».",
                score, minimum=grid.echelle.min, maximum=grid.echelle.max, values=levels,
            )
        )
    return columns


def initiative_columns(context) -> list[ColumnDoc]:
    """The columns of ``initiatives.csv``, in order, for the « Données ouvertes » page."""
    return [c.doc for c in _columns(context, "")]


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
        item = {"id": slug, "url": site_address(site_url, page_path(kind.folder, slug))}
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
