"""The evaluation grid (grille de lecture), kept as data in ``schema/grid.yml``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int = Field(0, description="Note la plus basse.")
    max: int = Field(4, description="Note la plus haute.")


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Identifiant, clé sous « grille » dans les fiches.")
    libelle: str = Field(description="Nom du critère.")
    origine: str = Field(description="Cadre dont le critère est issu.")
    question: str = Field(description="La question à laquelle le critère répond.")
    niveaux: dict[int, str] = Field(description="Ce que signifie chaque niveau de l'échelle.")


class Grid(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titre: str
    version: int
    echelle: Scale
    references: list[str]
    criteres: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_cover_scale(self) -> "Grid":
        expected = set(range(self.echelle.min, self.echelle.max + 1))
        for c in self.criteres:
            if set(c.niveaux) != expected:
                raise ValueError(
                    f"le critère {c.id} doit décrire les niveaux {self.echelle.min} à {self.echelle.max}"
                )
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
