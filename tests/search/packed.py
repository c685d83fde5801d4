"""The tests' statement of the search, one posting at a time, to check the site's against.

* :func:`weigh` and :func:`pack`: lunr's weights and the packed postings, plainly
  (the build's :func:`observatoire.search.compact.encode_documents` writes the
  same bytes at once with numpy);
* :class:`PackedIndex`: the whole index searched as recherche.js searches it,
  with lunr's semantics and ranking; :func:`decode` gives lunr.py the same index
  in its own serialised form, and :func:`lunr_results` runs the same query there;
* :class:`ChunkedIndex`: the search over the site's files as the page reads
  them, chunk by chunk, recording which chunks a query needed;
* the French pipeline as lunr.py functions (:func:`make_builder`), for lunr.py's
  own builder.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import QueryPresence

from observatoire.search.chunks import CHUNK_FUNCTION
from observatoire.search.compact import ALPHABET, K1, LEVELS, B, js_order, level, numbers
from observatoire.search.index import DATA_FILE, EXACT_BOOST, SearchIndex
from observatoire.search.pipeline import (
    PIPELINE_NAMES,
    QUERY_STOP_WORDS,
    analyse,
    fold_accents,
    query_terms,
    stem,
    trim,
)

LUNR_VERSION = "2.3.9"
_DIGIT = {c: (i % 32, i < 32) for i, c in enumerate(ALPHABET)}
"""Character -> (its 5 bits, whether it ends the number)."""


# --- weights and packing ------------------------------------------------------------------------


@dataclass
class Postings:
    """Every term of the index with, per field, ``(document position, weight)`` pairs."""

    fields: list[str]
    terms: list[str]
    """Sorted as JavaScript sorts strings (UTF-16 code units): lunr.js requires it."""
    postings: list[list[list[tuple[int, float]]]]
    """``postings[t][f]``: documents holding ``terms[t]`` in ``fields[f]``, in order, with its weight."""
    documents: int = 0


def weigh(documents: list[dict[str, list[str]]], boosts: list[float], fields: list[tuple[str, float]]) -> Postings:
    """lunr's weights of every term in every document field.

    ``documents[d][field]``: the field's terms, already through the pipeline
    (:func:`observatoire.search.pipeline.analyse`); ``boosts[d]``: the
    document's boost; ``fields``: ``(name, boost)``. As lunr.py's Builder:
    idf counts a document once per field holding the term, field lengths are
    averaged over every document, and scores are rounded to 3 decimals.
    """
    n = len(documents)
    lengths = [[0] * n for _ in fields]
    found: dict[str, list[list[tuple[int, int]]]] = {}
    for d, document in enumerate(documents):
        for f, (name, _) in enumerate(fields):
            terms = document.get(name) or []
            lengths[f][d] = len(terms)
            for term, tf in Counter(terms).items():
                lists = found.get(term)
                if lists is None:
                    lists = found[term] = [[] for _ in fields]
                lists[f].append((d, tf))
    averages = [sum(lengths[f]) / n if n else 0 for f in range(len(fields))]
    terms = sorted(found, key=js_order)
    postings = []
    for term in terms:
        lists = found[term]
        holding = sum(len(docs) for docs in lists)
        idf = math.log(1 + abs((n - holding + 0.5) / (holding + 0.5)))
        weighted = []
        for f, docs in enumerate(lists):
            field_boost, field_lengths, average = fields[f][1], lengths[f], averages[f]
            row = []
            for d, tf in docs:
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (field_lengths[d] / average)) + tf)
                score *= field_boost
                score *= boosts[d]
                row.append((d, round(score, 3)))
            weighted.append(row)
        postings.append(weighted)
    return Postings([name for name, _ in fields], terms, postings, n)


def read_numbers(text: str):
    value = shift = 0
    for char in text:
        digit, last = _DIGIT[char]
        value |= digit << shift
        if last:
            yield value
            value = shift = 0
        else:
            shift += 5


def pack(postings: list[list[tuple[int, float]]]) -> str:
    """One term's postings as a string: per field, the count, then for each
    document the gap from the previous one and the level of the weight."""
    out: list[int] = []
    for docs in postings:
        out.append(len(docs))
        previous = 0
        for d, weight in docs:
            out += [d - previous, level(weight)]
            previous = d
    return numbers(out)


def unpack(text: str, field_count: int) -> list[list[tuple[int, int]]]:
    """A term's postings from :func:`pack`: per field, ``(document position, level)``."""
    found = read_numbers(text)
    out = []
    for _ in range(field_count):
        count = next(found)
        docs, d = [], 0
        for _ in range(count):
            d += next(found)
            docs.append((d, next(found)))
        out.append(docs)
    return out


def encode(postings: Postings, pipeline: list[str]) -> dict:
    """The whole index as :func:`observatoire.search.compact.encode_documents` gives it."""
    return {
        "format": "observatoire-lunr-1",
        "fields": postings.fields,
        "documents": postings.documents,
        "pipeline": pipeline,
        "levels": list(LEVELS),
        "terms": postings.terms,
        "postings": [pack(p) for p in postings.postings],
    }


def decode(data: dict) -> dict:
    """The encoded index as lunr's own serialised index (for ``lunr.Index.load``),
    with the weights the browser reads: terms numbered in their sorted order."""
    fields = data["fields"]
    levels = data["levels"]
    inverted = []
    vectors: dict[tuple[int, int], list[float]] = {}
    for t, (term, packed) in enumerate(zip(data["terms"], data["postings"], strict=False)):
        posting: dict = {"_index": t}
        for f, docs in enumerate(unpack(packed, len(fields))):
            posting[fields[f]] = {str(d): {} for d, _ in docs}
            for d, k in docs:
                vectors.setdefault((f, d), []).extend((t, levels[k]))
        inverted.append([term, posting])
    field_vectors = [
        [f"{fields[f]}/{d}", vector] for (f, d), vector in sorted(vectors.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    return {
        "version": LUNR_VERSION,
        "fields": fields,
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": data["pipeline"],
    }


# --- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    terms: tuple[int, ...]
    """Positions of the index terms it matches."""
    required: bool
    boost: float


class PackedIndex:
    """The whole encoded index, searched as recherche.js searches it, with lunr's
    semantics and ranking (the tests compare it with lunr.py's ``Index.query``):
    a document must hold, in some field, a term of every required clause; its score
    sums, over its fields that hold a query term, the dot product of the field's
    weights with the query's boosts (term by term, in term order) divided by the
    length of the query's vector; best first, ties in document order. The same
    arithmetic in the same order in both languages: the same ranking to the bit."""

    def __init__(self, data: dict):
        self.fields: list[str] = data["fields"]
        self.terms: list[str] = data["terms"]
        self.documents: int = data["documents"]
        self._packed: list[str] = data["postings"]
        self._levels: list[float] = data["levels"]
        self._position = {term: t for t, term in enumerate(self.terms)}
        self._keys = [js_order(term) for term in self.terms]
        self._decoded: dict[int, list[list[tuple[int, float]]]] = {}

    def packed(self, t: int) -> str:
        return self._packed[t]

    def postings(self, t: int) -> list[list[tuple[int, float]]]:
        if t not in self._decoded:
            self._decoded[t] = [
                [(d, self._levels[k]) for d, k in docs] for docs in unpack(self.packed(t), len(self.fields))
            ]
        return self._decoded[t]

    def term_index(self, term: str) -> int | None:
        return self._position.get(term)

    def expand(self, prefix: str) -> list[int]:
        """Index terms starting with ``prefix``, in order."""
        key = js_order(prefix)
        start = bisect.bisect_left(self._keys, key)
        out = []
        for t in range(start, len(self.terms)):
            if not self.terms[t].startswith(prefix):
                break
            out.append(t)
        return out

    def query(self, clauses: list[Clause]) -> list[int]:
        boost: dict[int, float] = {}
        needed = 0
        for clause in clauses:
            if clause.required:
                if not clause.terms:
                    return []
                needed += 1
            for t in clause.terms:
                boost[t] = boost.get(t, 0) + clause.boost
        query_terms = sorted(boost)
        squares = 0
        for t in query_terms:
            squares += boost[t] * boost[t]
        magnitude = math.sqrt(squares)
        hits: dict[int, int] = {}
        for clause in clauses:
            if not clause.required:
                continue
            holding = {d for t in clause.terms for docs in self.postings(t) for d, _ in docs}
            for d in holding:
                hits[d] = hits.get(d, 0) + 1
        kept = {d for d, n in hits.items() if n == needed}
        dots: list[dict[int, float]] = [{} for _ in self.fields]
        for t in query_terms:
            b = boost[t]
            for f, docs in enumerate(self.postings(t)):
                dot = dots[f]
                for d, weight in docs:
                    if d in kept:
                        dot[d] = dot.get(d, 0.0) + b * weight
        scores: dict[int, float] = {}
        for d in sorted(kept):
            score, held = 0.0, False
            for dot in dots:
                if d in dot:
                    score += dot[d] / magnitude
                    held = True
            if held:
                scores[d] = score
        return sorted(scores, key=lambda d: (-scores[d], d))

    def search(self, text: str) -> list[int] | None:
        """Document positions matching ``text``, best first, as recherche.js computes
        them; ``None`` when the text has no searchable word (then everything matches)."""
        terms = query_terms(text)
        if not terms:
            return None
        return self.query(search_clauses(self, terms, EXACT_BOOST))


def search_clauses(index: PackedIndex, terms: list[tuple[str, bool]], exact_boost: float) -> list[Clause]:
    """The clauses of a query (``pipeline.query_terms``): every word required; a
    word still being typed required as a prefix, and itself optional with
    ``exact_boost``, so that it ranks first. recherche.js builds the same."""
    clauses = []
    for term, prefix in terms:
        t = index.term_index(term)
        exact = (t,) if t is not None else ()
        if prefix:
            clauses.append(Clause(tuple(index.expand(term)), True, 1))
            clauses.append(Clause(exact, False, exact_boost))
        else:
            clauses.append(Clause(exact, True, 1))
    return clauses


# --- the site's files, read chunk by chunk ---------------------------------------------------------------


def script_data(data: bytes, variable: str):
    """The data of ``window.<variable> = JSON.parse('…')``."""
    text = data.decode("ascii")
    prefix = f"window.{variable} = JSON.parse('"
    body = text[text.index(prefix) + len(prefix) : text.rindex("');")]
    return json.loads(re.sub(r"\\(.)", r"\1", body))


_CHUNK = re.compile(r"window\." + CHUNK_FUNCTION + r"\(\"([a-z0-9]+)\", JSON\.parse\('(.*)'\)\);\n", re.S)


def chunk_data(data: bytes) -> tuple[str, object]:
    """A chunk's name and data."""
    found = _CHUNK.fullmatch(data.decode("ascii"))
    assert found, data[:200]
    return found.group(1), json.loads(re.sub(r"\\(.)", r"\1", found.group(2)))


class ChunkedIndex(PackedIndex):
    """The index as the search page reads it from the site's files: the first
    file's chunk list, then each term chunk when a query needs it (``loaded``:
    the chunks read, in order). Searched by :class:`PackedIndex`'s own query."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.data = script_data(files[DATA_FILE], "OBS_SEARCH")
        index = self.data["index"]
        self.fields = index["fields"]
        self.documents = self.data["documents"]
        self._levels = index["levels"]
        self.folder = self.data["folder"]
        self.firsts = [first for first, _ in index["chunks"]]
        self.starts = [start for _, start in index["chunks"]]
        self.term_count = index["terms"]
        self._first_keys = [js_order(first) for first in self.firsts]
        self._chunks: dict[int, tuple[list[str], list[str]]] = {}
        self.loaded: list[str] = []
        self._decoded = {}

    def chunk(self, k: int) -> tuple[list[str], list[str]]:
        if k not in self._chunks:
            name, data = chunk_data(self.files[f"{self.folder}t{k}.js"])
            assert name == f"t{k}"
            terms, postings = data
            assert len(terms) == len(postings)
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self.term_count
            assert self.starts[k] + len(terms) == end and terms[0] == self.firsts[k]
            self._chunks[k] = (terms, postings)
            self.loaded.append(name)
        return self._chunks[k]

    def chunk_of(self, term: str) -> int:
        """The chunk that holds ``term`` if any does (-1: before every chunk)."""
        return bisect.bisect_right(self._first_keys, js_order(term)) - 1

    def packed(self, t: int) -> str:
        k = bisect.bisect_right(self.starts, t) - 1
        return self.chunk(k)[1][t - self.starts[k]]

    def term_index(self, term: str) -> int | None:
        k = self.chunk_of(term)
        if k < 0:
            return None
        terms = self.chunk(k)[0]
        return self.starts[k] + terms.index(term) if term in terms else None

    def expand(self, prefix: str) -> list[int]:
        out = []
        for k in range(max(self.chunk_of(prefix), 0), self.chunk_of(prefix + "\uffff") + 1):
            terms = self.chunk(k)[0]
            out += [self.starts[k] + i for i, term in enumerate(terms) if term.startswith(prefix)]
        return out

    def record(self, d: int) -> list:
        """Document ``d``'s display row, from its record chunk."""
        size = self.data["records"]["size"]
        name, rows = chunk_data(self.files[f"{self.folder}r{d // size}.js"])
        assert name == f"r{d // size}"
        return rows[d % size]


# --- a SearchIndex searched whole ----------------------------------------------------------------------------


def whole_index(index: SearchIndex) -> PackedIndex:
    """What the build encodes, in one piece, as read back from JSON."""
    return PackedIndex(json.loads(json.dumps(index.encoded_index)))


def search(index: SearchIndex, text: str) -> list[str] | None:
    """Refs (document positions, as strings) matching ``text``, best first, searched
    on the whole index; ``None`` when the text has no searchable word."""
    found = whole_index(index).search(text)
    return None if found is None else [str(d) for d in found]


def analysed(index: SearchIndex) -> list[dict[str, list[str]]]:
    """Each document's fields as index terms (:func:`.pipeline.analyse`)."""
    return [{name: analyse(text) for name, text in doc.fields.items()} for doc in index.documents]


def postings(index: SearchIndex) -> Postings:
    from observatoire.search.documents import FIELDS

    return weigh(analysed(index), [doc.type.search_boost for doc in index.documents], list(FIELDS))


def loaded_index(index: SearchIndex) -> Index:
    """The same index as a lunr.py index (same terms, documents and weights), for
    comparing with lunr's own search: refs are document positions."""
    return Index.load(decode(json.loads(json.dumps(index.encoded_index))))


def search_refs(index: Index, text: str) -> list[str] | None:
    """The same query as :meth:`PackedIndex.search`, run by lunr.py on a lunr index:
    :func:`query_terms`, every term required; a last word typed as a prefix is
    required as a prefix and, optional and boosted, as itself. Refs best first."""
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


# --- the French pipeline as lunr.py functions -------------------------------------------------------------------


def trimmer_obs(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: trim(s))


def stop_word_filter_fr(token, i=None, tokens=None):
    """Drops a stop word, compared accents folded (« a » as well as « à »)."""
    if token and fold_accents(str(token)) in QUERY_STOP_WORDS:
        return None
    return token


def fold_accents_fr(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: fold_accents(s))


def stemmer_fr(token, i=None, tokens=None):
    return token.update(lambda s, metadata=None: stem(s))


FUNCTIONS = (
    (trimmer_obs, "trimmer-obs"),
    (stop_word_filter_fr, "stopWordFilter-fr"),
    (fold_accents_fr, "foldAccents-fr"),
    (stemmer_fr, "stemmer-fr"),
)
assert [name for _, name in FUNCTIONS] == PIPELINE_NAMES


def register() -> None:
    """Register the French functions with lunr.py (idempotent)."""
    for fn, label in FUNCTIONS:
        if Pipeline.registered_functions.get(label) is not fn:
            Pipeline.registered_functions.pop(label, None)
            Pipeline.register_function(fn, label)


register()


def make_builder() -> Builder:
    """A lunr.py builder with the French pipeline for indexing and for search,
    and no term positions in the index (``metadata_whitelist`` empty)."""
    builder = Builder()
    fns = [fn for fn, _ in FUNCTIONS]
    builder.pipeline.add(*fns)
    builder.search_pipeline.add(*fns)
    builder.metadata_whitelist = []
    return builder


# --- the sort keys of the sort chunk ------------------------------------------------------------------


def sort_columns(data: dict) -> dict[str, list[int]]:
    """The sort keys' packed columns (``data["sort"]``: ``OBS_SEARCH.sort`` with the sort
    chunk's keys), one number per initiative (the first ``initiatives`` documents), as
    recherche.js reads them: 0 when unknown."""
    sort = data["sort"]
    out = {}
    for name in ("population", "relecture", "debut"):
        values = list(read_numbers(sort[name]))
        assert len(values) == sort["initiatives"], name
        out[name] = values
    return out
