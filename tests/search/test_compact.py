"""The packed index (observatoire/search/compact.py): lossless but for weights
rounded to 2 %, and the same results as lunr's own index; written at once
(numpy) as the plain statement (tests/search/packed.py) writes it."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from lunr.index import Index
from lunr.pipeline import Pipeline

from observatoire.search import compact
from observatoire.search.compact import LEVELS, level
from observatoire.search.documents import FIELDS
from observatoire.search.pipeline import PIPELINE_NAMES, analyse
from tests.search import packed
from tests.search.packed import (
    Postings,
    decode,
    encode,
    lunr_results,
    make_builder,
    pack,
    read_numbers,
    search,
    search_refs,
    unpack,
    weigh,
)


@pytest.mark.parametrize("value", [0, 1, 31, 32, 33, 1023, 1024, 32767, 32768, 11_500, 10**7])
def test_numbers_round_trip(value):
    text = compact.numbers([value])
    assert list(read_numbers(text)) == [value]
    assert len(text) == max(1, -(-value.bit_length() // 5))
    assert list(read_numbers(compact.numbers([value, 0, value]))) == [value, 0, value]


def test_postings_round_trip_with_levels():
    rows = [[(0, 1.5), (3, 0.001), (40_000, 620.2)], [], [(7, 0.0)], [(2, 12.0), (1000, 3.3)]]
    text = pack(rows)
    assert set(text) <= set(compact.ALPHABET)
    assert unpack(text, 4) == [[(d, level(w)) for d, w in row] for row in rows]


@pytest.mark.parametrize("weight", [0.001, 0.0137, 0.5, 1, 2.844, 7.939, 122.087, 444.4])
def test_a_weight_is_read_back_within_half_a_step(weight):
    assert abs(LEVELS[level(weight)] / weight - 1) <= 0.01 + 1e-9
    assert LEVELS[level(0)] == 0


def test_levels_read_back_as_the_same_numbers():
    text = json.dumps(list(LEVELS))
    assert json.loads(text) == list(LEVELS)
    assert all(a < b for a, b in zip(LEVELS, LEVELS[1:], strict=False))


def test_terms_are_sorted_as_javascript_sorts_them():
    # U+1F331 (an astral character) sorts before U+FB01 in UTF-16, after it in code points
    postings = weigh([{"texte": ["ﬁn", "\U0001f331x", "a"]}], [1], [("texte", 1)])
    assert postings.terms == ["a", "\U0001f331x", "ﬁn"]


def test_decoded_index_finds_what_lunr_py_finds(search_index):
    """The browser's index (packed, weights rounded) against lunr.py's own build:
    the same records for every query; the best one first."""
    builder = make_builder()
    builder.pipeline = Pipeline()
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for position, doc in enumerate(search_index.documents):
        builder.add(
            {"ref": str(position), **{n: analyse(t) for n, t in doc.fields.items()}}, {"boost": doc.type.search_boost}
        )
    reference = builder.build()
    queries = [
        "jardin",
        "énergie",
        "jard",
        "ressourcerie",
        "habitants quartier",
        "budget participatif",
        "commun",
        "réparation vélo",
        "Montreuil",
        "fictif",
    ]
    found = 0
    for query in queries:
        ours, theirs = search(search_index, query), search_refs(reference, query)
        assert sorted(ours) == sorted(theirs), query
        if ours:
            found += 1
            assert ours[0] == theirs[0], query
    assert found >= 6


def test_decode_gives_every_field_vector_in_term_order():
    data = encode(Postings(["a", "b"], ["x", "y"], [[[(0, 1.0)], [(1, 2.0)]], [[(0, 3.0)], []]]), PIPELINE_NAMES)
    lunr_form = decode(json.loads(json.dumps(data)))
    assert dict(lunr_form["fieldVectors"]) == {"a/0": [0, 1.0, 1, LEVELS[level(3.0)]], "b/1": [0, 2.0]}
    assert Index.load(lunr_form).search("x") != []


def test_ranking_is_lunr_s_but_for_the_order_of_equal_scores(context, tmp_path):
    """On 300 synthetic initiatives (with organisations and events): the site's search
    finds exactly what lunr.py finds on the same index, and lists it in an order whose
    lunr scores are lunr's own, best first (only records of equal score may swap)."""
    from observatoire.records.catalog import load_catalog
    from observatoire.records.synthetic import write_synthetic
    from observatoire.search.index import SearchIndex

    write_synthetic(tmp_path / "content", 300, seed=5, context=context, words=80)
    index = SearchIndex(load_catalog(tmp_path / "content", context), context)
    lunr_index = packed.loaded_index(index)

    def lunr_scores(text):
        return {r["ref"]: r["score"] for r in lunr_results(lunr_index, text) or []}

    checked = 0
    for text in [
        "jardin",
        "jard",
        "jardin partagé",
        "energie",
        "com",
        "habitants quart",
        "budget participatif",
        "ressourcerie",
        "ville test",
        "réparation vélo",
        "xyzzy",
        "fictive",
    ]:
        ours, theirs = search(index, text), lunr_scores(text)
        assert sorted(ours) == sorted(theirs), text
        assert [theirs[r] for r in ours] == sorted(theirs.values(), reverse=True), text
        checked += bool(ours)
    assert checked >= 10


def _fast_and_plain(catalog, context):
    from observatoire.search.index import SearchIndex

    index = SearchIndex(catalog, context)
    return index.encoded_index, encode(packed.postings(index), PIPELINE_NAMES)


def test_the_index_is_packed_at_once_as_weigh_and_pack_write_it(search_index):
    fast = search_index.encoded_index
    assert fast == encode(packed.postings(search_index), PIPELINE_NAMES)
    assert json.dumps(fast) == json.dumps(encode(packed.postings(search_index), PIPELINE_NAMES))


def test_the_fast_packing_holds_on_hundreds_of_synthetic_records(tmp_path, context):
    from observatoire.records.catalog import load_catalog
    from observatoire.records.synthetic import write_synthetic

    write_synthetic(tmp_path / "content", 400, seed=11, context=context)
    catalog = load_catalog(tmp_path / "content", context)
    fast, plain = _fast_and_plain(catalog, context)
    assert len(fast["terms"]) > 500 and max(map(len, fast["postings"])) > 500  # long postings, gaps of several digits
    assert fast == plain


def test_the_fast_packing_of_edge_cases():
    fields = [("titre", 10), ("texte", 1)]
    for documents, boosts in [
        ([], []),
        ([{}], [1]),
        ([{"titre": ["a"]}, {"texte": []}, {"texte": ["a", "a", "b"] * 40}], [1, 2, 0.5]),
        ([{"texte": [f"t{i % 37}" for i in range(j, j + 50)]} for j in range(1200)], [1] * 1200),
    ]:
        counted = [{name: Counter(terms) for name, terms in document.items()} for document in documents]
        assert compact.encode_documents(counted, boosts, fields, PIPELINE_NAMES) == encode(
            weigh(documents, boosts, fields), PIPELINE_NAMES
        )


def test_round3_rounds_as_python_even_on_halves():
    import numpy as np

    # exact halves in binary (0.0625 is 62.5 thousandths: to even), and their neighbours
    values = [k / 2**j for j in range(1, 12) for k in range(1, 400)]
    values += [np.nextafter(v, 0) for v in values] + [np.nextafter(v, 10) for v in values]
    values += [i / 1000 + 0.0005 for i in range(3000)] + [0.001 * i for i in range(3000)]
    rounded = compact._round3(np.array(values, dtype=np.float64))
    assert rounded.tolist() == [round(float(v), 3) for v in values]
