"""The form is generated from the initiative JSON Schema: it covers every field but the
few it says it leaves out, and takes its rules and help texts from the schema."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from observatoire.core.i18n import Texts, texts
from observatoire.records.catalog import load_catalog
from observatoire.records.jsonschema import record_schema
from observatoire.records.kinds import INITIATIVE
from observatoire.records.project import Project
from observatoire.site import urls
from observatoire.site.engine import SiteEngine
from observatoire.site.propose import NOT_IN_FORM, ProposalForm, new_file_base, proposal_form
from observatoire.site.render import translator
from observatoire.site.settings import SiteSettings
from tests.propose.conftest import CONTENT
from tests.sitebuild import ROOT


@pytest.fixture(scope="module")
def project():
    return Project(ROOT)


@pytest.fixture(scope="module")
def form(project) -> ProposalForm:
    return proposal_form(project.context, edit_base="https://forge.example/o/r/edit/main/")


def schema_paths(form: ProposalForm, schema: dict) -> set[str]:
    """Every leaf field of the schema, as the form names them (``sources[].url``)."""
    out = set()

    def walk(node, prefix):
        node = form._resolve(node)
        if node.get("type") == "array" and "properties" in form._resolve(node["items"]):
            walk(node["items"], prefix + "[]")
        elif "properties" in node and prefix != "grille":
            for name, sub in node["properties"].items():
                walk(sub, f"{prefix}.{name}" if prefix else name)
        else:
            out.add(prefix)

    walk(schema, "")
    return out


def test_every_field_of_the_schema_is_in_the_form_or_said_to_be_left_out(form, project):
    schema = record_schema(INITIATIVE, project.context)
    paths = schema_paths(form, schema)
    covered = form.covered_paths()
    left_out = {p for p in paths if any(p == n or p.startswith(n + "[]") or p.startswith(n + ".") for n in NOT_IN_FORM)}
    assert paths - covered - left_out == set()
    assert all(any(p == n or p.startswith(n) for p in paths) for n in NOT_IN_FORM)
    assert covered - paths == set()


def test_rules_and_help_come_from_the_schema(form, project):
    schema = record_schema(INITIATIVE, project.context)
    titre = form.field("titre")
    assert titre.required and titre.rules["min_length"] == schema["properties"]["titre"]["minLength"]
    assert titre.help.startswith(schema["properties"]["titre"]["description"])
    insee = form.field("territoire.code_insee")
    assert not insee.required
    assert insee.rules["pattern"] == schema["$defs"]["Territory"]["properties"]["code_insee"]["anyOf"][0]["pattern"]
    themes = form.field("themes")
    assert themes.widget == "checkboxes" and themes.required
    assert [o.value for o in themes.options] == schema["properties"]["themes"]["items"]["enum"]
    assert themes.options[0].label == project.context.vocabularies["themes"].terms[0].libelle
    statut = form.field("statut")
    assert statut.widget == "select" and statut.options[0].value == ""  # « — choisir — »
    assert form.field("budget.montant").rules.get("required_in_group")
    assert not form.field("budget.montant").required
    assert form.field("sources[].titre").required
    assert [c.id for c in form.criteria] == project.context.grid.ids
    assert form.criteria[0].levels[0].label.startswith("0 — ")


def test_the_data_script_holds_the_rules_and_no_markup(form):
    script = form.data_script().decode("utf-8")
    assert script.startswith("/*") and "window.OBS_PROPOSER = " in script
    data = json.loads(script.split("window.OBS_PROPOSER = ", 1)[1].rstrip().rstrip(";"))
    assert data["forge"] == "https://forge.example/o/r/new/main/"
    assert data["dossier"] == "content/initiatives"
    assert data["url_max"] == 7000
    assert data["ordre"][""][:3] == ["titre", "resume", "description"]
    assert "<" not in script


@pytest.mark.parametrize(
    "edit, new",
    [
        ("https://github.com/o/r/edit/main/", "https://github.com/o/r/new/main/"),
        ("https://forge.example/o/r/-/edit/main/", "https://forge.example/o/r/-/new/main/"),
        ("https://github.com/edit/r/edit/main", "https://github.com/edit/r/new/main/"),
        ("", ""),
        ("https://forge.example/o/r/src/main/", ""),
    ],
)
def test_the_new_file_address_is_derived_from_the_edit_address(edit, new):
    assert new_file_base(edit) == new


def render_page(project, edit_base: str) -> str:
    catalog = load_catalog(CONTENT, project.context)
    engine = SiteEngine(project, catalog, SiteSettings(edit_base=edit_base), dt.datetime(2025, 1, 1))
    return str(engine.render(urls.PROPOSE))


def test_without_a_forge_the_page_says_so_and_has_no_forge_button(project):
    html = render_page(project, "")
    assert 'id="p-forge"' not in html
    no_forge = texts()("proposer.page.result.no_forge")
    assert no_forge.startswith("Ce site n'indique pas de forge")
    assert translator(texts())("proposer.page.result.no_forge") in html  # a plain text of the catalog, as t() writes it
    assert 'id="p-forge"' in render_page(project, "https://github.com/o/r/edit/main/")


def test_the_page_loads_its_scripts_from_the_site(project):
    html = render_page(project, "")
    assert '<script src="assets/observatoire/proposer-schema.js"></script>' in html
    assert '<script src="assets/observatoire/proposer.js"></script>' in html
    assert "fetch(" not in (ROOT / "observatoire" / "assets" / "proposer.js").read_text("utf-8")


def test_the_data_script_gives_the_script_its_texts_and_language(form):
    script = form.data_script().decode("utf-8")
    data = json.loads(script.split("window.OBS_PROPOSER = ", 1)[1].rstrip().rstrip(";"))
    assert data["langue"] == "fr"
    assert data["textes"] == texts().subset("proposer.script.")
    assert data["grille"]["libelles"]["sources"] == texts()("proposer.evaluation.label.sources")
    script_keys = set(
        re.findall(r"""\bT\("([a-z0-9_.]+)\"""", (ROOT / "observatoire" / "assets" / "proposer.js").read_text("utf-8"))
    )
    assert script_keys and script_keys <= set(data["textes"])  # every text the script asks for is given


def test_the_form_speaks_the_language_of_the_texts_it_is_given(project):
    """With a pseudo-catalog whose texts are their own keys, no word of the form is French
    but the schema's descriptions and the vocabularies' terms."""
    marked = Texts(
        "en",
        {
            key: {form: f"[[{key}]]" for form in entry} if isinstance(entry, dict) else f"[[{key}]]"
            for key, entry in texts().entries.items()
        },
    )
    form = proposal_form(project.context, edit_base="https://forge.example/o/r/edit/main/", texts=marked)
    assert all(g.title == f"[[proposer.group.{g.id}]]" for g in form.required_groups + form.optional_groups)
    assert all(f.label.startswith("[[proposer.label.") for f in form.all_fields)
    assert form.field("sources[].url").label == "[[proposer.label.sources.url]]"
    assert form.field("porteurs").help.endswith("[[proposer.help.porteurs]]")
    assert form.field("titre").help.endswith("[[proposer.length.between]]")
    assert form.field("territoire.code_insee").rules["hint"] == "[[proposer.hint.insee]]"
    assert form.field("statut").options[0].label == "[[proposer.unspecified]]"  # optional: « non renseigné »
    assert form.field("echelon").options[0].label == "[[proposer.unspecified]]"
    assert form.evaluation["sources"]["label"] == "[[proposer.evaluation.label.sources]]"
    assert form.data()["date_hint"] == "[[proposer.hint.date]]"
    assert form.data()["langue"] == "en"
    assert any(o.label == "Germany" for o in form.field("territoire.pays").options)  # country names too
