"""``observatoire new KIND "Titre"``: a commented skeleton to fill in."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from slugify import slugify

from observatoire.records.kinds import Kind
from observatoire.records.models.initiative import NOT_EVALUATED
from observatoire.core.problems import display_path
from observatoire.records.project import Project


def skeleton(kind: Kind, title: str, project: Project, today: dt.date | None = None) -> str:
    template = resources.files("observatoire.commands.skeletons").joinpath(f"{kind.name}.yml").read_text("utf-8")
    grid_lines = "\n".join(
        f"  {c.id}: {NOT_EVALUATED}    # {c.libelle} : {c.question}" for c in project.context.grid.criteres
    )
    title = " ".join(title.split())  # one line: it also goes into a comment
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        template.replace('"{titre}"', f'"{escaped}"')  # the value, in double quotes
        .replace("{titre}", title)  # the comment at the top
        .replace("{grille}", grid_lines)
        .replace("{aujourdhui}", (today or dt.date.today()).isoformat())
    )


def run_new(project: Project, kind: Kind, title: str) -> int:
    slug = slugify(title)
    if not slug:
        print("erreur : le titre ne contient aucune lettre ni chiffre — donnez un titre, par exemple « Jardins partagés de Brest »")
        return 2
    folder = project.content_dir / kind.folder
    existing = [p for p in folder.glob(f"{slug}.*")] if folder.is_dir() else []
    if existing:
        print(
            f"erreur : {display_path(existing[0])} existe déjà — rien n'a été écrit ; "
            "modifiez cette fiche ou choisissez un autre titre"
        )
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yml"
    path.write_text(skeleton(kind, title, project), encoding="utf-8")
    print(f"{display_path(path)} créé : remplacez chaque « À COMPLÉTER », puis lancez « observatoire check {display_path(path)} ».")
    return 0
