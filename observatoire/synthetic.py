"""Synthetic, clearly fake initiatives, for benchmarks (search, build).

``synthetic_initiatives(n)`` makes ``n`` records in memory, as YAML texts
(« Initiative fictive n°123 », commune « Ville-Test-123 », ~300 words of
French filler made from a small word list); ``write_synthetic(content_dir, n)``
writes them under ``content_dir/initiatives/``. Deterministic for a seed.
Every record is valid (``observatoire check`` passes on them).

It refuses to write into the project's own ``content/`` or into a folder
that holds anything but synthetic records.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from observatoire.project import Project, ValidationContext

PREFIX = "initiative-fictive-"

_SUBJECTS = [
    "La commune", "L'association", "Le collectif d'habitants", "La métropole", "Le conseil municipal",
    "Les habitants", "Le service des communs", "La coopérative", "Le centre social", "L'intercommunalité",
    "Le comité de pilotage", "La régie de quartier", "Les jardiniers bénévoles", "L'équipe municipale",
]
_VERBS = [
    "met à disposition", "organise", "soutient", "anime", "finance", "accompagne", "évalue", "documente",
    "partage", "coordonne", "ouvre", "entretient", "gère collectivement", "expérimente", "développe",
]
_OBJECTS = [
    "un jardin partagé", "des ateliers de réparation", "une ressourcerie", "un tiers-lieu",
    "des données ouvertes", "un réseau de chaleur", "une épicerie solidaire", "une bibliothèque d'objets",
    "des parcelles de maraîchage", "une plateforme numérique", "un budget participatif",
    "des panneaux solaires", "une cantine scolaire", "des vélos en libre-service", "un local associatif",
    "une monnaie locale", "un habitat participatif", "des composteurs collectifs", "une friche industrielle",
    "un atelier de couture", "une fabrique numérique", "un verger conservatoire",
]
_COMPLEMENTS = [
    "avec les habitants du quartier", "depuis plusieurs années", "dans le cadre d'une convention",
    "grâce à une subvention annuelle", "pour les publics les plus fragiles", "en lien avec les écoles",
    "selon un règlement des communs", "chaque premier samedi du mois", "avec le soutien de la région",
    "à titre expérimental", "en concertation avec les commerçants", "sur un terrain prêté par la ville",
    "avec des bénévoles formés", "pour réduire les déchets", "afin de favoriser l'entraide",
    "en partenariat avec une université", "dans une logique de sobriété énergétique",
]
_REGIONS = [
    ("FR", "Région Test de l'Ouest"), ("FR", "Région Test du Centre"), ("FR", "Région Test de l'Est"),
    ("FR", "Région Test du Sud"), ("FR", "Région Test du Nord"), ("BE", "Région Test belge"),
    ("IT", "Regione Test"), ("ES", "Comunidad Test"),
]
_KEYWORDS = ["fictif", "essai", "démonstration", "banc d'essai", "exemple", "simulation"]


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_COMPLEMENTS)}."
    )


def _text(rng: random.Random, words: int) -> str:
    """Paragraphs of filler sentences, about ``words`` words."""
    paragraphs, current, count = [], [], 0
    while count < words:
        s = _sentence(rng)
        current.append(s)
        count += len(s.split())
        if len(current) == 6:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"


def synthetic_initiative(number: int, context: ValidationContext, rng: random.Random, words: int = 300) -> dict:
    voc = context.vocabularies
    country, region = rng.choice(_REGIONS)
    population = None if rng.random() < 0.1 else int(10 ** rng.uniform(2.5, 6.2))
    grid = {}
    for criterion in context.grid.criteres:
        if rng.random() < 0.6:
            note = rng.randint(context.grid.echelle.min, context.grid.echelle.max)
            grid[criterion.id] = {
                "note": note,
                "justification": f"Justification fictive du niveau {note} pour l'initiative fictive n°{number}.",
                "sources": [1],
            }
        else:
            grid[criterion.id] = "non évalué"
    year = rng.randint(2000, 2025)
    territory = {"commune": f"Ville-Test-{number}", "region": region, "pays": country}
    if population is not None:
        territory["population"] = population
    record = {
        "titre": f"Initiative fictive n°{number}",
        "resume": " ".join(_sentence(rng) for _ in range(3)),
        "description": _text(rng, words),
        "territoire": territory,
        "echelon": rng.choice(voc["echelons"].ids),
        "themes": rng.sample(voc["themes"].ids, rng.randint(1, 3)),
        "objets_communs": rng.sample(voc["objets_communs"].ids, rng.randint(0, 2)),
        "instruments": rng.sample(voc["instruments"].ids, rng.randint(0, 3)),
        "statut": rng.choice(voc["statuts"].ids),
        "debut": str(year) if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}",
        "sources": [{"titre": f"Document fictif n°{number}", "url": f"https://exemple.org/fictif/{number}"}],
        "grille": grid,
        "mots_cles": rng.sample(_KEYWORDS, rng.randint(0, 2)),
        "derniere_revision": "2025-01-01",
    }
    return record


def synthetic_initiatives(
    n: int, seed: int = 0, context: ValidationContext | None = None, words: int = 300
) -> dict[str, str]:
    """``n`` fake initiatives: file name -> YAML text (in memory)."""
    context = context or Project.find(Path(__file__)).context
    rng = random.Random(seed)
    out = {}
    width = max(4, len(str(n)))
    for number in range(1, n + 1):
        record = synthetic_initiative(number, context, rng, words)
        text = "# Fiche FICTIVE générée pour les bancs d'essai : rien de réel.\n" + yaml.safe_dump(
            record, allow_unicode=True, sort_keys=False, width=100
        )
        out[f"{PREFIX}{number:0{width}d}.yml"] = text
    return out


def write_synthetic(
    content_dir: Path, n: int, seed: int = 0, context: ValidationContext | None = None, words: int = 300
) -> list[Path]:
    """Write ``n`` fake initiatives under ``content_dir/initiatives/``; returns their paths."""
    content_dir = Path(content_dir).resolve()
    try:
        project_content = Project.find(Path(__file__)).content_dir.resolve()
    except FileNotFoundError:  # pragma: no cover - installed without the project
        project_content = None
    if project_content is not None and (content_dir == project_content or project_content in content_dir.parents):
        raise ValueError(f"refus d'écrire des fiches fictives dans le contenu du projet : {content_dir}")
    folder = content_dir / "initiatives"
    if folder.is_dir():
        others = [p.name for p in folder.iterdir() if not p.name.startswith(PREFIX)]
        if others:
            raise ValueError(f"{folder} contient déjà des fiches non fictives ({others[0]}…) : choisissez un dossier vide")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in synthetic_initiatives(n, seed, context, words).items():
        path = folder / name
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths
