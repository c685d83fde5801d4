"""An initiative's optional English title and summary (``titre_en``, ``resume_en``):
validated by ``check`` with the French fields' lengths, written (commented) by
``observatoire new``, in the JSON Schema, the field reference and the open data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from observatoire.exports.opendata import record_data
from observatoire.records.jsonschema import all_schemas
from observatoire.records.kinds import KINDS_BY_NAME
from observatoire.records.models import Initiative
from observatoire.records.project import Project
from observatoire.site.fieldref import field_reference
from tests.checking import OK_LINE, PROBLEM_LINE, ROOT, VALID, cli  # noqa: F401 (cli: fixture)

RECORD = "initiatives/jardin-partage-fictif.yml"
ENGLISH = (
    "titre_en: Test community garden\n"
    "resume_en: An imaginary community garden, entrusted by the test municipality to a residents' association.\n"
)


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copytree(VALID, tmp_path / "content")
    return tmp_path


def with_english(project: Path, english: str = ENGLISH) -> Path:
    path = project / "content" / RECORD
    text = path.read_text("utf-8")
    path.write_text(text.replace("description: |\n", english + "description: |\n", 1), "utf-8")
    return path


def test_an_initiative_with_its_english_title_and_summary_is_valid(cli, project):
    with_english(project)
    code, out, _ = cli("--projet", project, "check", f"content/{RECORD}", cwd=project)
    assert code == 0, out
    assert OK_LINE.match(out.splitlines()[-1])


def test_the_english_title_and_summary_are_optional():
    field = Initiative.model_fields
    assert not field["titre_en"].is_required() and not field["resume_en"].is_required()


@pytest.mark.parametrize(
    ("english", "field", "words"),
    [
        ("titre_en: ab\n", "titre_en", "texte trop court (2 caractères, au moins 3 attendus)"),
        ("resume_en: Too short.\n", "resume_en", "texte trop court (10 caractères, au moins 20 attendus)"),
        (f"resume_en: {'x' * 1201}\n", "resume_en", "texte trop long (1201 caractères, au plus 1200)"),
    ],
)
def test_check_holds_the_english_to_the_lengths_of_the_french(cli, project, english, field, words):
    with_english(project, english)
    code, out, _ = cli("--projet", project, "check", f"content/{RECORD}", cwd=project)
    assert code == 1
    problems = [PROBLEM_LINE.match(line) for line in out.splitlines()]
    ours = [m for m in problems if m and m["field"] == field]
    assert len(ours) == 1, out
    assert ours[0]["path"] == f"content/{RECORD}" and ours[0]["line"] == "4", out
    assert ours[0]["what"] == words, out


def test_a_misspelt_english_field_is_named(cli, project):
    with_english(project, "title_en: Test community garden\n")
    code, out, _ = cli("--projet", project, "check", f"content/{RECORD}", cwd=project)
    assert code == 1 and "title_en" in out and "titre_en" in out, out


def test_new_writes_the_english_fields_commented(cli, project):
    code, _, err = cli("--projet", project, "new", "initiative", "Jardins d'essai", cwd=project)
    assert (code, err) == (0, "")
    text = (project / "content/initiatives/jardins-d-essai.yml").read_text("utf-8")
    assert "\n# titre_en: …\n# resume_en: …\n" in text


def test_the_json_schema_and_the_field_reference_know_them():
    context = Project(ROOT).context
    schema = json.loads(all_schemas(context)["initiative.schema.json"])
    assert {"titre_en", "resume_en"} <= set(schema["properties"])
    assert "titre_en" not in schema["required"] and "resume_en" not in schema["required"]
    docs = {doc.path: doc for doc in field_reference(KINDS_BY_NAME["initiative"], context)}
    assert not docs["titre_en"].required and "anglais" in docs["titre_en"].description
    assert not docs["resume_en"].required and "anglais" in docs["resume_en"].description


def test_the_open_data_carries_them(project):
    from observatoire.records.source import read_source

    path = with_english(project)
    record = Initiative.model_validate(read_source(path, RECORD).data, context=Project(project).context)
    data = record_data(record)
    assert data["titre_en"] == "Test community garden"
    assert data["resume_en"].startswith("An imaginary community garden")
