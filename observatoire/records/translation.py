"""The English version of the association's data in ``schema/`` (vocabularies, grid).

A model of those files names in ``TRANSLATED`` the fields it shows to readers
(``libelle``, ``definition``…); each has an optional twin ``<field>_en``, written
beside it in the same file: a text, a list of texts of the same length, or a
mapping with the same keys (a criterion's levels). :meth:`Translated.text` gives a
field in a language, the French where the English is missing.

A French text without its English is not an error: ``observatoire check`` gives an
advice for each (:func:`english_advice`), and the build says how many remain.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, model_validator

from observatoire.core.i18n import DEFAULT_LANGUAGE
from observatoire.core.problems import ADVICE, Problem, display_path

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


def schema_files(schema_dir: Path) -> list[tuple[Path, type[BaseModel]]]:
    """The data files of ``schema/`` and their models: the grid, then each vocabulary."""
    from observatoire.records.grid import Grid
    from observatoire.records.vocabulary import VOCABULARY_NAMES, VocabularyFile

    return [
        (schema_dir / "grid.yml", Grid),
        *((schema_dir / "vocabulaires" / f"{name}.yml", VocabularyFile) for name in VOCABULARY_NAMES),
    ]


def english_advice(schema_dir: Path, base: Path | None = None) -> list[Problem]:
    """An advice for each text of ``schema/`` without its English version, at the line of
    the French text. The files are assumed valid (the build and ``check`` have read them)."""
    from observatoire.core.problems import field_name
    from observatoire.records.source import read_source

    out = []
    for path, model in schema_files(schema_dir):
        src = read_source(path, display_path(path, base))
        parsed = model.model_validate(src.data)
        for loc, french, how in untranslated(parsed, ENGLISH):
            translated = loc[:-1] if how else loc
            field = f"{translated[-1]}_{ENGLISH}"
            label = field_name((*translated[:-1], field))
            if how == "key":
                where = f"sous « {field} », la clé {loc[-1]}"
            elif how == "position":
                where = f"en position {loc[-1] + 1} de la liste « {field} »"
            else:
                where = f"« {field}: … » à côté de « {loc[-1]} »"
            short = " ".join(str(french).split())
            short = short if len(short) <= 60 else short[:59] + "…"
            if how == "key":  # the file's keys are text (« 2: »), read as numbers by the model
                loc = (*loc[:-1], str(loc[-1]))
            out.append(
                src.problem(
                    loc,
                    label,
                    f"« {short} » n'a pas de version anglaise (le site en anglais montrera le français)",
                    f"ajoutez {where}, avec la traduction en anglais",
                    severity=ADVICE,
                )
            )
    return out


def translation_summary(schema_dir: Path) -> str:
    """One line for the end of the build: how many texts of ``schema/`` (vocabularies,
    grid) still have no English version."""
    missing = len(english_advice(schema_dir))
    if not missing:
        return "Version anglaise : tous les textes de schema/ sont traduits."
    texts = f"{missing} texte{'s' if missing > 1 else ''}"
    return f"Version anglaise : {texts} de schema/ sans traduction (observatoire check les liste)."


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


def context_in(context, language: str):
    """The vocabularies and the grid of ``context`` (a :class:`ValidationContext`) in ``language``."""
    from observatoire.records.project import ValidationContext

    if language == DEFAULT_LANGUAGE:
        return context
    return ValidationContext(
        vocabularies={name: vocabulary.in_language(language) for name, vocabulary in context.vocabularies.items()},
        grid=in_language(context.grid, language),
    )
