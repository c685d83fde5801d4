"""The « Proposer une initiative » form, generated from the initiative JSON Schema.

:func:`proposal_form` reads :func:`observatoire.records.jsonschema.record_schema` for
initiatives: which fields exist, which are required, their types, patterns, lengths
and vocabularies; their descriptions (the help texts) are the models', in the language
of the page (:mod:`observatoire.records.descriptions`). This module only
decides the layout (which fields go in which group, with which widget). Every
word it adds (group titles, short labels, help, hints) is a text of the catalog's
``proposer`` section, in the language of the :class:`~observatoire.core.i18n.Texts`
passed (default: French). The page template renders the form; the browser
script (``assets/proposer.js``) reads the same rules, and its messages
(``proposer.script.*``), from the data script :meth:`ProposalForm.data_script`
and writes the YAML of the new record (its keys those of the models whatever the
page's language). Each language has its data script (:func:`data_file`).

Nothing here knows MkDocs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pycountry

from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.places import country_name
from observatoire.records.descriptions import description_at, field_description
from observatoire.records.kinds import INITIATIVE
from observatoire.records.models.initiative import NOT_EVALUATED, Evaluation
from observatoire.records.models.types import SLUG_PATTERN
from observatoire.records.project import ValidationContext
from observatoire.records.source import MARK, MAX_FILE_BYTES

DATA_FILE = "proposer-schema.js"
"""The data script of the French page; another language's: :func:`data_file`."""
SCRIPT_FILE = "proposer.js"
STYLE_FILE = "proposer.css"
MAX_URL_LENGTH = 7000
"""Longer addresses are refused by some forges and browsers: the « Ouvrir sur la
forge » link is then hidden, and the page says to download or copy the file."""

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PATTERN_HINTS = {
    PARTIAL_DATE_PATTERN: "date",
    r"^(\d{5}|2[AB]\d{3})$": "insee",
    "^https?://": "url",
    "^[a-z]{2}$": "language",
    "^[A-Z]{2}$": "country",
    SLUG_PATTERN: "slugs",
}
"""The hint (``proposer.hint.<name>``) of a field whose value must match a pattern;
another pattern is shown as it is (``proposer.hint.other``)."""

# --- layout: the only decisions taken here ------------------------------------------------
# A field's short label is the catalog's ``proposer.label.<path>`` and what its help adds to
# the schema's description is ``proposer.help.<path>`` (``sources[].url``: ``sources.url``).

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

ROWS = {
    "resume": 4,
    "description": 10,
    "budget.commentaire": 2,
    "reproduire.couts": 2,
    "reproduire.prerequis": 3,
    "reproduire.etapes": 4,
    "reproduire.ecueils": 3,
}

DEFAULTS = {"territoire.pays": "FR", "budget.devise": "EUR", "budget.periode": "total", "langue": "fr"}
"""Values a field starts with; ``langue`` starts with the page's language (a record proposed
from the English page is most likely written in English)."""

EXTRA_RULES = {"budget.devise": {"currency": True}}
"""Checks the schema cannot express: ``devise`` is checked against ISO 4217."""

REQUIRED_GROUPS = (
    ("initiative", ("titre", "resume", "description")),
    (
        "territoire",
        (
            "territoire.pays",
            "territoire.commune",
            "territoire.nom_local",
            "territoire.commune_en",
            "territoire.code_insee",
            "territoire.departement",
            "territoire.subdivision",
        ),
    ),
    ("classement", ("themes", "statut")),
)
"""Groups of fields (their titles: ``proposer.group.<id>``)."""
SOURCE_FIELDS = ("sources[].titre", "sources[].url", "sources[].auteur", "sources[].date")
REVISION_FIELDS = ("derniere_revision",)
OPTIONAL_GROUPS = (
    ("facultatif-classement", ("echelon", "objets_communs", "instruments")),
    (
        "facultatif-dates",
        ("debut", "fin", "budget.montant", "budget.devise", "budget.periode", "budget.annee", "budget.commentaire"),
    ),
    (
        "facultatif-territoire",
        (
            "territoire.population.nombre",
            "territoire.population.annee",
            "territoire.coordonnees.lat",
            "territoire.coordonnees.lon",
        ),
    ),
    ("facultatif-liens", ("porteurs", "partenaires", "initiatives_liees", "mots_cles", "site_web", "langue")),
    ("facultatif-reproduire", ("reproduire.prerequis", "reproduire.etapes", "reproduire.couts", "reproduire.ecueils")),
)
NOT_IN_FORM = (
    "suivi",
    "sources[].consulte_le",
    "sources[].document",
    "territoire.population.source",
    "titre_en",
    "resume_en",
)
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
    """The field's description in the page's language, then what the catalog adds (the
    template shows it with the filter ``field_text``)."""
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
        out = {
            "path": self.path,
            "id": self.id,
            "label": self.label,
            "widget": self.widget,
            "required": self.required,
            **self.rules,
        }
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


def text_key(path: str) -> str:
    """The part of a catalog key that names a field: ``sources[].url`` -> ``sources.url``."""
    return path.replace("[]", "")


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
    def __init__(
        self,
        schema: dict[str, Any],
        context: ValidationContext,
        *,
        initiatives: list[str] = (),
        actors: list[tuple[str, str]] = (),
        edit_base: str = "",
        texts: Texts | None = None,
    ):
        self.schema = schema
        self.context = context
        self.texts = texts or default_texts()
        self.initiatives = sorted(initiatives)
        self.actors = sorted(actors)
        self.folder = "content/" + INITIATIVE.folder
        self.forge_new = new_file_base(edit_base)
        self.required_groups = [self._group(g, paths) for g, paths in REQUIRED_GROUPS]
        self.source_fields = [self.field(p) for p in SOURCE_FIELDS]
        self.revision_fields = [self.field(p) for p in REVISION_FIELDS]
        self.optional_groups = [self._group(g, paths) for g, paths in OPTIONAL_GROUPS]
        self.sources_help = self._description("sources")
        self.grid_help = self._description("grille")
        self.criteria = self._criteria()
        evaluation = self._resolve(self.schema["$defs"]["Evaluation"])["properties"]
        self.evaluation = {
            name: {
                "label": self.texts.maybe(f"proposer.evaluation.label.{name}", name),
                "help": " ".join(
                    filter(
                        None,
                        (
                            field_description(Evaluation, name, self.texts.language),
                            self.texts.maybe(f"proposer.evaluation.help.{name}"),
                        ),
                    )
                ),
            }
            for name in evaluation
        }

    @property
    def data_file(self) -> str:
        """The name of the form's data script, in ``assets/observatoire/``."""
        return data_file(self.texts.language)

    def _description(self, path: str) -> str:
        """The description of the field at ``path``, in the page's language."""
        return description_at(INITIATIVE.model, path, self.texts.language)

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
        description = self._description(path)
        rules: dict[str, Any] = {}
        widget = WIDGETS.get(path)
        options: list[Option] = []
        kind = node.get("type")
        if vocabulary:
            terms = {t.id: t.libelle for t in self.context.vocabularies[vocabulary].terms}
            options = [Option(v, terms.get(v, v)) for v in enum]
            widget = widget or ("checkboxes" if kind == "array" else "select")
            if widget == "select" and path not in DEFAULTS:
                empty = self.texts("proposer.choose") if required else self.texts("proposer.unspecified")
                options.insert(0, Option("", empty))
        elif widget == "country":
            options = countries(self.texts.language)
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
        if rules.get("pattern") == PARTIAL_DATE_PATTERN:
            widget = "date"
        if "pattern" in rules:
            rules["hint"] = self._hint(rules["pattern"])
        for key, name in (
            ("minLength", "min_length"),
            ("maxLength", "max_length"),
            ("minimum", "minimum"),
            ("maximum", "maximum"),
            ("minItems", "min_items"),
        ):
            if key in node:
                rules[name] = node[key]
        if node.get("format") == "uri":
            rules["url"] = True
        if not required and self._conditional(path):
            rules["required_in_group"] = True
        rules.update(EXTRA_RULES.get(path, {}))
        key = text_key(path)
        help_text = " ".join(
            part for part in (description, self._length_help(rules), self.texts.maybe(f"proposer.help.{key}")) if part
        )
        label = self.texts.maybe(f"proposer.label.{key}") or node.get("title") or path
        return FormField(
            path=path,
            label=label,
            help=help_text,
            widget=widget,
            required=required,
            options=options,
            default=self.texts.language if path == "langue" else DEFAULTS.get(path, ""),
            rows=ROWS.get(path, 3),
            rules=rules,
        )

    def _hint(self, pattern: str) -> str:
        """What a value of ``pattern`` looks like, in words."""
        name = PATTERN_HINTS.get(pattern)
        return self.texts(f"proposer.hint.{name}") if name else self.texts("proposer.hint.other", pattern=pattern)

    def _length_help(self, rules: dict) -> str:
        low, high = rules.get("min_length"), rules.get("max_length")
        if low and high:
            return self.texts("proposer.length.between", min=low, max=high, n=high)
        if high:
            return self.texts("proposer.length.at_most", n=high)
        if low and low > 1:
            return self.texts("proposer.length.at_least", n=low)
        return ""

    def _group(self, group_id: str, paths: tuple[str, ...]) -> FormGroup:
        return FormGroup(group_id, self.texts(f"proposer.group.{group_id}"), [self.field(p) for p in paths])

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
        for path in (
            "territoire",
            "territoire.coordonnees",
            "territoire.population",
            "budget",
            "reproduire",
            "sources[]",
        ):
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
                "libelles": {name: value["label"] for name, value in self.evaluation.items()},
            },
            "a_completer": MARK,
            "date_hint": self._hint(PARTIAL_DATE_PATTERN),
            "devises": sorted(c.alpha_3 for c in pycountry.currencies),
            "slug": slug_tables(),
            "initiatives": self.initiatives,
            "acteurs": [slug for slug, _ in self.actors],
            "langue": self.texts.language,
            "textes": self.texts.subset("proposer.script."),
        }

    def data_script(self) -> bytes:
        """``window.OBS_PROPOSER = {...}``: a script, not JSON to fetch, so the page
        works opened from ``file://``. ``<`` is escaped: the data may hold any text."""
        text = json.dumps(self.data(), ensure_ascii=False, sort_keys=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return (
            f"/* Généré à la construction depuis le schéma des fiches d'initiative. */\nwindow.OBS_PROPOSER = {text};\n"
        ).encode()


def data_file(language: str = DEFAULT_LANGUAGE) -> str:
    """The data script of the form in ``language``: ``proposer-schema.js`` for the site's,
    ``proposer-schema.<language>.js`` for another."""
    if language == DEFAULT_LANGUAGE:
        return DATA_FILE
    return DATA_FILE.replace(".js", f".{language}.js")


def countries(language: str = DEFAULT_LANGUAGE) -> list[Option]:
    """Every ISO 3166-1 country, by its usual name in ``language`` (:mod:`observatoire.core.places`)."""
    from observatoire.core.text import fold

    options = [Option(country.alpha_2, country_name(country.alpha_2, language)) for country in pycountry.countries]
    return sorted(options, key=lambda o: fold(o.label))


TRANSLITERATED = ((0x80, 0x36F), (0x370, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x218F))
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
    """The form of ``context``'s initiative schema; ``texts=``: the interface texts
    of the page's language (default: the French catalog)."""
    from observatoire.records.jsonschema import record_schema

    return ProposalForm(record_schema(INITIATIVE, context), context, **kwargs)
