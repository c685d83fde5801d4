"""The search in chunks finds what the whole index finds, in the same order.

On the sample content (content/) and on a few hundred synthetic records, cut
into many small chunks (so that queries cross chunk boundaries), hundreds of
queries (words, prefixes at and around every chunk's first term, accents,
capitals, stop words, several words, unknown words) are run:

* in Python, over the site's files read chunk by chunk (``packed.ChunkedIndex``,
  the page's way of finding its chunks), against the whole index;
* in Chromium, by recherche.js on the page, over http and from file:// with
  every outside request refused, against the whole index in Python.
"""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from observatoire.records.catalog import load_catalog
from observatoire.records.synthetic import write_synthetic
from observatoire.search.index import SearchIndex
from observatoire.search.pipeline import fold_accents, query_terms, words
from tests.browser import serving
from tests.search.conftest import ROOT, SearchPage
from tests.search.harness import write_harness
from tests.search.packed import ChunkedIndex, whole_index
from tests.search.reference import expected

TERM_BUDGET = 800
RECORD_SIZE = 4
"""Small chunks: tens of term chunks even for the sample content."""


def make_queries(index: SearchIndex, seed: int = 0) -> list[str]:
    """Queries of every kind, from the documents' own words and the index's chunk boundaries."""
    rng = random.Random(seed)
    vocabulary = sorted({w for doc in index.documents for text in doc.fields.values() for w in words(text)})
    sample = rng.sample(vocabulary, min(80, len(vocabulary)))
    queries = []
    for word in sample:
        queries += [word, word + " ", word.upper(), fold_accents(word)]
        if len(word) > 4:
            queries += [word[:3], word[:4], word[:-1]]
    for first in [chunk.terms[0] for chunk in index.chunks.terms]:  # at and around every boundary
        queries += [first, first + " ", first[:3], first[:-1] if len(first) > 3 else first + "x"]
    for _ in range(60):
        a, b, c = rng.sample(vocabulary, 3)
        queries += [f"{a} {b}", f"{a} {b} {c}", f"{a} de la {b}", f"{a}, {b[:3]}"]
    queries += [
        "de la",
        "les",
        "l'énergie",
        "ÉNERGIE",
        "énergie",
        "energie",
        "xyzzy",
        "jardins partagés",
        "communs",
        "numerique libre",
        "réparation vélos",
        "2019",
        "a",
        "",
        "   ",
        "jard",
        "par",
        "com",
    ]
    return list(dict.fromkeys(queries))


@pytest.fixture(scope="module", params=["exemples", "synthetique"])
def dataset(request, tmp_path_factory, context):
    """(its SearchIndex in small chunks, the folder of its search page), for the
    sample content and for 300 synthetic initiatives (with organisations and events)."""
    if request.param == "exemples":
        content = ROOT / "content"
    else:
        content = tmp_path_factory.mktemp("synthetique") / "content"
        write_synthetic(content, 300, seed=7, context=context, words=80)
    catalog = load_catalog(content, context)
    assert catalog.problems == []
    index = SearchIndex(catalog, context, term_budget=TERM_BUDGET, record_size=RECORD_SIZE)
    folder = tmp_path_factory.mktemp(f"recherche-{request.param}")
    write_harness(folder, index)
    return index, folder


def test_the_index_is_cut_into_many_chunks(dataset):
    index, _ = dataset
    assert len(index.chunks.terms) >= 20
    assert index.chunks.record_chunks >= len(index.documents) // RECORD_SIZE


def test_python_chunked_search_is_the_whole_index_search(dataset):
    index, _ = dataset
    files = index.files()
    whole = whole_index(index)
    queries = make_queries(index)
    assert len(queries) > 300
    found = 0
    for query in queries:
        chunked = ChunkedIndex(files)
        assert chunked.search(query) == whole.search(query), query
        found += bool(whole.search(query))
        # only the chunks that hold its words: one per finished word
        terms = query_terms(query)
        if terms and not any(prefix for _, prefix in terms):
            assert len(chunked.loaded) <= len(terms), query
    assert found > len(queries) // 2


@pytest.mark.parametrize("where", ["http", "file"])
def test_browser_chunked_search_is_the_whole_index_search(browser, dataset, where):
    index, folder = dataset
    queries = make_queries(index)
    whole = whole_index(index)
    with serving(folder) as http_root:
        page = SearchPage(browser, http_root if where == "http" else folder.as_uri())
        page.open()
        # the first results need no term chunk, and the records of the first page only
        first = len(index.documents[:20]) - 1
        assert page.page.evaluate("window.__obsSearch.loaded()") == sorted(
            f"r{k}" for k in range(first // RECORD_SIZE + 1)
        )
        js = page.page.evaluate(
            """async qs => {
            const out = [];
            for (const q of qs) {
                await window.__obsSearch.prepare(q);
                out.push(window.__obsSearch.searchRefs(q));
            }
            return out;
        }""",
            queries,
        )
        for query, refs in zip(queries, js, strict=False):
            expected_refs = whole.search(query)
            assert refs == (None if expected_refs is None else [str(d) for d in expected_refs]), query
        assert page.outside == [] and page.errors == [] and page.dialogs == []
        page.close()


@pytest.mark.parametrize(
    "address, q, facets",
    [
        ("?q=jardin", "jardin", {}),
        ("?q=habitants+quart&pays=FR", "habitants quart", {"pays": ["FR"]}),
        ("?q=communs&type=initiative", "communs", {"type": ["initiative"]}),
    ],
)
def test_results_and_counts_through_the_page(browser, dataset, address, q, facets):
    """The page as a reader sees it, its chunks loaded on the way: the results (first
    page, in order) and every facet count are those of the whole index."""
    from tests.search.test_browser import check_against_reference

    index, folder = dataset
    page = SearchPage(browser, folder.as_uri())
    page.open(address)
    e = expected(index, q, facets)
    if e["results"]:
        expect(page.page.locator("[data-obs-status]")).to_contain_text(f"pour « {q} »")
    check_against_reference(page, index, q, facets)
    # typed afterwards: the words' chunks load, the page shows their results
    page.page.fill("#obs-q", "")
    page.page.fill("#obs-q", q + " ")
    page.page.evaluate("() => window.__obsSearch.settled()")
    expect(page.page.locator("[data-obs-status]")).to_contain_text(f"« {q} »")
    check_against_reference(page, index, q + " ", facets)
    assert page.outside == [] and page.errors == []
    page.close()


def test_a_missing_chunk_or_data_file_is_said(browser, dataset, tmp_path):
    """A chunk that cannot load (a partial copy of the site): the page says so, and
    shows nothing wrong; without its data file, the page says a file is missing."""
    import shutil

    from observatoire.search.index import DATA_FILE

    index, folder = dataset
    copy = tmp_path / "copie"
    shutil.copytree(folder, copy)
    files = index.files()
    chunked = ChunkedIndex(files)
    chunked.search("jardin ")
    assert chunked.loaded
    for name in chunked.loaded:
        (copy / chunked.folder / f"{name}.js").unlink()
    page = SearchPage(browser, copy.as_uri())
    page.open()
    before = page.status()
    page.page.fill("#obs-q", "jardin ")
    expect(page.page.locator("[data-obs-status]")).to_have_text(
        "Une partie de l'index de recherche n'a pas pu se charger. Rechargez la page."
    )
    assert page.page.locator("[data-obs-results]").get_attribute("aria-busy") is None
    page.errors.clear()  # the browser reports the missing files
    page.page.fill("#obs-q", "")
    expect(page.page.locator("[data-obs-status]")).to_have_text(before)
    page.close()

    (copy / DATA_FILE).unlink()
    page = SearchPage(browser, copy.as_uri())
    page.page.goto(f"{page.origin}/recherche.html")
    expect(page.page.locator("[data-obs-status]")).to_have_text(
        "La recherche n'a pas pu se charger : un fichier du site manque."
    )
    page.close()
