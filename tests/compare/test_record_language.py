"""The compare page marks a record's own texts with the record's language (``langue``), on the
French page as on the English one: a record written in English is ``lang="en"`` on the French
page and unmarked on the English one; a French record the other way round. In chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from observatoire.site.compare import GLOBAL
from tests.compare.test_data import page_config, read_data_file
from tests.sitebuild import SAMPLE_CONTENT, build, make_project

JARDINS = "jardins-partages-fictifs"
ATELIER = "atelier-de-reparation-fictif"
"""Written in English in this site (``langue: en``)."""
DATA = Path("assets") / "observatoire" / "comparer"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("contenu") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    record = content / "initiatives" / f"{ATELIER}.yml"
    text = record.read_text("utf-8")
    text = text.replace(
        "justification: Les outils fictifs sont partagés entre tous.", "justification: The tools are shared."
    )
    record.write_text(text + "langue: en\n", "utf-8")
    project = make_project(tmp_path_factory.mktemp("site") / "projet", content)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build" / "site"


def records(site: Path, folder: Path) -> dict:
    out = {}
    for path in (site / folder).glob("*.js"):
        out.update(read_data_file(path))
    return out


def test_each_record_says_its_language_where_it_is_not_the_page_s(site):
    french, english = records(site, DATA), records(site, DATA / "en")
    assert (french[ATELIER].get("langue"), french[ATELIER].get("langue_titre")) == ("en", "en")
    assert "langue" not in french[JARDINS] and "langue_titre" not in french[JARDINS]
    assert "langue" not in english[ATELIER] and "langue_titre" not in english[ATELIER]
    assert (english[JARDINS].get("langue"), english[JARDINS].get("langue_titre")) == ("fr", "fr")
    own_rows = [row["id"] for group in page_config(site)["groupes"] for row in group["lignes"] if row.get("propre")]
    assert own_rows == ["prerequis", "etapes", "couts", "ecueils"]


@pytest.mark.parametrize("page, marked", [("comparer.html", "en"), ("en/comparer.html", "fr")])
def test_in_chromium_the_other_language_s_texts_are_marked(site, browser, page, marked):
    tab = browser.new_page()
    tab.goto((site / page).as_uri() + f"?i={JARDINS},{ATELIER}")
    tab.wait_for_function("window.__obsCompareReady !== undefined", timeout=15_000)
    assert tab.evaluate(f"Object.keys(window.{GLOBAL}).length") >= 1
    columns = tab.locator(".obs-cmp-table thead th a")
    langs = {
        columns.nth(i).get_attribute("href").rsplit("/", 1)[-1]: columns.nth(i).get_attribute("lang") for i in range(2)
    }
    other = ATELIER if marked == "en" else JARDINS
    assert langs == {f"{other}.html": marked, f"{JARDINS if other == ATELIER else ATELIER}.html": None}
    # the English record's justification (in its details, and as printed): marked on the French page only
    justification = tab.locator(".obs-cmp-justification p", has_text="The tools are shared.")
    assert justification.count() == 1
    assert justification.get_attribute("lang") == ("en" if page == "comparer.html" else None)
    printed = tab.locator(".obs-cmp-imprime span", has_text="The tools are shared.")
    assert printed.count() == (1 if page == "comparer.html" else 0)
    tab.close()
