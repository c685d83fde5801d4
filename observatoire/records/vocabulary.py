"""Controlled vocabularies (themes, commons objects, instruments...), kept as
data in ``schema/vocabulaires/*.yml`` so the association edits them without code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ConfigDict, Field

from observatoire.core.i18n import DEFAULT_LANGUAGE
from observatoire.core.text import closest, fold
from observatoire.records.translation import Translated

VOCABULARY_NAMES = (
    "themes",
    "objets_communs",
    "instruments",
    "echelons",
    "statuts",
    "types_acteurs",
    "types_evenements",
    "statuts_evenements",
    "periodes_budget",
)


class Term(Translated):
    model_config = ConfigDict(extra="forbid", frozen=True)
    TRANSLATED = ("libelle", "definition")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Identifiant écrit dans les fiches.")
    libelle: str = Field(min_length=1, description="Libellé affiché.")
    definition: str = Field(min_length=1, description="Définition en une phrase, reprise dans le glossaire.")
    libelle_en: str | None = Field(None, min_length=1, description="Le libellé en anglais.")
    definition_en: str | None = Field(None, min_length=1, description="La définition en anglais.")

    def label(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.text("libelle", language)


class VocabularyFile(Translated):
    model_config = ConfigDict(extra="forbid")
    TRANSLATED = ("nom", "description")
    nom: str
    description: str
    valeurs: list[Term] = Field(min_length=1)
    nom_en: str | None = Field(None, min_length=1, description="Le nom du vocabulaire en anglais.")
    description_en: str | None = Field(None, min_length=1, description="Sa description en anglais.")


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    description: str
    terms: tuple[Term, ...]
    title_en: str | None = None
    description_en: str | None = None

    def __contains__(self, term_id: object) -> bool:
        return any(t.id == term_id for t in self.terms)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.terms]

    def label(self, term_id: str, language: str = DEFAULT_LANGUAGE) -> str:
        for t in self.terms:
            if t.id == term_id:
                return t.label(language)
        return term_id

    def in_language(self, language: str) -> Vocabulary:
        """This vocabulary with its name, description and terms in ``language`` (the French where untranslated)."""
        if language == DEFAULT_LANGUAGE:
            return self
        from observatoire.records.translation import in_language

        return Vocabulary(
            self.name,
            getattr(self, f"title_{language}", None) or self.title,
            getattr(self, f"description_{language}", None) or self.description,
            tuple(in_language(t, language) for t in self.terms),
            self.title_en,
            self.description_en,
        )

    def suggest(self, value: str) -> str | None:
        """The id closest to ``value``, matching ids and labels, accents folded."""
        folded = {fold(t.id): t.id for t in self.terms}
        folded.update({fold(t.libelle): t.id for t in self.terms})
        best = closest(fold(value), list(folded))
        return folded[best] if best else None


def load_vocabularies(directory: Path) -> dict[str, Vocabulary]:
    """Load every vocabulary; raises :class:`observatoire.records.schemafiles.SchemaFileError`."""
    from observatoire.records.schemafiles import load_schema_file

    out = {}
    for name in VOCABULARY_NAMES:
        parsed = load_schema_file(directory / f"{name}.yml", VocabularyFile)
        out[name] = Vocabulary(
            name, parsed.nom, parsed.description, tuple(parsed.valeurs), parsed.nom_en, parsed.description_en
        )
    return out
