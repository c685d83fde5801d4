"""The site's view of the catalog: facets, territories, back-references, related records.

Computed once per build from the catalog; every page reads from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from observatoire.records.catalog import Catalog
from observatoire.records.facets import FACETS, Facet, FacetValue, facet_values, group
from observatoire.records.kinds import INITIATIVE, KINDS
from observatoire.records.models import Event, Initiative
from observatoire.records.models.types import date_key, moment_key
from observatoire.records.project import ValidationContext
from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.places import country_name
from observatoire.core.text import fold


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
    """A node of the territory tree: country, région or commune."""

    level: str
    name: str
    uri: str
    slugs: list[str] = field(default_factory=list)
    children: dict[str, "Place"] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.slugs)


DECLARED = ""
"""The reason of a related initiative that the record itself names."""


class SiteModel:
    def __init__(self, catalog: Catalog, context: ValidationContext, build_date: dt.date,
                 texts: Texts | None = None):
        self.catalog = catalog
        self.texts = texts or default_texts()
        self.context = context
        self.grid = context.grid
        self.vocabularies = context.vocabularies
        self.build_date = build_date
        self.initiatives: dict[str, Initiative] = {s: e.record for s, e in sorted(catalog.initiatives.items())}
        self.events: dict[str, Event] = {s: e.record for s, e in sorted(catalog.events.items())}
        self.actors = {s: e.record for s, e in sorted(catalog.actors.items())}
        self.paths = {(kind.name, slug): entry.path for kind in KINDS for slug, entry in catalog.of_kind(kind).items()}

    # --- labels ---------------------------------------------------------------

    def label(self, vocabulary: str, term_id: str | None) -> str:
        if term_id is None:
            return ""
        return self.vocabularies[vocabulary].label(term_id)

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
        return sorted(self.actors, key=lambda s: (order.get(self.actors[s].type, len(order)),
                                                  fold(self.actors[s].nom), s))

    @cached_property
    def recently_reviewed(self) -> list[str]:
        return sorted(self.initiatives, key=lambda s: (date_key(self.initiatives[s].derniere_revision), s), reverse=True)

    # --- facets -----------------------------------------------------------------

    @cached_property
    def facets(self) -> dict[str, SiteFacet]:
        """The facets that have a page per value (by id), in the declared order."""
        out = {}
        for facet in FACETS:
            if facet.page and not facet.places:
                found, _ = group(facet, ((INITIATIVE.name, self.initiatives[s], s) for s in self.alphabetical))
                values = facet_values(facet, found, self.context, self.texts, every_term=True)
                out[facet.id] = SiteFacet(facet, self.texts(f"facet.{facet.id}.index"),
                                          self.texts(f"facet.{facet.id}.label"), values)
        return out

    def facet_of(self, vocabulary: str) -> SiteFacet | None:
        """The facet whose values are the terms of ``vocabulary``, if it has pages."""
        return next((f for f in self.facets.values() if f.vocabulary == vocabulary), None)

    # --- territories ------------------------------------------------------------

    @cached_property
    def territories(self) -> dict[str, Place]:
        """Country -> région -> commune, each with its initiatives."""
        from observatoire.site import urls

        tree: dict[str, Place] = {}
        for slug in self.alphabetical:
            t = self.initiatives[slug].territoire
            node = tree.setdefault(t.pays, Place("pays", country_name(t.pays), urls.country(t.pays)))
            node.slugs.append(slug)
            if t.region:
                node = node.children.setdefault(
                    t.region, Place("region", t.region, urls.region(t.pays, t.region))
                )
                node.slugs.append(slug)
            if t.commune:
                node = node.children.setdefault(
                    t.commune, Place("commune", t.commune, urls.commune(t.pays, t.region, t.commune))
                )
                node.slugs.append(slug)
        return dict(sorted(tree.items(), key=lambda kv: fold(kv[1].name)))

    def places(self):
        """Every place of the tree, depth first."""
        def walk(nodes, parents):
            for place in sorted(nodes.values(), key=lambda p: fold(p.name)):
                yield place, parents
                yield from walk(place.children, parents + [place])
        yield from walk(self.territories, [])

    def place_text(self, t) -> str:
        """« commune, région, pays » of a territory, as far as it is known."""
        country = self.territories[t.pays].name if t.pays in self.territories else t.pays
        return ", ".join(part for part in (t.commune, t.region, country) if part)

    def place_of(self, slug: str) -> list[Place]:
        """The country, région and commune pages an initiative belongs to."""
        t = self.initiatives[slug].territoire
        out = []
        node = self.territories.get(t.pays)
        if node:
            out.append(node)
            for key in (t.region, t.commune):
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
                out[ref]["porteur"].append(slug)
            for ref in record.partenaires:
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
        if t.region:
            keys.append(("region", t.pays, t.region))
        return keys

    _WEIGHTS = {"commune": 3, "region": 1, "theme": 2, "objet": 2}
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
            key: (np.fromiter((position[m] for m in members[: self._BUCKET_LIMIT]), dtype=np.intp),
                  self._WEIGHTS[key[0]] / (1 + len(members) / 50))
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
        return self.texts("related.same_region")

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
