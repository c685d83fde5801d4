"""The search index packed: every term with, per field, its documents and weights.

lunr's own serialised index (an inverted index of objects, plus one vector
per document field repeating every weight) weighs 26 MB at 10,000
initiatives and takes Chromium ~760 ms to parse; lunr.js's generic query then
spends ~30 ms on a word found in 10,000 records. The same information fits in
a list of sorted terms and, per term, one short string: for each field, the
documents that hold the term (as gaps between positions) and the term's
weight in each. The site cuts that list into chunks (:mod:`.chunks`) that
recherche.js loads when a query needs them; it decodes a term's postings only
when a query asks for it and ranks as lunr does.

Weights are lunr's BM25 weights, computed exactly as lunr.py's ``Builder``
computes them, then rounded to the nearest of :data:`LEVELS`, 2 % apart: two
characters per weight instead of six, and rankings unchanged but for near
ties. The tests hold the plain statement of the rule, one posting at a time
(``tests/search/packed.py``: ``weigh``, ``pack``, the search of
``PackedIndex``, lunr.py's own index); :func:`encode_documents` writes the
same bytes from every posting at once with numpy, and the tests compare the
two.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

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


def js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


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


def numbers(values: Iterable[int]) -> str:
    """Whole numbers (≥ 0) written one after the other, as the postings are (see :data:`ALPHABET`)."""
    out: list[str] = []
    for value in values:
        _number(value, out)
    return "".join(out)


def encode_documents(
    documents: Iterable[dict[str, Counter]], boosts: list[float], fields: list[tuple[str, float]], pipeline: list[str]
) -> dict:
    """Every term of the documents (sorted as JavaScript sorts strings, UTF-16 code
    units) and its postings packed: the tests' ``encode(weigh(documents, boosts, fields),
    pipeline)``, the same to the byte, computed with numpy: every posting's weight, level and characters at once
    (at 10,000 initiatives, ~1.5 million postings: ~3 s in Python). The tests
    compare the two.

    Here ``documents`` (a list, or any iterable: read once) gives for each
    document and field its terms counted, term -> occurrences
    (:func:`observatoire.search.pipeline.term_counts`): all that the weights
    depend on."""
    terms, packed, n = _packed_postings(documents, boosts, fields)
    return {
        "format": "observatoire-lunr-1",
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
