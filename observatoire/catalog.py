"""Loading every record of a content folder, validated, with all its problems."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from observatoire.models import KINDS, Actor, Event, Initiative, Kind
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


@dataclass
class _FileResult:
    """What reading and validating one file gave (picklable: it may come from a worker)."""

    kind: Kind
    path: Path
    source: SourceFile | None
    record: BaseModel | None
    problems: list[Problem]


def _check_file(kind: Kind, path: Path, shown: str, context: ValidationContext) -> _FileResult:
    if path.suffix.lower() not in RECORD_SUFFIXES:
        problem = Problem(
            shown, 1, 1, "fichier",
            f"extension « {path.suffix or '(aucune)'} » non reconnue, le fichier serait ignoré",
            "renommez-le en .yml (fiche YAML) ou .md (fiche Markdown avec en-tête YAML)",
        )
        return _FileResult(kind, path, None, None, [problem])
    src = read_source(path, shown)
    problems = list(src.problems)
    if src.data is None:
        return _FileResult(kind, path, src, None, problems)
    placeholders = find_placeholders(src)
    try:
        record = kind.model.model_validate(src.data, context=context)
    except ValidationError as exc:
        # A placeholder left in place is the one problem worth saying there.
        at = {(p.line, p.column) for p in placeholders}
        problems.extend(p for p in translate_errors(exc, src, kind.model) if (p.line, p.column) not in at)
        record = None
    problems.extend(placeholders)
    problems.extend(check_record(kind, path, src, record, context))
    return _FileResult(kind, path, src, record, problems)


PARALLEL_FROM = 400
"""Below this many files one process is quicker than starting workers."""
_worker_context: ValidationContext | None = None


def _check_chunk(chunk: list[tuple[Kind, Path, str]]) -> list[_FileResult]:
    assert _worker_context is not None
    return [_check_file(kind, path, shown, _worker_context) for kind, path, shown in chunk]


def _check_files(jobs: list[tuple[Kind, Path, str]], context: ValidationContext) -> list[_FileResult]:
    """Every file checked, on every core when there are many (workers are forked:
    they inherit the loaded vocabularies and grid)."""
    global _worker_context
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_check_file(kind, path, shown, context) for kind, path, shown in jobs]
    size = max(50, len(jobs) // (workers * 4))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    _worker_context = context
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [result for part in pool.map(_check_chunk, chunks) for result in part]
    finally:
        _worker_context = None


def load_catalog(content_dir: Path, context: ValidationContext, base: Path | None = None) -> Catalog:
    """Read and validate every record under ``content_dir``.

    Never raises on bad content: every problem of every file is in
    ``catalog.problems``; only valid records are in the catalog.
    """
    catalog = Catalog()
    sources: list[tuple[Kind, Path, SourceFile]] = []
    present: set[tuple[str, str]] = set()
    jobs = []
    for kind, path in record_files(content_dir):
        catalog.files.append(path)
        jobs.append((kind, path, display_path(path, base)))
        if path.suffix.lower() in RECORD_SUFFIXES:
            present.add((kind.folder, path.stem))
    for result in _check_files(jobs, context):
        catalog.problems.extend(result.problems)
        if result.source is None or result.source.data is None:
            continue
        sources.append((result.kind, result.path, result.source))
        if result.record is not None:
            slug = result.path.stem
            catalog.of_kind(result.kind).setdefault(slug, Entry(result.kind, slug, result.path, result.source, result.record))
    catalog.problems.extend(check_catalog(catalog, sources, present))
    catalog.problems.sort()
    return catalog
