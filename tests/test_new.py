"""``observatoire new KIND "Titre"``: a commented skeleton that lists every field,
never overwrites a record, and passes ``check`` once its placeholders are filled.

Each test works in a temporary copy of the project: ``schema/`` and an empty
``content/``.
"""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from observatoire.records.kinds import KINDS_BY_NAME
from observatoire.records.project import Project
from tests.checking import ADVICE_LINE, PROBLEM_LINE, ROOT, SUMMARY_LINE, cli  # noqa: F401 (fixture)

PLACEHOLDER = "À COMPLÉTER"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    (tmp_path / "content").mkdir()
    return tmp_path


def model_fields(model: type[BaseModel]) -> set[str]:
    """Every field name of ``model`` and of the models nested in it (what a contributor may write)."""
    names = set()
    for name, info in model.model_fields.items():
        if info.exclude:  # internal (Evaluation.evalue)
            continue
        names.add(name)
        for nested in nested_models(info.annotation):
            names |= model_fields(nested)
    return names


def nested_models(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in nested_models(arg)]


# What a contributor would write in place of each « À COMPLÉTER ».
FILL = {
    "resume": '"Des habitants cultivent ensemble des parcelles prêtées par la commune fictive."',
    "commune": "Commune fictive de test",
    "nom_local": "Comune di prova",
    "commune_en": "Test city",
    "code_insee": '"99902"',
    "departement": "Département fictif",
    "subdivision": "FR-ARA",
    "pays": "FR",
    "type": "association",
    "titre": "Délibération fictive du conseil municipal",
    "debut": "2024-09-21",
    "nom": "Salle fictive",
}
BLOCK_TEXT = "Une description fictive, écrite pour les tests de la commande new."
THEME = "alimentation"


def with_reproduire(text: str) -> str:
    """The skeleton's commented « reproduire » section, uncommented, as a contributor
    would once the sources describe how to do the same."""
    text = re.sub(r"^# (reproduire:)$", r"\1", text, flags=re.M)
    return re.sub(r"^#   (prerequis|etapes|couts|ecueils): ", r"  \1: ", text, flags=re.M)


def with_coordinates(text: str) -> str:
    """The skeleton's commented example of coordinates, uncommented, as a contributor
    would once they know those of the city."""
    text = re.sub(r"^(\s*)# (coordonnees:)[^\n]*$", r"\1\2", text, flags=re.M)
    text = re.sub(r"^(\s*)#   lat: …", r"\1  lat: 45.19", text, flags=re.M)
    return re.sub(r"^(\s*)#   lon: …", r"\1  lon: 5.72", text, flags=re.M)


def fill(text: str) -> str:
    """Replace each line holding the placeholder, as a contributor would."""
    out = []
    for line in text.splitlines(keepends=True):
        if PLACEHOLDER in line and not line.lstrip().startswith("#"):
            keyed = re.match(r'^(\s*(?:- )?)(\w+): "À COMPLÉTER"(.*)$', line, re.S)
            if keyed:
                indent, key, rest = keyed.groups()
                line = f"{indent}{key}: {FILL[key]}{rest}"
            elif re.match(r"^\s*- À COMPLÉTER$", line.rstrip("\n")):
                line = line.replace(PLACEHOLDER, THEME)
            else:
                assert line.strip() == PLACEHOLDER, f"placeholder in an unexpected place: {line!r}"
                line = line.replace(PLACEHOLDER, BLOCK_TEXT)
        out.append(line)
    return "".join(out)


TITLES = {
    "initiative": ("Jardins partagés d'Essai", "content/initiatives/jardins-partages-d-essai.yml"),
    "event": ("Rencontre d'essai des communs", "content/events/rencontre-d-essai-des-communs.yml"),
    "actor": ("Collectif fictif d'Essai", "content/actors/collectif-fictif-d-essai.yml"),
}


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_new_writes_a_skeleton_listing_every_field(cli, project, kind):
    title, relative = TITLES[kind]
    code, out, err = cli("--projet", project, "new", kind, title, cwd=project)
    assert (code, err) == (0, "")
    assert out == (
        f"{relative} créé : remplacez chaque « À COMPLÉTER », puis lancez « observatoire check {relative} ».\n"
    )
    text = (project / relative).read_text("utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n")
    assert title in text
    missing = [
        name for name in sorted(model_fields(KINDS_BY_NAME[kind].model)) if not re.search(rf"(?<!\w){name}:", text)
    ]
    assert not missing, f"fields absent from the {kind} skeleton: {missing}"
    if kind == "initiative":
        for criterion in Project(project).context.grid.criteres:
            assert re.search(rf"^  {criterion.id}: non évalué +# {re.escape(criterion.libelle)} : ", text, re.M), (
                criterion.id
            )


def test_new_initiative_check_fill_and_pass(cli, project):
    title, relative = TITLES["initiative"]
    path = project / relative
    assert cli("--projet", project, "new", "initiative", title, cwd=project)[0] == 0

    # Unfilled: only « valeur à compléter » problems, one per placeholder.
    code, out, err = cli("--projet", project, "check", cwd=project)
    assert (code, err) == (1, "")
    *problems, summary = out.splitlines()
    assert problems and all(PROBLEM_LINE.match(line)["what"] == "valeur à compléter" for line in problems), out
    lines = path.read_text("utf-8").splitlines()
    assert len(problems) == sum(PLACEHOLDER in line and not line.lstrip().startswith("#") for line in lines)
    assert SUMMARY_LINE.match(summary)
    assert problems[0] == (
        f"{relative}:10:1: resume: valeur à compléter — remplacez « À COMPLÉTER » par la valeur, "
        "ou supprimez ce champ s'il est facultatif"
    )

    # A second « new » with the same title refuses and leaves the file alone.
    before = path.read_bytes()
    code, out, err = cli("--projet", project, "new", "initiative", title, cwd=project)
    assert code == 1
    assert out == (
        f"erreur : {relative} existe déjà — rien n'a été écrit ; modifiez cette fiche ou choisissez un autre titre\n"
    )
    assert path.read_bytes() == before

    # Filled in: the check passes, and advises the coordinates of the city it names.
    path.write_text(with_reproduire(fill(before.decode("utf-8"))), encoding="utf-8")
    assert all(line.lstrip().startswith("#") for line in path.read_text("utf-8").splitlines() if PLACEHOLDER in line)
    code, out, err = cli("--projet", project, "check", cwd=project)
    assert (code, err) == (0, "")
    advice, summary = out.splitlines()
    assert ADVICE_LINE.match(advice)["field"] == "territoire.coordonnees", advice
    assert summary == "1 fichier vérifié, aucun problème, 1 conseil : 1 initiative, 0 événement, 0 acteur."
    # With them (the skeleton's example, uncommented), nothing is left to say.
    path.write_text(with_coordinates(path.read_text("utf-8")), encoding="utf-8")
    code, out, err = cli("--projet", project, "check", cwd=project)
    assert (code, err) == (0, "")
    assert out == "1 fichier vérifié, aucun problème : 1 initiative, 0 événement, 0 acteur.\n"

    # And « new » still refuses once the record holds the contributor's work.
    filled = path.read_bytes()
    assert cli("--projet", project, "new", "initiative", title, cwd=project)[0] == 1
    assert path.read_bytes() == filled


def test_every_kind_passes_once_filled(cli, project):
    for kind, (title, relative) in TITLES.items():
        assert cli("--projet", project, "new", kind, title, cwd=project)[0] == 0
        path = project / relative
        path.write_text(with_reproduire(with_coordinates(fill(path.read_text("utf-8")))), encoding="utf-8")
    code, out, err = cli("--projet", project, "check", cwd=project)
    assert (code, err) == (0, ""), out
    assert out == "3 fichiers vérifiés, aucun problème : 1 initiative, 1 événement, 1 acteur.\n"


def test_new_refuses_a_markdown_record_with_the_same_name(cli, project):
    existing = project / "content" / "initiatives" / "jardins-partages-d-essai.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("---\ntitre: déjà là\n---\n", encoding="utf-8")
    code, out, _ = cli("--projet", project, "new", "initiative", "Jardins partagés d'essai", cwd=project)
    assert code == 1
    assert out.startswith("erreur : content/initiatives/jardins-partages-d-essai.md existe déjà")
    assert sorted(p.name for p in existing.parent.iterdir()) == ["jardins-partages-d-essai.md"]


def test_new_refuses_a_title_without_letters(cli, project):
    code, out, _ = cli("--projet", project, "new", "actor", " — ", cwd=project)
    assert code == 2
    assert out.startswith("erreur : le titre ne contient aucune lettre ni chiffre")
    assert not any((project / "content").rglob("*.yml"))


def test_title_with_quotes_is_kept_verbatim(cli, project):
    title = 'Le « Jardin » des "Essais" \\ bis'
    assert cli("--projet", project, "new", "actor", title, cwd=project)[0] == 0
    from observatoire.records.source import read_source

    path = project / "content" / "actors" / "le-jardin-des-essais-bis.yml"
    assert read_source(path, "x").data["nom"] == title
    assert title in path.read_text("utf-8").splitlines()[1]  # the comment naming the record


def test_title_on_several_lines_becomes_one(cli, project):
    assert cli("--projet", project, "new", "actor", "Collectif\nd'essai", cwd=project)[0] == 0
    from observatoire.records.source import read_source

    path = project / "content" / "actors" / "collectif-d-essai.yml"
    assert read_source(path, "x").data["nom"] == "Collectif d'essai"


def test_new_for_a_country_writes_the_fields_of_that_country(cli, project):
    code, out, err = cli(
        "--projet",
        project,
        "new",
        "initiative",
        "Regolamento dei beni comuni",
        "--pays",
        "IT",
        "--id",
        "bologne-reglement",
        cwd=project,
    )
    assert (code, err) == (0, "")
    path = project / "content" / "initiatives" / "bologne-reglement.yml"
    text = path.read_text("utf-8")
    assert "\n  pays: IT\n" in text and "nom_local:" in text
    assert "code_insee:" not in text and "departement:" not in text  # France only
    assert "IT-45 (Émilie-Romagne)" in text  # the country's subdivisions, listed for the contributor
    assert "echelon: commune" not in text and "statut: en-cours" not in text  # no default that can be false
    assert "48.86" not in text and "Montreuil" not in text
    filled = fill(text).replace("subdivision: FR-ARA", "subdivision: IT-45")
    path.write_text(filled, "utf-8")
    code, out, err = cli("--projet", project, "check", cwd=project)
    assert code == 0, out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--pays", "XX"], "erreur : code pays « XX » inconnu"),
        (["--id", "Pas Un Identifiant"], "erreur : identifiant « Pas Un Identifiant »"),
    ],
)
def test_new_refuses_an_unknown_country_or_a_bad_identifier(cli, project, args, message):
    code, out, err = cli("--projet", project, "new", "initiative", "Titre", *args, cwd=project)
    assert code == 2 and out.startswith(message), out
    assert not (project / "content" / "initiatives").exists() or not any(
        (project / "content" / "initiatives").iterdir()
    )
