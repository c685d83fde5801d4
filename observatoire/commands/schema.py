"""``observatoire schema``: write the JSON Schemas into ``schema/``."""

from __future__ import annotations

from observatoire.core.problems import display_path
from observatoire.records.jsonschema import all_schemas
from observatoire.records.project import Project


def run_schema(project: Project) -> int:
    for name, text in all_schemas(project.context).items():
        path = project.schema_dir / name
        changed = not path.exists() or path.read_text("utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{display_path(path)} {'mis à jour' if changed else 'inchangé'}")
    return 0
