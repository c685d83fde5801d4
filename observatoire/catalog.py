"""Loading every record of a content folder, validated, with all its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from observatoire.models import KINDS, KINDS_BY_FOLDER, Actor, Event, Initiative, Kind
from observatoire.problems import Problem, display_path
from observatoire.project import ValidationContext
from observatoire.rules import check_catalog, check_record, find_placeholders
from observatoire.source import RECORD_SUFFIXES, SourceFile, read_source
from observatoire.validation import translate_errors


@dataclass
class Entry:
    """One valid record with where it came from."""

    kind: Kind
    slug: str
    path: Path
    source: SourceFile
    record: BaseModel


@dataclass
class Catalog:
    initiatives: dict[str, Entry] = field(default_factory=dict)
    events: dict[str, Entry] = field(default_factory=dict)
    actors: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> dict[str, Entry]:
        return getattr(self, kind.folder)

    def initiative(self, slug: str) -> Initiative:
        return self.initiatives[slug].record  # type: ignore[return-value]

    def event(self, slug: str) -> Event:
        return self.events[slug].record  # type: ignore[return-value]

    def actor(self, slug: str) -> Actor:
        return self.actors[slug].record  # type: ignore[return-value]

    def counts(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'s' if count > 1 else ''}"

        return f"{n(len(self.initiatives), 'initiative')}, {n(len(self.events), 'événement')}, {n(len(self.actors), 'acteur')}"


def record_files(content_dir: Path) -> list[tuple[Kind, Path]]:
    """Every file under the kind folders, sorted, whatever its suffix."""
    out = []
    for kind in KINDS:
        folder = content_dir / kind.folder
        if folder.is_dir():
            out.extend((kind, p) for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith("."))
    return out


def load_catalog(content_dir: Path, context: ValidationContext, base: Path | None = None) -> Catalog:
    """Read and validate every record under ``content_dir``.

    Never raises on bad content: every problem of every file is in
    ``catalog.problems``; only valid records are in the catalog.
    """
    catalog = Catalog()
    sources: list[tuple[Kind, Path, SourceFile]] = []
    present: set[tuple[str, str]] = set()
    for kind, path in record_files(content_dir):
        shown = display_path(path, base)
        catalog.files.append(path)
        if path.suffix.lower() not in RECORD_SUFFIXES:
            catalog.problems.append(
                Problem(
                    shown, 1, 1, "fichier",
                    f"extension « {path.suffix or '(aucune)'} » non reconnue, le fichier serait ignoré",
                    "renommez-le en .yml (fiche YAML) ou .md (fiche Markdown avec en-tête YAML)",
                )
            )
            continue
        present.add((kind.folder, path.stem))
        src = read_source(path, shown)
        catalog.problems.extend(src.problems)
        if src.data is None:
            continue
        sources.append((kind, path, src))
        placeholders = find_placeholders(src)
        try:
            record = kind.model.model_validate(src.data, context=context)
        except ValidationError as exc:
            # A placeholder left in place is the one problem worth saying there.
            at = {(p.line, p.column) for p in placeholders}
            catalog.problems.extend(p for p in translate_errors(exc, src, kind.model) if (p.line, p.column) not in at)
            record = None
        catalog.problems.extend(placeholders)
        entry_problems = check_record(kind, path, src, record, context)
        catalog.problems.extend(entry_problems)
        if record is not None:
            slug = path.stem
            catalog.of_kind(kind).setdefault(slug, Entry(kind, slug, path, src, record))
    catalog.problems.extend(check_catalog(catalog, sources, present))
    catalog.problems.sort()
    return catalog


def kind_of(path: Path) -> Kind | None:
    return KINDS_BY_FOLDER.get(path.parent.name)
