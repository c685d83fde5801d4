"""The JSON Schemas committed in schema/*.schema.json match the models.

Editors (yaml-language-server) and reusers read these files; they are written
by ``observatoire schema``. This test fails as soon as a model, a vocabulary or
the grid changes without the schemas being regenerated.
"""

from __future__ import annotations

import json
import shutil

from observatoire.records.jsonschema import all_schemas
from observatoire.records.project import Project
from tests.checking import ROOT, cli  # noqa: F401 (fixture)

FIX = "les schémas de schema/ sont périmés : lancez « observatoire schema » et committez le résultat"


def test_committed_schemas_are_up_to_date():
    project = Project.find(ROOT)
    expected = all_schemas(project.context)
    committed = {p.name: p.read_text("utf-8") for p in sorted(project.schema_dir.glob("*.schema.json"))}
    assert sorted(committed) == sorted(expected), f"{FIX} (fichiers attendus : {', '.join(sorted(expected))})"
    stale = [name for name in expected if committed[name] != expected[name]]
    assert not stale, f"{FIX} ({', '.join('schema/' + n for n in stale)} différent)"


def test_schemas_are_valid_json_with_vocabularies_and_grid():
    schemas = {name: json.loads(text) for name, text in all_schemas(Project.find(ROOT).context).items()}
    initiative = schemas["initiative.schema.json"]
    assert initiative["properties"]["grille"]["required"][0] == "co_gouvernance"
    assert "alimentation" in json.dumps(initiative["properties"]["themes"], ensure_ascii=False)


def test_drift_is_detected_and_fixed_by_the_command(cli, tmp_path):
    """A stale copy is caught by the comparison above, and ``observatoire schema`` repairs it."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    stale = tmp_path / "schema" / "actor.schema.json"
    stale.write_text(stale.read_text("utf-8").replace("Nom de l'organisation.", "Ancienne description."), "utf-8")
    project = Project.find(tmp_path)
    assert all_schemas(project.context)["actor.schema.json"] != stale.read_text("utf-8")
    code, out, err = cli("schema", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "schema/initiative.schema.json inchangé",
        "schema/event.schema.json inchangé",
        "schema/actor.schema.json mis à jour",
    ]
    assert all_schemas(project.context)["actor.schema.json"] == stale.read_text("utf-8")
