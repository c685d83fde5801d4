"""An independent Python statement of what the search page must show, to check it against."""

from __future__ import annotations

from observatoire.search.index import SearchIndex
from tests.search.packed import search


def expected(index: SearchIndex, q: str = "", facets: dict[str, list[str]] | None = None,
             mins: dict[str, int] | None = None) -> dict:
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
