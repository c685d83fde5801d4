"""The columns of ``initiatives.csv``, declared once: the open data writes
them, the « Données ouvertes » page documents them, and the Data Package
describes them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from observatoire.core.addresses import site_address
from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.places import country_name, subdivision_label
from observatoire.records.descriptions import field_description
from observatoire.records.kinds import INITIATIVE
from observatoire.records.models import Initiative
from observatoire.records.models.initiative import Budget
from observatoire.records.models.types import (
    EDTF_PATTERN,
    SLUG_PATTERN,
    Coordinates,
    InVocabulary,
    Population,
    Territory,
)

SEPARATOR = " | "
"""Between the items of a list in a CSV cell. An item of a free-text list
(``mots_cles``) that contains ``|`` has it replaced by ``/``."""

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


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
    """The type in words (catalog ``donnees.columns.types.*``), e.g. « liste de valeurs »,
    « date (AAAA, AAAA-MM ou AAAA-MM-JJ) »."""
    title: str
    """From the catalog (``donnees.columns.title.<name>``, ``donnees.columns.grid.title``)."""
    description: str
    """From the description of the model field in the language of the texts
    (:func:`~observatoire.records.descriptions.field_description`), or from the catalog
    for the columns no model field describes (``id``, ``url``, the grid's)."""
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

    def table_schema_field(self, texts: Texts | None = None) -> dict[str, Any]:
        """The field descriptor of the Frictionless table schema, in the words of
        ``texts`` (default: the French catalog)."""
        texts = texts or default_texts()
        description = self.description
        if self.separator:
            description += " " + texts("donnees.columns.several_values", separator=self.separator.strip())
        if self.values and self.type == "list":
            description += " " + texts(
                "donnees.columns.possible_values", values=", ".join(v.value for v in self.values)
            )
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


def _field_info(model: type[BaseModel], name: str, language: str = DEFAULT_LANGUAGE) -> tuple[str, str | None]:
    """Description (in ``language``) and vocabulary name of a model field, looking inside
    ``Annotated``/``Optional``/``list`` when the field itself has none."""
    info = model.model_fields[name]
    description = field_description(model, name, language) or None
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


def _organisations(values) -> list[str]:
    """The slug of each organisation's record, or its name when it has none."""
    return _free_list(v if isinstance(v, str) else v.nom for v in values)


def _free_list(values: Iterable[str]) -> list[str]:
    return [v.replace("|", "/") for v in values]


def _columns(context, site_url: str, texts: Texts | None = None) -> list[_Column]:
    """The columns of ``initiatives.csv``, titled and described in the words of ``texts``
    (default: the French catalog)."""
    texts = texts or default_texts()
    vocabularies = context.vocabularies

    def make(
        name,
        typ,
        get,
        *,
        title=None,
        description="",
        model=None,
        field=None,
        list_of=False,
        vocabulary=None,
        required=False,
        pattern=None,
        minimum=None,
        maximum=None,
        uri=False,
        values=(),
        partial_date=False,
        edtf=False,
    ):
        title = title or texts(f"donnees.columns.title.{name}")
        if model is not None:
            found_description, found_vocabulary = _field_info(model, field or name, texts.language)
            description = description or found_description
            vocabulary = vocabulary or found_vocabulary
        if vocabulary:
            values = tuple(AllowedValue(t.id, t.libelle, t.definition) for t in vocabularies[vocabulary].terms)
        written = "edtf" if edtf else "partial_date" if partial_date else typ
        type_label = texts(f"donnees.columns.types.{written}")
        if list_of:
            typ, type_label = "list", texts("donnees.columns.types.list")
        doc = ColumnDoc(
            name=name,
            type=typ,
            type_label=type_label,
            title=title,
            description=description,
            separator=SEPARATOR if list_of else None,
            vocabulary=vocabulary,
            values=values,
            required=required,
            pattern=pattern or (EDTF_PATTERN if edtf else PARTIAL_DATE_PATTERN if partial_date else None),
            minimum=minimum,
            maximum=maximum,
            uri=uri,
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
        make(
            "id",
            "string",
            lambda slug, _r: slug,
            description=texts("donnees.columns.description.id"),
            required=True,
            pattern=SLUG_PATTERN,
        ),
        make(
            "url",
            "string",
            lambda slug, _r: site_address(site_url, INITIATIVE.page(slug)),
            description=texts("donnees.columns.description.url"),
            required=True,
        ),
        make("titre", "string", attr("titre"), model=I, required=True),
        make("resume", "string", attr("resume"), model=I, required=True),
        make("commune", "string", attr("territoire", "commune"), model=T),
        make("nom_local", "string", attr("territoire", "nom_local"), model=T),
        make("commune_en", "string", attr("territoire", "commune_en"), model=T),
        make("code_insee", "string", attr("territoire", "code_insee"), model=T, pattern=r"^(\d{5}|2[AB]\d{3})$"),
        make("departement", "string", attr("territoire", "departement"), model=T),
        make("subdivision", "string", attr("territoire", "subdivision"), model=T, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$"),
        make(
            "subdivision_nom",
            "string",
            lambda _s, r: subdivision_label(r.territoire.subdivision, texts) if r.territoire.subdivision else None,
            description=texts("donnees.columns.description.subdivision_nom"),
        ),
        make("pays", "string", attr("territoire", "pays"), model=T, required=True, pattern=r"^[A-Z]{2}$"),
        make(
            "pays_nom",
            "string",
            lambda _s, r: country_name(r.territoire.pays, texts.language),
            description=texts("donnees.columns.description.pays_nom"),
            required=True,
        ),
        make(
            "population",
            "integer",
            attr("territoire", "population", "nombre"),
            model=Population,
            field="nombre",
            minimum=0,
        ),
        make("population_annee", "integer", attr("territoire", "population", "annee"), model=Population, field="annee"),
        make(
            "population_source",
            "integer",
            attr("territoire", "population", "source"),
            model=Population,
            field="source",
            minimum=1,
        ),
        make(
            "latitude",
            "number",
            lambda _s, r: _number(r.territoire.coordonnees and r.territoire.coordonnees.lat),
            model=C,
            field="lat",
            minimum=-90,
            maximum=90,
        ),
        make(
            "longitude",
            "number",
            lambda _s, r: _number(r.territoire.coordonnees and r.territoire.coordonnees.lon),
            model=C,
            field="lon",
            minimum=-180,
            maximum=180,
        ),
        make("echelon", "string", attr("echelon"), model=I),
        make("themes", "string", attr("themes"), model=I, list_of=True, required=True),
        make("objets_communs", "string", attr("objets_communs"), model=I, list_of=True),
        make("instruments", "string", attr("instruments"), model=I, list_of=True),
        make("statut", "string", attr("statut"), model=I),
        make("debut", "string", attr("debut"), model=I, edtf=True),
        make("fin", "string", attr("fin"), model=I, edtf=True),
        make(
            "budget_montant",
            "number",
            lambda _s, r: _number(r.budget and r.budget.montant),
            model=B,
            field="montant",
            minimum=0,
        ),
        make("budget_devise", "string", attr("budget", "devise"), model=B, field="devise", pattern=r"^[A-Z]{3}$"),
        make(
            "budget_periode",
            "string",
            attr("budget", "periode"),
            model=B,
            field="periode",
            vocabulary="periodes_budget",
        ),
        make("budget_annee", "integer", attr("budget", "annee"), model=B, field="annee"),
        make("porteurs", "string", lambda _s, r: _organisations(r.porteurs), model=I, list_of=True),
        make("partenaires", "string", lambda _s, r: _organisations(r.partenaires), model=I, list_of=True),
        make("initiatives_liees", "string", attr("initiatives_liees"), model=I, list_of=True),
        make("mots_cles", "string", lambda _s, r: _free_list(r.mots_cles), model=I, list_of=True),
        make("site_web", "string", attr("site_web"), model=I, uri=True),
        make("langue", "string", attr("langue"), model=I, required=True, pattern=r"^[a-z]{2}$"),
        make("derniere_revision", "string", attr("derniere_revision"), model=I, required=True, partial_date=True),
    ]
    grid = context.grid
    for criterion in grid.criteres:
        levels = tuple(AllowedValue(str(level), text) for level, text in sorted(criterion.niveaux.items()))

        def score(_slug, record, cid=criterion.id):
            evaluation = record.grille.get(cid)
            return evaluation.note if evaluation is not None and evaluation.evaluated else None

        columns.append(
            make(
                f"grille_{criterion.id}",
                "integer",
                score,
                title=texts("donnees.columns.grid.title", criterion=criterion.libelle),
                description=texts(
                    "donnees.columns.grid.description",
                    criterion=criterion.libelle,
                    origin=criterion.origine,
                    question=criterion.question,
                    min=grid.echelle.min,
                    max=grid.echelle.max,
                    not_evaluated=texts("grid.not_evaluated"),
                ),
                minimum=grid.echelle.min,
                maximum=grid.echelle.max,
                values=levels,
            )
        )
    return columns


def initiative_columns(context, texts: Texts | None = None) -> list[ColumnDoc]:
    """The columns of ``initiatives.csv``, in order, for the « Données ouvertes » page
    (in the words of ``texts``, default: the French catalog)."""
    return [c.doc for c in _columns(context, "", texts)]
