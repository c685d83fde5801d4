"""Search documents: what is indexed and what a result shows, for every record.

One document per initiative (the core), and one per event and per actor as
secondary result types. Each document has:

* ``fields``: the texts indexed by lunr, by field (see :data:`FIELDS`), through
  the French pipeline; ``english``: on the English search page, the texts written
  in English, by field, through the English pipeline (:mod:`.pipeline`): the
  vocabularies' labels, places in English, an English record's own texts, an
  initiative's ``titre_en`` and ``resume_en``;
* display values: title, place, a one-line summary, status, grid scores;
* facet values: ids, never labels (labels are in :class:`Facet`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from observatoire.core.dates import NotADate
from observatoire.core.dates import parse as parse_date
from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.places import country_name, subdivision_label
from observatoire.core.richtext import TEXT_ONLY, plain
from observatoire.core.text import fold
from observatoire.records.catalog import Catalog
from observatoire.records.facets import FACETS
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, Kind
from observatoire.records.models import Actor, Event, Initiative
from observatoire.records.project import ValidationContext
from observatoire.records.translation import city_in, record_text
from observatoire.search.pipeline import ENGLISH_LANGUAGE, index_text

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
    english: dict[str, str] = field(default_factory=dict)
    """On the English search page, the texts of the English pipeline, by field."""
    languages: tuple[str, str] = ("", "")
    """The language of the title and of the summary shown, when not the page's (``fr`` for
    a French record on the English page); ``""`` when the page's."""
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
        self.english = self.texts.language == ENGLISH_LANGUAGE
        """The English search page: English texts through the English pipeline (``english``)."""
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
        parts = [territory.commune, territory.commune_en, territory.nom_local, territory.departement, region]
        parts.append(country_name(territory.pays, self.texts.language))
        return " ".join(p for p in parts if p)

    def place_shown(self, territory) -> str:
        """The place a result shows: the city in the page's language, else the département."""
        if territory is None:
            return ""
        return city_in(territory, self.texts.language) or territory.departement or ""

    def split(
        self, language: str, written: dict[str, list], interface: dict[str, list]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """(``fields``, ``english``) of a document: the texts the record's authors wrote
        (``written``, in ``language``) and those the site writes (``interface``: labels,
        places), each field's parts through the pipeline of their language."""
        if not self.english:
            return {name: index_text(*written.get(name, ()), *interface.get(name, ())) for name, _ in FIELDS}, {}
        english_written = language == ENGLISH_LANGUAGE
        fields = {name: index_text(*([] if english_written else written.get(name, ()))) for name, _ in FIELDS}
        english = {
            name: index_text(*(written.get(name, ()) if english_written else ()), *interface.get(name, ()))
            for name, _ in FIELDS
        }
        return fields, {name: text for name, text in english.items() if text}

    def shown(self, record) -> tuple[str, str, tuple[str, str]]:
        """The title and the plain summary a result shows, and their languages when not the page's:
        on the English page, an initiative's ``titre_en`` and ``resume_en`` where it has them
        (:func:`record_text`)."""
        page = self.texts.language
        title, title_language = record_text(record, "titre", page)
        summary, summary_language = record_text(record, "resume", page)
        languages = (
            "" if title_language == page else title_language,
            "" if summary_language == page else summary_language,
        )
        return title, plain(summary), languages

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
        summary = plain(record.resume)
        title, shown_summary, languages = self.shown(record)
        fields, english = self.split(
            record.langue,
            {
                "titre": [record.titre],
                "etiquettes": [*record.mots_cles, self.actor_names(record.porteurs + record.partenaires)],
                "texte": [summary, index_plain(record.description)],
            },
            {
                "titre": [getattr(record, "titre_en", None)] if self.english else [],
                "etiquettes": labels,
                "lieu": [self.territory_text(t)],
                "texte": [getattr(record, "resume_en", None)] if self.english else [],
            },
        )
        return SearchDocument(
            type=INITIATIVE,
            slug=slug,
            title=title,
            place=self.place_shown(t),
            summary=one_line(shown_summary),
            status=record.statut or "",
            fields=fields,
            english=english,
            languages=languages,
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
            where = (
                city_in(place, self.texts.language)
                or place.nom
                or (self.texts("event.online") if place.en_ligne else "")
            )
        place_text = " ".join(
            p
            for p in (
                [
                    place.nom,
                    place.commune,
                    place.commune_en,
                    country_name(place.pays, self.texts.language) if place.pays else None,
                ]
                if place
                else []
            )
            if p
        )
        summary = plain(record.resume)
        title, shown_summary, languages = self.shown(record)
        fields, english = self.split(
            DEFAULT_LANGUAGE,  # an event says no language: the site's
            {
                "titre": [record.titre, record.edition],
                "etiquettes": [self.actor_names(record.organisateurs)],
                "texte": [summary, index_plain(record.description)],
            },
            {"etiquettes": [self.label("types_evenements", record.type)], "lieu": [place_text]},
        )
        return SearchDocument(
            type=EVENT,
            slug=slug,
            title=title,
            place=where,
            summary=one_line(shown_summary),
            status=record.statut,
            fields=fields,
            english=english,
            languages=languages,
            facets=self.facets_of(EVENT, record),
            sort_key=(1, fold(record.titre), slug),
        )

    def actor(self, slug: str, record: Actor) -> SearchDocument:
        t = record.territoire
        description = plain(record.description)  # also the summary shown
        title = record.nom + (f" ({record.sigle})" if record.sigle else "")
        fields, english = self.split(
            DEFAULT_LANGUAGE,  # an organisation says no language: the site's
            {"titre": [record.nom, record.sigle], "texte": [description]},
            {"etiquettes": [self.label("types_acteurs", record.type)], "lieu": [self.territory_text(t)]},
        )
        page = self.texts.language
        return SearchDocument(
            type=ACTOR,
            slug=slug,
            title=title,
            place=self.place_shown(t),
            summary=one_line(description),
            status=record.type,
            fields=fields,
            english=english,
            languages=("", "") if page == DEFAULT_LANGUAGE else (DEFAULT_LANGUAGE, DEFAULT_LANGUAGE),
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
