"""A city's English name (``territoire.commune_en``, an event's ``lieu.commune_en``, #18): the
English pages name the city so — its record, the lists, the place's page, the map, the compare
data, the search — and the French pages keep ``commune``. A record without it shows ``commune``
in both."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from observatoire.build.background import search_index_in
from observatoire.build.workers import load_catalog
from observatoire.records.project import Project
from tests.compare.test_data import read_data_file
from tests.sitebuild import ROOT, SAMPLE_CONTENT, build, make_project

BOLOGNE = "reglement-fictif-de-bologne"
EVENT = "rencontre-fictive-de-bologne"
EVENT_TEXT = """# Fiche FICTIVE, pour les tests.
titre: Rencontre fictive de Bologne
type: rencontre
resume: Une rencontre imaginaire, pour vérifier le nom anglais de la ville d'un événement.
debut: 2024-05-02
lieu:
  nom: Sala fittizia
  commune: Bologne
  commune_en: Bologna (en)
  pays: IT
  coordonnees: {lat: 44.4938, lon: 11.3387}
statut: passe
sources:
  - titre: Source fictive
derniere_revision: 2026-11-30
"""
WORLD = ROOT / "tests" / "fixtures" / "world" / "content" / "initiatives"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("contenu") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    text = (WORLD / f"{BOLOGNE}.yml").read_text("utf-8")
    assert "  nom_local: Bologna\n" in text
    text = text.replace(
        "  nom_local: Bologna\n",
        "  nom_local: Bologna\n  commune_en: Bologna (en)\n  coordonnees:\n    lat: 44.4938\n    lon: 11.3387\n",
    )
    (content / "initiatives" / f"{BOLOGNE}.yml").write_text(text, "utf-8")
    # another record of the same city, first A–Z, that does not give the English name
    other = (WORLD / f"{BOLOGNE}.yml").read_text("utf-8").replace("titre: ", "titre: Autre fiche, ", 1)
    (content / "initiatives" / f"a-{BOLOGNE}.yml").write_text(other, "utf-8")
    (content / "events" / f"{EVENT}.yml").write_text(EVENT_TEXT, "utf-8")
    project = make_project(tmp_path_factory.mktemp("site") / "projet", content)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def page(project: Path, path: str) -> str:
    return (project / "build" / "site" / path).read_text("utf-8")


def test_the_record_page_names_the_city_in_the_page_s_language(project):
    english = page(project, f"en/initiatives/{BOLOGNE}.html")
    french = page(project, f"initiatives/{BOLOGNE}.html")
    assert re.search(r'<a href="[^"]+">Bologna \(en\)</a>', english)
    assert "Bologna (en)" not in french and ">Bologne</a>" in french
    assert ">Bologne</a>" not in english
    # the local name, where it is not the name shown: « Bologne (Bologna) », but not « Bologna (Bologna) »
    assert re.search(r'>Bologne</a> <span lang="it">\(Bologna\)</span>', french)


def test_the_lists_the_place_page_and_the_map_name_it_in_english(project):
    assert "Bologna (en), Emilia-Romagna, Italy" in page(project, "en/initiatives/index.html")
    assert "Bologne, Émilie-Romagne, Italie" in page(project, "initiatives/index.html")
    places = sorted((project / "build" / "site" / "en" / "index" / "territoires").glob("*bologne*.html"))
    assert places and "<title>Bologna (en) - " in places[0].read_text("utf-8")
    assert "Bologna (en)" in page(project, "en/carte.html") or "Bologna (en)" in page(project, "en/carte/monde.html")


def test_the_english_compare_data_and_search_name_it_in_english(project):
    data = {}
    for path in (project / "build" / "site" / "assets" / "observatoire" / "comparer" / "en").glob("*.js"):
        data.update(read_data_file(path))
    assert data[BOLOGNE]["lieu"]["texte"] == "Bologna (en), Emilia-Romagna, Italy"
    p = Project(project)
    catalog = load_catalog(p.content_dir, p.context, base=project)
    english = {d.slug: d for d in search_index_in(catalog, p.context, "en").documents}
    french = {d.slug: d for d in search_index_in(catalog, p.context).documents}
    assert (english[BOLOGNE].place, french[BOLOGNE].place) == ("Bologna (en)", "Bologne")
    assert json.dumps(english[BOLOGNE].english, ensure_ascii=False).count("bologna") >= 1


def test_an_event_s_place_names_its_city_in_english(project):
    """The place's own words stay marked as the record's language; the city is the site's."""
    english = page(project, f"en/evenements/{EVENT}.html")
    french = page(project, f"evenements/{EVENT}.html")
    assert '<span lang="fr">Sala fittizia</span>, Bologna (en)</dd>' in english
    assert "Sala fittizia, Bologne</dd>" in french and "Bologna (en)" not in french
    assert "· Bologna (en) ·" in page(project, "en/evenements/index.html")
    assert "· Bologne ·" in page(project, "evenements/index.html")
    p = Project(project)
    catalog = load_catalog(p.content_dir, p.context, base=project)
    english_docs = {d.slug: d for d in search_index_in(catalog, p.context, "en").documents}
    french_docs = {d.slug: d for d in search_index_in(catalog, p.context).documents}
    assert (english_docs[EVENT].place, french_docs[EVENT].place) == ("Bologna (en)", "Bologne")
