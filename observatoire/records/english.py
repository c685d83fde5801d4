"""The English version of ``schema/`` as a whole: which of its texts have none
(advice of ``observatoire check``, the build's count), and the vocabularies and the
grid in English for the pages of the English version. The models' side is
:mod:`.translation`."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from observatoire.core.i18n import DEFAULT_LANGUAGE
from observatoire.core.problems import ADVICE, Problem, display_path, field_name
from observatoire.records.grid import Grid
from observatoire.records.project import ValidationContext
from observatoire.records.source import read_source
from observatoire.records.translation import ENGLISH, in_language, untranslated
from observatoire.records.vocabulary import VOCABULARY_NAMES, VocabularyFile


def schema_files(schema_dir: Path) -> list[tuple[Path, type[BaseModel]]]:
    """The data files of ``schema/`` and their models: the grid, then each vocabulary."""
    return [
        (schema_dir / "grid.yml", Grid),
        *((schema_dir / "vocabulaires" / f"{name}.yml", VocabularyFile) for name in VOCABULARY_NAMES),
    ]


def english_advice(schema_dir: Path, base: Path | None = None) -> list[Problem]:
    """An advice for each text of ``schema/`` without its English version, at the line of
    the French text. The files are assumed valid (the build and ``check`` have read them)."""
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


def context_in(context, language: str):
    """The vocabularies and the grid of ``context`` (a :class:`ValidationContext`) in ``language``."""
    if language == DEFAULT_LANGUAGE:
        return context
    return ValidationContext(
        vocabularies={name: vocabulary.in_language(language) for name, vocabulary in context.vocabularies.items()},
        grid=in_language(context.grid, language),
    )
