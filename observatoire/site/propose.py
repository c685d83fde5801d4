"""The « Proposer une initiative » form, generated from the initiative JSON Schema.

:func:`proposal_form` reads :func:`observatoire.records.jsonschema.record_schema` for
initiatives: which fields exist, which are required, their descriptions (the
help texts), types, patterns, lengths and vocabularies. This module only
decides the layout (which fields go in which group, with which short French
label and which widget). The page template renders the form; the browser
script (``assets/proposer.js``) reads the same rules from the data script
:meth:`ProposalForm.data_script` and writes the YAML of the new record.

Nothing here knows MkDocs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pycountry

from observatoire.core.places import country_name

from observatoire.records.kinds import INITIATIVE
from observatoire.records.models.initiative import NOT_EVALUATED
from observatoire.records.models.types import SLUG_PATTERN
from observatoire.records.project import ValidationContext
from observatoire.records.source import MARK
from observatoire.records.source import MAX_FILE_BYTES

DATA_FILE = "proposer-schema.js"
SCRIPT_FILE = "proposer.js"
STYLE_FILE = "proposer.css"
MAX_URL_LENGTH = 7000
"""Longer addresses are refused by some forges and browsers: the « Ouvrir sur la
forge » link is then hidden, and the page says to download or copy the file."""

PARTIAL_DATE_HINT = "écrivez AAAA, AAAA-MM ou AAAA-MM-JJ, par exemple 2019-06-15"
PATTERN_HINTS = {
    r"^\d{4}(-\d{2}(-\d{2})?)?$": PARTIAL_DATE_HINT,
    r"^(\d{5}|2[AB]\d{3})$": "le code officiel géographique a 5 caractères, par exemple 93048 (Montreuil) "
                             "ou 2A004 (Ajaccio) ; ce n'est pas le code postal",
    "^https?://": "une adresse complète commençant par http:// ou https://, copiée depuis la barre du navigateur",
    "^[a-z]{2}$": "un code de langue ISO 639-1 à deux lettres minuscules, par exemple fr ou en",
    "^[A-Z]{2}$": "un code pays ISO 3166-1 à deux lettres, par exemple FR",
    SLUG_PATTERN: "des identifiants de fiches (nom du fichier sans extension : minuscules sans accents, "
                  "mots séparés par des tirets), séparés par des virgules",
}

# --- layout: the only decisions taken here ------------------------------------------------

LABELS = {
    "titre": "Titre",
    "resume": "Résumé",
    "description": "Description",
    "territoire.pays": "Pays",
    "territoire.commune": "Commune",
    "territoire.code_insee": "Code INSEE",
    "territoire.departement": "Département ou province",
    "territoire.subdivision": "Région (code ISO 3166-2)",
    "territoire.population.nombre": "Population",
    "territoire.coordonnees.lat": "Latitude",
    "territoire.coordonnees.lon": "Longitude",
    "themes": "Thèmes",
    "statut": "Statut",
    "sources[].titre": "Titre du document",
    "sources[].url": "Adresse web",
    "sources[].auteur": "Auteur",
    "sources[].date": "Date de publication",
    "derniere_revision": "Date de la fiche",
    "echelon": "Échelon",
    "objets_communs": "Objets du commun",
    "instruments": "Instruments d'action publique",
    "debut": "Début",
    "fin": "Fin",
    "budget.montant": "Montant du budget",
    "budget.devise": "Devise",
    "budget.periode": "Période",
    "budget.annee": "Année du budget",
    "budget.commentaire": "Précision sur le budget",
    "porteurs": "Organisations porteuses",
    "partenaires": "Organisations partenaires",
    "initiatives_liees": "Initiatives proches",
    "mots_cles": "Mots-clés",
    "site_web": "Site web",
    "langue": "Langue",
    "reproduire.prerequis": "Prérequis",
    "reproduire.etapes": "Étapes",
    "reproduire.couts": "Coûts",
    "reproduire.ecueils": "Écueils",
}

WIDGETS = {
    "resume": "textarea",
    "description": "textarea",
    "budget.commentaire": "textarea",
    "reproduire.couts": "textarea",
    "reproduire.prerequis": "lines",
    "reproduire.etapes": "lines",
    "reproduire.ecueils": "lines",
    "territoire.pays": "country",
}
"""Otherwise: vocabulary list -> checkboxes, vocabulary -> select, integer, number,
list of text -> comma-separated, text."""

ROWS = {"resume": 4, "description": 10, "budget.commentaire": 2, "reproduire.couts": 2,
        "reproduire.prerequis": 3, "reproduire.etapes": 4, "reproduire.ecueils": 3}

DEFAULTS = {"territoire.pays": "FR", "budget.devise": "EUR", "budget.periode": "total", "langue": "fr"}

EXTRA_HELP = {
    "porteurs": "Séparez-les par des virgules.",
    "partenaires": "Séparez-les par des virgules.",
    "initiatives_liees": "Séparez-les par des virgules.",
    "mots_cles": "Séparez-les par des virgules.",
    "reproduire.prerequis": "Un par ligne.",
    "reproduire.etapes": "Une par ligne.",
    "reproduire.ecueils": "Un par ligne.",
    "budget.montant": "Obligatoire si vous renseignez le budget.",
}

EXTRA_RULES = {"budget.devise": {"currency": True}}
"""Checks the schema cannot express: ``devise`` is checked against ISO 4217."""

EVALUATION_LABELS = {"note": "Note", "justification": "Justification", "sources": "Numéros des sources"}
EVALUATION_EXTRA_HELP = {"sources": "Séparez-les par des virgules, par exemple 1, 2."}

REQUIRED_GROUPS = (
    ("initiative", "L'initiative", ("titre", "resume", "description")),
    ("territoire", "Territoire", ("territoire.pays", "territoire.commune", "territoire.code_insee",
                                  "territoire.departement", "territoire.subdivision")),
    ("classement", "Thèmes et statut", ("themes", "statut")),
)
SOURCE_FIELDS = ("sources[].titre", "sources[].url", "sources[].auteur", "sources[].date")
REVISION_FIELDS = ("derniere_revision",)
OPTIONAL_GROUPS = (
    ("facultatif-classement", "Classement : échelon, objets du commun, instruments",
     ("echelon", "objets_communs", "instruments")),
    ("facultatif-dates", "Dates et budget",
     ("debut", "fin", "budget.montant", "budget.devise", "budget.periode", "budget.annee", "budget.commentaire")),
    ("facultatif-territoire", "Territoire : population et position",
     ("territoire.population.nombre", "territoire.coordonnees.lat", "territoire.coordonnees.lon")),
    ("facultatif-liens", "Organisations, initiatives proches, mots-clés, site web",
     ("porteurs", "partenaires", "initiatives_liees", "mots_cles", "site_web", "langue")),
    ("facultatif-reproduire", "Reproduire dans une autre commune",
     ("reproduire.prerequis", "reproduire.etapes", "reproduire.couts", "reproduire.ecueils")),
)
NOT_IN_FORM = ("suivi", "sources[].consulte_le", "sources[].document")
"""Fields of the schema the form leaves out: the reviewers add them in the file."""

# --- the form model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass
class FormField:
    path: str
    """``titre``, ``territoire.pays``, ``sources[].url``, ``grille.<critère>.note``."""
    label: str
    help: str
    widget: str
    """text, textarea, lines, list, select, checkboxes, country, integer, number, date."""
    required: bool = False
    options: list[Option] = field(default_factory=list)
    default: str = ""
    rows: int = 3
    rules: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return field_id(self.path)

    def id_at(self, index: int | str) -> str:
        """The id of this field in the ``index``-th entry of a list (sources)."""
        return field_id(self.path, index)

    @property
    def is_list(self) -> bool:
        return self.widget in ("checkboxes", "lines", "list")

    def data(self) -> dict[str, Any]:
        """What the browser script needs to read and check the field."""
        out = {"path": self.path, "id": self.id, "label": self.label, "widget": self.widget,
               "required": self.required, **self.rules}
        if self.default:
            out["default"] = self.default
        if self.widget in ("select", "checkboxes"):
            out["enum"] = [o.value for o in self.options if o.value]
        return out


@dataclass
class FormGroup:
    id: str
    title: str
    fields: list[FormField]


@dataclass
class Criterion:
    id: str
    label: str
    question: str
    levels: list[Option]


def field_id(path: str, index: int | str = 0) -> str:
    """The HTML id of a field: ``territoire.pays`` -> ``p-territoire-pays``;
    ``sources[].url`` -> ``p-sources-0-url``."""
    return "p-" + path.replace("[]", f"-{index}").replace(".", "-")


def new_file_base(edit_base: str) -> str:
    """The forge address that creates a new file, from the one that edits a file:
    ``https://github.com/o/r/edit/main/`` -> ``https://github.com/o/r/new/main/``.
    Empty when the edit address is empty or is not of that form."""
    if not edit_base or "/edit/" not in edit_base:
        return ""
    head, _, tail = edit_base.rpartition("/edit/")
    base = f"{head}/new/{tail}"
    return base if base.endswith("/") else base + "/"


class ProposalForm:
    def __init__(self, schema: dict[str, Any], context: ValidationContext, *,
                 initiatives: list[str] = (), actors: list[tuple[str, str]] = (), edit_base: str = ""):
        self.schema = schema
        self.context = context
        self.initiatives = sorted(initiatives)
        self.actors = sorted(actors)
        self.folder = "content/" + INITIATIVE.folder
        self.forge_new = new_file_base(edit_base)
        self.required_groups = [self._group(g, t, paths) for g, t, paths in REQUIRED_GROUPS]
        self.source_fields = [self.field(p) for p in SOURCE_FIELDS]
        self.revision_fields = [self.field(p) for p in REVISION_FIELDS]
        self.optional_groups = [self._group(g, t, paths) for g, t, paths in OPTIONAL_GROUPS]
        self.sources_help = self._node("sources").get("description", "")
        self.grid_help = self._node("grille").get("description", "")
        self.criteria = self._criteria()
        evaluation = self._resolve(self.schema["$defs"]["Evaluation"])["properties"]
        self.evaluation = {
            name: {"label": EVALUATION_LABELS.get(name, name),
                   "help": " ".join(filter(None, (evaluation[name].get("description", ""),
                                                  EVALUATION_EXTRA_HELP.get(name, ""))))}
            for name in evaluation
        }

    # --- reading the schema ---------------------------------------------------------------

    def _resolve(self, node: dict) -> dict:
        """Follow ``$ref`` and drop the ``null`` alternative of optional fields;
        the node's own description wins over the referenced one."""
        while True:
            if "$ref" in node:
                target = self.schema
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
                continue
            alternatives = [a for a in node.get("anyOf", []) if a.get("type") != "null"]
            if "anyOf" in node and len(alternatives) == 1:
                rest = {k: v for k, v in node.items() if k != "anyOf"}
                node = {**alternatives[0], **{k: v for k, v in rest.items() if k == "description"}}
                continue
            return node

    def _node(self, path: str) -> dict:
        """The schema of a field, resolved; ``KeyError`` if the schema has no such field."""
        node = self.schema
        for part in path.split("."):
            node = self._resolve(node)
            if part.endswith("[]"):
                node = self._resolve(node["properties"][part[:-2]])["items"]
            else:
                node = node["properties"][part]
        return self._resolve(node)

    def _required(self, path: str) -> bool:
        """Whether the field must be filled: required in its parent, and every parent
        required in its own (``budget.montant`` is not: the budget is optional)."""
        parent = self._resolve(self.schema)
        for part in path.split("."):
            name = part.removesuffix("[]")
            if name not in parent.get("required", []):
                return False
            parent = self._resolve(parent["properties"][name])
            if part.endswith("[]"):
                parent = self._resolve(parent["items"])
        return True

    def _conditional(self, path: str) -> bool:
        """Required within an optional group (``budget.montant``)."""
        parent_path, _, name = path.rpartition(".")
        if not parent_path:
            return False
        parent = self._node(parent_path.removesuffix("[]"))
        if parent_path.endswith("[]"):
            parent = self._resolve(parent["items"])
        return name in parent.get("required", [])

    def _vocabulary(self, node: dict) -> tuple[str | None, list[str]]:
        target = self._resolve(node.get("items", node)) if node.get("type") == "array" else node
        return target.get("x-vocabulaire"), target.get("enum", [])

    def field(self, path: str) -> FormField:
        node = self._node(path)
        vocabulary, enum = self._vocabulary(node)
        required = self._required(path)
        description = re.sub(r"\s*Valeurs\s*:.*$", "", node.get("description", ""), flags=re.S).strip()
        rules: dict[str, Any] = {}
        widget = WIDGETS.get(path)
        options: list[Option] = []
        kind = node.get("type")
        if vocabulary:
            terms = {t.id: t.libelle for t in self.context.vocabularies[vocabulary].terms}
            options = [Option(v, terms.get(v, v)) for v in enum]
            widget = widget or ("checkboxes" if kind == "array" else "select")
            if widget == "select" and path not in DEFAULTS:
                options.insert(0, Option("", "— choisir —" if required else "— non précisé —"))
        elif widget == "country":
            options = countries()
        elif kind == "integer":
            widget = widget or "integer"
        elif kind == "number":
            widget = widget or "number"
        elif kind == "array":
            widget = widget or "list"
            item = self._resolve(node["items"])
            if path in ("porteurs", "partenaires", "initiatives_liees"):
                rules["pattern"] = SLUG_PATTERN
                rules["refs"] = "acteurs" if path != "initiatives_liees" else "initiatives"
            elif item.get("pattern"):
                rules["pattern"] = item["pattern"]
        else:
            widget = widget or "text"
        if node.get("pattern") and "pattern" not in rules:
            rules["pattern"] = node["pattern"]
        if rules.get("pattern") == r"^\d{4}(-\d{2}(-\d{2})?)?$":
            widget = "date"
        if "pattern" in rules:
            rules["hint"] = PATTERN_HINTS.get(rules["pattern"], f"format attendu : {rules['pattern']}")
        for key, name in (("minLength", "min_length"), ("maxLength", "max_length"), ("minimum", "minimum"),
                          ("maximum", "maximum"), ("minItems", "min_items")):
            if key in node:
                rules[name] = node[key]
        if node.get("format") == "uri":
            rules["url"] = True
        if not required and self._conditional(path):
            rules["required_in_group"] = True
        rules.update(EXTRA_RULES.get(path, {}))
        help_text = description
        length = _length_help(rules)
        if length:
            help_text = f"{help_text} {length}".strip()
        if path in EXTRA_HELP:
            help_text = f"{help_text} {EXTRA_HELP[path]}".strip()
        return FormField(
            path=path, label=LABELS.get(path) or node.get("title") or path, help=help_text,
            widget=widget, required=required, options=options, default=DEFAULTS.get(path, ""),
            rows=ROWS.get(path, 3), rules=rules,
        )

    def _group(self, group_id: str, title: str, paths: tuple[str, ...]) -> FormGroup:
        return FormGroup(group_id, title, [self.field(p) for p in paths])

    def _criteria(self) -> list[Criterion]:
        grid = self.context.grid
        out = []
        for criterion_id, node in self._node("grille")["properties"].items():
            criterion = grid.criterion(criterion_id)
            label, _, question = node.get("description", "").partition(" — ")
            levels = [Option(str(n), f"{n} — {text}") for n, text in sorted(criterion.niveaux.items())]
            out.append(Criterion(criterion_id, label or criterion.libelle, question or criterion.question, levels))
        return out

    # --- what the page and the browser need ----------------------------------------------

    @property
    def all_fields(self) -> list[FormField]:
        fields = [f for g in self.required_groups for f in g.fields]
        fields += self.source_fields + self.revision_fields
        fields += [f for g in self.optional_groups for f in g.fields]
        return fields

    def covered_paths(self) -> set[str]:
        return {f.path for f in self.all_fields} | {"grille"}

    def key_order(self) -> dict[str, list[str]]:
        """The order of the keys in the written file: the schema's (the model's) order."""
        out = {"": list(self._node_props(""))}
        for path in ("territoire", "territoire.coordonnees", "budget", "reproduire", "sources[]"):
            out[path] = list(self._node_props(path))
        out["grille"] = [c.id for c in self.criteria]
        out["grille.*"] = list(self._resolve(self.schema["$defs"]["Evaluation"])["properties"])
        return out

    def _node_props(self, path: str) -> dict:
        if not path:
            return self._resolve(self.schema)["properties"]
        if path.endswith("[]"):
            return self._resolve(self._node(path[:-2])["items"])["properties"]
        return self._node(path)["properties"]

    def data(self) -> dict[str, Any]:
        grid = self.context.grid
        return {
            "schema": self.schema.get("$id", ""),
            "dossier": self.folder,
            "forge": self.forge_new,
            "url_max": MAX_URL_LENGTH,
            "taille_max": MAX_FILE_BYTES,
            "ordre": self.key_order(),
            "champs": [f.data() for f in self.all_fields],
            "grille": {
                "criteres": [{"id": c.id, "label": c.label} for c in self.criteria],
                "min": grid.echelle.min,
                "max": grid.echelle.max,
                "non_evalue": NOT_EVALUATED,
            },
            "a_completer": MARK,
            "date_hint": PARTIAL_DATE_HINT,
            "devises": sorted(c.alpha_3 for c in pycountry.currencies),
            "slug": slug_tables(),
            "initiatives": self.initiatives,
            "acteurs": [slug for slug, _ in self.actors],
        }

    def data_script(self) -> bytes:
        """``window.OBS_PROPOSER = {...}``: a script, not JSON to fetch, so the page
        works opened from ``file://``. ``<`` is escaped: the data may hold any text."""
        text = json.dumps(self.data(), ensure_ascii=False, sort_keys=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return ("/* Généré à la construction depuis le schéma des fiches d'initiative. */\n"
                f"window.OBS_PROPOSER = {text};\n").encode("utf-8")


def _length_help(rules: dict) -> str:
    low, high = rules.get("min_length"), rules.get("max_length")
    if low and high:
        return f"De {low} à {high} caractères."
    if high:
        return f"Au plus {high} caractères."
    if low and low > 1:
        return f"Au moins {low} caractères."
    return ""


def countries() -> list[Option]:
    """Every ISO 3166-1 country, by its usual French name (:mod:`observatoire.core.places`)."""
    from observatoire.core.text import fold

    options = [Option(country.alpha_2, country_name(country.alpha_2)) for country in pycountry.countries]
    return sorted(options, key=lambda o: fold(o.label))


TRANSLITERATED = ((0x80, 0x36F), (0x370, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
                  (0x2100, 0x218F))
"""The blocks (Latin, Greek, Cyrillic, punctuation, symbols) whose transliteration the
browser gets, so that it names the file as python-slugify does."""


def slug_tables() -> dict[str, dict[str, str]]:
    """What the browser needs to compute the same file name as python-slugify
    (``observatoire new``): its transliteration (text-unidecode) of the characters that
    remain after NFKD, where the result is not just a separator, and the HTML entities
    it decodes. Other characters become separators in the browser."""
    import unicodedata
    from html.entities import name2codepoint

    try:  # the transliteration python-slugify itself uses (« auto »: Unidecode if installed)
        from unidecode import unidecode
    except ModuleNotFoundError:
        from text_unidecode import unidecode

    table: dict[str, str] = {}
    for low, high in TRANSLITERATED:
        for code in range(low, high + 1):
            for char in unicodedata.normalize("NFKD", chr(code)):
                if char.isascii() or char in table:
                    continue
                ascii_text = unidecode(char)
                if ascii_text == "" or re.search(r"[A-Za-z0-9',]", ascii_text):
                    table[char] = ascii_text
    return {"translit": table, "entites": {name: chr(code) for name, code in sorted(name2codepoint.items())}}


def proposal_form(context: ValidationContext, **kwargs) -> ProposalForm:
    from observatoire.records.jsonschema import record_schema

    return ProposalForm(record_schema(INITIATIVE, context), context, **kwargs)
