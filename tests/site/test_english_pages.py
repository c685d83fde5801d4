"""The English « Données ouvertes », « Contribuer » and « Proposer une initiative » (#18):
no French interface text left on them, the records' fields described in English (one
description a field of a model, :mod:`observatoire.records.descriptions`), the Data
Package's columns documented in both languages, and the form's script speaking English
while it writes the same French-keyed record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from observatoire.core.i18n import texts
from observatoire.records import descriptions
from observatoire.records.columns import initiative_columns
from observatoire.records.descriptions import (
    described_models,
    description_at,
    description_html,
    field_description,
    missing_descriptions,
    translated_languages,
)
from observatoire.records.english import context_in
from observatoire.records.kinds import KINDS_BY_NAME
from observatoire.records.models import Initiative
from observatoire.records.models.initiative import Budget
from observatoire.records.project import Project
from observatoire.site import propose
from observatoire.site.fieldref import field_reference
from observatoire.site.pages import alternates
from tests.site.french_words import french_left
from tests.sitebuild import ROOT

PAGES = {"open_data": "donnees", "contribute": "contribuer", "propose": "proposer"}


@pytest.fixture(scope="module")
def context():
    return Project(ROOT).context


@pytest.mark.parametrize("page_id", PAGES)
def test_the_english_page_has_no_french_interface_text(built_site, page_id):
    name = PAGES[page_id]
    html = (built_site / "en" / f"{name}.html").read_text("utf-8")
    assert '<html lang="en"' in html
    assert french_left(html) == []
    # the language switch, both ways (the alternates of TRANSLATED_PAGES)
    assert alternates(page_id) == {"fr": f"{name}.md", "en": f"en/{name}.md"}
    assert f'<a href="../{name}.html" hreflang="fr" lang="fr">Français</a>' in html
    french = (built_site / f"{name}.html").read_text("utf-8")
    assert f'<a href="en/{name}.html" hreflang="en" lang="en">English</a>' in french


def test_a_french_value_in_an_english_description_is_marked_french(built_site):
    for name in ("contribuer", "proposer"):
        html = (built_site / "en" / f"{name}.html").read_text("utf-8")
        assert '<code lang="fr">non évalué</code>' in html  # what a record holds for a criterion not assessed
        assert "`" not in html[html.index("<article") : html.index("</article>")]


def test_every_field_has_its_english_description():
    assert translated_languages() == ["en"]
    models = described_models()
    names = [m.__name__ for m in models]
    assert len(names) == len(set(names)), "a model's class name keys its descriptions: it must be unique"
    assert {"Initiative", "Event", "Actor", "Territory", "Source", "NamedOrganisation", "Evaluation"} <= set(names)
    for language in translated_languages():
        assert missing_descriptions(language) == [], descriptions.descriptions_file(language)
    count = 0
    for model in models:
        for name, field in model.model_fields.items():
            if field.description:
                count += 1
                english = field_description(model, name, "en")
                assert english and english != field.description, f"{model.__name__}.{name}"
                # (a French value between backquotes is shown marked French: not interface text)
                assert french_left(f"<p>{description_html(english)}</p>") == [], f"{model.__name__}.{name}: {english}"
    assert count >= 97


def test_a_missing_or_stray_english_description_is_found(monkeypatch):
    given = descriptions._descriptions("en")
    without = {model: dict(fields) for model, fields in given.items()}
    del without["Budget"]["devise"]
    without["Budget"]["monnaie"] = "A field that does not exist."
    monkeypatch.setattr(descriptions, "_descriptions", lambda language: without)
    assert missing_descriptions("en") == ["Budget.devise", "Budget.monnaie"]
    # where one is missing, the page shows the French rather than nothing
    assert field_description(Budget, "devise", "en") == "Devise, code ISO 4217 (EUR...)."


def test_descriptions_by_path_and_language():
    assert (
        description_at(Initiative, "sources[].url", "en")
        == "Web address of the document, if it has one (http or https)."
    )
    assert description_at(Initiative, "grille.co_gouvernance.note", "en").startswith(
        "Level reached on the grid's scale"
    )
    assert description_at(Initiative, "territoire.population.nombre") == "Nombre d'habitants, selon la source citée."
    with pytest.raises(KeyError):
        description_at(Initiative, "territoire.inconnu", "en")


def test_the_field_reference_in_english(context):
    english = {d.path: d for d in field_reference(KINDS_BY_NAME["initiative"], context_in(context, "en"), texts("en"))}
    french = {d.path: d for d in field_reference(KINDS_BY_NAME["initiative"], context)}
    assert english["titre"].type == "text" and french["titre"].type == "texte"
    assert english["derniere_revision"].type == "date (YYYY, YYYY-MM or YYYY-MM-DD)"
    assert english["themes"].type == "list of text" and english["budget"].type == "group of fields"
    assert english["grille"].type == "criteria of the grid"
    assert "grille.<criterion>.note" in english and "grille.<critère>.note" in french
    assert english["budget.annee"].description == "Year of the budget, if the amount is annual."
    assert dict(english["themes"].values)["energie"] == "Energy"
    assert [d.required for d in english.values()] == [d.required for d in french.values()]


def test_the_form_in_english_keeps_the_records_format(context):
    english = propose.proposal_form(context_in(context, "en"), texts=texts("en"))
    french = propose.proposal_form(context)
    assert english.data_file == "proposer-schema.en.js" and french.data_file == propose.DATA_FILE
    assert english.field("budget.devise").help.startswith("Currency, ISO 4217 code")
    assert english.sources_help == "The documents that support the record (at least one)."
    data, french_data = english.data(), french.data()
    assert data["langue"] == "en" and data["textes"]["proposer.script.required"] == "this field is required"
    # the file it writes: the same keys, the same rules, the same defaults but the language
    # the record is written in, which starts as the page's
    assert data["ordre"] == french_data["ordre"]
    strip = ("label", "hint")
    fields = [{k: v for k, v in f.items() if k not in strip} for f in data["champs"]]
    french_fields = [{k: v for k, v in f.items() if k not in strip} for f in french_data["champs"]]
    for field, french_field in zip(fields, french_fields, strict=True):
        if field["path"] == "langue":
            assert (field.pop("default"), french_field.pop("default")) == ("en", "fr")
    assert fields == french_fields


def test_the_data_package_describes_each_column_in_english(built_site, context):
    package = json.loads((built_site / "donnees" / "datapackage.json").read_text("utf-8"))
    (table,) = [r for r in package["resources"] if r["name"] == "initiatives-csv"]
    fields = {f["name"]: f for f in table["schema"]["fields"]}
    english = {c.name: c for c in initiative_columns(context_in(context, "en"), texts("en"))}
    assert list(fields) == list(english)
    for name, field in fields.items():
        assert field["title_en"] == english[name].title, name
        assert field["description_en"].startswith(english[name].description), name
        assert field["description_en"] != field["description"], name
        assert french_left(f"<p>{field['description_en']}</p>") == [], name
        assert list(field)[list(field).index("description") + 1] == "description_en"
    assert fields["budget_annee"]["description"] == "Année du budget, si le montant est annuel."
    assert fields["budget_annee"]["description_en"] == "Year of the budget, if the amount is annual."
    assert fields["themes"]["description_en"].endswith(
        "Possible values: " + ", ".join(fields["themes"]["labels_en"]) + "."
    )
    # the cells hold ids: their labels in both languages
    assert fields["themes"]["labels"]["energie"] == "Énergie" and fields["themes"]["labels_en"]["energie"] == "Energy"
    criterion = context.grid.criteres[0]
    levels = fields[f"grille_{criterion.id}"]
    assert levels["labels"] == {str(k): v for k, v in sorted(criterion.niveaux.items())}
    assert levels["labels_en"] == {str(k): v for k, v in sorted(criterion.niveaux_en.items())}
    assert "labels" not in fields["titre"] and "labels_en" not in fields["titre"]


def test_the_english_form_speaks_english_and_writes_the_same_record(browser, built_site: Path):
    from tests.propose.conftest import Visit
    from tests.propose.test_browser import fill_required, summary, verify, written_yaml

    visit = Visit(browser, built_site / "en")
    try:
        page = visit.page
        assert any(u.endswith("assets/observatoire/proposer-schema.en.js") for u in visit.requests)
        page.click("#p-verifier")
        page.wait_for_function("document.getElementById('p-bilan').innerText.indexOf('problem') >= 0")
        assert summary(page).startswith("The record has"), summary(page)
        assert page.locator("#p-titre-erreur").inner_text() == "This field is required."
        fill_required(page)
        verify(page)
        assert summary(page).startswith("The record is ready"), summary(page)
        text = written_yaml(page)
        record = yaml.safe_load(text)
        assert list(record)[:3] == ["titre", "resume", "description"]
        assert record["territoire"]["pays"] == "FR" and record["themes"] == ["alimentation", "espace-public"]
        assert "derniere_revision" in record and record["sources"][0]["titre"] == "Délibération du conseil municipal"
        assert "# Record proposed with the form “Propose an initiative”" in text  # its comments in English
        assert visit.errors == [] and visit.external == []
    finally:
        visit.close()
