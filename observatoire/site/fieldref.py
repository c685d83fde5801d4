"""The field reference of the « Contribuer » page, generated from the pydantic models,
so it never drifts from what ``observatoire check`` accepts."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from observatoire.records.kinds import KINDS, Kind
from observatoire.records.models.types import InVocabulary
from observatoire.records.project import ValidationContext
from observatoire.records.validation import model_in


@dataclass(frozen=True)
class FieldDoc:
    path: str
    """Dotted, e.g. ``territoire.code_insee``; ``[]`` marks list items."""
    type: str
    required: bool
    description: str
    vocabulary: str | None = None
    values: tuple[tuple[str, str], ...] = ()


def _vocabulary(annotation) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, InVocabulary):
            return meta.name
    for arg in typing.get_args(annotation):
        found = _vocabulary(arg)
        if found:
            return found
    return None


def _type_label(annotation, field: FieldInfo) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)) and len(args) == 1:
        return _type_label(args[0], field)
    if typing.get_origin(annotation) is typing.Annotated:
        return _type_label(typing.get_args(annotation)[0], field)
    if origin is list:
        return "liste de " + _type_label(args[0], field) if args else "liste"
    if origin is dict:
        return "critères de la grille"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "groupe de champs"
    names = {str: "texte", int: "nombre entier", float: "nombre", bool: "true ou false"}
    import datetime as dt

    names[dt.date] = "date AAAA-MM-JJ"
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _walk(model: type[BaseModel], prefix: str, context: ValidationContext, out: list[FieldDoc], seen: set) -> None:
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        path = f"{prefix}{name}"
        annotation = field.annotation
        vocabulary = _vocabulary(annotation) or _vocabulary_from_metadata(field)
        values = ()
        if vocabulary:
            values = tuple((t.id, t.libelle) for t in context.vocabularies[vocabulary].terms)
        label = _type_label(annotation, field)
        if (
            "Date" in repr(annotation)
            or "Moment" in repr(annotation)
            or name in ("debut", "fin", "date", "consulte_le", "derniere_revision")
        ):
            label = "date (AAAA, AAAA-MM ou AAAA-MM-JJ)" if label == "texte" else label
        out.append(FieldDoc(path, label, field.is_required(), field.description or "", vocabulary, values))
        sub = model_in(annotation)
        if sub is not None and sub not in seen:
            is_list = typing.get_origin(annotation) is list or "list[" in repr(annotation)
            is_dict = "dict[" in repr(annotation)
            child_prefix = path + ("[]." if is_list else ".<critère>." if is_dict else ".")
            _walk(sub, child_prefix, context, out, seen | {sub})


def _vocabulary_from_metadata(field: FieldInfo) -> str | None:
    for meta in field.metadata:
        if isinstance(meta, InVocabulary):
            return meta.name
    return None


def field_reference(kind: Kind, context: ValidationContext) -> list[FieldDoc]:
    out: list[FieldDoc] = []
    _walk(kind.model, "", context, out, {kind.model})
    return out


def all_references(context: ValidationContext) -> list[tuple[Kind, list[FieldDoc]]]:
    return [(kind, field_reference(kind, context)) for kind in KINDS]
