"""Loading the association's own data files in ``schema/`` (grid, vocabularies).

They are validated like records, and a mistake in them is reported the same
way: one line with file, line, field and fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from observatoire.core.problems import Problem, display_path
from observatoire.records.source import read_source

M = TypeVar("M", bound=BaseModel)


class SchemaFileError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def load_schema_file(path: Path, model: type[M]) -> M:
    from observatoire.records.validation import translate_errors

    src = read_source(path, display_path(path))
    if src.problems:
        raise SchemaFileError(src.problems)
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        raise SchemaFileError(translate_errors(exc, src, model)) from None
