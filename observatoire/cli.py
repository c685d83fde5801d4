"""The contributor's command line: ``observatoire check|new|schema``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from observatoire.core.problems import summarize
from observatoire.records.kinds import KINDS_BY_NAME
from observatoire.records.project import Project
from observatoire.records.schemafiles import SchemaFileError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="observatoire",
        description="Centre de ressources de l'Observatoire du Partage : vérifier et créer des fiches.",
    )
    parser.add_argument(
        "--projet", type=Path, default=None, help="dossier du projet (par défaut : trouvé depuis le dossier courant)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    check = commands.add_parser("check", help="vérifier les fiches et signaler chaque problème")
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="CHEMIN", help="dossiers de contenu ou fichiers (par défaut : content/)"
    )

    new = commands.add_parser("new", help="créer une fiche à partir d'un modèle commenté")
    new.add_argument("kind", choices=sorted(KINDS_BY_NAME), help="type de fiche")
    new.add_argument("title", help="titre de la fiche, entre guillemets")
    new.add_argument(
        "--pays", metavar="CODE", help="pays du lieu (ISO 3166-1 : FR, IT, KR…) : le modèle en suit les champs"
    )
    new.add_argument("--id", metavar="IDENTIFIANT", help="nom du fichier, sans extension (par défaut : tiré du titre)")

    commands.add_parser("schema", help="écrire les schémas JSON des fiches dans schema/")

    bench = commands.add_parser("bench", help="mesurer la construction face à MkDocs seul, sur des fiches fictives")
    bench.add_argument(
        "--initiatives", type=int, default=1000, metavar="N", help="nombre d'initiatives fictives (défaut : 1000)"
    )
    bench.add_argument("--json", action="store_true", help="n'imprimer qu'une ligne JSON")
    bench.add_argument("--sans-navigateur", action="store_true", help="ne pas mesurer la recherche dans chromium")
    bench.add_argument(
        "--mesures",
        type=int,
        default=None,
        metavar="K",
        help="chronométrer K fois, tour à tour, la construction, MkDocs seul et check ; la plus rapide compte (défaut : 2)",
    )
    bench.add_argument(
        "--garder",
        type=Path,
        metavar="DOSSIER",
        help="copier dans DOSSIER les projets et les sites construits, pour les examiner",
    )

    args = parser.parse_args(argv)
    try:
        project = Project.find(args.projet)
        project.context  # noqa: B018 - load the schema data once, report its problems
    except FileNotFoundError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    except SchemaFileError as exc:
        for problem in exc.problems:
            print(problem)
        print(summarize(exc.problems) + " (données de la grille ou des vocabulaires)")
        return 1

    if args.command == "check":
        from observatoire.commands.check import run_check

        return run_check(project, args.paths)
    if args.command == "new":
        from observatoire.commands.new import run_new

        return run_new(project, KINDS_BY_NAME[args.kind], args.title, args.pays, args.id)
    if args.command == "bench":
        from observatoire.commands.bench import run_bench

        run_bench(
            project,
            args.initiatives,
            as_json=args.json,
            search=not args.sans_navigateur,
            keep=args.garder,
            **({"runs": args.mesures} if args.mesures else {}),
        )
        return 0
    from observatoire.commands.schema import run_schema

    return run_schema(project)
