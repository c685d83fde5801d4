"""JSON Schemas of the records, for editors (yaml-language-server) and reusers.

pydantic describes the structure; the vocabularies and the grid, which are
data, are written into the schema here so that editors complete their values.
"""

from __future__ import annotations

import json
from typing import Any

from observatoire.records.kinds import KINDS, Kind
from observatoire.records.models.initiative import NOT_EVALUATED
from observatoire.records.project import ValidationContext

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file_name(kind: Kind) -> str:
    return f"{kind.name}.schema.json"


def record_schema(kind: Kind, context: ValidationContext) -> dict[str, Any]:
    schema = kind.model.model_json_schema(mode="validation")
    schema = _with_vocabularies(schema, context)
    if "grille" in schema.get("properties", {}):
        schema["properties"]["grille"] = _grid_schema(context, schema)
    schema.get("$defs", {}).get("Evaluation", {}).get("properties", {}).pop("evalue", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_file_name(kind),
        **schema,
    }


def _with_vocabularies(node: Any, context: ValidationContext) -> Any:
    if isinstance(node, dict):
        out = {k: _with_vocabularies(v, context) for k, v in node.items()}
        name = out.get("x-vocabulaire")
        if name:
            vocabulary = context.vocabularies[name]
            out["enum"] = vocabulary.ids
            out["description"] = (
                out.get("description", "")
                + " Valeurs : "
                + ", ".join(f"{t.id} ({t.libelle})" for t in vocabulary.terms)
            ).strip()
        return out
    if isinstance(node, list):
        return [_with_vocabularies(v, context) for v in node]
    return node


def _grid_schema(context: ValidationContext, schema: dict) -> dict:
    grid = context.grid
    evaluation = {"$ref": "#/$defs/Evaluation"}
    return {
        "title": "Grille",
        "description": schema["properties"]["grille"].get("description", ""),
        "type": "object",
        "properties": {
            c.id: {
                "description": f"{c.libelle} — {c.question}",
                "anyOf": [
                    {"const": NOT_EVALUATED},
                    {**evaluation},
                ],
            }
            for c in grid.criteres
        },
        "required": grid.ids,
        "additionalProperties": False,
    }


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def all_schemas(context: ValidationContext) -> dict[str, str]:
    """File name -> JSON text, for every kind of record."""
    return {schema_file_name(kind): render(record_schema(kind, context)) for kind in KINDS}
