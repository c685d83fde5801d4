"""The descriptions of the records' fields, in each language of the interface.

The French descriptions are the models' own (``Field(description=...)``, in
:mod:`observatoire.records.models`): ``observatoire check`` and the JSON Schema use
them. Another language's are in ``models/descriptions.<language>.yml``, by the
model's class then the field's name, so that a model several kinds of record share
(``Territory``, ``Source``) is described once; :func:`missing_descriptions` lists
the fields without theirs (a test keeps it empty). The pages of that language (the
field reference, the columns of the open data, the « Proposer » form) and the Data
Package read them through :func:`field_description`.

In such a description, a value written as it is in a record, in French, goes between
backquotes (`` `non évalué` ``): :func:`description_html` marks it as French."""

from __future__ import annotations

import functools
import re
import typing
from pathlib import Path

from markupsafe import Markup, escape
from pydantic import BaseModel

from observatoire.core.i18n import DEFAULT_LANGUAGE, languages
from observatoire.core.yamltext import load_yaml

DESCRIPTIONS_DIR = Path(__file__).resolve().parent / "models"


def descriptions_file(language: str) -> Path:
    return DESCRIPTIONS_DIR / f"descriptions.{language}.yml"


@functools.cache
def _descriptions(language: str) -> dict[str, dict[str, str]]:
    path = descriptions_file(language)
    return (load_yaml(path.read_text("utf-8")) or {}) if path.exists() else {}


def field_description(model: type[BaseModel], name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The description of the field ``name`` of ``model`` in ``language``; the French
    where that language has none."""
    french = model.model_fields[name].description or ""
    if language == DEFAULT_LANGUAGE or not french:
        return french
    return _descriptions(language).get(model.__name__, {}).get(name) or french


def description_at(model: type[BaseModel], path: str, language: str = DEFAULT_LANGUAGE) -> str:
    """:func:`field_description` of the field at the dotted ``path`` from ``model``
    (``territoire.pays``, ``sources[].url``, ``grille`` ; a criterion's evaluation:
    ``grille.<critère>.note``)."""
    from observatoire.records.validation import model_in

    parts = path.replace("[]", "").split(".")
    current = model
    for i, part in enumerate(parts):
        if part not in current.model_fields:  # a key of a mapping (a grid criterion)
            continue
        if i == len(parts) - 1:
            return field_description(current, part, language)
        current = model_in(current.model_fields[part].annotation)
        if current is None:
            break
    raise KeyError(path)


_QUOTED = re.compile(r"`([^`]+)`")


def description_html(text: str) -> Markup:
    """``text`` for a page: escaped, a value between backquotes in ``<code lang="fr">``."""
    return Markup(_QUOTED.sub(lambda m: f'<code lang="{DEFAULT_LANGUAGE}">{m.group(1)}</code>', str(escape(text))))


def _models_in(annotation, out: list) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out.append(annotation)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, out)


def described_models() -> list[type[BaseModel]]:
    """Every model of a record and of its parts (those of a union too: ``NamedOrganisation``)."""
    from observatoire.records.kinds import KINDS

    found: dict[type[BaseModel], None] = {}

    def walk(model):
        if model in found:
            return
        found[model] = None
        for field in model.model_fields.values():
            inner: list = []
            _models_in(field.annotation, inner)
            for sub in inner:
                walk(sub)

    for kind in KINDS:
        walk(kind.model)
    return list(found)


def missing_descriptions(language: str) -> list[str]:
    """``Model.field`` of each field described in French and not in ``language``, and of
    each description of ``language`` that no described field has."""
    models = described_models()
    given = _descriptions(language)
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if field.description and not given.get(model.__name__, {}).get(name)
    ]
    described = {(m.__name__, n) for m in models for n, f in m.model_fields.items() if f.description}
    extra = [f"{model}.{name}" for model, fields in given.items() for name in fields if (model, name) not in described]
    return missing + extra


def translated_languages() -> list[str]:
    """The languages of the interface other than the site's: each has its descriptions file."""
    return [language for language in languages() if language != DEFAULT_LANGUAGE]
