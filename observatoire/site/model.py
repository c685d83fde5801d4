"""The site's view of the catalog: facets, territories, back-references, related records.

Computed once per build from the catalog; every page reads from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from observatoire.core.formats import number
from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.places import country_name, local_language, subdivision_kind, subdivision_label
from observatoire.core.text import fold
from observatoire.records.advice import review_due
from observatoire.records.catalog import Catalog
from observatoire.records.facets import (
    FACETS,
    FACETS_BY_ID,
    UNKNOWN,
    Facet,
    FacetValue,
    facet_values,
    feed_file,
    group,
    year_of,
)
from observatoire.records.kinds import INITIATIVE, KINDS
from observatoire.records.models import Event, Initiative
from observatoire.records.models.types import date_key, moment_key
from observatoire.records.project import ValidationContext
from observatoire.records.translation import city_in, record_text


@dataclass
class SiteFacet:
    """A facet (:class:`observatoire.records.facets.Facet`) as the site shows it: its
    values with the initiatives (slugs, A–Z) of each, every vocabulary term included."""

    facet: Facet
    title: str
    """« Par thème »: its index page's title."""
    singular: str
    """« Thème »."""
    values: list[FacetValue]

    @property
    def id(self) -> str:
        return self.facet.id

    @property
    def page(self) -> str:
        return self.facet.page

    @property
    def vocabulary(self) -> str | None:
        return self.facet.vocabulary

    def value(self, value_id: str) -> FacetValue | None:
        return next((v for v in self.values if v.id == value_id), None)


@dataclass
class Place:
    """A node of the territory tree: a country, a first-level subdivision, a city."""

    level: str
    """``pays``, ``subdivision`` or ``commune``."""
    name: str
    uri: str
    code: str = ""
    """The country's ISO 3166-1 code, the subdivision's ISO 3166-2 code."""
    local_name: str = ""
    """A city's name in the language of the place, when it differs."""
    kind: str = ""
    """What a subdivision is called in its country (« région », « Land »)."""
    local_lang: str = ""
    """The language of ``local_name``."""
    slugs: list[str] = field(default_factory=list)
    children: dict[str, Place] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.slugs)


DECLARED = ""
"""The reason of a related initiative that the record itself names."""


class SiteModel:
    def __init__(self, catalog: Catalog, context: ValidationContext, build_date: dt.date, texts: Texts | None = None):
        self.catalog = catalog
        self.texts = texts or default_texts()
        self.context = context
        self.grid = context.grid
        self.vocabularies = context.vocabularies
        self.build_date = build_date
        self._place_texts: dict[tuple, str] = {}
        self.initiatives: dict[str, Initiative] = {s: e.record for s, e in sorted(catalog.initiatives.items())}
        self.events: dict[str, Event] = {s: e.record for s, e in sorted(catalog.events.items())}
        self.actors = {s: e.record for s, e in sorted(catalog.actors.items())}
        self.paths = {(kind.name, slug): entry.path for kind in KINDS for slug, entry in catalog.of_kind(kind).items()}

    @cached_property
    def maps(self):
        """The maps (:class:`observatoire.site.maps.SiteMaps`): the map page, the places'
        pages, the records' locator maps, the territories' maps."""
        from observatoire.site.maps import SiteMaps

        return SiteMaps(self, self.texts)

    # --- labels ---------------------------------------------------------------

    def label(self, vocabulary: str, term_id: str | None) -> str:
        if term_id is None:
            return ""
        return self.vocabularies[vocabulary].label(term_id)

    def budget_text(self, budget) -> str:
        """A budget as the pages write it: « 15 000 EUR (annuel, 2023) — what it covers »."""
        text = f"{number(budget.montant, self.texts)} {budget.devise} ({self.label('periodes_budget', budget.periode).lower()}"
        text += f", {budget.annee})" if budget.annee else ")"
        return text + (f" — {budget.commentaire}" if budget.commentaire else "")

    # --- ordering -------------------------------------------------------------

    def sorted_slugs(self, slugs) -> list[str]:
        """A–Z by title, accents folded."""
        return sorted(slugs, key=lambda s: (fold(self.initiatives[s].titre), s))

    @cached_property
    def alphabetical(self) -> list[str]:
        return self.sorted_slugs(self.initiatives)

    @cached_property
    def actors_listed(self) -> list[str]:
        """The organisations as their list shows them: by type (in the vocabulary's order), A–Z."""
        order = {term.id: i for i, term in enumerate(self.vocabularies["types_acteurs"].terms)}
        return sorted(
            self.actors, key=lambda s: (order.get(self.actors[s].type, len(order)), fold(self.actors[s].nom), s)
        )

    @cached_property
    def recently_reviewed(self) -> list[str]:
        return sorted(
            self.initiatives, key=lambda s: (date_key(self.initiatives[s].derniere_revision), s), reverse=True
        )

    # --- facets -----------------------------------------------------------------

    @cached_property
    def facets(self) -> dict[str, SiteFacet]:
        """The facets that have a page per value (by id), in the declared order."""
        out = {}
        for facet in FACETS:
            if facet.page and not facet.places:
                found = group(facet, ((INITIATIVE.name, self.initiatives[s], s) for s in self.alphabetical))
                values = facet_values(facet, found, self.context, self.texts, every_term=True)
                out[facet.id] = SiteFacet(
                    facet, self.texts(f"facet.{facet.id}.index"), self.texts(f"facet.{facet.id}.label"), values
                )
        return out

    def feed_of(self, facet_id: str, value_id: str) -> str | None:
        """The address of the Atom feed of a facet's value (a theme, a country, a
        subdivision), when its facet declares feeds and some initiative holds it."""
        facet = FACETS_BY_ID[facet_id]
        if not facet.feed or value_id == UNKNOWN:
            return None
        return feed_file(facet, value_id)

    def place_feed(self, place: Place) -> str | None:
        """The feed of a country's or a subdivision's initiatives (none for a city)."""
        facet_id = {"pays": "pays", "subdivision": "region"}.get(place.level)
        return self.feed_of(facet_id, place.code) if facet_id and place.count else None

    def facet_of(self, vocabulary: str) -> SiteFacet | None:
        """The facet whose values are the terms of ``vocabulary``, if it has pages."""
        return next((f for f in self.facets.values() if f.vocabulary == vocabulary), None)

    # --- territories ------------------------------------------------------------

    @cached_property
    def territories(self) -> dict[str, Place]:
        """Country -> first-level subdivision -> city, each with its initiatives; a city
        with no subdivision sits directly under its country."""
        from observatoire.site import urls

        tree: dict[str, Place] = {}
        taken: set[str] = set()
        for slug in self.alphabetical:
            t = self.initiatives[slug].territoire
            node = tree.setdefault(
                t.pays, Place("pays", country_name(t.pays, self.texts.language), urls.country(t.pays), t.pays)
            )
            node.slugs.append(slug)
            if t.subdivision:
                node = node.children.setdefault(
                    t.subdivision,
                    Place(
                        "subdivision",
                        subdivision_label(t.subdivision, self.texts),
                        urls.subdivision(t.subdivision),
                        t.subdivision,
                        kind=subdivision_kind(t.subdivision, self.texts),
                    ),
                )
                taken.add(node.uri)
                node.slugs.append(slug)
            if t.commune:
                city = node.children.get(t.commune)
                name = self.city(t)  # commune_en on an English page
                if city is not None and city.name == t.commune:
                    city.name = name  # a record that gives the city's English name, after one that did not
                if city is None:
                    uri = urls.city(node.code, t.commune)
                    uri = uri if uri not in taken else uri[:-3] + "-ville.md"  # a city named like a subdivision
                    city = node.children[t.commune] = Place(
                        "commune",
                        name,
                        uri,
                        local_name=t.nom_local or "",
                        local_lang=local_language(t.pays),
                    )
                    taken.add(uri)
                city.slugs.append(slug)
        return dict(sorted(tree.items(), key=lambda kv: fold(kv[1].name)))

    def places(self):
        """Every place of the tree, depth first."""

        def walk(nodes, parents):
            for place in sorted(nodes.values(), key=lambda p: fold(p.name)):
                yield place, parents
                yield from walk(place.children, parents + [place])

        yield from walk(self.territories, [])

    def text_of(self, record, field: str) -> tuple[str, str]:
        """A record's ``titre``, ``resume`` or ``nom`` on a page of this site's language, with the
        language it is written in (:func:`~observatoire.records.translation.record_text`):
        templates mark it with ``lang`` where that is not the page's."""
        return record_text(record, field, self.texts.language)

    def city(self, place) -> str | None:
        """The city of a territory or an event's place, in the page's language."""
        return city_in(place, self.texts.language)

    def place_text(self, t) -> str:
        """« ville, subdivision, pays » of a territory, as far as it is known (once per
        place: record lists repeat the same places over thousands of entries)."""
        key = (t.commune, t.commune_en, t.subdivision, t.pays)
        text = self._place_texts.get(key)
        if text is None:
            text = self._place_texts[key] = self._place_text(t)
        return text

    def _place_text(self, t) -> str:
        country = self.territories[t.pays].name if t.pays in self.territories else country_name(t.pays)
        region = subdivision_label(t.subdivision, self.texts) if t.subdivision else None
        parts: list[str] = []
        city = self.city(t)  # commune_en on an English page
        for part in (city, region, country):  # Séoul, Séoul, Corée du Sud → Séoul, Corée du Sud
            if part and not (parts and fold(parts[-1]) == fold(part)):
                parts.append(part)
        return ", ".join(parts)

    def children_by_kind(self, place: Place) -> list[tuple[str, list[Place]]]:
        """The places under ``place``, grouped under a heading: subdivisions by their kind
        (« Régions », « Collectivités d'outre-mer »), then the cities; each group A–Z."""
        groups: dict[str, list[Place]] = {}
        for child in sorted(place.children.values(), key=lambda p: fold(p.name)):
            groups.setdefault(child.kind or "", []).append(child)
        out = []
        for kind, children in sorted(groups.items(), key=lambda kv: (kv[0] == "", fold(kv[0]))):
            if kind:
                heading = subdivision_kind(children[0].code, self.texts, n=len(children))
                out.append((heading[:1].upper() + heading[1:], children))
            else:
                out.append((self.texts("territories.cities"), children))
        return out

    def review_due(self, record) -> bool:
        """Whether a record's last review is older than the advice allows, at the build date."""
        return review_due(record.derniere_revision, self.build_date)

    @cached_property
    def advice_by_record(self) -> list[tuple[str, str, str, str, list]]:
        """The advice on the records, for the editors: (kind name, its label, slug, title,
        advice), the records A–Z by kind in the declared order of kinds."""
        by_file = {}
        for problem in self.catalog.advice:
            by_file.setdefault(problem.path, []).append(problem)
        out = []
        for kind in KINDS:
            entries = self.catalog.of_kind(kind)
            found = [(slug, by_file[e.source.shown]) for slug, e in entries.items() if e.source.shown in by_file]
            found.sort(key=lambda item: fold(getattr(entries[item[0]].record, kind.title_field)))
            label = self.texts(f"kind.{kind.name}.singular")
            out += [
                (kind.name, label, slug, getattr(entries[slug].record, kind.title_field), advice)
                for slug, advice in found
            ]
        return out

    def local_language(self, territory) -> str:
        return local_language(territory.pays)

    def local_language_of(self, place: Place) -> str:
        return place.local_lang or "und"

    def country(self, code: str) -> str:
        return country_name(code, self.texts.language)

    def start_year(self, record) -> str | None:
        """The year an initiative's start is under in the years' index, if any."""
        return year_of(record.debut)

    def place_chain(self, slug: str) -> list[Place]:
        """:meth:`place_of`, most specific first, without a place named as the one before
        it (Séoul the city in Séoul the special city)."""
        out: list[Place] = []
        for place in reversed(self.place_of(slug)):
            if not out or fold(out[-1].name) != fold(place.name):
                out.append(place)
        return out

    def place_of(self, slug: str) -> list[Place]:
        """The country, subdivision and city pages an initiative belongs to."""
        t = self.initiatives[slug].territoire
        out = []
        node = self.territories.get(t.pays)
        if node:
            out.append(node)
            for key in (t.subdivision, t.commune):
                if key and key in node.children:
                    node = node.children[key]
                    out.append(node)
        return out

    # --- back-references ----------------------------------------------------------

    @cached_property
    def events_of_initiative(self) -> dict[str, list[str]]:
        out = defaultdict(list)
        for slug in self.events_chronological:
            for ref in self.events[slug].initiatives_presentees:
                out[ref].append(slug)
        return out

    @cached_property
    def initiatives_of_actor(self) -> dict[str, dict[str, list[str]]]:
        out: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"porteur": [], "partenaire": []})
        for slug in self.alphabetical:
            record = self.initiatives[slug]
            for ref in record.porteurs:
                if isinstance(ref, str):  # (an organisation named without a record has no page)
                    out[ref]["porteur"].append(slug)
            for ref in record.partenaires:
                if isinstance(ref, str):
                    out[ref]["partenaire"].append(slug)
        return out

    @cached_property
    def events_of_actor(self) -> dict[str, list[str]]:
        out = defaultdict(list)
        for slug in self.events_chronological:
            for ref in self.events[slug].organisateurs:
                out[ref].append(slug)
        return out

    # --- events in time -------------------------------------------------------------

    @cached_property
    def events_chronological(self) -> list[str]:
        """Dated events first, newest first; undated ones last, A–Z."""
        dated = [s for s in self.events if self.events[s].debut]
        undated = sorted((s for s in self.events if not self.events[s].debut), key=lambda s: fold(self.events[s].titre))
        dated.sort(key=lambda s: (moment_key(self.events[s].debut), s), reverse=True)
        return dated + undated

    def is_upcoming(self, slug: str) -> bool | None:
        """As of the build date; ``None`` when the event has no date."""
        event = self.events[slug]
        last = event.fin or event.debut
        if not last:
            return None
        return date_key(last.split("T")[0]) >= (self.build_date.year, self.build_date.month, self.build_date.day)

    # --- related initiatives -----------------------------------------------------------

    @cached_property
    def _keys_of(self) -> dict[str, list[tuple]]:
        """:meth:`_keys` of every initiative."""
        return {slug: self._keys(record) for slug, record in self.initiatives.items()}

    @cached_property
    def _buckets(self) -> dict[tuple, list[str]]:
        buckets: dict[tuple, list[str]] = defaultdict(list)
        for slug, keys in self._keys_of.items():
            for key in keys:
                buckets[key].append(slug)
        return buckets

    @staticmethod
    def _keys(record: Initiative):
        t = record.territoire
        keys = [("theme", v) for v in record.themes] + [("objet", v) for v in record.objets_communs]
        if t.commune:
            keys.append(("commune", t.pays, t.commune))
        if t.subdivision:
            keys.append(("subdivision", t.subdivision))
        return keys

    _WEIGHTS = {"commune": 3, "subdivision": 1, "theme": 2, "objet": 2}
    _BUCKET_LIMIT = 400
    """A value shared by thousands says little: look at no more than this many records per value."""

    @cached_property
    def _related_index(self):
        """Slugs A–Z, each slug's position in it, and per shared value the positions
        of the records that hold it (no more than :attr:`_BUCKET_LIMIT`) with its weight."""
        import numpy as np

        slugs = sorted(self.initiatives)
        position = {s: i for i, s in enumerate(slugs)}
        buckets = {
            key: (
                np.fromiter((position[m] for m in members[: self._BUCKET_LIMIT]), dtype=np.intp),
                self._WEIGHTS[key[0]] / (1 + len(members) / 50),
            )
            for key, members in self._buckets.items()
        }
        return slugs, position, buckets

    def related(self, slug: str, limit: int = 5) -> list[tuple[str, str]]:
        """Declared related initiatives, then computed ones (shared themes, objects, territory).

        A computed one scores the weight of each value it shares with this record
        (a value held by many weighs less); the best scores come first, then A–Z.
        Returns (slug, reason) pairs; the list never exceeds ``limit`` beyond the
        declared ones, so a page's size does not grow with the catalog.
        """
        import numpy as np

        record = self.initiatives[slug]
        out = [(s, DECLARED) for s in record.initiatives_liees if s in self.initiatives]
        slugs, position, buckets = self._related_index
        keys = self._keys_of[slug]
        scores = np.zeros(len(slugs))
        for key in keys:  # the same additions, in the same order, for every record: equal sums are equal
            members, weight = buckets[key]
            scores[members] += weight
        for other in (slug, *record.initiatives_liees):
            if other in position:
                scores[position[other]] = 0.0
        candidates = np.flatnonzero(scores > 0)  # (of a boolean array: four times quicker)
        if len(candidates) > limit:  # those at least as good as the limit-th best, ties included
            found = scores[candidates]
            candidates = candidates[found >= np.partition(found, len(found) - limit)[len(found) - limit]]
        best = candidates[np.lexsort((candidates, -scores[candidates]))[:limit]].tolist()  # best score, then A–Z
        return out + [(slugs[i], self._reasons(keys, slugs[i])) for i in best]

    def _reasons(self, keys: list[tuple], other: str) -> str:
        shared = set(self._keys_of[other])
        reason = self._reason_texts
        return ", ".join(dict.fromkeys(reason[k] for k in keys if k in shared))

    @cached_property
    def _reason_texts(self) -> dict[tuple, str]:
        """:meth:`_reason` of every shared value."""
        return {key: self._reason(key) for key in self._buckets}

    def _reason(self, key: tuple) -> str:
        kind = key[0]
        if kind == "theme":
            return self.texts("related.theme", label=self.label("themes", key[1]).lower())
        if kind == "objet":
            return self.texts("related.object", label=self.label("objets_communs", key[1]).lower())
        if kind == "commune":
            return self.texts("related.same_commune")
        return self.texts("related.same_subdivision", kind=subdivision_kind(key[1], self.texts))

    # --- grid statistics -------------------------------------------------------------

    def mean_scores(self) -> list[tuple[str, float | None, int]]:
        """(criterion id, mean score or None, number of initiatives scored)."""
        out = []
        for criterion in self.grid.criteres:
            notes = [
                r.grille[criterion.id].note
                for r in self.initiatives.values()
                if criterion.id in r.grille and r.grille[criterion.id].evaluated
            ]
            out.append((criterion.id, sum(notes) / len(notes) if notes else None, len(notes)))
        return out
