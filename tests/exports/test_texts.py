"""The exports write the words of the text catalog they are given (``texts=``), so that
another language's catalog gives exports in that language: with a pseudo-catalog whose
every text is its own key, no French sentence of the code is left in what they write."""

from __future__ import annotations

import csv
import io
import json
import string
import xml.etree.ElementTree as ET

import icalendar
import pytest

from observatoire.core.i18n import Texts, texts
from observatoire.records.columns import initiative_columns

from .conftest import build


def pseudo(key: str, entry):
    """``[[key]]`` followed by the entry's placeholders: a text that says where it comes from."""
    if isinstance(entry, dict):
        return {form: pseudo(key, text) for form, text in entry.items()}
    if isinstance(entry, list):
        return [f"[[{key}]]"]
    names = [name for _, name, _, _ in string.Formatter().parse(entry) if name]
    return " ".join([f"[[{key}]]", *(f"{{{name}}}" for name in names)])


@pytest.fixture(scope="module")
def marked() -> Texts:
    return Texts("en", {key: pseudo(key, entry) for key, entry in texts().entries.items()})


@pytest.fixture(scope="module")
def marked_site(catalog, context, marked, tmp_path_factory):
    out = tmp_path_factory.mktemp("marked")
    build(catalog, context, out, texts=marked)
    return out


def test_the_readme_is_made_of_catalog_texts(marked_site):
    lines = (marked_site / "donnees" / "LISEZMOI.txt").read_text("utf-8").splitlines()
    assert lines[0].startswith("[[donnees.title]]")
    assert all(line == "" or line.startswith("[[") for line in lines), lines


def test_the_data_package_and_the_json_files_take_their_titles_from_the_catalog(marked_site, context, marked):
    package = json.loads((marked_site / "donnees" / "datapackage.json").read_text("utf-8"))
    assert package["title"].startswith("[[donnees.title]]")
    assert package["description"].startswith("[[donnees.description]]")
    assert package["keywords"] == ["[[donnees.keywords]]"]
    for resource in package["resources"]:
        assert resource["title"].startswith("[[donnees."), resource["title"]
        assert resource["description"].startswith("[[donnees."), resource["description"]
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["title"] for f in fields] == [c.title for c in initiative_columns(context, marked)]
    assert all(f["title"].startswith("[[donnees.columns.") for f in fields)
    themes = next(f for f in fields if f["name"] == "themes")
    assert "[[donnees.columns.several_values]]" in themes["description"]
    assert "[[donnees.columns.possible_values]]" in themes["description"]
    initiatives = json.loads((marked_site / "donnees" / "initiatives.json").read_text("utf-8"))
    assert initiatives["titre"].startswith("[[donnees.records.initiatives.title]]")
    assert initiatives["description"] == "[[donnees.records.initiatives.description]]"
    header = next(csv.reader(io.StringIO((marked_site / "donnees" / "initiatives.csv").read_text("utf-8"))))
    assert header[:2] == ["id", "url"]  # column names are data, not words


def test_the_column_documentation_takes_its_words_from_the_catalog(context, marked):
    columns = {c.name: c for c in initiative_columns(context, marked)}
    assert columns["id"].description == "[[donnees.columns.description.id]]"
    assert columns["themes"].type_label == "[[donnees.columns.types.list]]"
    assert columns["debut"].type_label == "[[donnees.columns.types.edtf]]"
    assert columns["derniere_revision"].type_label == "[[donnees.columns.types.partial_date]]"
    grid = next(c for c in columns.values() if c.name.startswith("grille_"))
    assert grid.title.startswith("[[donnees.columns.grid.title]]")
    assert grid.description.startswith("[[donnees.columns.grid.description]]")
    assert not columns["themes"].description.startswith("[[")  # read from the model's Field


def test_the_feed_and_the_calendars_speak_the_catalog_language(marked_site):
    feed = ET.fromstring((marked_site / "flux.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{atom}title").startswith("[[flux.title]]")
    assert feed.findtext(f"{atom}subtitle") == "[[flux.subtitle]]"
    assert feed.findtext(f"{atom}rights").startswith("[[flux.rights]]")
    calendar = icalendar.Calendar.from_ical((marked_site / "evenements.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("[[agenda.name]]")
    assert str(calendar["X-WR-CALDESC"]).startswith("[[agenda.description]]")
    descriptions = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")]
    assert any("[[agenda.organisers]]" in d for d in descriptions)
    assert any("[[agenda.registration]]" in d for d in descriptions)
    assert any("[[agenda.page]]" in d for d in descriptions)
    single = icalendar.Calendar.from_ical((marked_site / "evenements" / "rencontre-fictive-2025.ics").read_bytes())
    assert "[[agenda.event_description]]" in str(single["X-WR-CALDESC"])
