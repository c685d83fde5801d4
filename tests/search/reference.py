"""An independent Python statement of what the search page must show, to check it against."""

from __future__ import annotations

import math

from observatoire.search.index import SearchIndex
from tests.search.packed import search


def expected(
    index: SearchIndex, q: str = "", facets: dict[str, list[str]] | None = None, mins: dict[str, int] | None = None
) -> dict:
    """Results (slugs, in order) and counts for a query, chosen facet values and
    minimum grid levels: AND across facets, OR within one; a value's count is the
    number of documents matching everything but its own facet, having that value."""
    facets = {k: v for k, v in (facets or {}).items() if v}
    mins = mins or {}
    refs = search(index, q)
    order = list(range(len(index.documents))) if refs is None else [int(r) for r in refs]
    criteria = [c.id for c in index.criteria]

    def passes(doc, skip=None):
        for name, chosen in facets.items():
            if name != skip and not set(doc.facets.get(name, [])) & set(chosen):
                return False
        for cid, level in mins.items():
            if cid == skip:
                continue
            s = doc.scores[criteria.index(cid)] if doc.scores else "-"
            if s == "-" or int(s) < level:
                return False
        return True

    docs = [index.documents[i] for i in order]
    results = [d.slug for d in docs if passes(d)]
    counts = {f.name: {v.id: 0 for v in f.values} for f in index.facets}
    for f in index.facets:
        for d in docs:
            if passes(d, skip=f.name):
                for v in d.facets.get(f.name, []):
                    counts[f.name][v] += 1
    levels = {c.id: {lv.value: 0 for lv in c.levels} for c in index.criteria}
    for position, c in enumerate(index.criteria):
        for d in docs:
            if passes(d, skip=c.id) and d.scores and d.scores[position] != "-":
                for lv in levels[c.id]:
                    if int(d.scores[position]) >= lv:
                        levels[c.id][lv] += 1
    return {"results": results, "counts": counts, "levels": levels}


UNKNOWN_TEXTS = {
    "population": "Population non renseignée",
    "transferabilite": "Transférabilité : non évalué",
    "relecture": "Date de relecture non renseignée",
    "debut": "Date de début non renseignée",
}
OTHERS_TEXT = "Événements et organisations : ce tri ne porte que sur les initiatives"


def sort_value(index: SearchIndex, slug: str, sort: str, inhabitants: int | None = None):
    """An initiative's key for an order, from its record (smaller first), or None when unknown."""
    from observatoire.core.dates import parse

    record = index.catalog.initiatives[slug].record
    if sort == "population":
        pop = record.territoire.population
        return None if pop is None else abs(math.log(max(pop.nombre, 1) / inhabitants))
    if sort == "transferabilite":
        ev = record.grille.get("transferabilite")
        return -ev.note if ev is not None and ev.evaluated and ev.note is not None else None
    date = record.derniere_revision if sort == "relecture" else record.debut
    earliest = parse(str(date)).earliest if date else None
    return None if earliest is None else -earliest.toordinal()


def sorted_results(index: SearchIndex, results: list[str], sort: str = "", inhabitants: int | None = None) -> list[str]:
    """``results`` (slugs, in relevance order) as the page orders them for ``sort`` (tri=…):
    the initiatives whose value is known by it (ties in relevance order), a group title
    (:data:`UNKNOWN_TEXTS`), those whose value is unknown, a group title (:data:`OTHERS_TEXT`),
    the events and organisations; group titles only between two non-empty groups. No
    order, or the population one without a number: ``results`` as they are."""
    if not sort or (sort == "population" and not inhabitants):
        return list(results)
    known, unknown, others = [], [], []
    for rank, slug in enumerate(results):
        if slug not in index.catalog.initiatives:
            others.append(slug)
            continue
        key = sort_value(index, slug, sort, inhabitants)
        (unknown if key is None else known).append((key, rank, slug))
    out = [slug for _, _, slug in sorted(known)]
    if known and unknown:
        out.append(UNKNOWN_TEXTS[sort])
    out += [slug for _, _, slug in unknown]
    if others and (known or unknown):
        out.append(OTHERS_TEXT)
    return out + [slug for slug in others]
