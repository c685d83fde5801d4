"""Search documents, facets, the index and the files written into the site."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from observatoire.records.catalog import load_catalog
from observatoire.records.facets import POPULATION_BANDS, UNKNOWN, band_of
from observatoire.search import SITE_FILES, SearchIndex
from observatoire.search.chunks import RECORD_CHUNK_SIZE
from observatoire.search.index import ASSETS, DATA_FILE, RESULTS_PAGE
from tests.search.conftest import FIXTURE, ROOT
from tests.search.harness import environment, render_page
from tests.search.packed import ChunkedIndex, chunk_data, read_numbers, script_data, search, search_refs
from tests.search.reference import expected

HOSTILE = "<img src=x onerror=alert(1)> Atelier fictif de réparation"


def fragment(index: SearchIndex, base_url: str = ".") -> str:
    return environment().get_template("partials/recherche.html").render(recherche=index.page_context(base_url))


def slugs(index: SearchIndex, text: str) -> list[str]:
    refs = search(index, text)
    return [index.documents[int(r)].slug for r in refs or []]


@pytest.mark.parametrize(
    "population, band",
    [
        (None, "inconnue"),
        (0, "moins-de-2000"),
        (1999, "moins-de-2000"),
        (2000, "2000-10000"),
        (9999, "2000-10000"),
        (10000, "10000-50000"),
        (49999, "10000-50000"),
        (50000, "50000-200000"),
        (199999, "50000-200000"),
        (200000, "plus-de-200000"),
        (3_000_000, "plus-de-200000"),
    ],
)
def test_population_bands(population, band):
    assert band_of(population, POPULATION_BANDS) == band
    assert band in [b.id for b in POPULATION_BANDS] + [UNKNOWN]


def test_one_document_per_record_initiatives_first_a_to_z(search_index):
    docs = search_index.documents
    assert [d.type.search_type for d in docs] == ["initiative"] * 6 + ["evenement", "acteur"]
    titles = [d.title for d in docs[:6]]
    assert titles[0] == HOSTILE  # « < » sorts first
    assert titles[1:] == [
        "Bibliothèque d'objets fictive",
        "Coopérative fictive d'énergie solaire",
        "Energie citoyenne imaginaire de Bruxelles-Test",
        "Jardin partagé fictif de Testville",
        "Plateforme numérique imaginaire des communs",
    ]
    jardin = docs[4]
    assert jardin.url == "initiatives/jardins-partages-fictifs-de-testville.html"
    assert jardin.facets["population"] == ["moins-de-2000"]
    assert jardin.facets["annee"] == ["2019"]
    assert jardin.facets["region"] == ["FR-HDF"]
    assert jardin.scores == "3------2-4"
    assert docs[0].facets["annee"] == ["inconnue"] and docs[0].scores == "-" * 10
    assert docs[6].url == "evenements/rencontre-fictive-des-communs.html"
    assert docs[7].url == "acteurs/association-fictive-des-jardiniers.html"


def test_facets_list_used_values_in_order_with_counts(search_index):
    facets = {f.name: f for f in search_index.facets}
    assert [f.name for f in search_index.facets] == [
        "type",
        "theme",
        "pays",
        "region",
        "echelon",
        "population",
        "budget",
        "statut",
        "objet",
        "instrument",
        "annee",
    ]
    assert [(v.id, v.label, v.count) for v in facets["pays"].values] == [
        ("BE", "Belgique", 1),
        ("FR", "France", 6),
        ("IT", "Italie", 1),
    ]
    assert [(v.id, v.count) for v in facets["theme"].values][:2] == [("alimentation", 1), ("environnement", 1)]
    assert dict((v.id, v.count) for v in facets["theme"].values)["energie"] == 2
    assert [v.id for v in facets["population"].values] == [
        "moins-de-2000",
        "2000-10000",
        "10000-50000",
        "50000-200000",
        "plus-de-200000",
        "inconnue",
    ]
    assert [(v.id, v.label, v.count) for v in facets["budget"].values] == [
        ("10000-100000", "10 000 à 100 000 €", 1),
        ("inconnue", "Budget en euros non renseigné", 5),
    ]
    assert [v.id for v in facets["annee"].values] == ["2025", "2021", "2019", "2018", "2015", "inconnue"]
    assert dict((v.id, v.count) for v in facets["annee"].values)["2021"] == 2
    assert [(v.id, v.label, v.count) for v in facets["region"].values] == [  # by name, A–Z, accents folded
        ("IT-45", "Émilie-Romagne", 1),
        ("FR-HDF", "Hauts-de-France", 3),
        ("FR-OCC", "Occitanie", 1),
        ("BE-WAL", "Région Wallonne", 1),
    ]
    transfer = next(c for c in search_index.criteria if c.id == "transferabilite")
    assert transfer.name == "note_transferabilite"
    assert [lv.count for lv in transfer.levels] == [5, 5, 5, 4, 2]


@pytest.mark.parametrize(
    "query, found",
    [
        ("jardins partagés", ["jardins-partages-fictifs-de-testville", "association-fictive-des-jardiniers"]),
        ("jardin partagé", ["jardins-partages-fictifs-de-testville", "association-fictive-des-jardiniers"]),
        ("energie", ["cooperative-fictive-d-energie-solaire", "energie-citoyenne-imaginaire"]),
        ("énergie", ["cooperative-fictive-d-energie-solaire", "energie-citoyenne-imaginaire"]),
        ("ÉNERGIE", ["cooperative-fictive-d-energie-solaire", "energie-citoyenne-imaginaire"]),
        ("perceuses", ["bibliotheque-d-objets-fictive"]),
        ("Italie", ["bibliotheque-d-objets-fictive"]),
        ("Belgique énergie", ["energie-citoyenne-imaginaire"]),
        ("AFJT", None),
        ("réparation vélos", ["atelier-hostile-fictif"]),
        ("xyzzy", []),
    ],
)
def test_full_text_search(search_index, query, found):
    result = slugs(search_index, query)
    if found is None:
        assert result[0] == "association-fictive-des-jardiniers" and len(result) == 4
    else:
        assert sorted(result) == sorted(found)


def test_title_ranks_before_description(search_index):
    # « énergie » is in both titles; « solaire » in one title only: it ranks first for « solaire énergie »
    assert slugs(search_index, "énergie solaire")[0] == "cooperative-fictive-d-energie-solaire"


def test_query_of_stop_words_only_matches_everything(search_index):
    assert search(search_index, "de la") is None


def test_reference_counts_follow_query_and_facets(search_index):
    e = expected(search_index, "énergie", {"pays": ["FR"]})
    assert e["results"] == ["cooperative-fictive-d-energie-solaire"]
    assert e["counts"]["pays"]["BE"] == 1 and e["counts"]["pays"]["FR"] == 1
    assert e["counts"]["statut"]["pilote"] == 1 and e["counts"]["statut"]["perennise"] == 0


def test_files_are_those_announced_and_deterministic(catalog, context, search_index):
    files = search_index.files()
    chunks = [path for path in files if path not in SITE_FILES]
    assert list(files) == sorted(SITE_FILES + tuple(chunks))
    folder = search_index.chunks.folder
    assert re.fullmatch(re.escape(ASSETS) + r"index-[0-9a-f]{12}/", folder)
    assert chunks == sorted(folder + name for name in search_index.chunks.files)
    # 8 records, a few hundred terms; the sort keys and the places on the map
    assert {path.rsplit("/", 1)[1] for path in chunks} == {"t0.js", "r0.js", "sort.js", "map.js"}
    again = SearchIndex(load_catalog(FIXTURE, context), context).files()
    assert again == files
    for path in [DATA_FILE] + chunks:
        files[path].decode("ascii")  # no charset to get wrong


def test_the_chunk_folder_changes_with_the_content(catalog, context, search_index):
    # a page cached from an earlier build never reads another build's chunks
    other = SearchIndex(catalog, context)
    other.documents[0].title += " (modifié)"
    assert other.chunks.folder != search_index.chunks.folder


def test_term_chunks_hold_the_whole_index_in_order(search_index):
    from observatoire.search.chunks import make_chunks

    whole = search_index.encoded_index
    assert whole["format"] == "observatoire-lunr-1"
    assert whole["pipeline"] == ["trimmer-obs", "stopWordFilter-fr", "foldAccents-fr", "stemmer-fr"]
    assert len(whole["terms"]) == len(whole["postings"]) > 100
    for budget in (1, 300, 2_000, 10**6):  # one term a chunk, a few, all in one
        chunks = make_chunks(ASSETS, whole["terms"], whole["postings"], search_index.records(), term_budget=budget)
        terms, postings = [], []
        for k, chunk in enumerate(chunks.terms):
            name, (chunk_terms, chunk_postings) = chunk_data(chunks.files[f"t{k}.js"])
            assert name == f"t{k}" and chunk.start == len(terms) and chunk_terms[0] == chunk.terms[0]
            terms += chunk_terms
            postings += chunk_postings
            size = sum(len(t) + len(p) + 6 for t, p in zip(chunk_terms, chunk_postings, strict=False))
            assert size <= budget or len(chunk_terms) == 1
        assert terms == whole["terms"] and postings == whole["postings"]
        if budget == 1:
            assert len(chunks.terms) == len(terms)
        if budget == 10**6:
            assert len(chunks.terms) == 1


def test_record_chunks_hold_every_record_in_order(context, tmp_path):
    from observatoire.records.synthetic import write_synthetic

    write_synthetic(tmp_path / "content", 25, seed=2, context=context)
    index = SearchIndex(load_catalog(tmp_path / "content", context), context)
    files = index.files()
    chunked = ChunkedIndex(files)
    n = len(index.documents)
    assert n > 2 * RECORD_CHUNK_SIZE
    records = chunked.data["records"]
    assert (records["size"], records["chunks"]) == (RECORD_CHUNK_SIZE, -(-n // RECORD_CHUNK_SIZE))
    assert [chunked.record(d) for d in range(n)] == index.records()
    # the first page of results with no query comes with the first file, and no other record
    first = -(-RESULTS_PAGE // RECORD_CHUNK_SIZE)
    assert records["first"] == {
        f"r{k}": index.records()[k * RECORD_CHUNK_SIZE : (k + 1) * RECORD_CHUNK_SIZE] for k in range(first)
    }
    raw = files[DATA_FILE].decode("ascii")
    assert f'"{index.documents[first * RECORD_CHUNK_SIZE - 1].slug}"' in raw
    assert f'"{index.documents[first * RECORD_CHUNK_SIZE].slug}"' not in raw
    assert not any(path.endswith(f"/r{-(-n // RECORD_CHUNK_SIZE)}.js") for path in files)


def test_data_file_has_facets_and_scores_the_records_their_display_fields(search_index):
    files = search_index.files()
    data = script_data(files[DATA_FILE], "OBS_SEARCH")
    assert data == json.loads(json.dumps(search_index.data()))
    raw = files[DATA_FILE].decode("ascii")
    assert "perceuses" not in raw  # description text: indexed, not shipped
    # titles, places and summaries: in the record chunks, those of the first page also here
    assert data["records"]["first"] == {"r0": search_index.records()}
    assert data["documents"] == 8
    row = ChunkedIndex(files).record(4)
    assert row == [
        0,
        "jardins-partages-fictifs-de-testville",
        "Jardin partagé fictif de Testville",
        "Testville-la-Fictive",
        "Un jardin partagé imaginaire où les habitants de Testville cultivent ensemble des "
        "parcelles prêtées par la commune.",
        "en-cours",
    ]
    facets = [f["name"] for f in data["facets"]]
    assert len(data["facetValues"]) == len(facets)

    def values(facet: str, d: int) -> list[str]:
        numbers = read_numbers(data["facetValues"][facets.index(facet)])
        for _ in range(d + 1):
            found = [next(numbers) for _ in range(next(numbers))]
        return [data["facets"][facets.index(facet)]["values"][i][0] for i in found]

    assert values("theme", 4) == ["alimentation", "environnement"]
    for d, doc in enumerate(search_index.documents):
        for facet in facets:
            assert values(facet, d) == doc.facets.get(facet, []), (d, facet)
    width = len(data["criteria"])
    assert data["scores"][4 * width : 5 * width] == "3------2-4"
    assert data["scores"][7 * width :] == "-" * width  # an organisation: no grid
    assert len(data["scores"]) == 8 * width
    assert data["criteria"][0] == ["co_gouvernance", "Co-gouvernance"]
    assert data["texts"]["recherche.script.results"] == {"one": "{n} résultat", "other": "{n} résultats"}
    assert data["numberGroup"] == "\u202f" and data["language"] == "fr"


def test_summary_is_cut_to_one_line(context, search_index):
    from observatoire.search.documents import SUMMARY_LENGTH, one_line

    long = "mot " * 200
    assert len(one_line(long)) <= SUMMARY_LENGTH and one_line(long).endswith("…")
    assert all(len(d.summary) <= SUMMARY_LENGTH for d in search_index.documents)


def test_page_without_javascript_is_a_usable_form(search_index):
    from html.parser import HTMLParser

    html = fragment(search_index)

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inputs, self.labels, self.ids, self.tags = [], set(), set(), []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            self.tags.append(tag)
            if "id" in a:
                self.ids.add(a["id"])
            if tag in ("input", "select"):
                self.inputs.append(a)
            if tag == "label" and "for" in a:
                self.labels.add(a["for"])

    form = Form()
    form.feed(html)
    names = [i.get("name") for i in form.inputs]
    assert names.count("q") == 1
    for facet in search_index.facets:
        assert names.count(facet.name) == len(facet.values)
    for criterion in search_index.criteria:
        assert names.count(criterion.name) == 1
    assert all(i["id"] in form.labels for i in form.inputs)  # every control has a label
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert 'action="./recherche.html"' in html and 'method="get"' in html
    assert "<noscript>" in html
    assert html.count("<script src=") == 5
    assert "Hauts-de-France <span" in html


def test_labels_are_escaped_in_the_page(catalog, context):
    index = SearchIndex(catalog, context)
    index.facets[0].values[0].label = "<b>gras</b>"
    assert "&lt;b&gt;gras&lt;/b&gt;" in render_page(index)


def test_fragment_renders_nothing_without_its_variable_and_can_leave_out_scripts(search_index):
    template = environment().get_template("partials/recherche.html")
    assert template.render().strip() == ""
    html = template.render(recherche=search_index.page_context(), recherche_scripts=False)
    assert "<script" not in html and "data-obs-recherche" in html


def test_page_context_prefixes_urls_with_the_base(search_index):
    ctx = search_index.page_context("../..")
    assert ctx["base_url"] == "../.."
    assert ctx["scripts"][0] == "../../assets/vendor/lunr/lunr.js"
    assert ctx["scripts"][-1] == "../../assets/recherche/recherche.js"
    assert search_index.page_context("")["base_url"] == "."


def test_other_catalogs_build(context):
    for folder in (ROOT / "tests" / "fixtures" / "valid", ROOT / "content"):
        if not folder.is_dir():
            continue
        catalog = load_catalog(folder, context)
        if catalog.problems:
            continue  # another test reports them
        files = SearchIndex(catalog, context).files()
        assert gzip.compress(files[DATA_FILE])


def test_a_word_typed_as_a_prefix_ranks_itself_first():
    from tests.search.packed import make_builder

    builder = make_builder()
    builder.ref("id")
    builder.field("texte")
    builder.add({"id": "jardinage", "texte": "jardinage jardinage jardinage"})
    builder.add({"id": "jardin", "texte": "un jardin"})
    builder.add({"id": "autre", "texte": "commun"})
    index = builder.build()
    assert search_refs(index, "jardin") == ["jardin", "jardinage"]  # prefix: both, itself first
    assert search_refs(index, "jardin ") == ["jardin"]  # word finished: itself only
    assert search_refs(index, "jardi") == ["jardinage", "jardin"]


def test_description_words_for_the_index():
    from observatoire.search.documents import index_plain
    from observatoire.search.pipeline import analyse

    text = (
        'Voir [le site](https://ex.org/a "titre") et <https://b.org>, **jardins** '
        "<script>alert(1)</script> &amp; fin.\n\n[ref]: https://c.org/x\n"
    )
    assert analyse(index_plain(text)) == ["voir", "sit", "jardin", "fin"]


def test_description_words_are_those_of_every_pattern_applied():
    """index_plain skips a pattern where it cannot match: the same text as applying them all."""
    import html

    from observatoire.core.richtext import TEXT_ONLY
    from observatoire.search import documents

    def every_pattern(text):
        out = html.unescape(TEXT_ONLY.clean(text))
        return documents._URL.sub(" ", documents._LINK_TARGET.sub("] ", documents._REFERENCE.sub(" ", out)))

    texts = [
        "Écrire à <mailto:contact@ex.org> ou mailto:b@ex.org.",
        "[a]: https://x.org",
        "[a] (b) ftp://x.org/y",
        "voir [ici](<https://x.org> 'titre') ",
        "rien de spécial",
        "http:/pas-une-adresse",
        "]:(](",
        "&lt;https://échappée.org&gt;",
        "HTTPS://MAJUSCULES.ORG",
    ]
    for text in texts:
        assert documents.index_plain(text) == every_pattern(text), text
