"""The columns of ``initiatives.csv``, declared once: the open data writes
them, the « Données ouvertes » page documents them, and the Data Package
describes them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from observatoire.core.addresses import site_address
from observatoire.records.kinds import INITIATIVE
from observatoire.records.models import Initiative
from observatoire.records.models.initiative import NOT_EVALUATED, Budget
from observatoire.records.models.types import SLUG_PATTERN, Coordinates, InVocabulary, Territory

SEPARATOR = " | "
"""Between the items of a list in a CSV cell. An item of a free-text list
(``mots_cles``) that contains ``|`` has it replaced by ``/``."""

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
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
             lambda slug, _r: site_address(site_url, INITIATIVE.page(slug)), required=True),
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


