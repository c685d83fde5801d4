"""An actor: an organisation that carries, supports or accompanies initiatives."""

from __future__ import annotations

from pydantic import Field

from observatoire.records.models.types import PartialDate, Record, Source, Territory, Url, Vocab


class Actor(Record):
    nom: str = Field(min_length=2, max_length=200, description="Nom de l'organisation.")
    sigle: str | None = Field(None, description="Sigle, s'il est d'usage.")
    type: Vocab("types_acteurs", "Forme de l'organisation.") = Field(description="Forme de l'organisation.")
    territoire: Territory | None = Field(None, description="Où l'organisation est implantée.")
    description: str = Field(min_length=20, description="Ce que fait l'organisation, en Markdown.")
    site_web: Url | None = Field(None, description="Site web.")
    sources: list[Source] = Field(min_length=1, description="Documents qui appuient la fiche.")
    derniere_revision: PartialDate = Field(description="Date de la dernière relecture de la fiche.")
