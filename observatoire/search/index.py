"""The search index and the files the search page needs, built at build time.

``SearchIndex(catalog, context).files()`` gives every file to write into the
site, relative to its root; ``page_context(base_url)`` gives what the page
fragment ``partials/recherche.html`` needs. Nothing here knows MkDocs.

Files in the site (see :data:`SITE_FILES`):

* ``assets/recherche/donnees.js``: ``window.OBS_SEARCH``, what the first results
  need (no query, or the address's, the default order, the list), small: the
  facets' and statuses' labels, each record's facet values and grid scores
  (packed, see :meth:`SearchIndex.data`), the display data of the first page's
  records, the names of the orders (:meth:`SearchIndex.sort_data`), the grid's
  criteria, the query's stop words, the script's texts, and where the chunks lie;
* ``assets/recherche/index-<digest>/``: the chunks (:mod:`.chunks`), which
  recherche.js loads, as scripts, when a state of the page needs them: the
  index packed by :mod:`.compact`, cut by terms (``t<k>.js``, for a query's
  words), the records' display data, cut by records (``r<k>.js``, for the
  results shown), each initiative's sort keys (``sort.js``: population, days
  of its last review and of its start, see :meth:`SearchIndex.sort_keys`; for
  the orders by them), each record's place on the map views (``map.js``, see
  :meth:`SearchIndex.map_data`; for the « Carte » view);
* ``assets/recherche/recherche.js``, ``recherche.css``: the page's script and styles;
* ``assets/recherche/entete.js``: for every page, sends Material's header
  search form (when there is one) to ``recherche.html?q=…``;
* ``assets/vendor/lunr/`` and ``assets/vendor/lunr-languages/``: lunr.js 2.3.9,
  lunr-languages 1.22.0 (``lunr.stemmer.support.js``, ``lunr.fr.js``, whose
  French pipeline the queries go through), each with its licence file.

Every data file is a script (not JSON to fetch) so that the page works opened
from ``file://``. Output is deterministic: same catalog, same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from observatoire.core.formats import group_separator
from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.maps import views as map_views
from observatoire.core.text import fold
from observatoire.records.catalog import Catalog
from observatoire.records.facets import FACETS, facet_values
from observatoire.records.kinds import INITIATIVE, KINDS
from observatoire.records.project import ValidationContext
from observatoire.search.chunks import (
    MAP_CHUNK,
    RECORD_CHUNK_SIZE,
    SORT_CHUNK,
    TERM_CHUNK_CHARACTERS,
    Chunks,
    make_chunks,
    script,
)
from observatoire.search.compact import LEVELS, encode_documents, numbers
from observatoire.search.documents import (
    CRITERION_PARAM,
    FIELDS,
    DocumentBuilder,
    FacetRow,
    SearchDocument,
    build_documents,
)
from observatoire.search.pipeline import (
    ENGLISH_LANGUAGE,
    ENGLISH_MARK,
    ENGLISH_PIPELINE_NAMES,
    ENGLISH_STOP_WORDS,
    PIPELINE_NAMES,
    PREFIX_MIN_LENGTH,
    QUERY_STOP_WORDS,
    SEPARATOR_CLASS,
    term_counts,
)

ASSETS = "assets/recherche/"
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
    SCRIPT_FILE,
)
"""The scripts the search page loads, in this order (the fragment writes the tags);
recherche.js then loads the chunks it needs. The English page loads
:func:`data_file` ``("en")`` in the place of :data:`DATA_FILE`."""


def data_file(language: str = DEFAULT_LANGUAGE) -> str:
    """The first file of the search page in ``language``: ``donnees.js``, ``donnees-en.js``."""
    return DATA_FILE if language == DEFAULT_LANGUAGE else f"{ASSETS}donnees-{language}.js"


STATIC_FILES = (SCRIPT_FILE, STYLE_FILE, HEADER_SCRIPT_FILE) + VENDOR_FILES
"""The files of the search that do not depend on the content."""
SITE_FILES = (DATA_FILE,) + STATIC_FILES
"""The files of the search but the chunks, whose names depend on the content."""
SEARCH_PAGE = "recherche.html"
DATA_VERSION = 4
RESULTS_PAGE = 20
"""Results shown at first, and at each « Afficher plus de résultats »."""
MAP_FOLDER = "assets/observatoire/carte/"
"""Where the site writes the bases of the map views (:mod:`observatoire.site.maps`):
the « Carte » view of the search page draws them as images under its marks."""
MAP_VIEWS = ("france", "monde")
"""The views of the « Carte » view, in the order a record is placed: a record the
France view shows (metropolitan France and the overseas insets) is on it, any
other on the world view, as on the map page."""
SCRIPT_TEXTS = "recherche.script."
"""The catalog's texts that recherche.js shows (its ``T(key, params)``)."""
SORT_PARAM = "tri"
"""URL parameter of the order of the results: none (relevance), or one of :data:`SORTS`."""
INHABITANTS_PARAM = "habitants"
"""URL parameter of the visitor's commune's number of inhabitants (``tri=population``)."""
SORTS = ("population", "transferabilite", "relecture", "debut")
"""The orders of the results but relevance, as the address writes them: closeness of the
commune's population to ``habitants`` (relative: 10 000 and 22 500 are as close to 15 000),
the transferability score (highest first), the last review (``derniere_revision``, most
recent first), the start (``debut``, most recent first). They order the initiatives; the
initiatives whose value is unknown follow, then events and organisations, each group in
the order of relevance (A–Z without a query)."""
TRANSFERABILITY = ("transferabilite", "reproductibilite")
"""The grid criterion of the transferability sort: the first whose id or label, accents
folded, starts with one of these."""


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


def _field_counts(doc: SearchDocument, name: str, text: str) -> Counter:
    """The terms of a document's field: of its French text, and (marked) of its English text if it has one."""
    counts = term_counts(text, from_index_text=True)
    if name in doc.english:  # marked terms: none is also a French one
        counts.update(term_counts(doc.english[name], from_index_text=True, english=True))
    return counts


class SearchIndex:
    """The search of the site, from a catalog: ``files()`` to write, ``page_context()`` to render."""

    def __init__(
        self,
        catalog: Catalog,
        context: ValidationContext,
        *,
        events: bool = True,
        actors: bool = True,
        texts: Texts | None = None,
        pages: str = "",
        term_budget: int = TERM_CHUNK_CHARACTERS,
        record_size: int = RECORD_CHUNK_SIZE,
    ):
        """``texts``: the page's language (its labels, and in English the English pipeline
        beside the French one, :mod:`.pipeline`); ``context`` then in that language too.
        ``pages``: where the records' pages in that language lie, from the site's root
        (``en/``). ``term_budget``, ``record_size``: the size of the chunks (:mod:`.chunks`)."""
        self.catalog = catalog
        self.pages = pages
        self.term_budget = term_budget
        self.record_size = record_size
        self.texts = texts or default_texts()
        self.context = context
        self.grid = context.grid
        self._kinds = {"events": events, "actors": actors}
        self.english = self.texts.language == ENGLISH_LANGUAGE
        """The English page's index: the English pipeline's terms too (marked)."""

    @cached_property
    def documents(self) -> list[SearchDocument]:
        """Every document, in the order shown without a query (their texts take time:
        the search page's facets do not need them, see :attr:`_facet_rows`)."""
        return build_documents(self.catalog, self.context, **self._kinds, texts=self.texts)

    @cached_property
    def _facet_rows(self) -> list[FacetRow]:
        if "documents" in self.__dict__:  # already built: their facets are the same
            return [FacetRow(d.facets, d.scores) for d in self.documents]
        return DocumentBuilder(self.catalog, self.context, self.texts).facet_rows(**self._kinds)

    # --- facets ------------------------------------------------------------------

    @cached_property
    def facets(self) -> list[Facet]:
        """Every facet with the values some document has, in the declared order, with counts."""
        texts = self.texts
        found: dict[str, dict[str, list[int]]] = {f.id: {} for f in FACETS}
        for position, row in enumerate(self._facet_rows):
            for name, ids in row.facets.items():
                for value in ids:
                    found[name].setdefault(value, []).append(position)
        out = []
        for facet in FACETS:
            values = facet_values(facet, found[facet.id], self.context, texts)
            out.append(
                Facet(
                    facet.id,
                    texts(f"facet.{facet.id}.label"),
                    [FacetValue(v.id, v.label, v.count) for v in values if v.count],
                )
            )
        return out

    @cached_property
    def transferability(self) -> int | None:
        """The position in the grid of the transferability criterion, if the grid has one."""
        for position, criterion in enumerate(self.grid.criteres):
            names = (fold(criterion.id).replace("_", "-"), fold(criterion.libelle))
            if any(name.startswith(word) for name in names for word in TRANSFERABILITY):
                return position
        return None

    @cached_property
    def sorts(self) -> list[str]:
        """The orders offered (:data:`SORTS`), the transferability one when the grid has its criterion."""
        return [s for s in SORTS if s != "transferabilite" or self.transferability is not None]

    @cached_property
    def criteria(self) -> list[CriterionFacet]:
        scale = self.grid.echelle
        out = []
        for position, criterion in enumerate(self.grid.criteres):
            levels = []
            for level in range(scale.min, scale.max + 1):
                count = sum(
                    1
                    for row in self._facet_rows
                    if row.scores and row.scores[position] != "-" and int(row.scores[position]) >= level
                )
                levels.append(Level(level, criterion.niveaux.get(level, ""), count))
            out.append(CriterionFacet(criterion.id, criterion.libelle, criterion.question, levels))
        return out

    # --- the index ------------------------------------------------------------------------

    @cached_property
    def encoded_index(self) -> dict:
        """Every term and its postings packed (:func:`.compact.encode_documents`), in one piece."""
        counted = (
            {name: _field_counts(doc, name, text) for name, text in doc.fields.items()} for doc in self.documents
        )  # one document's counts at a time
        return encode_documents(
            counted, [doc.type.search_boost for doc in self.documents], list(FIELDS), PIPELINE_NAMES
        )

    def records(self) -> list[list]:
        """Each document's display row, as a record chunk holds it (see recherche.js)."""
        type_position = {k.search_type: i for i, k in enumerate(KINDS)}
        rows = [
            [type_position[doc.type.search_type], doc.slug, doc.title, doc.place, doc.summary, doc.status]
            for doc in self.documents
        ]
        if self.texts.language != DEFAULT_LANGUAGE:  # the languages of the title and summary
            for row, doc in zip(rows, self.documents, strict=True):
                row += doc.languages
        return rows

    def positions(self) -> list[tuple[int, int, int] | None]:
        """Each document's place on the map: (view, x, y), the view's position in
        :data:`MAP_VIEWS`, x and y in the view's units rounded to whole units (a
        pixel or so on screen), or None for a record without coordinates. The
        projection of the map page (:meth:`observatoire.core.maps.views.View.position`)."""
        france, world = map_views.france(), map_views.world()
        out: list[tuple[int, int, int] | None] = []
        for doc in self.documents:
            entry = self.catalog.of_kind(doc.type).get(doc.slug)
            point = doc.type.coordinates(entry.record) if entry is not None else None
            if point is None:
                out.append(None)
                continue
            view, at = 0, france.position(*point)
            if at is None:
                view, at = 1, world.position(*point)
            if at is None:
                out.append(None)
                continue
            out.append((view, max(0, round(at[0])), max(0, round(at[1]))))
        return out

    def map_data(self) -> dict:
        """The map chunk (:data:`.chunks.MAP_CHUNK`), which the page loads when it shows
        the « Carte » view: the views (id, base file, width, height) and each
        document's place, packed (:func:`.compact.numbers`): ``0`` for none, else
        the view's position + 1, x, y: five characters for a record with
        coordinates (x, y < 1024), one without. Nothing of it is in the first file:
        the page draws the switch between the list and the map from its own
        markup, and the views once the chunk is there."""
        shown = {"france": map_views.france(), "monde": map_views.world()}
        return {
            "views": [[name, MAP_FOLDER + name + ".svg", shown[name].width, shown[name].height] for name in MAP_VIEWS],
            "positions": numbers(
                n for at in self.positions() for n in ((0,) if at is None else (at[0] + 1, at[1], at[2]))
            ),
        }

    def first_records(self) -> dict[str, list[list]]:
        """The record chunks that hold the first page of results with no query and no
        filter, by name: in the first file, so that the page shows them without
        loading anything else."""
        rows = self.records()
        count = min(-(-RESULTS_PAGE // self.record_size), self.chunks.record_chunks)
        return {f"r{k}": rows[k * self.record_size : (k + 1) * self.record_size] for k in range(count)}

    @cached_property
    def chunks(self) -> Chunks:
        index = self.encoded_index
        return make_chunks(
            ASSETS,
            index["terms"],
            index["postings"],
            self.records(),
            self.term_budget,
            self.record_size,
            named={SORT_CHUNK: self.sort_keys(), MAP_CHUNK: self.map_data()},
        )

    # --- the page's data ---------------------------------------------------------------------

    def data(self) -> dict:
        """``window.OBS_SEARCH``: see recherche.js for how each part is read. What the
        first results need (with the default order and the list): the sort keys and
        the places on the map are in chunks (:meth:`sort_keys`, :meth:`map_data`).

        ``facetValues``: per facet, every document's values, packed
        (:func:`.compact.numbers`): for each document, how many, then their
        positions in the facet's ``values``. ``scores``: every document's
        grid scores, one character per criterion (``-``: not evaluated)."""
        chunks = self.chunks
        index = self.encoded_index
        voc = self.context.vocabularies
        width = len(self.grid.criteres)
        facet_values = []
        for f in self.facets:
            position = f.index()
            facet_values.append(
                numbers(
                    n
                    for doc in self.documents
                    for values in ([position[v] for v in doc.facets.get(f.name, [])],)
                    for n in (len(values), *values)
                )
            )
        return {
            "version": DATA_VERSION,
            "language": self.texts.language,
            "numberGroup": group_separator(self.texts),
            "texts": self.texts.subset(SCRIPT_TEXTS),
            "types": [
                [k.search_type, self.texts(f"kind.{k.name}.singular"), self.pages + k.site_folder + "/"] for k in KINDS
            ],
            "facets": [
                {"name": f.name, "label": f.label, "values": [[v.id, v.label] for v in f.values]} for f in self.facets
            ],
            "statusLabels": [
                # an initiative's status may be unknown: said so, as on its page
                {"": self.texts("initiative.status_unknown"), **{t.id: t.libelle for t in voc["statuts"].terms}},
                {t.id: t.libelle for t in voc["statuts_evenements"].terms},
                {t.id: t.libelle for t in voc["types_acteurs"].terms},
            ],
            "criteria": [[c.id, c.label] for c in self.criteria],
            "scale": [self.grid.echelle.min, self.grid.echelle.max],
            "criterionParam": CRITERION_PARAM,
            "query": {
                "separators": SEPARATOR_CLASS,
                "stopWords": sorted(QUERY_STOP_WORDS | ENGLISH_STOP_WORDS if self.english else QUERY_STOP_WORDS),
                "prefixMinLength": PREFIX_MIN_LENGTH,
                "exactBoost": EXACT_BOOST,
            },
            "documents": len(self.documents),
            "facetValues": facet_values,
            "scores": "".join(doc.scores or "-" * width for doc in self.documents),
            "index": {
                "format": index["format"],
                "fields": index["fields"],
                "pipeline": index["pipeline"],
                **({"english": {"pipeline": ENGLISH_PIPELINE_NAMES, "mark": ENGLISH_MARK}} if self.english else {}),
                "levels": list(LEVELS),
                "terms": len(index["terms"]),
                "chunks": [[chunk.terms[0], chunk.start] for chunk in chunks.terms],
            },
            "pageSize": RESULTS_PAGE,
            "records": {"size": self.record_size, "chunks": chunks.record_chunks, "first": self.first_records()},
            "folder": chunks.folder,
            "sort": self.sort_data(),
        }

    def sort_data(self) -> dict:
        """``sort``: what the page needs of the orders of :data:`SORTS` before their keys,
        which are in the sort chunk (:meth:`sort_keys`): ``param`` and ``number``, the
        address's parameters, and ``sorts``, the orders offered, to read the order from
        the address and the form, and so to know whether to load the keys; ``initiatives``,
        how many documents the orders order (the first ones) and ``criterion``, the
        transferability criterion's position in ``criteria`` (-1: none), with which the
        transferability order needs nothing but the grid scores of the first file."""
        position = self.transferability
        return {
            "param": SORT_PARAM,
            "number": INHABITANTS_PARAM,
            "sorts": self.sorts,
            "initiatives": len(self._initiatives()),
            "criterion": -1 if position is None else position,
        }

    def _initiatives(self) -> list[SearchDocument]:
        initiatives = [d for d in self.documents if d.type is INITIATIVE]
        assert self.documents[: len(initiatives)] == initiatives, "les initiatives d'abord"
        return initiatives

    def sort_keys(self) -> dict:
        """The sort chunk (:data:`.chunks.SORT_CHUNK`), which the page loads when an order by
        population, last review or start is chosen: for each initiative (the first
        ``sort_data()["initiatives"]`` documents), packed (:func:`.compact.numbers`):
        ``population``, its number of inhabitants + 1; ``relecture`` and ``debut``, the
        day of its last review and of its start (the earliest day the date may mean),
        counted from the day before the earliest of them; 0 when unknown. ``relectureFrom``:
        that day for ``relecture``, as a proleptic Gregorian ordinal (the page says the year
        of each review; a review date gives its year at least)."""
        initiatives = self._initiatives()

        def before(values: list[int | None]) -> int:
            known = [v for v in values if v is not None]
            return min(known) - 1 if known else 0

        def days(values: list[int | None]) -> str:
            start = before(values)
            return numbers(0 if v is None else v - start for v in values)

        revised = [d.revised for d in initiatives]
        return {
            "population": numbers(0 if d.population is None else d.population + 1 for d in initiatives),
            "relecture": days(revised),
            "relectureFrom": before(revised),
            "debut": days([d.started for d in initiatives]),
        }

    def files(self) -> dict[str, bytes]:
        """Every file of the search, by path relative to the site's root, sorted."""
        chunks = self.chunks
        out = {
            data_file(self.texts.language): script(
                "OBS_SEARCH", self.data(), "Donnees de la recherche, generees au build"
            )
        }
        out.update({chunks.folder + name: data for name, data in chunks.files.items()})
        assets = resources.files("observatoire").joinpath("assets")
        for path in STATIC_FILES:
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
            "sorts": [(s, self.texts(f"recherche.page.sorts.{s}")) for s in self.sorts],
            "sort_param": SORT_PARAM,
            "inhabitants_param": INHABITANTS_PARAM,
            "total": len(self._facet_rows),
            "scripts": [
                f"{base}/{data_file(self.texts.language) if path == DATA_FILE else path}" for path in SCRIPTS_IN_ORDER
            ],
            "stylesheet": f"{base}/{STYLE_FILE}",
        }


EXACT_BOOST = 10
"""A word typed as a prefix also counts as itself, ten times as much: « commun »
ranks the records about « communs » before those about « communication »."""
