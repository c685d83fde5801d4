"""An initiative: one public policy of sharing or commons, analysed through the grid."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from observatoire.records.models.types import (
    EdtfDate,
    Organisation,
    PartialDate,
    Record,
    Ref,
    Source,
    Territory,
    Url,
    Vocab,
    fail,
)

NOT_EVALUATED = "non évalué"
_NOT_EVALUATED_SPELLINGS = {"non évalué", "non evalue", "non-évalué", "non-evalue", "non évaluée"}


class Evaluation(Record):
    """The score of one grid criterion, or ``non évalué``.

    In a record, write either ``critere: non évalué`` or
    ``critere: {note: 3, justification: "...", sources: [1]}``.
    """

    note: int | None = Field(None, description="Niveau atteint sur l'échelle de la grille (0 à 4).")
    justification: str | None = Field(None, description="Pourquoi ce niveau : les faits de la fiche qui le justifient.")
    sources: list[int] = Field(
        default_factory=list,
        description="Numéros (1, 2...) des sources de la fiche qui appuient la note.",
    )
    evalue: bool = Field(True, exclude=True, description="Faux quand le critère est « non évalué ».")

    @model_validator(mode="before")
    @classmethod
    def _not_evaluated(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.strip().casefold() in _NOT_EVALUATED_SPELLINGS:
                return {"evalue": False}
            raise fail(
                "grille",
                f"« {value} » n'est ni une évaluation ni « {NOT_EVALUATED} »",
                f"écrivez « {NOT_EVALUATED} » ou bien note, justification et sources",
            )
        if isinstance(value, dict) and "evalue" in value:
            raise fail("grille", "champ « evalue » inconnu", "supprimez-le")
        return value

    @property
    def evaluated(self) -> bool:
        return self.evalue


class Budget(Record):
    montant: float = Field(ge=0, description="Montant, en unités de la devise.")
    devise: str = Field("EUR", description="Devise, code ISO 4217 (EUR...).")
    periode: Vocab("periodes_budget", "Période couverte par le montant.") = "total"
    annee: int | None = Field(None, description="Année du budget, si le montant est annuel.")
    commentaire: str | None = Field(None, description="Précision sur le budget (ce qu'il couvre, qui le finance).")

    @field_validator("devise")
    @classmethod
    def _currency(cls, value: str) -> str:
        import pycountry

        if pycountry.currencies.get(alpha_3=value.upper()) is None or value != value.upper():
            raise fail(
                "devise", f"devise « {value} » inconnue", "utilisez un code ISO 4217 en majuscules, par exemple EUR"
            )
        return value


class TimelineEntry(Record):
    """A dated step of the initiative's follow-up, as in a project's minutes."""

    date: EdtfDate = Field(description="Date de l'étape (EDTF : 2019-06-15, 2019-06, 2019, 2015~, 2015/2016…).")
    texte: str = Field(min_length=1, description="Ce qui s'est passé ou a été décidé.")
    source: int | None = Field(None, description="Numéro de la source de la fiche qui en témoigne.")


class Reproduce(Record):
    """How another commune can do the same."""

    prerequis: list[str] = Field(default_factory=list, description="Ce qu'il faut réunir avant de commencer.")
    etapes: list[str] = Field(default_factory=list, description="Les étapes, dans l'ordre.")
    couts: str | None = Field(None, description="Ce que cela coûte (argent, temps, personnes).")
    ecueils: list[str] = Field(default_factory=list, description="Les difficultés rencontrées, à anticiper.")


class Initiative(Record):
    """A public policy of sharing or commons at city level."""

    titre: str = Field(min_length=3, max_length=200, description="Titre de l'initiative.")
    resume: str = Field(min_length=20, max_length=1200, description="Résumé en un paragraphe.")
    description: str | None = Field(
        None,
        min_length=1,
        description="Description longue, en Markdown. Dans un fichier .md, c'est le texte après l'en-tête.",
    )
    titre_en: str | None = Field(
        None,
        min_length=3,
        max_length=200,
        description="Titre de l'initiative en anglais, pour la version anglaise du site (facultatif).",
    )
    resume_en: str | None = Field(
        None,
        min_length=20,
        max_length=1200,
        description="Résumé en anglais, en un paragraphe, pour la version anglaise du site (facultatif).",
    )
    territoire: Territory = Field(description="Le territoire de l'initiative.")
    echelon: Vocab("echelons", "Échelon.") | None = Field(
        None,
        description="Échelon de l'action publique qui porte ou soutient l'initiative (laissez-le de côté s'il n'est pas clair).",
    )
    themes: list[Vocab("themes", "Thème.")] = Field(min_length=1, description="Thèmes (au moins un).")
    objets_communs: list[Vocab("objets_communs", "Objet du commun.")] = Field(
        default_factory=list, description="Ce qui est partagé ou mis en commun."
    )
    instruments: list[Vocab("instruments", "Instrument d'action publique.")] = Field(
        default_factory=list, description="Les instruments d'action publique mobilisés."
    )
    statut: Vocab("statuts", "Où en est l'initiative.") | None = Field(
        None, description="Où en est l'initiative selon les sources (laissez-le de côté si elles ne le disent pas)."
    )
    debut: EdtfDate | None = Field(
        None, description="Début (EDTF : 2019-06-15, 2019-06, 2019, vers 2012 : 2012~, entre deux dates : 2015/2016)."
    )
    fin: EdtfDate | None = Field(None, description="Fin, si l'initiative est terminée ou a une échéance (EDTF).")
    budget: Budget | None = Field(None, description="Budget, s'il est connu.")
    porteurs: list[Organisation] = Field(
        default_factory=list,
        description="Organisations qui portent l'initiative : l'identifiant d'une fiche acteur, ou son nom (nom:).",
    )
    partenaires: list[Organisation] = Field(
        default_factory=list,
        description="Organisations partenaires : l'identifiant d'une fiche acteur, ou son nom (nom:).",
    )
    grille: dict[str, Evaluation] = Field(
        description="La grille de lecture : pour chaque critère de schema/grid.yml, une évaluation ou « non évalué »."
    )
    sources: list[Source] = Field(min_length=1, description="Les documents qui appuient la fiche (au moins un).")
    suivi: list[TimelineEntry] = Field(default_factory=list, description="Chronologie du suivi de l'initiative.")
    reproduire: Reproduce | None = Field(None, description="Reproduire l'initiative dans votre commune.")
    initiatives_liees: list[Ref] = Field(
        default_factory=list, description="Initiatives proches (identifiants de fiches)."
    )
    mots_cles: list[str] = Field(default_factory=list, description="Mots-clés libres pour la recherche.")
    site_web: Url | None = Field(None, description="Site web de l'initiative.")
    langue: str = Field("fr", pattern=r"^[a-z]{2}$", description="Langue du contenu, code ISO 639-1 (fr, en...).")
    derniere_revision: PartialDate = Field(description="Date de la dernière relecture de la fiche (AAAA-MM-JJ).")
