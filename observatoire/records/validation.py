"""Turning pydantic's errors into problems a contributor can act on."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from observatoire.core.problems import Problem, field_name
from observatoire.core.text import closest
from observatoire.records.source import SourceFile


def translate_errors(exc: ValidationError, src: SourceFile, model: type[BaseModel]) -> list[Problem]:
    errors = [
        (error, tuple(part for part in error["loc"] if not _is_internal(part)))
        for error in exc.errors(include_url=False)
    ]
    # A misspelt required field is one mistake, not two: the unknown field
    # already says « vouliez-vous dire ... ? », so its "missing" twin is dropped.
    misspelt = {
        loc[:-1] + (near,)
        for error, loc in errors
        if error["type"] == "extra_forbidden" and (near := _suggest_field(model, loc))
    }
    return [
        _problem(error, loc, src, model)
        for error, loc in errors
        if not (error["type"] == "missing" and loc in misspelt)
    ]


def _allowed_fields(model: type[BaseModel], parent_loc: tuple) -> list[str]:
    parent = _model_at(model, parent_loc)
    if parent is None:
        return []
    return [f for f, info in parent.model_fields.items() if not info.exclude]


def _suggest_field(model: type[BaseModel], loc: tuple) -> str | None:
    return closest(str(loc[-1]), _allowed_fields(model, loc[:-1]))


def _is_internal(part: Any) -> bool:
    # pydantic adds tags like "function-after[...]" or "int" to union branches, and the
    # tags of our discriminated unions (« <fiche> », see models.types.Organisation)
    return isinstance(part, str) and (
        "[" in part or part.startswith("<") or part in {"int", "str", "float", "list", "dict"}
    )


def _problem(error: dict, loc: tuple, src: SourceFile, model: type[BaseModel]) -> Problem:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    label = field_name(loc)
    if "message" in ctx and "conseil" in ctx:
        return src.problem(loc, label, ctx["message"], ctx["conseil"])
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        near = closest(str(loc[-1]), allowed)
        hint = f"vouliez-vous dire « {near} » ?" if near else "champs possibles : " + ", ".join(allowed)
        return src.problem(loc, label, f"champ inconnu « {loc[-1]} »", hint)
    if kind == "missing":
        parent = _model_at(model, loc[:-1])
        description = ""
        if parent and loc and loc[-1] in parent.model_fields:
            description = parent.model_fields[loc[-1]].description or ""
        hint = f"ajoutez « {loc[-1]}: … »" + (
            f" ({description[0].lower()}{description[1:].rstrip('.')})" if description else ""
        )
        return src.problem(loc[:-1], label, "champ obligatoire manquant", hint)
    shown = _show(value)
    simple = {
        "string_type": ("un texte est attendu", "écrivez un texte, entre guillemets s'il contient « : »"),
        "int_type": ("un nombre entier est attendu", "écrivez un nombre sans guillemets ni espaces, par exemple 12000"),
        "int_parsing": (
            "un nombre entier est attendu",
            "écrivez un nombre sans guillemets ni espaces, par exemple 12000",
        ),
        "int_from_float": ("un nombre entier est attendu", "retirez la partie décimale"),
        "float_type": ("un nombre est attendu", "écrivez un nombre avec un point décimal, par exemple 48.86"),
        "float_parsing": ("un nombre est attendu", "écrivez un nombre avec un point décimal, par exemple 48.86"),
        "bool_type": ("true ou false est attendu", "écrivez true (vrai) ou false (faux)"),
        "bool_parsing": ("true ou false est attendu", "écrivez true (vrai) ou false (faux)"),
        "list_type": ("une liste est attendue", "écrivez chaque élément sur sa ligne, après « - »"),
        "dict_type": ("un groupe de champs est attendu", "écrivez les sous-champs en retrait, sous le nom du champ"),
        "model_type": ("un groupe de champs est attendu", "écrivez les sous-champs en retrait, sous le nom du champ"),
        "model_attributes_type": (
            "un groupe de champs est attendu",
            "écrivez les sous-champs en retrait, sous le nom du champ",
        ),
        "date_type": ("une date est attendue", "écrivez AAAA-MM-JJ"),
        "date_from_datetime_parsing": ("une date est attendue", "écrivez AAAA-MM-JJ"),
    }
    if kind in simple:
        message, hint = simple[kind]
        if value is not None and kind not in ("missing",):
            message += f" (trouvé : {shown})"
        return src.problem(loc, label, message, hint)
    if kind == "string_too_short":
        n = ctx.get("min_length")
        return src.problem(
            loc, label, f"texte trop court ({len(value or '')} caractères, au moins {n} attendus)", "complétez le texte"
        )
    if kind == "string_too_long":
        n = ctx.get("max_length")
        return src.problem(
            loc,
            label,
            f"texte trop long ({len(value or '')} caractères, au plus {n})",
            "raccourcissez-le ; les détails vont dans la description",
        )
    if kind == "too_short":
        n = ctx.get("min_length")
        return src.problem(
            loc,
            label,
            f"au moins {n} élément{'s' if n and n > 1 else ''} attendu{'s' if n and n > 1 else ''}",
            "ajoutez un élément à la liste, après « - »",
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        field_info = _field_at(model, loc)
        bounds = _bounds(field_info)
        return src.problem(
            loc,
            label,
            f"valeur {shown} hors limites{bounds}",
            "vérifiez la valeur (les coordonnées sont en degrés décimaux : latitude puis longitude)"
            if loc and loc[-1] in ("lat", "lon")
            else "vérifiez la valeur",
        )
    if kind == "string_pattern_mismatch":
        field_info = _field_at(model, loc)
        description = (field_info.description or "").rstrip(".") if field_info else ""
        expected = f"{description[0].lower()}{description[1:]}" if description else ctx.get("pattern")
        return src.problem(loc, label, f"format invalide (trouvé : {shown})", f"format attendu : {expected}")
    if kind == "value_error":
        return src.problem(loc, label, str(ctx.get("error", error["msg"])), "corrigez la valeur")
    return src.problem(loc, label, error["msg"], "corrigez la valeur")


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "un groupe de champs" if isinstance(value, dict) else "une liste"
    text = str(value).lower() if isinstance(value, bool) else str(value)  # as written in YAML
    if len(text) > 40:
        text = text[:37] + "..."
    return f"« {text} »"


def _bounds(field_info) -> str:
    if field_info is None:
        return ""
    low = high = None
    for meta in field_info.metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    if low is not None and high is not None:
        return f" (de {low:g} à {high:g})"
    if low is not None:
        return f" (au moins {low:g})"
    if high is not None:
        return f" (au plus {high:g})"
    return ""


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X | None``, ``list[X]``, ``dict[str, X]``, ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return None
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            # a dict key (grid criterion): stay on the dict's value model
            continue
        current = model_in(field.annotation)
    return current


def _field_at(model: type[BaseModel], loc: tuple):
    parent = _model_at(model, tuple(p for p in loc[:-1]))
    if parent is None or not loc:
        return None
    return parent.model_fields.get(loc[-1])
