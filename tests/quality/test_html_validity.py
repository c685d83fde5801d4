"""HTML validity: the W3C Nu checker (vnu-jar) on one page of each type of the real site,
as written by the build and, for the search and compare pages, as they are once their scripts
have shown the results and the table."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.quality.sites import PAGE_TYPES, SEARCH_NOT_READY, SEARCH_QUERY, open_page, search_page_ready
from tests.quality.tally import COUNTS, NOTES

MATERIAL_ERRORS = [
    # Material for MkDocs' base.html writes its drawer and search toggles as
    # <input type="checkbox" autocomplete="off"> (so that Firefox does not restore their
    # state on reload). The two lines are outside any template block: changing them would
    # mean copying the whole base.html into the project. Filtered for these toggles only.
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
        "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
        'class="md-toggle"',
    ),
]
"""(exact message, text that the error's extract must hold) of errors in Material's own markup."""


def _is_material(message: dict) -> bool:
    return any(
        message.get("message") == text and needle in message.get("extract", "") for text, needle in MATERIAL_ERRORS
    )


@pytest.fixture(scope="module")
def vnu_report(real_site, real_pages, browser, vnu_jar, tmp_path_factory) -> dict[str, list[dict]]:
    """Page type -> its errors, from one run of the checker on every page."""
    files = {}
    for page_type, address in real_pages.items():
        if "?" not in address:
            files[page_type] = real_site / address
    # the search page once the script has shown the results, the compare page once it has laid out its
    # table: their DOM, serialised
    shown = {"comparaison": real_pages["comparaison"]}
    if search_page_ready(real_site):
        shown["recherche-resultats"] = SEARCH_QUERY
    for page_type, address in shown.items():
        page = browser.new_page()
        open_page(page, real_site, address)
        rendered = tmp_path_factory.mktemp("vnu") / f"{page_type}.html"
        html = page.content()
        rendered.write_text(html if html.lower().startswith("<!doctype") else "<!doctype html>\n" + html, "utf-8")
        page.close()
        files[page_type] = rendered
    run = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *map(str, files.values())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout)
    by_url: dict[str, list[dict]] = {}
    for message in report["messages"]:
        by_url.setdefault(message.get("url", ""), []).append(message)
    out = {}
    filtered = 0
    for page_type, path in files.items():
        messages = by_url.pop(path.as_uri().replace("file:///", "file:/"), [])
        filtered += sum(1 for m in messages if _is_material(m))
        out[page_type] = [m for m in messages if not _is_material(m)]
    assert not by_url, f"messages du vérificateur sans page : {by_url}"
    COUNTS["pages vérifiées par le Nu HTML Checker (contenu réel)"] = len(files)
    NOTES["Nu HTML Checker, erreurs du gabarit de Material filtrées"] = str(filtered)
    return out


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_is_valid_html(page_type, vnu_report, real_pages):
    if page_type not in vnu_report:
        pytest.skip(SEARCH_NOT_READY)
    errors = [
        f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m['message']}\n      {m.get('extract', '').strip()}"
        for m in vnu_report[page_type]
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, f"{real_pages[page_type]} :\n" + "\n".join(errors)
