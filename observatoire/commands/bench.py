"""``observatoire bench --initiatives N [--json]``: the build against plain MkDocs.

In a temporary copy of the project, with N synthetic, clearly fake initiatives
(and organisations and events in proportion), it measures the full build, the
same theme on N bare Markdown pages holding the same texts in both languages
(the baseline: the site is built in French and in English),
``observatoire check`` alone (these three :data:`RUNS` times in turn, the quickest of each counting), the peak memory of the build, the size of one
initiative's page at N/10 and at N records, the search in chromium from
file:// with its « Carte » view (the bytes of the records' places and of the
sort keys, each in a chunk loaded when needed, the time to redraw the map after a
facet change), the maps: the map page's size, its time to a drawn map in chromium
from file://, and the build time the maps take; and the compare page: its data
files (how many, their size) and its time to four initiatives laid out in
chromium from file://, beside the time of the same page with nothing selected, loaded in
turn with it (what the page and the theme alone cost on this machine at that moment).
Nothing is written in the project.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from observatoire.records.project import Project
from observatoire.records.synthetic import PREFIX, synthetic_content
from observatoire.search.bench import gzip_size, largest_page, measure_search, measure_search_map, payload_sizes

SEARCH_QUERIES = ["jardin partagé", "energie", "ressourcerie", "habitants quartier", "budget participatif"]
MAP_PAGES = ("carte.html", "carte/monde.html")
"""The map's pages: its France view (with the first places of its list) and its world view."""

TARGETS = {
    "ratio": 1.3,
    "build_seconds": 60,
    "peak_rss_mb": 1536,
    "check_seconds": 5,
    "page_growth": 1.1,
    "largest_page_bytes": 500_000,
    "search_ready_ms": 500,
    "search_ready_query_ms": 500,
    "search_query_max_ms": 50,
    "search_first_bytes": 300_000,
    "search_first_query_bytes": 400_000,
    "search_later_query_bytes": 100_000,
    "map_page_bytes": 1_500_000,
    "map_drawn_ms": 1000,
    "compare_ready_ms": 300,
    "search_map_redraw_ms": 100,
}
"""Bytes are counted as a web server sends them, compressed (``search.bench.gzip_size``);
``search_later_query_bytes`` is the median over :data:`SEARCH_QUERIES`."""
_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1735689600"}


def _run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd``; (seconds, peak RSS in MB of that process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **_ENV}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = b""
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(65536), b""):
        output += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} a échoué :\n{output.decode('utf-8', 'replace')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def _project_copy(source: Project, dest: Path, n: int) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(source.root / "mkdocs.yml", dest)
    shutil.copy(source.root / "hooks.py", dest)
    shutil.copytree(source.root / "schema", dest / "schema")
    shutil.copytree(source.content_dir / "pages", dest / "content" / "pages")
    for kind in ("initiatives", "actors", "events"):
        (dest / "content" / kind).mkdir(parents=True)
    for name, text in synthetic_content(n, context=source.context).items():
        (dest / "content" / name).write_text(text, "utf-8")
    return dest


def _baseline_copy(project: Path, dest: Path) -> Path:
    """The same theme on one bare Markdown page per initiative and language (the site is
    built in French and in English, en/), out of the nav."""
    pages, english = dest / "docs" / "pages", dest / "docs" / "en" / "pages"
    pages.mkdir(parents=True)
    english.mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# Accueil\n", "utf-8")
    for path in sorted((project / "content" / "initiatives").glob("*.yml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        for folder, title, summary in ((pages, "titre", "resume"), (english, "titre_en", "resume_en")):
            (folder / f"{path.stem}.md").write_text(
                f"# {record.get(title) or record['titre']}\n\n{record.get(summary) or record['resume']}\n\n"
                f"{record['description']}\n",
                "utf-8",
            )
    (dest / "mkdocs.yml").write_text(
        "site_name: Référence MkDocs\ndocs_dir: docs\nsite_dir: site\nuse_directory_urls: false\n"
        "theme:\n  name: material\n  language: fr\n  font: false\nplugins: []\n"
        "nav:\n  - index.md\nnot_in_nav: |\n  /pages/*.md\n  /en/pages/*.md\n",
        "utf-8",
    )
    return dest


def _build(project: Path) -> tuple[float, float]:
    return _run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)


def _page(site: Path, n: int) -> Path:
    width = max(4, len(str(n)))
    return site / "initiatives" / f"{PREFIX}{1:0{width}d}.html"


def _map_data_sizes(search_index, files: dict[str, bytes] | None = None) -> dict:
    """The records' places on the map, in the map chunk that the search page loads with
    its « Carte » view (``map.js``): raw, per record and compressed; and the search
    page's data without them (its first file, ``donnees.js``) and with them (both).
    The same for the initiatives' sort keys (``sort.js``, loaded with an order by them).
    ``files``: ``search_index.files()`` when already made."""
    from observatoire.search.chunks import MAP_CHUNK, SORT_CHUNK
    from observatoire.search.index import DATA_FILE

    first = (files or search_index.files())[DATA_FILE]
    places = search_index.chunks.files[f"{MAP_CHUNK}.js"]
    keys = search_index.chunks.files[f"{SORT_CHUNK}.js"]
    documents = max(1, len(search_index.documents))
    return {
        "search_map_bytes": len(places),
        "search_map_bytes_per_record": round(len(places) / documents, 2),
        "search_map_bytes_gzip": gzip_size(places),
        "search_data_bytes": len(first) + len(places),
        "search_data_bytes_without_map": len(first),
        "search_sort_bytes": len(keys),
        "search_sort_bytes_gzip": gzip_size(keys),
    }


RUNS = 2
"""Times measured of the build, the baseline and ``check``, one after the other in turn: each
figure is the quickest (a shared machine's speed varies by half from one minute to the next;
measured December 2026: the same baseline took 27.0, 37.8 and 56.8 s)."""


def _timed_runs(runs: int, big: Path, baseline: Path) -> dict:
    """``check``, the build and the baseline, ``runs`` times in turn, each from a clean site
    folder: their seconds, run by run, and the build's peak RSS (the highest)."""
    out: dict = {"check": [], "build": [], "baseline": [], "peak": 0.0}
    for _ in range(runs):
        seconds, _ = _run([sys.executable, "-m", "observatoire", "--projet", str(big), "check"], big)
        out["check"].append(seconds)
        shutil.rmtree(big / "build", ignore_errors=True)
        seconds, peak = _build(big)
        out["build"].append(seconds)
        out["peak"] = max(out["peak"], peak)
        shutil.rmtree(baseline / "site", ignore_errors=True)
        out["baseline"].append(_build(baseline)[0])
    return out


def run_bench(
    project: Project, n: int, as_json: bool = False, search: bool = True, keep: Path | None = None, runs: int = RUNS
) -> dict:
    """``keep``: a folder where the projects and sites built are copied, to look at them.
    ``runs``: how many times the build, the baseline and ``check`` are timed (:data:`RUNS`)."""
    if n < 10:
        raise ValueError("au moins 10 initiatives")
    with tempfile.TemporaryDirectory(prefix="observatoire-bench-") as tmp:
        tmp_path = Path(tmp)
        say = (lambda *a: None) if as_json else print
        say(
            f"Banc d'essai : {n} initiatives fictives (et {max(1, n // 10)} organisations, {max(1, n // 20)} événements)"
        )
        big = _project_copy(project, tmp_path / "grand", n)
        small = _project_copy(project, tmp_path / "petit", n // 10)
        baseline = _baseline_copy(big, tmp_path / "reference")

        timed = _timed_runs(max(1, runs), big, baseline)
        build_seconds, baseline_seconds = min(timed["build"]), min(timed["baseline"])
        _build(small)
        site = big / "build" / "site"
        figures = {
            "initiatives": n,
            "build_seconds": round(build_seconds, 2),
            "baseline_seconds": round(baseline_seconds, 2),
            "ratio": round(build_seconds / baseline_seconds, 3),
            "check_seconds": round(min(timed["check"]), 2),
            "runs": {name: [round(x, 2) for x in timed[name]] for name in ("build", "baseline", "check")},
            "peak_rss_mb": round(timed["peak"], 1),
            "page_bytes_small": _page(small / "build" / "site", n // 10).stat().st_size,
            "page_bytes_large": _page(site, n).stat().st_size,
            "archive_bytes": next(site.glob("*.zip")).stat().st_size,
            "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
        }
        figures["page_growth"] = round(figures["page_bytes_large"] / figures["page_bytes_small"], 3)
        figures["largest_page"], figures["largest_page_bytes"] = largest_page(site)
        from observatoire.records.catalog import load_catalog
        from observatoire.search.bench import CHROMIUM, CHROMIUM_ARGS
        from observatoire.search.index import STATIC_FILES, SearchIndex

        catalog = load_catalog(big / "content", project.context)
        start = time.perf_counter()
        search_index = SearchIndex(catalog, project.context)
        search_files = search_index.files()
        figures["search_index_seconds"] = round(time.perf_counter() - start, 2)
        figures.update(_map_data_sizes(search_index, search_files))

        from observatoire.site.mapbench import measure_map, time_maps

        # The map's two views are two pages (France, and the world): the larger one counts.
        sizes_big = {page: (site / page).stat().st_size for page in MAP_PAGES}
        sizes_small = {page: (small / "build" / "site" / page).stat().st_size for page in MAP_PAGES}
        figures["map_page"] = max(sizes_big, key=sizes_big.get)
        figures["map_page_bytes"] = sizes_big[figures["map_page"]]
        figures["map_page_bytes_small"] = sizes_small[figures["map_page"]]
        figures["map_pages_bytes"] = sizes_big
        figures["map_build_seconds"] = round(time_maps(catalog, project.context), 2)
        from observatoire.site.comparebench import data_size, measure_compare

        figures["compare_files"], figures["compare_bytes"] = data_size(site)
        sizes = payload_sizes(site, [path for path in search_files if path not in STATIC_FILES])
        figures["search_files"] = len(sizes)
        figures["search_bytes"] = sum(raw for raw, _ in sizes.values())
        figures["search_bytes_gzip"] = sum(gz for _, gz in sizes.values())
        if search:
            timings = measure_search(site, SEARCH_QUERIES)
            figures["search_ready_ms"] = round(timings["ready_ms"], 1)
            figures["search_ready_query_ms"] = round(timings["ready_query_ms"], 1)
            figures["search_query_ms"] = round(timings["query_mean_ms"], 2)
            figures["search_query_max_ms"] = round(max(timings["per_query_ms"].values()), 2)
            figures["search_per_query_ms"] = {q: round(ms, 2) for q, ms in timings["per_query_ms"].items()}
            figures["search_first_bytes"] = timings["first_bytes"]
            figures["search_first_files"] = len(timings["first_files"])
            figures["search_first_query_bytes"] = timings["first_query_bytes"]
            later = timings["later_query_bytes"]
            figures["search_later_bytes_by_query"] = later
            figures["search_later_query_bytes"] = int(statistics.median(later.values()))
            figures["search_blocked_requests"] = timings["blocked_requests"]
            mapped = measure_search_map(site)
            figures["search_map_ready_ms"] = round(mapped["ready_ms"], 1)
            figures["search_map_redraw_ms"] = round(mapped["redraw_ms"], 2)
            figures["search_map_redraw_max_ms"] = round(mapped["redraw_max_ms"], 2)
            figures["search_map_facet"] = mapped["facet"]
            figures["search_map_marks"] = mapped["marks"]
            figures["search_map_blocked_requests"] = mapped["blocked_requests"]
            drawn = {page: measure_map(site, CHROMIUM, CHROMIUM_ARGS, page=page) for page in MAP_PAGES}
            slowest = max(drawn, key=lambda page: drawn[page]["drawn_ms"])
            figures["map_drawn_page"] = slowest
            figures["map_drawn_ms"] = round(drawn[slowest]["drawn_ms"], 1)
            figures["map_drawn_ms_by_page"] = {page: round(d["drawn_ms"], 1) for page, d in drawn.items()}
            figures["map_marks"] = sum(d["marks"] for d in drawn.values())
            figures["map_blocked_requests"] = sum(d["blocked_requests"] for d in drawn.values())
            compared = measure_compare(site, CHROMIUM, CHROMIUM_ARGS)
            figures["compare_ready_ms"] = round(compared["ready_ms"], 1)
            figures["compare_built_ms"] = round(compared["built_ms"], 1)
            figures["compare_empty_ready_ms"] = round(compared["empty_ready_ms"], 1)
            figures["compare_columns"] = compared["columns"]
            figures["compare_files_loaded"] = compared["files_loaded"]
            figures["compare_blocked_requests"] = compared["blocked_requests"]
        if keep is not None:
            shutil.copytree(tmp_path, keep, dirs_exist_ok=True)
    figures["targets_met"] = {key: figures[key] <= limit for key, limit in TARGETS.items() if key in figures}
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    else:
        _print(figures)
        print(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    return figures


def _print(f: dict) -> None:
    def mark(key):
        met = f["targets_met"].get(key)
        return "" if met is None else (f"  (cible ≤ {TARGETS[key]} : {'tenue' if met else 'NON TENUE'})")

    def runs(name: str) -> str:
        times = f["runs"][name]
        return f"  (la plus rapide de {len(times)} : {' ; '.join(f'{t:.2f}' for t in times)})" if len(times) > 1 else ""

    print(f"  construction complète   {f['build_seconds']:>9.2f} s{mark('build_seconds')}{runs('build')}")
    print(f"  MkDocs seul (référence) {f['baseline_seconds']:>9.2f} s{runs('baseline')}")
    print(f"  rapport                 {f['ratio']:>9.3f}{mark('ratio')}")
    print(f"  observatoire check      {f['check_seconds']:>9.2f} s{mark('check_seconds')}{runs('check')}")
    print(f"  mémoire maximale        {f['peak_rss_mb']:>9.1f} Mo{mark('peak_rss_mb')}")
    print(
        f"  page d'une fiche        {f['page_bytes_small']:>9} o à N/10, {f['page_bytes_large']} o à N : "
        f"×{f['page_growth']}{mark('page_growth')}"
    )
    print(f"  plus grande page HTML   {f['largest_page_bytes']:>9} o : {f['largest_page']}{mark('largest_page_bytes')}")
    print(
        f"  index de recherche      {f['search_bytes']:>9} o ({f['search_bytes_gzip']} o en gzip, "
        f"{f['search_files']} fichiers), construit en {f['search_index_seconds']} s "
        "(pendant la construction, sur l'autre cœur)"
    )
    print(
        f"  lieux sur la carte      {f['search_map_bytes']:>9} o dans un morceau chargé avec la vue Carte "
        f"(~{f['search_map_bytes_per_record']} o par fiche, {f['search_map_bytes_gzip']} o en gzip) : "
        f"données de la recherche {f['search_data_bytes_without_map']} o sans eux, {f['search_data_bytes']} o avec"
    )
    print(
        f"  clés de tri             {f['search_sort_bytes']:>9} o dans un morceau chargé avec un tri par "
        f"population, relecture ou début ({f['search_sort_bytes_gzip']} o en gzip)"
    )
    print(f"  archive                 {f['archive_bytes']:>9} o ({f['site_files']} fichiers)")
    print(
        f"  page de la carte        {f['map_page_bytes']:>9} o à N ({f['map_page_bytes_small']} o à N/10) : "
        f"{f['map_page']}, la plus lourde de "
        + ", ".join(f"{page} {size} o" for page, size in f["map_pages_bytes"].items())
        + mark("map_page_bytes")
    )
    print(
        f"  cartes (construction)   {f['map_build_seconds']:>9.2f} s : fonds, page de la carte, cartes de "
        "situation des fiches, cartes des territoires (compris dans la construction complète)"
    )
    if "map_drawn_ms" in f:
        print(
            f"  carte (file://)         {f['map_drawn_ms']:>9.1f} ms jusqu'à la carte dessinée ("
            + ", ".join(f"{page} {ms:.1f} ms" for page, ms in f["map_drawn_ms_by_page"].items())
            + f"), {f['map_marks']} marques, {f['map_blocked_requests']} requête(s) vers l'extérieur"
            + mark("map_drawn_ms")
        )
    print(
        f"  données de comparaison  {f['compare_bytes']:>9} o en {f['compare_files']} fichiers "
        f"(~{f['compare_bytes'] // max(1, f['compare_files'])} o chacun)"
    )
    if "compare_ready_ms" in f:
        print(
            f"  comparaison (file://)   {f['compare_ready_ms']:>9.1f} ms jusqu'aux {f['compare_columns']} initiatives "
            f"affichées ({f['compare_built_ms']} ms avant dessin), {f['compare_files_loaded']} fichiers de données lus, "
            f"{f['compare_blocked_requests']} requête(s) vers l'extérieur{mark('compare_ready_ms')}"
        )
        print(
            f"                          {f['compare_empty_ready_ms']:>9.1f} ms pour la même page sans initiative, "
            "chargée en alternance : la page et le thème seuls, sur cette machine à ce moment"
        )
    if "search_ready_ms" in f:
        print(
            f"  recherche (file://)     {f['search_ready_ms']:>9.1f} ms jusqu'aux premiers résultats{mark('search_ready_ms')}"
        )
        print(
            f"                          {f['search_ready_query_ms']:>9.1f} ms avec une requête dans l'adresse"
            f" (« {SEARCH_QUERIES[0]} »){mark('search_ready_query_ms')}"
        )
        print(
            f"                          {f['search_query_ms']:>9.2f} ms par requête en moyenne, "
            f"{f['search_query_max_ms']:.2f} ms pour la plus lente{mark('search_query_max_ms')}"
        )
        print(
            f"  octets transférés (gzip) {f['search_first_bytes']:>8} o avant les premiers résultats "
            f"({f['search_first_files']} fichiers){mark('search_first_bytes')}"
        )
        print(
            f"                          {f['search_first_query_bytes']:>9} o avec une requête dans l'adresse"
            f"{mark('search_first_query_bytes')}"
        )
        print(
            f"                          {f['search_later_query_bytes']:>9} o pour une requête tapée ensuite "
            f"(médiane ; la plus lourde : {max(f['search_later_bytes_by_query'].values())} o)"
            f"{mark('search_later_query_bytes')}"
        )
    if "search_map_redraw_ms" in f:
        print(
            f"  recherche, vue Carte    {f['search_map_redraw_ms']:>9.2f} ms pour redessiner après une facette "
            f"({f['search_map_facet']} ; la plus lente : {f['search_map_redraw_max_ms']:.2f} ms), "
            f"{f['search_map_marks']} marques sans filtre, {f['search_map_ready_ms']:.1f} ms jusqu'à la carte "
            f"dessinée, {f['search_map_blocked_requests']} requête(s) vers l'extérieur{mark('search_map_redraw_ms')}"
        )
