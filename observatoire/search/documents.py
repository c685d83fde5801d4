"""Search documents: what is indexed and what a result shows, for every record.

One document per initiative (the core), and one per event and per actor as
secondary result types. Each document has:

* ``fields``: the texts indexed by lunr, by field (see :data:`FIELDS`);
* display values: title, place, a one-line summary, status, grid scores;
* facet values: ids, never labels (labels are in :class:`Facet`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from observatoire.core.dates import NotADate
from observatoire.core.dates import parse as parse_date
from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.places import country_name, subdivision_label
from observatoire.core.richtext import TEXT_ONLY, plain
from observatoire.core.text import fold
from observatoire.records.catalog import Catalog
from observatoire.records.facets import FACETS
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, Kind
from observatoire.records.models import Actor, Event, Initiative
from observatoire.records.project import ValidationContext
from observatoire.search.pipeline import index_text

FIELDS: tuple[tuple[str, int], ...] = (
    ("titre", 10),
    ("etiquettes", 4),
    ("lieu", 3),
    ("texte", 1),
)
"""Indexed fields and their boosts. ``etiquettes``: labels of the themes,
commons objects, instruments and level (so « énergie » finds the theme),
keywords, and the names of the organisations; ``lieu``: commune, département,
région, country; ``texte``: summary and description. Few fields keep the
index small (each field repeats every term's postings and vectors)."""

SUMMARY_LENGTH = 180
"""A result's summary is cut to about one line."""

CRITERION_PARAM = "note_"
"""URL parameter of a grid criterion's minimum: ``note_transferabilite=3``."""


# --- the document ----------------------------------------------------------------------------


@dataclass
class SearchDocument:
    type: Kind
    slug: str
    title: str
    place: str
    """Commune (or place name); the page adds région and country from the facets."""
    summary: str
    status: str
    """Status id (initiatives: ``statuts``; events: ``statuts_evenements``;
    actors: ``types_acteurs``), or ``""``."""
    fields: dict[str, str]
    facets: dict[str, list[str]] = field(default_factory=dict)
    scores: str = ""
    """One character per grid criterion, in grid order: the score, or ``-``."""
    sort_key: tuple = ()
    population: int | None = None
    """An initiative's commune's number of inhabitants, when known (the « Tri » by population)."""
    revised: int | None = None
    """The day of the record's last review (``derniere_revision``), as a proleptic
    Gregorian ordinal: the earliest day a partial date may mean (``2024``: 1 January)."""
    started: int | None = None
    """The earliest day an initiative's start (``debut``, EDTF) may mean, as an ordinal;
    None when unknown (no date, an unknown year, open at its start)."""

    @property
    def url(self) -> str:
        """Relative to the site's root."""
        return self.type.page(self.slug)


@dataclass
class FacetRow:
    """A record as the facets see it (see :meth:`DocumentBuilder.facet_rows`)."""

    facets: dict[str, list[str]]
    scores: str = ""


def earliest_day(text: str | None) -> int | None:
    """The first day a date (partial or EDTF) may mean, as an ordinal, or None."""
    if not text:
        return None
    try:
        day = parse_date(str(text)[:10] if "T" in str(text) else str(text)).earliest
    except NotADate:
        return None
    return day.toordinal() if day else None


# --- text helpers ---------------------------------------------------------------------------

_LINK_TARGET = re.compile(r"\]\(\s*<?[^)\s>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_URL = re.compile(r"<?\b(?:https?|ftp)://[^\s>]+>?|<?mailto:[^\s>]+>?")


def index_plain(text: str | None) -> str:
    """The words of a long Markdown text, for the index only: HTML (and what
    scripts and styles hold) dropped, link targets and addresses dropped; the
    Markdown marks left are split off or trimmed by the pipeline. Seven times
    faster than rendering the Markdown, for the same index terms (bar list numbers)."""
    if not text:
        return ""
    out = html.unescape(TEXT_ONLY.clean(text))
    # each pattern only where it can match (the address one alone would take ~80 µs a description)
    if "]:" in out:
        out = _REFERENCE.sub(" ", out)
    if "](" in out:
        out = _LINK_TARGET.sub("] ", out)
    if "://" in out or "mailto:" in out:
        out = _URL.sub(" ", out)
    return out


def one_line(text: str, limit: int = SUMMARY_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


# --- building ------------------------------------------------------------------------------------


class DocumentBuilder:
    def __init__(self, catalog: Catalog, context: ValidationContext, texts: Texts | None = None):
        self.catalog = catalog
        self.texts = texts or default_texts()
        self.context = context
        self.vocabularies = context.vocabularies
        self.grid = context.grid

    def label(self, vocabulary: str, term_id: str | None) -> str:
        return self.vocabularies[vocabulary].label(term_id) if term_id else ""

    def actor_names(self, organisations: list) -> str:
        out = []
        for slug in organisations:
            if not isinstance(slug, str):  # named without a record
                out.append(slug.nom)
                continue
            entry = self.catalog.actors.get(slug)
            if entry is None:
                out.append(slug.replace("-", " "))
                continue
            actor: Actor = entry.record  # type: ignore[assignment]
            out.append(actor.nom + (f" {actor.sigle}" if actor.sigle else ""))
        return " ".join(out)

    def territory_text(self, territory) -> str:
        if territory is None:
            return ""
        region = subdivision_label(territory.subdivision, self.texts) if territory.subdivision else None
        parts = [territory.commune, territory.nom_local, territory.departement, region]
        parts.append(country_name(territory.pays, self.texts.language))
        return " ".join(p for p in parts if p)

    @staticmethod
    def facets_of(kind: Kind, record) -> dict[str, list[str]]:
        """Every facet's values of a record, for the facets its kind has."""
        return {f.id: f.values(kind.name, record) for f in FACETS if kind.name in f.values_of}

    def initiative_scores(self, record: Initiative) -> str:
        scores = ""
        for criterion in self.grid.criteres:
            ev = record.grille.get(criterion.id)
            scores += str(ev.note) if ev is not None and ev.evaluated and ev.note is not None else "-"
        return scores

    def facet_rows(self, events: bool = True, actors: bool = True) -> list[FacetRow]:
        """What the facets count, per record, without the texts: quick to compute."""
        rows = [
            FacetRow(self.facets_of(INITIATIVE, e.record), self.initiative_scores(e.record))
            for e in self.catalog.initiatives.values()
        ]
        if events:
            rows += [FacetRow(self.facets_of(EVENT, e.record)) for e in self.catalog.events.values()]
        if actors:
            rows += [FacetRow(self.facets_of(ACTOR, e.record)) for e in self.catalog.actors.values()]
        return rows

    def initiative(self, slug: str, record: Initiative) -> SearchDocument:
        t = record.territoire
        labels = [self.label("themes", x) for x in record.themes]
        labels += [self.label("objets_communs", x) for x in record.objets_communs]
        labels += [self.label("instruments", x) for x in record.instruments]
        labels.append(self.label("echelons", record.echelon))
        labels += record.mots_cles
        summary = plain(record.resume)
        return SearchDocument(
            type=INITIATIVE,
            slug=slug,
            title=record.titre,
            place=t.commune or t.departement or "",
            summary=one_line(summary),
            status=record.statut or "",
            fields={
                "titre": index_text(record.titre),
                "etiquettes": index_text(*labels, self.actor_names(record.porteurs + record.partenaires)),
                "lieu": index_text(self.territory_text(t)),
                "texte": index_text(summary, index_plain(record.description)),
            },
            facets=self.facets_of(INITIATIVE, record),
            scores=self.initiative_scores(record),
            sort_key=(0, fold(record.titre), slug),
            population=t.population.nombre if t.population is not None else None,
            revised=earliest_day(record.derniere_revision),
            started=earliest_day(record.debut),
        )

    def event(self, slug: str, record: Event) -> SearchDocument:
        place = record.lieu
        where = ""
        if place is not None:
            where = place.commune or place.nom or (self.texts("event.online") if place.en_ligne else "")
        place_text = " ".join(
            p
            for p in ([place.nom, place.commune, country_name(place.pays) if place.pays else None] if place else [])
            if p
        )
        summary = plain(record.resume)
        return SearchDocument(
            type=EVENT,
            slug=slug,
            title=record.titre,
            place=where,
            summary=one_line(summary),
            status=record.statut,
            fields={
                "titre": index_text(record.titre, record.edition),
                "etiquettes": index_text(
                    self.label("types_evenements", record.type), self.actor_names(record.organisateurs)
                ),
                "lieu": index_text(place_text),
                "texte": index_text(summary, index_plain(record.description)),
            },
            facets=self.facets_of(EVENT, record),
            sort_key=(1, fold(record.titre), slug),
        )

    def actor(self, slug: str, record: Actor) -> SearchDocument:
        t = record.territoire
        description = plain(record.description)  # also the summary shown
        title = record.nom + (f" ({record.sigle})" if record.sigle else "")
        return SearchDocument(
            type=ACTOR,
            slug=slug,
            title=title,
            place=(t.commune or t.departement or "") if t else "",
            summary=one_line(description),
            status=record.type,
            fields={
                "titre": index_text(record.nom, record.sigle),
                "etiquettes": index_text(self.label("types_acteurs", record.type)),
                "lieu": index_text(self.territory_text(t)),
                "texte": index_text(description),
            },
            facets=self.facets_of(ACTOR, record),
            sort_key=(2, fold(title), slug),
        )


def build_documents(
    catalog: Catalog,
    context: ValidationContext,
    *,
    events: bool = True,
    actors: bool = True,
    texts: Texts | None = None,
) -> list[SearchDocument]:
    """Every search document, in the order shown when there is no query:
    initiatives, then events, then organisations, each A–Z (accents folded)."""
    builder = DocumentBuilder(catalog, context, texts)
    docs = [builder.initiative(slug, e.record) for slug, e in catalog.initiatives.items()]
    if events:
        docs += [builder.event(slug, e.record) for slug, e in catalog.events.items()]
    if actors:
        docs += [builder.actor(slug, e.record) for slug, e in catalog.actors.items()]
    docs.sort(key=lambda d: d.sort_key)
    return docs
