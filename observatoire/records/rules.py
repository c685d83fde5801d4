"""Rules that need more than one field, or more than one record.

pydantic checks each field; these check what ties fields and records
together: dates in order, the grid against ``schema/grid.yml``, references
to other records, slugs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from observatoire.core.problems import Problem, field_name
from observatoire.core.text import closest, slugged
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, Kind
from observatoire.records.models.event import Event
from observatoire.records.models.initiative import NOT_EVALUATED, Initiative
from observatoire.records.models.types import SLUG_PATTERN, Territory, earliest_day, latest_day, moment_key
from observatoire.records.project import ValidationContext
from observatoire.records.source import MARK, SourceFile


def check_record(
    kind: Kind, path: Path, src: SourceFile, record: BaseModel | None, context: ValidationContext
) -> list[Problem]:
    problems = []
    if not re.match(SLUG_PATTERN, path.stem):
        problems.append(
            Problem(
                src.shown,
                1,
                1,
                "fichier",
                f"nom de fichier « {path.name} » invalide : il sert d'adresse à la page",
                f"renommez-le « {slugged(path.stem) or 'titre-de-la-fiche'}{path.suffix.lower()} » "
                "(minuscules sans accents, mots séparés par des tirets)",
            )
        )
    if isinstance(record, Initiative):
        problems += _check_span(src, record.debut, record.fin, partial=True)
        problems += _check_grid(src, record, context)
        problems += _check_timeline(src, record)
        problems += _check_territory(src, ("territoire",), record.territoire, len(record.sources))
    elif isinstance(record, Event):
        problems += _check_span(src, record.debut, record.fin, partial=False)
        if record.lieu is not None:
            problems += _check_territory(src, ("lieu",), record.lieu)
    elif record is not None and getattr(record, "territoire", None) is not None:
        problems += _check_territory(src, ("territoire",), record.territoire, len(record.sources))
    return problems


def find_placeholders(src: SourceFile) -> list[Problem]:
    """Every value still holding the skeleton's « À COMPLÉTER » (noted while reading the file)."""
    return [
        src.problem(
            loc,
            field_name(loc),
            "valeur à compléter",
            f"remplacez « {MARK} » par la valeur, ou supprimez ce champ s'il est facultatif",
        )
        for loc in src.placeholders
    ]


def _check_span(src: SourceFile, start: str | None, end: str | None, partial: bool) -> list[Problem]:
    if not start or not end:
        return []
    if not partial and "T" in start and "T" in end:
        wrong = moment_key(end) < moment_key(start)
    else:  # the last day the end may be before the first day the start may be
        first, last = earliest_day(start), latest_day(end)
        wrong = first is not None and last is not None and last < first
    if wrong:
        return [src.problem(("fin",), "fin", f"la fin ({end}) est avant le début ({start})", "vérifiez les deux dates")]
    return []


def _check_territory(src: SourceFile, loc: tuple, territory: Territory, n_sources: int = 0) -> list[Problem]:
    def problem(name, message, hint):
        return src.problem(loc + (name,), ".".join(loc + (name,)), message, hint)

    problems = []
    if getattr(territory, "code_insee", None) and territory.pays != "FR":
        problems.append(
            problem(
                "code_insee",
                f"code INSEE donné pour un lieu hors de France (pays {territory.pays})",
                "retirez le code INSEE, ou corrigez le pays en FR",
            )
        )
    if getattr(territory, "departement", None) and territory.pays != "FR":
        problems.append(
            problem(
                "departement",
                f"département donné pour un lieu hors de France (pays {territory.pays})",
                "retirez-le : hors de France, indiquez le premier échelon sous le pays dans « subdivision »",
            )
        )
    code = getattr(territory, "subdivision", None)
    if code and not code.startswith(territory.pays + "-"):
        problems.append(
            problem(
                "subdivision",
                f"la subdivision {code} n'est pas dans le pays {territory.pays}",
                "vérifiez le pays ou le code de la subdivision",
            )
        )
    population = getattr(territory, "population", None)
    if population is not None and population.source is not None and not 1 <= population.source <= n_sources:
        problems.append(
            src.problem(
                loc + ("population", "source"),
                ".".join(loc + ("population", "source")),
                f"la source n°{population.source} n'existe pas (la fiche a {n_sources} "
                f"source{'s' if n_sources > 1 else ''})",
                "les sources sont numérotées dans l'ordre de la liste « sources », à partir de 1",
            )
        )
    return problems


def _check_grid(src: SourceFile, record: Initiative, context: ValidationContext) -> list[Problem]:
    grid = context.grid
    problems = []
    n_sources = len(record.sources)
    misspelt = set()
    for criterion_id, evaluation in record.grille.items():
        loc = ("grille", criterion_id)
        label = f"grille.{criterion_id}"
        if criterion_id not in grid.ids:
            near = closest(criterion_id, grid.ids)
            if near and near not in record.grille:
                misspelt.add(near)  # the fix is a rename: don't also say « absent »
            hint = f"vouliez-vous dire « {near} » ?" if near else "critères possibles : " + ", ".join(grid.ids)
            problems.append(
                src.problem(
                    loc, label, f"critère « {criterion_id} » inconnu de la grille", hint + " (voir schema/grid.yml)"
                )
            )
            continue
        if not evaluation.evaluated:
            continue
        low, high = grid.echelle.min, grid.echelle.max
        if evaluation.note is None:
            problems.append(
                src.problem(
                    loc,
                    label + ".note",
                    "note manquante",
                    f"donnez une note de {low} à {high}, ou écrivez « {criterion_id}: {NOT_EVALUATED} »",
                )
            )
        elif not low <= evaluation.note <= high:
            problems.append(
                src.problem(
                    loc + ("note",),
                    label + ".note",
                    f"note {evaluation.note} hors de l'échelle ({low} à {high})",
                    f"choisissez un niveau de {low} à {high} décrit dans schema/grid.yml",
                )
            )
        if not (evaluation.justification or "").strip():
            problems.append(
                src.problem(
                    loc,
                    label + ".justification",
                    "une note sans justification n'est pas acceptée",
                    f"ajoutez « justification: » avec les faits qui la fondent, ou écrivez « {criterion_id}: {NOT_EVALUATED} »",
                )
            )
        for i, number in enumerate(evaluation.sources):
            if not 1 <= number <= n_sources:
                problems.append(
                    src.problem(
                        loc + ("sources", i),
                        f"{label}.sources[{i}]",
                        f"la source n°{number} n'existe pas (la fiche a {n_sources} source{'s' if n_sources > 1 else ''})",
                        "les sources sont numérotées dans l'ordre de la liste « sources », à partir de 1",
                    )
                )
    for criterion_id in grid.ids:
        if criterion_id not in record.grille and criterion_id not in misspelt:
            problems.append(
                src.problem(
                    ("grille",),
                    "grille",
                    f"critère « {criterion_id} » absent",
                    f"ajoutez « {criterion_id}: {NOT_EVALUATED} » ou son évaluation",
                )
            )
    return problems


def _check_timeline(src: SourceFile, record: Initiative) -> list[Problem]:
    problems = []
    n = len(record.sources)
    for i, step in enumerate(record.suivi):
        if step.source is not None and not 1 <= step.source <= n:
            problems.append(
                src.problem(
                    ("suivi", i, "source"),
                    f"suivi[{i}].source",
                    f"la source n°{step.source} n'existe pas (la fiche a {n} source{'s' if n > 1 else ''})",
                    "les sources sont numérotées dans l'ordre de la liste « sources », à partir de 1",
                )
            )
    return problems


_REFERENCES = {
    INITIATIVE.folder: (("porteurs", ACTOR), ("partenaires", ACTOR), ("initiatives_liees", INITIATIVE)),
    EVENT.folder: (("organisateurs", ACTOR), ("initiatives_presentees", INITIATIVE)),
    ACTOR.folder: (),
}


def references_of(kind: Kind, record: BaseModel) -> dict[str, list[str | None]]:
    """The slugs of other records that ``record`` names, by field, in place (an
    organisation named without a record is ``None``, so that positions stay right)."""
    return {
        name: [ref if isinstance(ref, str) else None for ref in getattr(record, name)]
        for name, _ in _REFERENCES[kind.folder]
    }


def reference_positions(
    kind: Kind, positions: dict[tuple, tuple[int, int]], also: tuple[str, ...] = ()
) -> dict[tuple, tuple[int, int]]:
    """The positions :func:`check_catalog` may need: the file's and its references', and those of ``also``."""
    fields = {name for name, _ in _REFERENCES[kind.folder]} | set(also)
    return {loc: at for loc, at in positions.items() if not loc or loc[0] in fields}


def check_catalog(
    entries: dict[Kind, dict[str, Any]],
    sources: list[tuple[Kind, Path, SourceFile]],
    present: set[tuple[str, str]] = frozenset(),
) -> list[Problem]:
    """References that lead nowhere, and slugs used twice. ``entries``: the valid
    records of each kind, by slug (each with its ``references`` and ``source``).

    ``present`` holds ``(folder, slug)`` of every record file, valid or not: a
    reference to a file that exists but has problems is not « missing » (its
    own problems are reported in that file).
    """
    problems = []
    seen: dict[tuple[str, str], SourceFile] = {}
    # When two names collide, the well-formed one is kept and the other flagged.
    for kind, path, src in sorted(sources, key=lambda s: not re.match(SLUG_PATTERN, s[1].stem)):
        key = (kind.folder, slugged(path.stem))
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    src.shown,
                    1,
                    1,
                    "fichier",
                    f"identifiant en double : « {path.stem} » désigne la même fiche que {first.shown}",
                    "renommez l'un des deux fichiers, ou fusionnez les fiches",
                )
            )
        else:
            seen[key] = src
    for kind in (INITIATIVE, EVENT, ACTOR):
        for slug, entry in entries[kind].items():
            for field, target in _REFERENCES[kind.folder]:
                known = entries[target]
                for i, ref in enumerate(entry.references[field]):
                    if ref is None or (ref in known and not (target is kind and ref == slug)):
                        continue
                    if ref not in known and (target.folder, ref) in present:
                        continue
                    if ref == slug and target is kind:
                        message, hint = "la fiche se cite elle-même", "retirez cette référence"
                    else:
                        near = closest(ref, list(known))
                        message = f"aucune fiche {target.label} « {ref} » (content/{target.folder}/{ref}.yml)"
                        hint = (
                            f"vouliez-vous dire « {near} » ?"
                            if near
                            else (f"créez-la avec « observatoire new {target.name} » ou corrigez l'identifiant")
                        )
                    problems.append(entry.source.problem((field, i), f"{field}[{i}]", message, hint))
    return problems
