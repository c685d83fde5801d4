"""Where a project's files are: content, schema data, output."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from observatoire.records.grid import Grid, load_grid
from observatoire.records.vocabulary import Vocabulary, load_vocabularies


@dataclass(frozen=True)
class ValidationContext:
    """What validators need besides the record: vocabularies and grid."""

    vocabularies: dict[str, Vocabulary]
    grid: Grid


@dataclass
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest folder, from ``start`` upwards, that holds ``schema/grid.yml``."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "schema" / "grid.yml").is_file():
                return cls(folder)
        raise FileNotFoundError(
            f"aucun projet trouvé depuis {here} : lancez la commande dans le dossier du centre de "
            "ressources (celui qui contient schema/grid.yml)"
        )

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @cached_property
    def context(self) -> ValidationContext:
        """Raises :class:`observatoire.records.schemafiles.SchemaFileError` if a schema file is wrong."""
        return ValidationContext(
            vocabularies=load_vocabularies(self.schema_dir / "vocabulaires"),
            grid=load_grid(self.schema_dir / "grid.yml"),
        )
