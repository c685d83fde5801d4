"""The English search page (#18): English labels and texts through the English pipeline,
French texts through the French one, each word looked for as either; the same terms in
chromium as in Python; a French record's title and summary marked ``lang="fr"``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from observatoire.core.i18n import texts
from observatoire.records.english import context_in
from observatoire.search.index import SearchIndex, data_file
from observatoire.search.pipeline import (
    ENGLISH_MARK,
    ENGLISH_STOP_WORDS,
    query_alternatives,
    query_terms,
    run_english,
    words,
)
from tests.browser import serving
from tests.search.conftest import SearchPage
from tests.search.harness import write_harness

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def english_index(catalog, context) -> SearchIndex:
    return SearchIndex(catalog, context_in(context, "en"), texts=texts("en"), pages="en/")


@pytest.fixture(scope="module")
def english_harness(tmp_path_factory, english_index) -> Path:
    folder = tmp_path_factory.mktemp("recherche-en")
    write_harness(folder, english_index)
    return folder


@pytest.fixture(params=["http", "file"])
def english_page(request, browser, english_harness):
    if request.param == "http":
        with serving(english_harness) as root:
            page = SearchPage(browser, root)
            yield page
    else:
        page = SearchPage(browser, english_harness.as_uri())
        yield page
    assert page.outside == [] and page.errors == [] and page.dialogs == [], (page.outside, page.errors)
    page.close()


def test_the_english_stems_are_lunr_js_s_where_lunr_py_s_differ():
    # lunr.py's Porter stemmer gives « dai », « survei », « try », « i »: lunr.js does not
    assert [run_english(w) for w in ["days", "survey", "try", "ies", "sses", "gardens", "sharing"]] == [
        "day",
        "survey",
        "tri",
        "ie",
        "sse",
        "garden",
        "share",
    ]
    assert run_english("the") is None and run_english("«café»") == "cafe"


def test_a_word_is_looked_for_as_its_french_and_its_english_term():
    assert query_alternatives("shared gardens ", english=True) == [
        (("shared", ENGLISH_MARK + "share"), False),
        (("garden", ENGLISH_MARK + "garden"), False),
    ]
    # a stop word of either language is left out; the last word still typed is a prefix
    assert query_alternatives("the jardins de rep", english=True) == [
        (("jardin", ENGLISH_MARK + "jardin"), False),
        (("rep", ENGLISH_MARK + "rep"), True),
    ]
    # the French page is as it was
    assert query_alternatives("the jardins de rep") == [(("the",), False), (("jardin",), False), (("rep",), True)]
    assert query_terms("the jardins de rep") == [("the", False), ("jardin", False), ("rep", True)]


def test_the_english_index_holds_english_labels_and_french_texts(english_index, search_index):
    energy = next(d for d in english_index.documents if d.slug == "cooperative-fictive-d-energie-solaire")
    french = next(d for d in search_index.documents if d.slug == energy.slug)
    assert "energy" in energy.english["etiquettes"].split()  # the theme's English label
    assert "énergie" not in energy.english["etiquettes"].split()
    assert energy.fields["titre"] == french.fields["titre"]  # its own French text, French pipeline
    assert energy.fields["texte"] == french.fields["texte"]
    assert energy.languages == ("fr", "fr") and french.languages == ("", "")
    assert all(d.english == {} for d in search_index.documents)
    terms = english_index.encoded_index["terms"]
    assert ENGLISH_MARK + "energi" in terms and "energ" in terms
    assert not any(t.startswith(ENGLISH_MARK) for t in search_index.encoded_index["terms"])


def test_the_english_search_has_its_own_first_file_and_links_to_english_pages(english_index, search_index):
    files = english_index.files()
    assert data_file("en") in files and data_file() not in files
    assert data_file() in search_index.files() and data_file("en") not in search_index.files()
    data = english_index.data()
    assert [folder for _, _, folder in data["types"]] == ["en/initiatives/", "en/evenements/", "en/acteurs/"]
    assert data["index"]["english"] == {
        "pipeline": ["trimmer-obs", "stopWordFilter", "foldAccents-fr", "stemmer"],
        "mark": ENGLISH_MARK,
    }
    assert "english" not in search_index.data()["index"]
    assert set(data["query"]["stopWords"]) >= ENGLISH_STOP_WORDS
    labels = {facet["name"]: facet["label"] for facet in data["facets"]}
    assert labels["theme"] == texts("en")("facet.theme.label") == "Theme"


def _english_vocabulary(english_index, context) -> list[str]:
    out = set()
    for doc in english_index.documents:
        for text in (*doc.fields.values(), *doc.english.values()):
            out.update(text.split())
    english = context_in(context, "en")
    for vocabulary in english.vocabularies.values():
        for term in vocabulary.terms:
            out.update(words(f"{term.libelle} {term.definition}"))
    catalog = (ROOT / "observatoire" / "core" / "i18n" / "en.yml").read_text("utf-8")
    out.update(w for w in words(catalog) if re.fullmatch(r"[a-z]+", w))
    out.update(["days", "try", "ies", "sses", "eed", "survey", "always", "the", "de", "énergie"])
    return sorted(out)


def test_in_chromium_the_english_page_gives_the_same_terms_as_python(english_page, english_index, context):
    vocabulary = _english_vocabulary(english_index, context)
    assert len(vocabulary) > 1000
    english_page.open()
    for suffix in (" ", ""):
        queries = [w + suffix for w in vocabulary]
        js = english_page.page.evaluate("qs => qs.map(q => window.__obsSearch.queryTerms(q))", queries)
        expected = [[[list(terms), prefix] for terms, prefix in query_alternatives(q, english=True)] for q in queries]
        assert js == expected


def test_in_chromium_an_english_word_finds_the_english_label_and_a_french_one_the_french_text(english_page):
    english_page.open("?q=energy")
    found = english_page.titles()
    assert "Coopérative fictive d'énergie solaire" in found
    english_page.open("?q=%C3%A9nergie")  # « énergie »: the French texts
    assert "Coopérative fictive d'énergie solaire" in english_page.titles()
    # a French record's title and summary are marked French on the English page
    title = english_page.page.locator(".obs-resultat__titre a").first
    assert title.get_attribute("lang") == "fr"
    assert english_page.page.locator(".obs-resultat__resume").first.get_attribute("lang") == "fr"
    english_page.open("?q=the%20energy")  # an English stop word is no required word
    assert english_page.titles() == found
