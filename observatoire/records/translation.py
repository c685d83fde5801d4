"""The English version of the association's data in ``schema/`` (vocabularies, grid).

A model of those files names in ``TRANSLATED`` the fields it shows to readers
(``libelle``, ``definition``…); each has an optional twin ``<field>_en``, written
beside it in the same file: a text, a list of texts of the same length, or a
mapping with the same keys (a criterion's levels). :meth:`Translated.text` gives a
field in a language, the French where the English is missing.

A French text without its English is not an error: ``observatoire check`` gives an
advice for each, and the build says how many remain (:mod:`.english`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, model_validator

from observatoire.core.i18n import DEFAULT_LANGUAGE

ENGLISH = "en"
M = TypeVar("M", bound=BaseModel)
TRANSLATIONS = (ENGLISH,)
"""The languages a schema text may be translated into, each by a field ``<field>_<language>``."""


class Translated(BaseModel):
    """A model of ``schema/`` data whose fields named in ``TRANSLATED`` may have a
    version ``<field>_en`` (declared by the model, ``None`` when not given)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    def text(self, field: str, language: str = DEFAULT_LANGUAGE) -> Any:
        """``field`` in ``language``: its translation where it has one (a mapping or a
        list completed by the French where the translation stops), else the French."""
        french = getattr(self, field)
        if language == DEFAULT_LANGUAGE or field not in self.TRANSLATED:
            return french
        other = getattr(self, f"{field}_{language}")
        if not other:
            return french
        if isinstance(french, dict):
            return {key: other.get(key) or value for key, value in french.items()}
        if isinstance(french, list):
            return [other[i] if i < len(other) and other[i] else value for i, value in enumerate(french)]
        return other

    @model_validator(mode="after")
    def _translations_match(self) -> Translated:
        for field in self.TRANSLATED:
            french = getattr(self, field)
            for language in TRANSLATIONS:
                other = getattr(self, f"{field}_{language}")
                if isinstance(french, dict) and other and set(other) - set(french):
                    raise ValueError(
                        f"{field}_{language} : {sorted(set(other) - set(french))} n'existe pas "
                        f"dans « {field} » (une traduction reprend les clés du français)"
                    )
                if isinstance(french, list) and other and len(other) > len(french):
                    raise ValueError(f"{field}_{language} : {len(other)} textes pour {len(french)} dans « {field} »")
        return self


def untranslated(model: BaseModel, language: str = ENGLISH, loc: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Each French text of ``model`` (and of the models it holds) without its version in
    ``language``: (path of the French text, its value, how the translation finds it:
    ``""`` for a field, ``"key"`` in a mapping, ``"position"`` in a list), in the order of the fields."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(model, Translated) and name in model.TRANSLATED:
            other = getattr(model, f"{name}_{language}")
            if isinstance(value, dict):
                yield from (
                    ((*loc, name, key), text, "key") for key, text in value.items() if not (other or {}).get(key)
                )
            elif isinstance(value, list):
                yield from (
                    ((*loc, name, i), text, "position")
                    for i, text in enumerate(value)
                    if not (other and i < len(other) and other[i])
                )
            elif value and not other:
                yield (*loc, name), value, ""
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from untranslated(item, language, (*loc, name, i))
        elif isinstance(value, BaseModel):
            yield from untranslated(value, language, (*loc, name))


def in_language(model: M, language: str) -> M:
    """A copy of ``model`` whose translated texts (and those of the models it holds)
    are in ``language``, the French where a translation is missing: what a page in
    that language shows with the templates of the French one."""
    if language == DEFAULT_LANGUAGE:
        return model
    update: dict[str, Any] = {}
    if isinstance(model, Translated):
        update = {field: model.text(field, language) for field in model.TRANSLATED}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, list) and any(isinstance(item, BaseModel) for item in value):
            update[name] = [in_language(item, language) if isinstance(item, BaseModel) else item for item in value]
        elif isinstance(value, BaseModel):
            update[name] = in_language(value, language)
    return model.model_copy(update=update)


def record_text(record: BaseModel, field: str, language: str) -> tuple[str, str]:
    """A record's ``field`` (``titre``, ``resume``, ``nom``, a territory's ``commune``) on a page in ``language``, with the
    language it is written in: its ``<field>_<language>`` where it has one (an initiative's
    ``titre_en``), else its own, in the record's ``langue`` (the site's for a record that says
    none: events, organisations)."""
    if language != DEFAULT_LANGUAGE:
        translated = getattr(record, f"{field}_{language}", None)
        if translated:
            return translated, language
    return getattr(record, field), getattr(record, "langue", DEFAULT_LANGUAGE)


def city_in(place: BaseModel, language: str) -> str | None:
    """The city (``commune``) of a territory or an event's place on a page in ``language``:
    its ``commune_en`` on an English page where it has one (:func:`record_text`)."""
    return record_text(place, "commune", language)[0]
