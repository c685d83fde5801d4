"""``observatoire check [CHEMIN...]``: every problem of every file, one line each."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from observatoire.build.workers import load_catalog
from observatoire.core.problems import Problem, display_path, summarize
from observatoire.records.english import english_advice
from observatoire.records.kinds import KINDS, KINDS_BY_FOLDER
from observatoire.records.project import Project


def check_date() -> dt.date:
    """The date the review advice is given at: ``SOURCE_DATE_EPOCH`` when set (as the
    build does, for reproducible output), else today."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC).date()
    return dt.date.today()


def run_check(project: Project, paths: list[Path]) -> int:
    """Check content folders (each holding initiatives/, events/, actors/) or single files.

    A single file is checked with the rest of its content folder, so that its
    references resolve; only its own problems are printed.
    """
    roots: dict[Path, set[Path] | None] = {}
    problems = []
    advice = []

    def check_within(root: Path, files: set[Path]) -> None:
        if roots.get(root, set()) is not None:
            roots.setdefault(root, set()).update(files)

    for path in paths or [project.content_dir]:
        path = path.resolve()
        if path.is_dir() and path.name in KINDS_BY_FOLDER and not any((path / k.folder).is_dir() for k in KINDS):
            # « check content/initiatives »: that folder's files, with the rest of content/
            check_within(path.parent, {p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")})
        elif path.is_dir():
            roots[path] = None
        elif path.is_file():
            check_within(path.parent.parent, {path})
        else:
            problems.append(Problem(display_path(path), 1, 1, "fichier", "introuvable", "vérifiez le chemin"))
    checked = 0
    counts = []
    for root, only in roots.items():
        catalog = load_catalog(root, project.context, records=False, today=check_date())
        found, advised = catalog.problems, catalog.advice
        if only is not None:
            shown = {display_path(p) for p in only}
            found = [p for p in found if p.path in shown]
            advised = [a for a in advised if a.path in shown]
            checked += len(only)
        else:
            checked += len(catalog.files)
            counts.append(catalog.counts())
        problems.extend(found)
        advice.extend(advised)
    if not paths:  # the whole project: its schema/ texts without their English version too
        advice.extend(english_advice(project.schema_dir))
    for problem in problems + advice:
        print(problem)
    files = f"{checked} fichier{'s' if checked > 1 else ''} vérifié{'s' if checked > 1 else ''}"
    advised = f", {len(advice)} conseil{'s' if len(advice) > 1 else ''}" if advice else ""
    if problems:
        print(f"{summarize(problems)} ({files}{advised})")
        return 1
    detail = f" : {'; '.join(counts)}" if counts else ""
    print(f"{files}, aucun problème{advised}{detail}.")
    return 0
