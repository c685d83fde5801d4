"""The search index and the files the search page needs, built at build time.

``SearchIndex(catalog, context).files()`` gives every file to write into the
site, relative to its root; ``page_context(base_url)`` gives what the page
fragment ``partials/recherche.html`` needs. Nothing here knows MkDocs.

Files in the site (see :data:`SITE_FILES`):

* ``assets/recherche/index.js``: ``window.OBS_SEARCH_INDEX``, the index packed
  by :mod:`observatoire.search.compact` (terms, and per term the documents
  and weights of each field; no term positions), searched by recherche.js
  as :class:`observatoire.search.compact.PackedIndex` searches it;
* ``assets/recherche/donnees.js``: ``window.OBS_SEARCH``, per document the
  display fields and facet values (as numbers into the facets' value tables),
  the facets' and statuses' labels, the grid's criteria, the query stop words;
* ``assets/recherche/recherche.js``, ``recherche.css``: the page's script and styles;
* ``assets/recherche/entete.js``: for every page, sends Material's header
  search form (when there is one) to ``recherche.html?q=…``;
* ``assets/vendor/lunr/`` and ``assets/vendor/lunr-languages/``: lunr.js 2.3.9,
  lunr-languages 1.22.0 (``lunr.stemmer.support.js``, ``lunr.fr.js``), each with
  its licence file.

Both data files are scripts (not JSON to fetch) so that the page works opened
from ``file://``. Output is deterministic: same catalog, same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from lunr.index import Index
from lunr.query import QueryPresence

from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.records.catalog import Catalog
from observatoire.records.facets import FACETS, facet_values
from observatoire.records.kinds import KINDS
from observatoire.records.project import ValidationContext
from observatoire.search.documents import (
    CRITERION_PARAM,
    DocumentBuilder,
    FacetRow,
    FIELDS,
    SearchDocument,
    build_documents,
)
from observatoire.search.compact import PackedIndex, Postings, decode, encode_documents, search_clauses, weigh
from observatoire.search.pipeline import (
    PIPELINE_NAMES,
    PREFIX_MIN_LENGTH,
    QUERY_STOP_WORDS,
    SEPARATOR_CLASS,
    analyse,
    query_terms,
    term_counts,
)

ASSETS = "assets/recherche/"
INDEX_FILE = ASSETS + "index.js"
DATA_FILE = ASSETS + "donnees.js"
SCRIPT_FILE = ASSETS + "recherche.js"
STYLE_FILE = ASSETS + "recherche.css"
HEADER_SCRIPT_FILE = ASSETS + "entete.js"
VENDOR_FILES = (
    "assets/vendor/lunr/lunr.js",
    "assets/vendor/lunr/LICENSE",
    "assets/vendor/lunr-languages/lunr.stemmer.support.js",
    "assets/vendor/lunr-languages/lunr.fr.js",
    "assets/vendor/lunr-languages/LICENSE",
    "assets/vendor/README.md",
)
SCRIPTS_IN_ORDER = (
    "assets/vendor/lunr/lunr.js",
    "assets/vendor/lunr-languages/lunr.stemmer.support.js",
    "assets/vendor/lunr-languages/lunr.fr.js",
    DATA_FILE,
    INDEX_FILE,
    SCRIPT_FILE,
)
"""The scripts the search page loads, in this order (the fragment writes the tags)."""
STATIC_FILES = (SCRIPT_FILE, STYLE_FILE, HEADER_SCRIPT_FILE) + VENDOR_FILES
"""The files of the search that do not depend on the content."""
SITE_FILES = (INDEX_FILE, DATA_FILE) + STATIC_FILES
SEARCH_PAGE = "recherche.html"
DATA_VERSION = 1


@dataclass
class FacetValue:
    id: str
    label: str
    count: int = 0


@dataclass
class Facet:
    """A facet of the form: checkboxes, OR within, AND with the others."""

    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    def index(self) -> dict[str, int]:
        return {v.id: i for i, v in enumerate(self.values)}


@dataclass
class Level:
    value: int
    label: str
    """What the level means, from the grid."""
    count: int = 0
    """Documents whose score is at least ``value``."""


@dataclass
class CriterionFacet:
    """A grid criterion: a minimum level to reach (``note_<id>=3``)."""

    id: str
    label: str
    question: str
    levels: list[Level]

    @property
    def name(self) -> str:
        return CRITERION_PARAM + self.id


def _js_string_literal(text: str) -> str:
    """``text`` (ASCII) as a single-quoted JavaScript string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _script(variable: str, data, banner: str) -> bytes:
    """``window.X = JSON.parse('…')``: pure ASCII (no charset to get wrong), and
    parsed faster than the same data as an object literal."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return f"/* {banner} */\nwindow.{variable} = JSON.parse({_js_string_literal(text)});\n".encode("ascii")


class SearchIndex:
    """The search of the site, from a catalog: ``files()`` to write, ``page_context()`` to render."""

    def __init__(self, catalog: Catalog, context: ValidationContext, *, events: bool = True, actors: bool = True,
                 texts: Texts | None = None):
        self.catalog = catalog
        self.texts = texts or default_texts()
        self.context = context
        self.grid = context.grid
        self._kinds = {"events": events, "actors": actors}

    @cached_property
    def documents(self) -> list[SearchDocument]:
        """Every document, in the order shown without a query (their texts take time:
        the search page's facets do not need them, see :attr:`_facet_rows`)."""
        return build_documents(self.catalog, self.context, **self._kinds)

    @cached_property
    def _facet_rows(self) -> list[FacetRow]:
        if "documents" in self.__dict__:  # already built: their facets are the same
            return [FacetRow(d.facets, d.scores, d.region_label) for d in self.documents]
        return DocumentBuilder(self.catalog, self.context).facet_rows(**self._kinds)

    # --- facets ------------------------------------------------------------------

    @cached_property
    def facets(self) -> list[Facet]:
        """Every facet with the values some document has, in the declared order, with counts."""
        texts = self.texts
        found: dict[str, dict[str, list[int]]] = {f.id: {} for f in FACETS}
        spellings: dict[str, Counter] = {}
        for position, row in enumerate(self._facet_rows):
            for name, ids in row.facets.items():
                for value in ids:
                    found[name].setdefault(value, []).append(position)
                if name == "region" and ids:
                    spellings.setdefault(ids[0], Counter())[row.region_label] += 1
        out = []
        for facet in FACETS:
            values = facet_values(facet, found[facet.id], self.context, texts, spellings)
            out.append(Facet(facet.id, texts(f"facet.{facet.id}.label"),
                             [FacetValue(v.id, v.label, v.count) for v in values if v.count]))
        return out

    @cached_property
    def criteria(self) -> list[CriterionFacet]:
        scale = self.grid.echelle
        out = []
        for position, criterion in enumerate(self.grid.criteres):
            levels = []
            for level in range(scale.min, scale.max + 1):
                count = sum(
                    1 for row in self._facet_rows
                    if row.scores and row.scores[position] != "-" and int(row.scores[position]) >= level
                )
                levels.append(Level(level, criterion.niveaux.get(level, ""), count))
            out.append(CriterionFacet(criterion.id, criterion.libelle, criterion.question, levels))
        return out

    # --- the index --------------------------------------------------------------------------

    @cached_property
    def analysed(self) -> list[dict[str, list[str]]]:
        """Each document's fields as index terms (:func:`.pipeline.analyse`)."""
        return [{name: analyse(text) for name, text in doc.fields.items()} for doc in self.documents]

    @cached_property
    def postings(self) -> Postings:
        """Every term with its documents and weights (lunr's BM25, see :mod:`.compact`);
        documents are numbered by their position in :attr:`documents`."""
        return weigh(self.analysed, [doc.type.search_boost for doc in self.documents], list(FIELDS))

    @cached_property
    def serialized_index(self) -> dict:
        """``window.OBS_SEARCH_INDEX``: the packed index, ``encode(self.postings)``
        computed at once (:func:`.compact.encode_documents`)."""
        counted = ({name: term_counts(text, from_index_text=True) for name, text in doc.fields.items()}
                   for doc in self.documents)  # one document's counts at a time
        return encode_documents(counted, [doc.type.search_boost for doc in self.documents], list(FIELDS), PIPELINE_NAMES)

    @cached_property
    def packed_index(self) -> PackedIndex:
        """What the browser reads from ``index.js``, searched as recherche.js searches."""
        return PackedIndex(json.loads(json.dumps(self.serialized_index)))

    @cached_property
    def loaded_index(self) -> Index:
        """The same index as a lunr.py index (same terms, documents and weights), for
        comparing with lunr's own search: refs are positions in :attr:`documents`."""
        return Index.load(decode(json.loads(json.dumps(self.serialized_index))))

    def search(self, text: str) -> list[str] | None:
        """Refs matching ``text``, best first, computed as recherche.js does;
        ``None`` when the text has no searchable word (then everything matches)."""
        terms = query_terms(text)
        if not terms:
            return None
        index = self.packed_index
        return [str(d) for d in index.query(search_clauses(index, terms, EXACT_BOOST))]

    # --- the page's data ---------------------------------------------------------------------

    def data(self) -> dict:
        """``window.OBS_SEARCH``: see recherche.js for how each part is read."""
        facet_index = {f.name: f.index() for f in self.facets}
        voc = self.context.vocabularies
        docs = []
        type_position = {k.search_type: i for i, k in enumerate(KINDS)}
        for doc in self.documents:
            values = [
                [facet_index[f.name][v] for v in doc.facets.get(f.name, [])] for f in self.facets
            ]
            docs.append([
                type_position[doc.type.search_type], doc.slug, doc.title, doc.place, doc.summary, doc.status, values, doc.scores,
            ])
        return {
            "version": DATA_VERSION,
            "docFields": ["type", "slug", "title", "place", "summary", "status", "facets", "scores"],
            "types": [[k.search_type, self.texts(f"kind.{k.name}.singular"), k.site_folder + "/"] for k in KINDS],
            "facets": [{"name": f.name, "label": f.label, "values": [[v.id, v.label] for v in f.values]} for f in self.facets],
            "statusLabels": [
                {t.id: t.libelle for t in voc["statuts"].terms},
                {t.id: t.libelle for t in voc["statuts_evenements"].terms},
                {t.id: t.libelle for t in voc["types_acteurs"].terms},
            ],
            "criteria": [[c.id, c.label] for c in self.criteria],
            "scale": [self.grid.echelle.min, self.grid.echelle.max],
            "criterionParam": CRITERION_PARAM,
            "query": {
                "separators": SEPARATOR_CLASS,
                "stopWords": sorted(QUERY_STOP_WORDS),
                "prefixMinLength": PREFIX_MIN_LENGTH,
                "exactBoost": EXACT_BOOST,
            },
            "docs": docs,
        }

    def files(self) -> dict[str, bytes]:
        """Every file of the search, by path relative to the site's root, sorted."""
        out = {
            INDEX_FILE: _script("OBS_SEARCH_INDEX", self.serialized_index, "Index de recherche (lunr), genere au build"),
            DATA_FILE: _script("OBS_SEARCH", self.data(), "Donnees de la recherche, generees au build"),
        }
        assets = resources.files("observatoire").joinpath("assets")
        for path in (SCRIPT_FILE, STYLE_FILE, HEADER_SCRIPT_FILE) + VENDOR_FILES:
            out[path] = assets.joinpath(path.removeprefix("assets/")).read_bytes()
        return dict(sorted(out.items()))

    def page_context(self, base_url: str = ".") -> dict:
        """The variable ``recherche`` of ``partials/recherche.html``.

        ``base_url``: the way from the page to the site's root, without a
        trailing slash (``.`` for ``recherche.html`` at the root).
        """
        base = (base_url or ".").rstrip("/") or "."
        return {
            "base_url": base,
            "facets": self.facets,
            "criteria": self.criteria,
            "scale_max": self.grid.echelle.max,
            "total": len(self._facet_rows),
            "scripts": [f"{base}/{path}" for path in SCRIPTS_IN_ORDER],
            "stylesheet": f"{base}/{STYLE_FILE}",
        }


EXACT_BOOST = 10
"""A word typed as a prefix also counts as itself, ten times as much: « commun »
ranks the records about « communs » before those about « communication »."""


def search_refs(index: Index, text: str) -> list[str] | None:
    """The same query as :meth:`SearchIndex.search`, run by lunr.py on a lunr index:
    :func:`query_terms`, every term required; a last word typed as a prefix is
    required as a prefix and, optional and boosted, as itself. Refs best first.
    The reference the tests compare the site's own search with."""
    results = lunr_results(index, text)
    return None if results is None else [r["ref"] for r in results]


def lunr_results(index: Index, text: str) -> list[dict] | None:
    """:func:`search_refs` with lunr.py's results (``ref``, ``score``, ``match_data``)."""
    terms = query_terms(text)
    if not terms:
        return None
    query = index.create_query()
    for term, prefix in terms:
        if prefix:
            query.term(term, use_pipeline=False, presence=QueryPresence.REQUIRED, wildcard=query.WILDCARD_TRAILING)
            query.term(term, use_pipeline=False, presence=QueryPresence.OPTIONAL, boost=EXACT_BOOST)
        else:
            query.term(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
    return index.query(query)
