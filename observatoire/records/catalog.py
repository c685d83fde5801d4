"""Loading every record of a content folder, validated, with all its problems."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from observatoire.core.problems import Problem, display_path
from observatoire.core.serial import map_here
from observatoire.records.advice import (
    KEPT_POSITIONS,
    RecordFacts,
    advise_catalog,
    advise_record,
    advise_reviews,
    record_facts,
)
from observatoire.records.kinds import KINDS, Kind
from observatoire.records.project import ValidationContext
from observatoire.records.rules import (
    check_catalog,
    check_record,
    find_placeholders,
    reference_positions,
    references_of,
)
from observatoire.records.source import RECORD_SUFFIXES, SourceFile, read_source
from observatoire.records.validation import translate_errors


@dataclass
class Entry:
    """One valid record with where it came from."""

    kind: Kind
    slug: str
    path: Path
    source: SourceFile
    """Where the record's references are written (the only positions kept)."""
    record: BaseModel | None
    """None when the catalog was loaded with ``records=False``."""
    references: dict[str, list[str]]
    """Slugs of the other records it names, by field."""
    facts: RecordFacts | None = None
    """What the advice on the whole catalog needs, kept even without the record."""


@dataclass
class Catalog:
    initiatives: dict[str, Entry] = field(default_factory=dict)
    events: dict[str, Entry] = field(default_factory=dict)
    actors: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    advice: list[Problem] = field(default_factory=list)
    """What could be better in files that have no problem (blocks nothing)."""
    files: list[Path] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> dict[str, Entry]:
        return getattr(self, kind.folder)

    def entries(self) -> Iterator[Entry]:
        """Every entry, kind after kind (in :data:`KINDS`' order)."""
        for kind in KINDS:
            yield from self.of_kind(kind).values()

    def counts(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'s' if count > 1 else ''}"

        return f"{n(len(self.initiatives), 'initiative')}, {n(len(self.events), 'événement')}, {n(len(self.actors), 'acteur')}"


def record_files(content_dir: Path) -> list[tuple[Kind, Path]]:
    """Every file under the kind folders, sorted as paths sort, whatever its
    suffix (not hidden ones)."""
    out = []
    for kind in KINDS:
        folder = content_dir / kind.folder
        out.extend((kind, folder.joinpath(*parts)) for parts in sorted(_files_below(str(folder), ())))
    return out


def _files_below(directory: str, parts: tuple[str, ...]):
    """Path parts (from the folder) of every regular file below ``directory``;
    ``os.scandir`` knows most types without a ``stat`` per file."""
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files_below(entry.path, parts + (entry.name,))
        elif entry.is_file() and not entry.name.startswith("."):
            yield parts + (entry.name,)


@dataclass
class _FileResult:
    """What reading and validating one file gave (picklable and small: it may
    come from a helper process). ``source`` keeps only what later checks need:
    the positions of the references to other records, not the data."""

    kind: Kind
    path: Path
    shown: str
    readable: bool
    """The file could be read as a record (valid or not)."""
    source: SourceFile | None
    record: BaseModel | None
    references: dict[str, list[str]] | None
    problems: list[Problem]
    advice: list[Problem] = field(default_factory=list)
    facts: RecordFacts | None = None


def _check_file(
    kind: Kind, path: Path, shown: str, context: ValidationContext, keep_record: bool = True
) -> _FileResult:
    if path.suffix.lower() not in RECORD_SUFFIXES:
        problem = Problem(
            shown,
            1,
            1,
            "fichier",
            f"extension « {path.suffix or '(aucune)'} » non reconnue, le fichier serait ignoré",
            "renommez-le en .yml (fiche YAML) ou .md (fiche Markdown avec en-tête YAML)",
        )
        return _FileResult(kind, path, shown, False, None, None, None, [problem])
    src = read_source(path, shown)
    problems = list(src.problems)
    if src.data is None:
        return _FileResult(kind, path, shown, False, None, None, None, problems)
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
    references = references_of(kind, record) if record is not None else None
    kept = SourceFile(path, shown, positions=reference_positions(kind, src.positions, KEPT_POSITIONS))
    return _FileResult(
        kind,
        path,
        shown,
        True,
        kept,
        record if keep_record else None,
        references,
        problems,
        advise_record(kind, src, record),
        record_facts(record),
    )


CHUNK_FILES = 64
"""Files per chunk of work: small enough for the cores to finish together."""
PARALLEL_FROM = 400
"""Below this many files one process is quicker than starting helpers."""


MapChunks = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
"""``map_chunks(function, chunks)``: ``[function(c) for c in chunks]``, maybe on
several cores (the build's :func:`observatoire.build.workers.map_chunks`)."""


def _check_files(
    jobs: list[tuple[Kind, Path, str]], context: ValidationContext, keep_records: bool, map_chunks: MapChunks
) -> list[_FileResult]:
    """Every file checked, by ``map_chunks`` when there are many."""

    def check_chunk(chunk: list[tuple[Kind, Path, str]]) -> list[_FileResult]:
        return [_check_file(kind, path, shown, context, keep_records) for kind, path, shown in chunk]

    if len(jobs) < PARALLEL_FROM:
        return check_chunk(jobs)
    chunks = [jobs[i : i + CHUNK_FILES] for i in range(0, len(jobs), CHUNK_FILES)]
    return [result for part in map_chunks(check_chunk, chunks) for result in part]


def _shown_paths(paths: list[Path], base: Path | None) -> list[str]:
    """:func:`display_path` of many files, resolving ``base`` once."""
    base_text = str((base or Path.cwd()).resolve()) + os.sep
    out = []
    for path in paths:
        text = str(path)
        out.append(
            text[len(base_text) :].replace(os.sep, "/") if text.startswith(base_text) else display_path(path, base)
        )
    return out


def load_catalog(
    content_dir: Path,
    context: ValidationContext,
    base: Path | None = None,
    *,
    records: bool = True,
    map_chunks: MapChunks = map_here,
    today: dt.date | None = None,
) -> Catalog:
    """Read and validate every record under ``content_dir``.

    Never raises on bad content: every problem of every file is in
    ``catalog.problems``; only valid records are in the catalog. With
    ``records=False`` (checking only) the entries hold their references to
    other records but not the records themselves (``entry.record`` is None).
    ``map_chunks``: how chunks of files are checked (one process by default).
    ``today``: the date the advice on records not reviewed for long is given at
    (none without it).
    """
    catalog = Catalog()
    sources: list[tuple[Kind, Path, SourceFile]] = []
    present: set[tuple[str, str]] = set()
    files = record_files(content_dir.resolve())
    jobs = []
    for (kind, path), shown in zip(files, _shown_paths([p for _, p in files], base), strict=False):
        catalog.files.append(path)
        jobs.append((kind, path, shown))
        if path.suffix.lower() in RECORD_SUFFIXES:
            present.add((kind.folder, path.stem))
    for result in _check_files(jobs, context, records, map_chunks):
        catalog.problems.extend(result.problems)
        catalog.advice.extend(result.advice)
        if not result.readable:
            continue
        sources.append((result.kind, result.path, result.source))
        if result.references is not None:
            slug = result.path.stem
            catalog.of_kind(result.kind).setdefault(
                slug,
                Entry(result.kind, slug, result.path, result.source, result.record, result.references, result.facts),
            )
    catalog.problems.extend(check_catalog({kind: catalog.of_kind(kind) for kind in KINDS}, sources, present))
    catalog.problems.sort()
    catalog.advice.extend(advise_catalog(catalog))
    if today is not None:
        catalog.advice.extend(advise_reviews(catalog, today))
    # A file with a problem shows its problems first: its advice waits until they are fixed.
    with_problems = {p.path for p in catalog.problems}
    catalog.advice = sorted(a for a in catalog.advice if a.path not in with_problems)
    return catalog
