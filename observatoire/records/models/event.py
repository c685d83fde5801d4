"""An event where initiatives are presented (e.g. « Les Routes du Partage »)."""

from __future__ import annotations

from pydantic import Field

from observatoire.records.models.types import (
    CityInEnglish,
    Coordinates,
    CountryCode,
    InseeCode,
    Moment,
    PartialDate,
    Record,
    Ref,
    Source,
    TimeZone,
    Url,
    Vocab,
)


class Place(Record):
    nom: str | None = Field(None, description="Nom du lieu.")
    adresse: str | None = Field(None, description="Adresse postale.")
    commune: str | None = Field(None, description="Commune, en français s'il existe (Bologne, Séoul).")
    commune_en: CityInEnglish = None
    code_insee: InseeCode | None = Field(None, description="Code INSEE de la commune (France).")
    pays: CountryCode | None = Field(None, description="Pays, code ISO 3166-1 à deux lettres.")
    coordonnees: Coordinates | None = Field(None, description="Position sur la carte.")
    en_ligne: bool = Field(False, description="Vrai si l'événement a lieu en visioconférence.")


class ProgrammeItem(Record):
    heure: str | None = Field(None, pattern=r"^\d{2}:\d{2}$", description="Heure locale (HH:MM).")
    titre: str = Field(min_length=1, description="Intitulé du moment.")
    description: str | None = Field(None, description="Détail.")


class Event(Record):
    """An event: a festival, a meeting, a conference..."""

    titre: str = Field(min_length=3, max_length=200, description="Titre de l'événement.")
    type: Vocab("types_evenements", "Forme de l'événement.") = Field(description="Forme de l'événement.")
    edition: str | None = Field(None, description="Édition (par exemple « 2019 » ou « 1re édition »).")
    resume: str = Field(min_length=20, max_length=1200, description="Résumé en un paragraphe.")
    description: str | None = Field(None, description="Description longue en Markdown.")
    debut: Moment | None = Field(
        None,
        description="Début, en heure locale : AAAA-MM-JJ ou AAAA-MM-JJTHH:MM. Absent si les sources ne le disent pas.",
    )
    fin: Moment | None = Field(None, description="Fin, en heure locale.")
    fuseau: TimeZone = Field("Europe/Paris", description="Fuseau horaire des heures (IANA, Europe/Paris par défaut).")
    lieu: Place | None = Field(None, description="Où l'événement a lieu.")
    organisateurs: list[Ref] = Field(
        default_factory=list, description="Organisations qui l'organisent (fiches acteur)."
    )
    programme: list[ProgrammeItem] = Field(default_factory=list, description="Le programme.")
    initiatives_presentees: list[Ref] = Field(default_factory=list, description="Initiatives présentées (fiches).")
    inscription: Url | None = Field(None, description="Lien d'inscription.")
    statut: Vocab("statuts_evenements", "État de l'événement.") = Field(description="État de l'événement.")
    sources: list[Source] = Field(min_length=1, description="Documents qui attestent l'événement.")
    derniere_revision: PartialDate = Field(description="Date de la dernière relecture de la fiche.")
