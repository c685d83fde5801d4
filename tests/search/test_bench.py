"""Synthetic initiatives and the timing helper used by the benchmarks."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest
from playwright.sync_api import expect

from observatoire.records.catalog import load_catalog
from observatoire.records.synthetic import proportions, synthetic_initiatives, write_synthetic
from observatoire.search.bench import gzip_size, largest_page, measure_search, measure_search_map, payload_sizes
from observatoire.search.chunks import RECORD_CHUNK_SIZE
from observatoire.search.index import DATA_FILE, SCRIPT_FILE, SearchIndex
from tests.search.conftest import ROOT
from tests.search.harness import write_harness


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory, context):
    content = tmp_path_factory.mktemp("synthetique") / "content"
    paths = write_synthetic(content, 45, seed=3, context=context)
    assert len(paths) == 45
    catalog = load_catalog(content, context)
    assert catalog.problems == []
    site = tmp_path_factory.mktemp("site-synthetique")
    write_harness(site, SearchIndex(catalog, context))
    return site


def test_synthetic_initiatives_are_fake_valid_and_reproducible(context):
    texts = synthetic_initiatives(3, seed=1, context=context, words=120)
    assert list(texts) == ["initiative-fictive-0001.yml", "initiative-fictive-0002.yml", "initiative-fictive-0003.yml"]
    first = texts["initiative-fictive-0001.yml"]
    assert "titre: Initiative fictive n°1\n" in first and "commune: Ville-Test-1\n" in first
    assert first.startswith("# Fiche FICTIVE")
    assert synthetic_initiatives(3, seed=1, context=context, words=120) == texts
    import yaml

    description = yaml.safe_load(first)["description"]
    assert 110 <= len(description.split()) <= 150


def test_synthetic_communes_each_lie_in_one_region(context):
    # like real ones: a commune's page then gathers all its records (about three each)
    import yaml

    from observatoire.records.synthetic import synthetic_content

    places: dict[str, set] = {}
    for name, text in synthetic_content(300, context=context).items():
        if name.startswith(("initiatives/", "actors/")):
            t = yaml.safe_load(text)["territoire"]
            places.setdefault(t["commune"], set()).add((t["pays"], t.get("region")))
    assert places and all(len(found) == 1 for found in places.values())


def test_synthetic_never_writes_into_the_project_content(tmp_path, context):
    with pytest.raises(ValueError):
        write_synthetic(ROOT / "content", 1, context=context)
    with pytest.raises(ValueError):
        write_synthetic(ROOT / "content" / "sous-dossier", 1, context=context)
    (tmp_path / "initiatives").mkdir()
    (tmp_path / "initiatives" / "vraie-fiche.yml").write_text("titre: x\n", "utf-8")
    with pytest.raises(ValueError):
        write_synthetic(tmp_path, 1, context=context)
    assert not (ROOT / "content" / "sous-dossier").exists()


def test_measure_search_from_file(synthetic_site):
    # its own Playwright, in a thread: the session's browser holds this thread's
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(
            measure_search, synthetic_site, ["jardin partagé", "energie", "xyzzy"], repeat=2, loads=2
        ).result(timeout=300)
    assert result["url"].startswith("file://")
    assert result["blocked_requests"] == 0
    assert result["loads"] == 2
    assert 0 < result["index_load_ms"] < result["ready_ms"] < 10_000
    assert 0 < result["ready_query_ms"] < 10_000
    assert 0 < result["query_mean_ms"] < 2_000
    assert set(result["per_query_ms"]) == {"jardin partagé", "energie", "xyzzy"}
    # bytes: every file the page loaded before its first results, compressed
    files = [Path(f) for f in result["first_files"]]
    assert synthetic_site / "recherche.html" in files and synthetic_site / SCRIPT_FILE in files
    assert result["first_bytes"] == sum(gzip_size(f.read_bytes()) for f in files)
    assert 0 < result["first_bytes"] <= result["first_query_bytes"]
    assert set(result["later_query_bytes"]) == {"jardin partagé", "energie", "xyzzy"}
    assert all(n >= 0 for n in result["later_query_bytes"].values())
    sizes = payload_sizes(synthetic_site, [DATA_FILE])
    assert all(0 < gz < raw for raw, gz in sizes.values())


def test_measure_search_map_from_file(synthetic_site):
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        result = pool.submit(measure_search_map, synthetic_site, repeat=2).result(timeout=300)
    assert result["url"].startswith("file://") and result["url"].endswith("?vue=carte")
    assert result["blocked_requests"] == 0
    assert 5 < result["marks"] < 45  # synthetic records have their commune's coordinates: about three a place
    assert result["facet"].startswith("theme=")
    assert 0 < result["redraw_ms"] <= result["redraw_max_ms"] < 2_000
    assert 0 < result["ready_ms"] < 10_000


def test_bench_counts_the_bytes_of_the_places(context, tmp_path):
    from observatoire.commands.bench import _map_data_sizes

    content = tmp_path / "content"
    write_synthetic(content, 45, seed=3, context=context)
    index = SearchIndex(load_catalog(content, context), context)
    sizes = _map_data_sizes(index)
    records = len(index.documents)
    assert sizes["search_data_bytes"] - sizes["search_data_bytes_without_map"] == sizes["search_map_bytes"]
    # five characters a located record, and the views' names and sizes once
    assert 0 < sizes["search_map_bytes"] <= 5 * records + 200
    assert 0 < sizes["search_map_bytes_gzip"] < sizes["search_map_bytes"]


def test_largest_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "grande.html").write_text("x" * 300, "utf-8")
    (tmp_path / "petite.html").write_text("x" * 10, "utf-8")
    (tmp_path / "donnees.js").write_text("x" * 900, "utf-8")
    assert largest_page(tmp_path) == ("a/grande.html", 300)


def test_more_results_by_twenty(browser, synthetic_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((synthetic_site / "recherche.html").as_uri())
    page.wait_for_function("window.__obsSearchReady !== undefined")
    actors, events = proportions(45)  # synthetic organisations and events are found too
    total = 45 + actors + events
    expect(page.locator("[data-obs-status]")).to_have_text(f"{total} résultats.")
    results = page.locator("[data-obs-results] > li")
    assert results.count() == 20

    # the records shown, and no other
    def chunks(shown):
        return sorted(f"r{k}" for k in range(-(-shown // RECORD_CHUNK_SIZE)))

    assert page.evaluate("window.__obsSearch.loaded()") == chunks(20)
    more = page.locator("[data-obs-more]")
    assert more.inner_text() == f"Afficher plus de résultats ({total - 20} de plus)"
    more.click()
    expect(results).to_have_count(40)
    page.wait_for_function("document.activeElement.closest('[data-obs-results]') !== null")
    assert page.evaluate("document.activeElement.textContent") == results.nth(20).locator("a").inner_text()
    assert page.evaluate("window.__obsSearch.loaded()") == chunks(40)
    more.click()
    expect(results).to_have_count(total)
    assert more.is_hidden()
    context.close()


def test_offline_context_counts_what_leaves_and_what_is_read(browser, tmp_path):
    """The benchmark's context lets local files load unrouted (no wait a reader does not
    have) yet still sees them, and aborts and records every request for the network."""
    from observatoire.core.offline import offline_context

    (tmp_path / "local.js").write_text("window.localRan = true;", "utf-8")
    (tmp_path / "page.html").write_text(
        '<!doctype html><title>t</title><script src="local.js"></script>'
        '<img src="http://example.invalid/pixel.png" alt=""><img src="https://example.invalid/b.png" alt="">',
        "utf-8",
    )
    blocked: list[str] = []
    loaded: list[str] = []
    context = offline_context(browser, blocked, loaded)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((tmp_path / "page.html").as_uri(), wait_until="load")
    assert page.evaluate("window.localRan") is True
    context.close()
    assert sorted(blocked) == ["http://example.invalid/pixel.png", "https://example.invalid/b.png"]
    assert sorted(failed) == sorted(blocked)
    assert loaded == [(tmp_path / "page.html").as_uri(), (tmp_path / "local.js").as_uri()]
