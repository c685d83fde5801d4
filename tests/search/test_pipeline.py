"""The French pipeline: stop words, accents folded, stemming, the same as lunr-languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from observatoire.search import pipeline
from observatoire.search.pipeline import (
    PIPELINE_NAMES,
    QUERY_STOP_WORDS,
    fold_accents,
    query_terms,
    run_pipeline,
    stem,
    trim,
    words,
)
from observatoire.search.stopwords import STOP_WORDS
from tests.search import packed
from tests.search.packed import make_builder

VENDOR = Path(pipeline.__file__).resolve().parent.parent / "assets" / "vendor"


def _lunr_fr() -> str:
    return (VENDOR / "lunr-languages" / "lunr.fr.js").read_text("utf-8")


def terms(text: str) -> list[str]:
    return [t for t, _ in query_terms(text + " ")]


def test_stop_words_are_lunr_languages_french_list():
    listed = re.search(r"generateStopWordFilter\('([^']*)'", _lunr_fr()).group(1).split(" ")
    assert list(STOP_WORDS) == listed


def test_functions_carry_lunr_languages_names_and_ours():
    from lunr.pipeline import Pipeline

    assert PIPELINE_NAMES == ["trimmer-obs", "stopWordFilter-fr", "foldAccents-fr", "stemmer-fr"]
    for name in PIPELINE_NAMES:
        assert name in Pipeline.registered_functions
        if name not in ("foldAccents-fr", "trimmer-obs"):
            assert f"'{name}'" in _lunr_fr()


def test_trimmer_keeps_letters_and_digits_inside():
    assert trim("«énergie»,") == "énergie"
    assert trim("(2019)") == "2019"
    assert trim("n°123") == "n°123"
    assert trim("—") == ""
    # every script's letters: a local name in Hangul, Greek or Cyrillic stays a word
    assert trim("«서울»") == "서울" and trim("Αθήνα,") == "Αθήνα" and trim("(Москва)") == "Москва"


def test_accents_are_folded():
    assert fold_accents("Énergie réemployée à Montréal") == "Energie reemployee a Montreal"
    assert fold_accents("œuvre, cœur, ægée, straße") == "oeuvre, coeur, aegee, strasse"
    assert fold_accents("ça été où ï ü ÿ") == "ca ete ou i u y"


def test_plural_and_gender_meet():
    assert terms("jardins partagés") == terms("jardin partagé") == ["jardin", "partag"]
    assert terms("réparations") == terms("réparation")
    assert terms("politiques publiques") == terms("politique publique")


@pytest.mark.parametrize(
    "word",
    [
        "énergie",
        "mobilité",
        "égalité",
        "solidarité",
        "réemploi",
        "bibliothèque",
        "forêt",
        "intérêt",
        "théâtre",
        "fête",
        "associés",
        "créées",
        "numérique",
        "déchets",
        "élevé",
        "coopérative",
        "économie",
        "été",
        "à",
        "où",
        "citoyenneté",
        "éducation",
        "société",
    ],
)
def test_accented_and_plain_spellings_meet_both_ways(word):
    assert run_pipeline(word) == run_pipeline(fold_accents(word))
    assert run_pipeline(word.upper()) is None or query_terms(word.upper()) == query_terms(word)


def test_folding_before_stemming_is_what_makes_them_meet():
    """Stemming first, then folding, would separate « mobilité » and « mobilite »:
    the accented form loses its suffix, the plain one keeps it."""
    assert fold_accents(stem("mobilité")) != fold_accents(stem("mobilite"))
    assert stem(fold_accents("mobilité")) == stem(fold_accents("mobilite")) == "mobilit"


def test_stop_words_are_ignored_accents_or_not():
    assert terms("le jardin de la ville") == terms("jardin ville")
    assert terms("vélo à assistance") == terms("velo a assistance") == terms("vélo assistance")
    assert terms("l'énergie d'un quartier") == terms("énergie quartier") == ["energ", "quarti"]
    assert terms("jusqu'à la mairie") == terms("mairie")
    assert query_terms("de la des") == []
    assert "a" in QUERY_STOP_WORDS and "ete" in QUERY_STOP_WORDS


def test_words_split_on_punctuation_hyphens_apostrophes():
    assert words("Jardins-partagés, c’est « top » (Montreuil)") == [
        "jardins",
        "partagés",
        "c",
        "est",
        "top",
        "montreuil",
    ]


def test_last_word_is_a_prefix_while_typing():
    assert query_terms("jardins partag") == [("jardin", False), ("partag", True)]
    assert query_terms("jardins partag ") == [("jardin", False), ("partag", False)]
    assert query_terms("ja") == [("ja", False)]


def test_stemming_is_memoised():
    stem.cache_clear()
    for _ in range(3):
        stem("jardinières")
    info = stem.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_builder_keeps_no_positions_and_serialises_the_french_pipeline():
    builder = make_builder()
    builder.ref("id")
    builder.field("texte")
    builder.add({"id": "a", "texte": "Les jardins partagés de l'énergie"})
    builder.add({"id": "b", "texte": "Energie des jardins"})
    index = builder.build()
    data = index.serialize()
    assert data["pipeline"] == PIPELINE_NAMES
    assert builder.metadata_whitelist == []
    postings = dict(data["invertedIndex"])
    assert set(postings) == {"jardin", "partag", "energ"}
    assert postings["energ"]["texte"] == {"a": {}, "b": {}}
    assert {r["ref"] for r in index.search("energie")} == {"a", "b"}
    assert {r["ref"] for r in index.search("énergie")} == {"a", "b"}


def test_fast_analysis_and_weights_give_the_index_lunr_py_builds_itself(search_index):
    """SearchIndex runs the words through the pipeline itself (analyse) and computes
    lunr's weights itself (compact.weigh): the same terms, documents and weights come
    out as from lunr.py's builder running its own pipeline."""
    from observatoire.search.documents import FIELDS

    def drop_empty(token, i=None, tokens=None):
        return token if str(token) else None  # lunr.py would index "" (e.g. from « — »)

    builder = make_builder()
    builder.pipeline.add(drop_empty)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for position, doc in enumerate(search_index.documents):
        builder.add({"ref": str(position), **doc.fields}, {"boost": doc.type.search_boost})
    slow = builder.build().serialize()
    term_of = {posting["_index"]: term for term, posting in slow["invertedIndex"]}
    theirs = {}
    for ref, vector in slow["fieldVectors"]:
        field, doc = ref.split("/")
        for i in range(0, len(vector), 2):
            theirs[(term_of[vector[i]], field, int(doc))] = vector[i + 1]

    postings = packed.postings(search_index)
    ours = {
        (term, field, doc): weight
        for term, rows in zip(postings.terms, postings.postings, strict=False)
        for field, row in zip(postings.fields, rows, strict=False)
        for doc, weight in row
    }
    assert len(ours) > 100
    assert ours == theirs
    assert postings.terms == sorted(dict(slow["invertedIndex"]))


def test_analyse_drops_what_the_trimmer_empties():
    from observatoire.search.pipeline import analyse

    assert analyse("Jardins — 100 % « partagés » €") == ["jardin", "100", "partag"]


def test_term_counts_are_the_analysis_counted(search_index):
    from collections import Counter

    from observatoire.search.pipeline import analyse, term_counts

    texts = [text for doc in search_index.documents for text in doc.fields.values()]
    texts += ["Jardins — 100 % « partagés » €", "", "l'énergie, l’Énergie et les ÉNERGIES"]
    for text in texts:
        assert term_counts(text) == Counter(analyse(text)), text


def test_index_text_words_are_found_again_by_a_plain_split(search_index):
    from observatoire.search.pipeline import index_text, term_counts, words

    tricky = [
        "İstanbul ÉCOLE straße ﬁn Œuvre",
        "a\u00a0b\u202fc—d–e…f",
        "  ",
        "",
        "L'Île-de-France/Paris (75)",
        "x\u2028y\u3000z",
        "ǅemal ǈ ǋ",
    ]
    for text in tricky + [t for doc in search_index.documents for t in doc.fields.values()]:
        normalised = index_text(text)
        assert words(normalised) == (normalised.split(" ") if normalised else []), text
        assert term_counts(normalised, from_index_text=True) == term_counts(normalised), text
