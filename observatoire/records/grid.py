"""The evaluation grid (grille de lecture), kept as data in ``schema/grid.yml``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from observatoire.records.translation import Translated


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int = Field(0, description="Note la plus basse.")
    max: int = Field(4, description="Note la plus haute.")


class Criterion(Translated):
    model_config = ConfigDict(extra="forbid", frozen=True)
    TRANSLATED = ("libelle", "origine", "question", "niveaux")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Identifiant, clé sous « grille » dans les fiches.")
    libelle: str = Field(description="Nom du critère.")
    origine: str = Field(description="Cadre dont le critère est issu.")
    question: str = Field(description="La question à laquelle le critère répond.")
    niveaux: dict[int, str] = Field(description="Ce que signifie chaque niveau de l'échelle.")
    libelle_en: str | None = Field(None, min_length=1, description="Le nom du critère en anglais.")
    origine_en: str | None = Field(None, min_length=1, description="Son cadre d'origine en anglais.")
    question_en: str | None = Field(None, min_length=1, description="Sa question en anglais.")
    niveaux_en: dict[int, str] | None = Field(None, description="Ses niveaux en anglais, aux mêmes clés.")


class Grid(Translated):
    model_config = ConfigDict(extra="forbid")
    TRANSLATED = ("titre", "methode", "references")
    titre: str
    version: int
    methode: str = Field(
        description="Comment choisir le niveau d'un critère : l'échelle, les faits entre deux niveaux."
    )
    echelle: Scale
    references: list[str]
    criteres: list[Criterion] = Field(min_length=1)
    titre_en: str | None = Field(None, min_length=1, description="Le titre de la grille en anglais.")
    methode_en: str | None = Field(None, min_length=1, description="La méthode en anglais.")
    references_en: list[str] | None = Field(None, description="Les références en anglais, dans le même ordre.")

    @model_validator(mode="after")
    def _levels_cover_scale(self) -> Grid:
        expected = set(range(self.echelle.min, self.echelle.max + 1))
        for c in self.criteres:
            if set(c.niveaux) != expected:
                raise ValueError(f"le critère {c.id} doit décrire les niveaux {self.echelle.min} à {self.echelle.max}")
        ids = [c.id for c in self.criteres]
        if len(set(ids)) != len(ids):
            raise ValueError("deux critères ont le même identifiant")
        return self

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.criteres]

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteres if c.id == criterion_id)


def load_grid(path: Path) -> Grid:
    from observatoire.records.schemafiles import load_schema_file

    return load_schema_file(path, Grid)
