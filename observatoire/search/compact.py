"""The search index as the browser gets it: postings with their weights, packed,
and the search over it.

lunr's own serialised index (an inverted index of objects, plus one vector
per document field repeating every weight) weighs 26 MB at 10,000
initiatives and takes Chromium ~760 ms to parse; lunr.js's generic query then
spends ~30 ms on a word found in 10,000 records. The same information fits in
a list of sorted terms and, per term, one short string: for each field, the
documents that hold the term (as gaps between positions) and the term's
weight in each. recherche.js decodes a term's postings only when a query asks
for it and ranks as lunr does (:class:`PackedIndex` is the same search in
Python: the tests check that the browser gives the very same list, and that
lunr.py finds the same records with the same scores, only records of equal
score coming in another order); :func:`decode` gives lunr.py the index in its
own serialised form, for that comparison.

Weights are lunr's BM25 weights, computed by :func:`weigh` exactly as
lunr.py's ``Builder`` computes them (the tests compare the two; lunr.py's
builder is 20 times slower here, as it copies a metadata dict per token),
then rounded to the nearest of :data:`LEVELS`, 2 % apart: two characters
per weight instead of six, and rankings unchanged but for near ties.
:func:`weigh` and :func:`pack` state the rule one posting at a time; the
build uses :func:`encode_documents`, which writes the same bytes from every
posting at once with numpy (the tests compare the two).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

LUNR_VERSION = "2.3.9"
K1 = 1.2
B = 0.75
"""lunr's BM25 parameters (its defaults, in lunr.js and lunr.py)."""

STEP = 1.02
OFFSET = 350
LEVEL_COUNT = 1024
LEVELS: tuple[float, ...] = (0.0,) + tuple(float(f"{STEP ** (k - OFFSET):.4g}") for k in range(1, LEVEL_COUNT))
"""Weight of each level: 0, then 1.02^(k-350) with 4 significant digits
(0.001 is level 1, 1 is level 350, ~620 is level 675). Written into the index
as decimal numbers, read back identically by Python and JavaScript."""

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""A number is written in base 32, low digits first: a digit from the first
half of the alphabet ends the number, one from the second half says more
digits follow. 0–31 take one character, up to 1023 two."""
_LAST = ALPHABET[:32]
_MORE = ALPHABET[32:]
_DIGIT = {c: (i % 32, i < 32) for i, c in enumerate(ALPHABET)}
"""Character -> (its 5 bits, whether it ends the number)."""


@dataclass
class Postings:
    """Every term of the index with, per field, ``(document position, weight)`` pairs."""

    fields: list[str]
    terms: list[str]
    """Sorted as JavaScript sorts strings (UTF-16 code units): lunr.js requires it."""
    postings: list[list[list[tuple[int, float]]]]
    """``postings[t][f]``: documents holding ``terms[t]`` in ``fields[f]``, in order, with its weight."""
    documents: int = 0
    """How many documents (positions run from 0)."""


def js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


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


def level(weight: float) -> int:
    """The level nearest to ``weight`` (in ratio)."""
    if weight <= 0:
        return 0
    k = round(math.log(weight) / math.log(STEP)) + OFFSET
    return min(max(k, 1), LEVEL_COUNT - 1)


def _number(value: int, out: list[str]) -> None:
    while value >= 32:
        out.append(_MORE[value & 31])
        value >>= 5
    out.append(_LAST[value])


def _numbers(text: str):
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
    out: list[str] = []
    for docs in postings:
        _number(len(docs), out)
        previous = 0
        for d, weight in docs:
            _number(d - previous, out)
            _number(level(weight), out)
            previous = d
    return "".join(out)


def unpack(text: str, field_count: int) -> list[list[tuple[int, int]]]:
    """A term's postings from :func:`pack`: per field, ``(document position, level)``."""
    numbers = _numbers(text)
    out = []
    for _ in range(field_count):
        count = next(numbers)
        docs, d = [], 0
        for _ in range(count):
            d += next(numbers)
            docs.append((d, next(numbers)))
        out.append(docs)
    return out


def encode(postings: Postings, pipeline: list[str]) -> dict:
    """``window.OBS_SEARCH_INDEX``: what recherche.js reads (``loadIndex``)."""
    return {
        "format": "observatoire-lunr-1",
        "lunr": LUNR_VERSION,
        "fields": postings.fields,
        "documents": postings.documents,
        "pipeline": pipeline,
        "levels": list(LEVELS),
        "terms": postings.terms,
        "postings": [pack(p) for p in postings.postings],
    }


def encode_documents(documents: Iterable[dict[str, Counter]], boosts: list[float],
                     fields: list[tuple[str, float]], pipeline: list[str]) -> dict:
    """``encode(weigh(documents, boosts, fields), pipeline)``, the same to the byte,
    computed with numpy: every posting's weight, level and characters at once
    (at 10,000 initiatives, ~1.5 million postings: ~3 s in Python). The tests
    compare the two.

    Here ``documents`` (a list, or any iterable: read once) gives for each
    document and field its terms counted, term -> occurrences
    (:func:`observatoire.search.pipeline.term_counts`): all that the weights
    depend on."""
    terms, packed, n = _packed_postings(documents, boosts, fields)
    return {
        "format": "observatoire-lunr-1",
        "lunr": LUNR_VERSION,
        "fields": [name for name, _ in fields],
        "documents": n,
        "pipeline": pipeline,
        "levels": list(LEVELS),
        "terms": terms,
        "postings": packed,
    }


def _packed_postings(documents, boosts, fields) -> tuple[list[str], list[str], int]:
    import numpy as np

    field_count = len(fields)
    # Every (term, field, document, term frequency), documents in order: as weigh() collects
    # them. Flat lists, filled one document at a time (``documents`` may be a generator).
    found_terms: list[str] = []
    found_tf: list[int] = []
    found_doc: list[int] = []
    found_field: list[int] = []
    found_lengths: list[list[int]] = [[] for _ in fields]
    n = 0
    for d, document in enumerate(documents):
        n += 1
        for f, (name, _) in enumerate(fields):
            counts = document.get(name) or {}
            found_lengths[f].append(sum(counts.values()))
            found_terms.extend(counts)
            found_tf.extend(counts.values())
            found_doc.extend([d] * len(counts))
            found_field.extend([f] * len(counts))
    lengths = np.array(found_lengths, dtype=np.int64).reshape(field_count, n)
    terms = sorted(set(found_terms), key=js_order)
    rank = {term: t for t, term in enumerate(terms)}
    term = np.fromiter(map(rank.__getitem__, found_terms), dtype=np.int32, count=len(found_terms))
    del found_terms, rank
    tf = np.array(found_tf, dtype=np.float64)
    doc = np.array(found_doc, dtype=np.int32)
    field = np.array(found_field, dtype=np.int32)
    del found_tf, found_doc, found_field
    order = np.lexsort((doc, field, term))  # by term, then field, then document
    term, tf, doc, field = term[order], tf[order], doc[order], field[order]
    del order

    # Weights: the same operations in the same order as weigh(), on doubles: the same bits.
    holding = np.bincount(term, minlength=len(terms))
    idf_of = {h: math.log(1 + abs((n - h + 0.5) / (h + 0.5))) for h in set(holding.tolist())}
    idf = np.array([idf_of[h] for h in holding.tolist()])[term]
    averages = np.array([sum(found_lengths[f]) / n if n else 0 for f in range(field_count)])
    relative_length = lengths[field, doc] / averages[field]
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * relative_length) + tf)
    score *= np.array([boost for _, boost in fields], dtype=np.float64)[field]
    score *= np.array(boosts, dtype=np.float64)[doc]
    weight = _round3(score)
    distinct, which = np.unique(weight, return_inverse=True)
    levels = np.array([level(w) for w in distinct.tolist()], dtype=np.int64)[which.reshape(-1)]
    del idf, relative_length, score, weight, which, tf

    # The numbers pack() writes, in its order: per term and field, the count, then
    # per document the gap from the previous one and the weight's level.
    block = term * field_count + field
    count = np.bincount(block, minlength=len(terms) * field_count)
    size = 1 + 2 * count
    block_start = np.cumsum(size) - size
    first = np.cumsum(count) - count  # position of each block's first posting
    nth = np.arange(len(term)) - first[block]
    previous = np.where(nth == 0, 0, np.roll(doc, 1))
    numbers = np.empty(int(size.sum()), dtype=np.int64)
    numbers[block_start] = count
    at = block_start[block] + 1 + 2 * nth
    numbers[at] = doc - previous
    numbers[at + 1] = levels
    del block, nth, previous, at, levels, term, field, doc

    # Each number in base 32, low digits first (see _number), all at once.
    digits = np.ones(len(numbers), dtype=np.int64)
    rest = numbers >> 5
    while rest.any():
        digits += rest > 0
        rest >>= 5
    ends = np.cumsum(digits)
    starts = ends - digits
    chars = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    alphabet = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    for i in range(int(digits.max()) if len(digits) else 0):
        has = digits > i
        value = (numbers[has] >> (5 * i)) & 31
        more = digits[has] > i + 1
        chars[starts[has] + i] = alphabet[value + 32 * more]
    text = chars.tobytes().decode("ascii")
    last_number = np.cumsum(size.reshape(len(terms), field_count).sum(axis=1)) - 1  # of each term
    packed, start = [], 0
    for end in ends[last_number].tolist():
        packed.append(text[start:end])
        start = end
    return terms, packed, n


def _round3(values):
    """``round(v, 3)`` of each value, as Python rounds (the decimal nearest to the
    exact binary value, half to even): numpy's ``rint(v * 1000) / 1000`` but for
    the products that land within two units in the last place of a half, where
    the product's own rounding could tip it; those are rounded by Python."""
    import numpy as np

    scaled = values * 1000
    out = np.rint(scaled) / 1000
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= 2 * np.spacing(scaled)
    for i in np.flatnonzero(near_half).tolist():
        out[i] = round(float(values[i]), 3)
    return out


def decode(data: dict) -> dict:
    """The encoded index as lunr's own serialised index (for ``lunr.Index.load``),
    with the weights the browser reads: terms numbered in their sorted order."""
    fields = data["fields"]
    levels = data["levels"]
    inverted = []
    vectors: dict[tuple[int, int], list[float]] = {}
    for t, (term, packed) in enumerate(zip(data["terms"], data["postings"])):
        posting: dict = {"_index": t}
        for f, docs in enumerate(unpack(packed, len(fields))):
            posting[fields[f]] = {str(d): {} for d, _ in docs}
            for d, k in docs:
                vectors.setdefault((f, d), []).extend((t, levels[k]))
        inverted.append([term, posting])
    field_vectors = [[f"{fields[f]}/{d}", vector] for (f, d), vector in sorted(vectors.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
    return {
        "version": data["lunr"],
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
    """The encoded index, searched as recherche.js searches it (``loadIndex``), with
    lunr's semantics and ranking (the tests compare it with lunr.py's ``Index.query``):
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

    def postings(self, t: int) -> list[list[tuple[int, float]]]:
        if t not in self._decoded:
            self._decoded[t] = [[(d, self._levels[k]) for d, k in docs] for docs in unpack(self._packed[t], len(self.fields))]
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
