"""``observatoire new KIND "Titre"``: a commented skeleton to fill in."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from slugify import slugify

from observatoire.core.problems import display_path
from observatoire.records.kinds import Kind
from observatoire.records.models.initiative import NOT_EVALUATED
from observatoire.records.project import Project

PLACEHOLDER = "À COMPLÉTER"


def territory_lines(country: str | None, indent: str = "  ") -> str:
    """The fields of a place that fit ``country`` (ISO 3166-1), each a placeholder to
    replace or a line to delete; no value that could be false is written for the
    contributor (``None``: the country is not known yet)."""
    from observatoire.core.places import first_level_subdivisions, subdivision_name

    lines = [
        f'commune: "{PLACEHOLDER}"        # facultatif : nom de la ville ou de la commune, en français s\'il existe'
    ]
    if country != "FR":
        lines.append(f'nom_local: "{PLACEHOLDER}"      # facultatif : son nom dans la langue du lieu, s\'il diffère')
        lines.append(f'commune_en: "{PLACEHOLDER}"     # facultatif : son nom en anglais, s\'il diffère du français')
    if country in (None, "FR"):
        lines.append(
            f'code_insee: "{PLACEHOLDER}"     # facultatif, France seulement : code officiel géographique '
            "à 5 caractères (pas le code postal)"
        )
        lines.append(f'departement: "{PLACEHOLDER}"    # facultatif, France seulement')
    subdivisions = first_level_subdivisions(country) if country else ()
    lines.append(
        f'subdivision: "{PLACEHOLDER}"    # facultatif : premier échelon sous le pays (région, province, '
        "Land…), code ISO 3166-2"
    )
    if subdivisions:
        codes = [f"{s.code} ({subdivision_name(s.code)})" for s in subdivisions]
        lines += ["#   " + ", ".join(codes[i : i + 4]) for i in range(0, len(codes), 4)]
    lines.append(
        f"pays: {country}"
        if country
        else f'pays: "{PLACEHOLDER}"          # code ISO 3166-1 à deux lettres : FR, IT, ES, KR…'
    )
    lines += [
        "# population:                 # facultatif, selon une source citée",
        "#   nombre: …                 # habitants",
        "#   annee: …                  # année du chiffre",
        "#   source: …                 # numéro de la source qui le donne",
        "# coordonnees:                # facultatif, degrés décimaux (WGS 84), par exemple ceux de la commune",
        "#   lat: …",
        "#   lon: …",
    ]
    return "\n".join(indent + line for line in lines)


def skeleton(kind: Kind, title: str, project: Project, today: dt.date | None = None, country: str | None = None) -> str:
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
        .replace("{territoire}", territory_lines(country))
        .replace("{aujourdhui}", (today or dt.date.today()).isoformat())
    )


def run_new(project: Project, kind: Kind, title: str, country: str | None = None, slug: str | None = None) -> int:
    if country is not None:
        from observatoire.core.places import country_name

        country = country.strip().upper()
        if country_name(country) == country:
            print(
                f"erreur : code pays « {country} » inconnu — donnez le code ISO 3166-1 à deux lettres, "
                "par exemple --pays IT"
            )
            return 2
    if slug is not None:
        if slugify(slug) != slug:
            print(
                f"erreur : identifiant « {slug} » — en minuscules sans accents, mots séparés par des tirets, "
                f"par exemple --id {slugify(slug) or 'jardins-de-brest'}"
            )
            return 2
    else:
        slug = slugify(title)
    if not slug:
        print(
            "erreur : le titre ne contient aucune lettre ni chiffre — donnez un titre, par exemple « Jardins partagés de Brest »"
        )
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
    path.write_text(skeleton(kind, title, project, country=country), encoding="utf-8")
    print(
        f"{display_path(path)} créé : remplacez chaque « À COMPLÉTER », puis lancez « observatoire check {display_path(path)} »."
    )
    return 0
