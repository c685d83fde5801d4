"""Every field of the records, found by walking the pydantic models, so that a field
added to a model is covered by the hostile-content tests without touching them.

A leaf is either free text (any string reaches the pages: hostile payloads go there
and must stay inert) or a constrained value (vocabulary, URL, date, number...: a
payload there must be refused by the validator with a one-line message).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Union

from pydantic import BaseModel
from pydantic.functional_validators import AfterValidator, BeforeValidator, PlainValidator, WrapValidator
from pydantic_core import PydanticUndefined

from observatoire.records.kinds import KINDS, Kind
from observatoire.records.models.types import InVocabulary

TEXT = "texte"
VOCABULARY = "vocabulaire"
URL = "url"
REFERENCE = "référence"
NUMBER = "nombre"
BOOLEAN = "booléen"
CHECKED = "format contrôlé"
"""A string with a pattern or a validator: date, moment, country, INSEE code, time zone, currency..."""

REFERENCE_KINDS = {
    "porteurs": "actors",
    "partenaires": "actors",
    "organisateurs": "actors",
    "initiatives_presentees": "initiatives",
    "initiatives_liees": "initiatives",
}
"""Which kind of record a reference field points to. A new ``Ref`` field must be added here."""


@dataclass(frozen=True)
class Leaf:
    """One field that holds a value (not a group of fields)."""

    kind: Kind
    path: tuple[str | int, ...]
    """Where it is in a record: ``("sources", 0, "url")``; list items are at index 0
    (the n-th alternative of a list of several types at index n)."""
    category: str
    model: type[BaseModel]
    """The model that declares the field."""
    name: str
    vocabulary: str | None = None

    @property
    def label(self) -> str:
        """As the validator names it: ``sources[0].url``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
        return out

    @property
    def is_text(self) -> bool:
        return self.category == TEXT


class Alternatives(Exception):
    """A union of several types (an organisation: the slug of its record, or its name):
    each alternative is walked at the same place."""

    def __init__(self, args, metadata, containers):
        super().__init__(args)
        self.args_, self.metadata, self.containers = args, metadata, containers


def _unwrap(annotation: Any) -> tuple[Any, list[Any], list[str]]:
    """(inner type, metadata, containers) of ``Annotated[...]``, ``X | None``, ``list[X]``, ``dict[str, X]``."""
    metadata: list[Any] = []
    containers: list[str] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *meta = typing.get_args(annotation)
            for m in meta:
                metadata.append(m)
                metadata.extend(getattr(m, "metadata", []) or [])
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise Alternatives(args, metadata, containers)
            annotation = args[0]
        elif origin is list:
            containers.append("list")
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            containers.append("dict")
            annotation = typing.get_args(annotation)[1]
        else:
            return annotation, metadata, containers


def _category(model: type[BaseModel], name: str, inner: Any, metadata: list[Any]) -> tuple[str, str | None]:
    for meta in metadata:
        if isinstance(meta, InVocabulary):
            return VOCABULARY, meta.name
    if inner is bool:
        return BOOLEAN, None
    if inner in (int, float):
        return NUMBER, None
    if inner is not str:
        raise TypeError(f"{model.__name__}.{name} : type {inner!r} non prévu par les tests de contenu hostile")
    validators = [
        m for m in metadata if isinstance(m, (BeforeValidator, AfterValidator, PlainValidator, WrapValidator))
    ]
    if any(getattr(v.func, "__name__", "") == "_check_url" for v in validators):
        return URL, None
    if any(getattr(v.func, "__name__", "") in ("_check_ref", "_check_organisation_ref") for v in validators):
        return REFERENCE, None
    patterned = any(getattr(m, "pattern", None) for m in metadata)
    decorated = any(name in d.info.fields for d in model.__pydantic_decorators__.field_validators.values())
    if validators or patterned or decorated:
        return CHECKED, None
    return TEXT, None


def walk(kind: Kind, dict_keys: dict[tuple, list[str]]) -> list[Leaf]:
    """Every leaf of ``kind``'s model. ``dict_keys`` gives the keys of mappings
    (``{("grille",): [criterion ids]}``); list items are walked once, at index 0."""
    leaves: list[Leaf] = []

    def visit(model: type[BaseModel], prefix: tuple) -> None:
        for name, info in model.model_fields.items():
            if info.exclude:
                continue
            try:
                annotations = [_unwrap(info.annotation)]
            except Alternatives as union:
                annotations = []
                for alternative in union.args_:
                    inner, metadata, containers = _unwrap(alternative)
                    annotations.append((inner, union.metadata + metadata, union.containers + containers))
            # several alternatives in a list: the n-th one is walked at index n
            for position, (inner, metadata, containers) in enumerate(annotations):
                visit_one(model, prefix, name, info, inner, metadata, containers, position)

    def visit_one(model, prefix, name, info, inner, metadata, containers, position) -> None:
        metadata = list(info.metadata) + metadata
        paths = [prefix + (name,)]
        for container in containers:
            if container == "list":
                paths = [p + (position,) for p in paths]
            else:
                keys = dict_keys.get(tuple(p for p in paths[0] if not isinstance(p, int)))
                if not keys:
                    raise KeyError(f"clés de {'.'.join(map(str, paths[0]))} non fournies aux tests")
                paths = [p + (k,) for p in paths for k in keys]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            for path in paths:
                visit(inner, path)
            return
        category, vocabulary = _category(model, name, inner, metadata)
        leaves.extend(Leaf(kind, path, category, model, name, vocabulary) for path in paths)

    visit(kind.model, ())
    return leaves


def all_leaves(criteria: list[str]) -> list[Leaf]:
    return [leaf for kind in KINDS for leaf in walk(kind, {("grille",): criteria})]


def default_of(leaf: Leaf) -> Any:
    info = leaf.model.model_fields[leaf.name]
    if info.default is PydanticUndefined or info.default is None:
        return None
    return info.default
