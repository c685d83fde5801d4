"""The field reference of the « Contribuer » page, generated from the pydantic models,
so it never drifts from what ``observatoire check`` accepts."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.records.descriptions import field_description
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
    """In the language of the page (:mod:`observatoire.records.descriptions`; the
    templates show it with the filter ``field_text``)."""
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


def _type_label(annotation, texts: Texts) -> str:
    """The type of a field in words, in the language of ``texts``."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        labels = [_type_label(arg, texts) for arg in args]
        while len(labels) > 1:  # « texte ou groupe de champs »
            labels[-2:] = [texts("contribute.fields.types.either", first=labels[-2], second=labels[-1])]
        return labels[0]
    if typing.get_origin(annotation) is typing.Annotated:
        return _type_label(typing.get_args(annotation)[0], texts)
    if origin is list:
        if not args:
            return texts("contribute.fields.types.list")
        return texts("contribute.fields.types.list_of", type=_type_label(args[0], texts))
    if origin is dict:
        return texts("contribute.fields.types.grid")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return texts("contribute.fields.types.group")
    import datetime as dt

    if annotation is str:
        return texts("donnees.columns.types.string")
    if annotation is int:
        return texts("donnees.columns.types.integer")
    if annotation is float:
        return texts("contribute.fields.types.number")
    if annotation is bool:
        return texts("contribute.fields.types.boolean")
    if annotation is dt.date:
        return texts("contribute.fields.types.day")
    return getattr(annotation, "__name__", str(annotation))


def _walk(
    model: type[BaseModel], prefix: str, context: ValidationContext, texts: Texts, out: list[FieldDoc], seen: set
) -> None:
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        path = f"{prefix}{name}"
        annotation = field.annotation
        vocabulary = _vocabulary(annotation) or _vocabulary_from_metadata(field)
        values = ()
        if vocabulary:
            values = tuple((t.id, t.libelle) for t in context.vocabularies[vocabulary].terms)
        label = _type_label(annotation, texts)
        if (
            "Date" in repr(annotation)
            or "Moment" in repr(annotation)
            or name in ("debut", "fin", "date", "consulte_le", "derniere_revision")
        ) and label == texts("donnees.columns.types.string"):
            label = texts("donnees.columns.types.partial_date")
        description = field_description(model, name, texts.language)
        out.append(FieldDoc(path, label, field.is_required(), description, vocabulary, values))
        sub = model_in(annotation)
        if sub is not None and sub not in seen:
            is_list = typing.get_origin(annotation) is list or "list[" in repr(annotation)
            is_dict = "dict[" in repr(annotation)
            key = "<" + texts("contribute.fields.criterion_key") + ">"
            child_prefix = path + ("[]." if is_list else f".{key}." if is_dict else ".")
            _walk(sub, child_prefix, context, texts, out, seen | {sub})


def _vocabulary_from_metadata(field: FieldInfo) -> str | None:
    for meta in field.metadata:
        if isinstance(meta, InVocabulary):
            return meta.name
    return None


def field_reference(kind: Kind, context: ValidationContext, texts: Texts | None = None) -> list[FieldDoc]:
    """The fields of ``kind``'s records, described in the language of ``texts`` (default:
    French), ``context`` giving the vocabularies' labels in that language."""
    out: list[FieldDoc] = []
    _walk(kind.model, "", context, texts or default_texts(), out, {kind.model})
    return out


def all_references(context: ValidationContext, texts: Texts | None = None) -> list[tuple[Kind, list[FieldDoc]]]:
    return [(kind, field_reference(kind, context, texts)) for kind in KINDS]
