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

from observatoire.records.project import Project, ValidationContext

PREFIX = "initiative-fictive-"

_SUBJECTS = [
    "La commune",
    "L'association",
    "Le collectif d'habitants",
    "La métropole",
    "Le conseil municipal",
    "Les habitants",
    "Le service des communs",
    "La coopérative",
    "Le centre social",
    "L'intercommunalité",
    "Le comité de pilotage",
    "La régie de quartier",
    "Les jardiniers bénévoles",
    "L'équipe municipale",
]
_VERBS = [
    "met à disposition",
    "organise",
    "soutient",
    "anime",
    "finance",
    "accompagne",
    "évalue",
    "documente",
    "partage",
    "coordonne",
    "ouvre",
    "entretient",
    "gère collectivement",
    "expérimente",
    "développe",
]
_OBJECTS = [
    "un jardin partagé",
    "des ateliers de réparation",
    "une ressourcerie",
    "un tiers-lieu",
    "des données ouvertes",
    "un réseau de chaleur",
    "une épicerie solidaire",
    "une bibliothèque d'objets",
    "des parcelles de maraîchage",
    "une plateforme numérique",
    "un budget participatif",
    "des panneaux solaires",
    "une cantine scolaire",
    "des vélos en libre-service",
    "un local associatif",
    "une monnaie locale",
    "un habitat participatif",
    "des composteurs collectifs",
    "une friche industrielle",
    "un atelier de couture",
    "une fabrique numérique",
    "un verger conservatoire",
]
_COMPLEMENTS = [
    "avec les habitants du quartier",
    "depuis plusieurs années",
    "dans le cadre d'une convention",
    "grâce à une subvention annuelle",
    "pour les publics les plus fragiles",
    "en lien avec les écoles",
    "selon un règlement des communs",
    "chaque premier samedi du mois",
    "avec le soutien de la région",
    "à titre expérimental",
    "en concertation avec les commerçants",
    "sur un terrain prêté par la ville",
    "avec des bénévoles formés",
    "pour réduire les déchets",
    "afin de favoriser l'entraide",
    "en partenariat avec une université",
    "dans une logique de sobriété énergétique",
]
_REGIONS = [
    ("FR", [("FR-BRE", (46.0, 48.5, -4.3, 0.0))]),
    ("FR", [("FR-CVL", (45.5, 48.0, 0.5, 4.0))]),
    ("FR", [("FR-GES", (46.5, 49.5, 4.5, 7.5))]),
    ("FR", [("FR-OCC", (43.2, 45.0, -0.5, 6.5))]),
    ("FR", [("FR-HDF", (48.5, 50.8, 1.5, 4.0))]),
    ("BE", [("BE-WAL", (50.0, 51.2, 3.0, 5.8))]),
    ("IT", [("IT-45", (41.0, 45.5, 8.5, 15.5))]),
    ("ES", [("ES-CT", (37.5, 42.5, -6.5, -0.5))]),
    (
        "FR",
        [
            ("FR-971", (15.9, 16.4, -61.8, -61.2)),
            ("FR-972", (14.4, 14.85, -61.2, -60.85)),
            ("FR-973", (3.5, 5.6, -54.2, -52.3)),
            ("FR-974", (-21.35, -20.9, 55.25, 55.8)),
            ("FR-976", (-12.98, -12.7, 45.05, 45.25)),
        ],
    ),
    ("CA", [("CA-QC", (45.0, 49.0, -79.5, -64.0))]),
    ("BR", [("BR-BA", (-23.5, -5.0, -48.0, -35.5))]),
    ("SN", [("SN-TH", (12.5, 16.0, -16.5, -12.0))]),
    ("JP", [("JP-13", (33.0, 39.0, 131.0, 140.5))]),
]
"""Fake communes' countries, and for each the subdivisions (real ISO 3166-2 codes)
and boxes (latitudes, longitudes) they lie in: France (overseas too) and the world,
for the maps. The places are fake; only the codes and boxes are real."""


def _place(commune: int) -> tuple[str, str]:
    """The (country, subdivision) of fake commune n°``commune``: always the same one,
    as a real commune lies in one région, so its page gathers all its records."""
    country, subdivisions = _REGIONS[commune % len(_REGIONS)]
    return country, subdivisions[random.Random(commune).randrange(len(subdivisions))][0]


def _coordinates(commune: int) -> dict[str, float]:
    """Where fake commune n°``commune`` is: always the same point, in the box of its subdivision."""
    subdivisions = _REGIONS[commune % len(_REGIONS)][1]
    rng = random.Random(commune)
    lat0, lat1, lon0, lon1 = subdivisions[rng.randrange(len(subdivisions))][1]
    return {"lat": round(rng.uniform(lat0, lat1), 4), "lon": round(rng.uniform(lon0, lon1), 4)}


_KEYWORDS = ["fictif", "essai", "démonstration", "banc d'essai", "exemple", "simulation"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_COMPLEMENTS)}."


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


ACTOR_PREFIX = "organisation-fictive-"
EVENT_PREFIX = "evenement-fictif-"


def proportions(n: int) -> tuple[int, int]:
    """(actors, events) that go with ``n`` initiatives: one organisation for ten
    initiatives, one event for twenty."""
    return max(1, n // 10), max(1, n // 20)


def _slug(prefix: str, number: int, width: int) -> str:
    return f"{prefix}{number:0{width}d}"


def synthetic_initiative(
    number: int, context: ValidationContext, rng: random.Random, words: int = 300, n: int | None = None, width: int = 4
) -> dict:
    """One fake initiative using every field; ``n`` (the total) sets how many
    communes, organisations and related initiatives it can refer to."""
    n = n or number
    n_actors, _ = proportions(n)
    voc = context.vocabularies
    population = None if rng.random() < 0.1 else int(10 ** rng.uniform(2.5, 6.2))
    grid = {}
    for criterion in context.grid.criteres:
        if rng.random() < 0.6:
            note = rng.randint(context.grid.echelle.min, context.grid.echelle.max)
            grid[criterion.id] = {
                "note": note,
                "justification": f"Justification fictive du niveau {note} pour l'initiative fictive n°{number}.",
                "sources": [1, 2],
            }
        else:
            grid[criterion.id] = "non évalué"
    year = rng.randint(2000, 2025)
    commune = rng.randint(1, max(1, n // 3))  # about three initiatives per commune
    country, region = _place(commune)
    territory = {
        "commune": f"Ville-Test-{commune}",
        "subdivision": region,
        "pays": country,
        "coordonnees": _coordinates(commune),
    }
    if country == "FR":
        territory["code_insee"] = f"{commune % 95 + 1:02d}{commune % 1000:03d}"
        territory["departement"] = f"Département Test {commune % 90 + 1}"
    else:
        territory["nom_local"] = f"Città-Test-{commune}"
    if population is not None:
        territory["population"] = {"nombre": population, "annee": rng.randint(2015, 2022), "source": 1}
    actor = lambda: _slug(ACTOR_PREFIX, rng.randint(1, n_actors), width)  # noqa: E731
    record = {
        "titre": f"Initiative fictive n°{number}",
        "resume": " ".join(_sentence(rng) for _ in range(3)),
        "description": _text(rng, words),
        "territoire": territory,
        "echelon": rng.choice(voc["echelons"].ids),
        "themes": rng.sample(voc["themes"].ids, rng.randint(1, 3)),
        "objets_communs": rng.sample(voc["objets_communs"].ids, rng.randint(0, 2)),
        "instruments": rng.sample(voc["instruments"].ids, rng.randint(0, 3)),
        **({"statut": rng.choice(voc["statuts"].ids)} if rng.random() < 0.9 else {}),
        "debut": str(year) if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}",
        "fin": str(year + rng.randint(1, 6)),
        "budget": {
            "montant": rng.randint(1, 500) * 1000,
            "devise": "EUR",
            "periode": "annuel",
            "annee": year,
            "commentaire": "Montant fictif.",
        },
        "porteurs": sorted({actor()}),
        "partenaires": sorted({actor() for _ in range(rng.randint(0, 2))}),
        "sources": [
            {
                "titre": f"Document fictif n°{number}",
                "url": f"https://exemple.org/fictif/{number}",
                "auteur": "Auteur fictif",
                "date": f"{year}-01-15",
                "consulte_le": "2025-01-01",
            },
            {"titre": f"Compte rendu fictif n°{number}", "document": f"fictif-{number}.txt"},
        ],
        "grille": grid,
        "suivi": [{"date": f"{year}-{m:02d}", "texte": _sentence(rng), "source": 2} for m in (3, 9)],
        "reproduire": {
            "prerequis": [_sentence(rng) for _ in range(2)],
            "etapes": [_sentence(rng) for _ in range(4)],
            "couts": _sentence(rng),
            "ecueils": [_sentence(rng) for _ in range(2)],
        },
        "initiatives_liees": sorted(
            {_slug(PREFIX, rng.randint(1, n), width) for _ in range(2)} - {_slug(PREFIX, number, width)}
        ),
        "mots_cles": rng.sample(_KEYWORDS, rng.randint(0, 2)),
        "site_web": f"https://exemple.org/initiative-fictive/{number}",
        "langue": "fr",
        "derniere_revision": "2025-01-01",
    }
    return record


def synthetic_actor(number: int, context: ValidationContext, rng: random.Random) -> dict:
    country, region = _place(number)
    return {
        "nom": f"Organisation fictive n°{number}",
        "sigle": f"OF{number}",
        "type": rng.choice(context.vocabularies["types_acteurs"].ids),
        "territoire": {
            "commune": f"Ville-Test-{number}",
            "subdivision": region,
            "pays": country,
            "coordonnees": _coordinates(number),
        },
        "description": _text(rng, 80),
        "site_web": f"https://exemple.org/organisation-fictive/{number}",
        "sources": [{"titre": f"Présentation fictive n°{number}"}],
        "derniere_revision": "2025-01-01",
    }


def synthetic_event(number: int, context: ValidationContext, rng: random.Random, n: int, width: int) -> dict:
    n_actors, _ = proportions(n)
    country, _ = _place(number)
    year = rng.randint(2015, 2030)
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {
        "titre": f"Événement fictif n°{number}",
        "type": rng.choice(context.vocabularies["types_evenements"].ids),
        "edition": str(year),
        "resume": " ".join(_sentence(rng) for _ in range(2)),
        "description": _text(rng, 120),
        "debut": f"{day}T14:00",
        "fin": f"{day}T18:00",
        "fuseau": "Europe/Paris",
        "lieu": {
            "nom": f"Salle fictive n°{number}",
            "adresse": f"{number} rue de l'Exemple",
            "commune": f"Ville-Test-{number}",
            "pays": country,
            "coordonnees": _coordinates(number),
            "en_ligne": False,
        },
        "organisateurs": [_slug(ACTOR_PREFIX, rng.randint(1, n_actors), width)],
        "programme": [
            {"heure": "14:00", "titre": "Ouverture fictive", "description": _sentence(rng)},
            {"heure": "15:00", "titre": "Table ronde fictive"},
        ],
        "initiatives_presentees": sorted({_slug(PREFIX, rng.randint(1, n), width) for _ in range(3)}),
        "inscription": f"https://exemple.org/inscription/{number}",
        "statut": rng.choice(context.vocabularies["statuts_evenements"].ids),
        "sources": [{"titre": f"Annonce fictive n°{number}"}],
        "derniere_revision": "2025-01-01",
    }


_BANNER = "# Fiche FICTIVE générée pour les bancs d'essai : rien de réel.\n"


def _dump(record: dict) -> str:
    return _BANNER + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)


def synthetic_initiatives(
    n: int, seed: int = 0, context: ValidationContext | None = None, words: int = 300
) -> dict[str, str]:
    """``n`` fake initiatives: file name -> YAML text (in memory)."""
    context = context or Project.find(Path(__file__)).context
    rng = random.Random(seed)
    width = max(4, len(str(n)))
    return {
        f"{_slug(PREFIX, number, width)}.yml": _dump(synthetic_initiative(number, context, rng, words, n, width))
        for number in range(1, n + 1)
    }


def synthetic_content(
    n: int, seed: int = 0, context: ValidationContext | None = None, words: int = 300
) -> dict[str, str]:
    """``n`` fake initiatives with their organisations and events:
    ``kind/file name`` -> YAML text."""
    context = context or Project.find(Path(__file__)).context
    width = max(4, len(str(n)))
    out = {f"initiatives/{name}": text for name, text in synthetic_initiatives(n, seed, context, words).items()}
    rng = random.Random(seed + 1)
    n_actors, n_events = proportions(n)
    for number in range(1, n_actors + 1):
        out[f"actors/{_slug(ACTOR_PREFIX, number, width)}.yml"] = _dump(synthetic_actor(number, context, rng))
    for number in range(1, n_events + 1):
        out[f"events/{_slug(EVENT_PREFIX, number, width)}.yml"] = _dump(synthetic_event(number, context, rng, n, width))
    return out


def write_synthetic(
    content_dir: Path, n: int, seed: int = 0, context: ValidationContext | None = None, words: int = 300
) -> list[Path]:
    """Write ``n`` fake initiatives, with organisations and events in proportion,
    under ``content_dir``; returns the paths of the initiatives."""
    content_dir = Path(content_dir).resolve()
    try:
        project_content = Project.find(Path(__file__)).content_dir.resolve()
    except FileNotFoundError:  # pragma: no cover - installed without the project
        project_content = None
    if project_content is not None and (content_dir == project_content or project_content in content_dir.parents):
        raise ValueError(f"refus d'écrire des fiches fictives dans le contenu du projet : {content_dir}")
    for kind, prefix in (("initiatives", PREFIX), ("actors", ACTOR_PREFIX), ("events", EVENT_PREFIX)):
        folder = content_dir / kind
        if folder.is_dir():
            others = [p.name for p in folder.iterdir() if not p.name.startswith(prefix)]
            if others:
                raise ValueError(
                    f"{folder} contient déjà des fiches non fictives ({others[0]}…) : choisissez un dossier vide"
                )
        folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in synthetic_content(n, seed, context, words).items():
        path = content_dir / name
        path.write_text(text, "utf-8")
        if name.startswith("initiatives/"):
            paths.append(path)
    return paths
