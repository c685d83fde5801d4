from __future__ import annotations

import csv
import json

import pytest

from observatoire.records.columns import SEPARATOR, initiative_columns
from observatoire.records.jsonschema import all_schemas
from observatoire.records.models import Actor, Event, Initiative

from .conftest import LICENCE, LICENCE_URL, SITE_URL

EXPECTED_COLUMNS = [
    "id",
    "url",
    "titre",
    "resume",
    "commune",
    "nom_local",
    "commune_en",
    "code_insee",
    "departement",
    "subdivision",
    "subdivision_nom",
    "pays",
    "pays_nom",
    "population",
    "population_annee",
    "population_source",
    "latitude",
    "longitude",
    "echelon",
    "themes",
    "objets_communs",
    "instruments",
    "statut",
    "debut",
    "fin",
    "budget_montant",
    "budget_devise",
    "budget_periode",
    "budget_annee",
    "porteurs",
    "partenaires",
    "initiatives_liees",
    "mots_cles",
    "site_web",
    "langue",
    "derniere_revision",
    "grille_co_gouvernance",
    "grille_etat_facilitateur",
    "grille_mise_en_commun",
    "grille_experimentalisme",
    "grille_justice_technologique",
    "grille_participation_citoyenne",
    "grille_inclusion_sociale",
    "grille_impact_environnemental",
    "grille_viabilite_economique",
    "grille_transferabilite",
]

EXPECTED_ROW = {
    "id": "jardins-partages-fictifs",
    "url": SITE_URL + "initiatives/jardins-partages-fictifs.html",
    "titre": "Jardins partagés fictifs de Valcourt",
    "resume": "Des parcelles municipales imaginaires confiées à un collectif d'habitants fictif, pour les tests.",
    "commune": "Valcourt-sur-Exemple",
    "nom_local": "",
    "commune_en": "",
    "code_insee": "99999",
    "departement": "Département fictif",
    "subdivision": "FR-ARA",
    "subdivision_nom": "Auvergne-Rhône-Alpes",
    "pays": "FR",
    "pays_nom": "France",
    "population": "12345",
    "population_annee": "",
    "population_source": "",
    "latitude": "45.5",
    "longitude": "4.25",
    "echelon": "commune",
    "themes": "alimentation | environnement",
    "objets_communs": "espace-public | ressource-naturelle",
    "instruments": "deliberation | mise-a-disposition",
    "statut": "en-cours",
    "debut": "2019-04",
    "fin": "",
    "budget_montant": "15000",
    "budget_devise": "EUR",
    "budget_periode": "annuel",
    "budget_annee": "2023",
    "porteurs": "ville-fictive-de-valcourt",
    "partenaires": "collectif-fictif-des-communs",
    "initiatives_liees": "atelier-de-reparation-fictif",
    "mots_cles": "jardin | compost",
    "site_web": "https://exemple.org/jardins-fictifs",
    "langue": "fr",
    "derniere_revision": "2025-03-10",
    "grille_co_gouvernance": "3",
    "grille_etat_facilitateur": "2",
    "grille_mise_en_commun": "",
    "grille_experimentalisme": "",
    "grille_justice_technologique": "0",
    "grille_participation_citoyenne": "",
    "grille_inclusion_sociale": "",
    "grille_impact_environnemental": "",
    "grille_viabilite_economique": "",
    "grille_transferabilite": "",
}


def read_csv(site_dir):
    raw = (site_dir / "donnees" / "initiatives.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r\n" in raw
    with open(site_dir / "donnees" / "initiatives.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def test_csv_columns_and_one_row(site):
    out, _ = site
    columns, rows = read_csv(out)
    assert columns == EXPECTED_COLUMNS
    assert [r["id"] for r in rows] == [
        "atelier-de-reparation-fictif",
        "donnees-ouvertes-imaginaires",
        "fiche-hostile-fictive",
        "jardins-partages-fictifs",
    ]
    assert rows[3] == EXPECTED_ROW


def test_csv_separator_in_free_text_is_replaced(site):
    _, rows = read_csv(site[0])
    assert rows[0]["mots_cles"] == "réparation | outils / matériel"
    assert rows[0]["grille_mise_en_commun"] == "4"
    assert rows[1]["pays"] == "BE" and rows[1]["commune"] == ""


def test_column_docs(context):
    docs = {d.name: d for d in initiative_columns(context)}
    assert list(docs) == EXPECTED_COLUMNS
    for doc in docs.values():
        assert doc.description, doc.name
        assert doc.type in {"string", "integer", "number", "list"}
    themes = docs["themes"]
    assert themes.type == "list" and themes.separator == SEPARATOR and themes.vocabulary == "themes"
    assert themes.description == "Thèmes (au moins un)."  # the pydantic Field description
    assert [v.value for v in themes.values] == context.vocabularies["themes"].ids
    assert docs["echelon"].vocabulary == "echelons" and docs["echelon"].separator is None
    assert docs["echelon"].description.startswith("Échelon de l'action publique")
    assert docs["commune"].description.startswith("Nom de la ville ou de la commune, en français")
    assert docs["budget_periode"].vocabulary == "periodes_budget"
    grid = docs["grille_co_gouvernance"]
    assert grid.type == "integer" and (grid.minimum, grid.maximum) == (0, 4)
    assert [v.value for v in grid.values] == ["0", "1", "2", "3", "4"]
    assert "non évalué" in grid.description
    assert docs["debut"].type_label.startswith("date")


@pytest.mark.parametrize(
    "file, key, model, folder",
    [
        ("initiatives.json", "initiatives", Initiative, "initiatives"),
        ("events.json", "evenements", Event, "events"),
        ("actors.json", "acteurs", Actor, "actors"),
    ],
)
def test_json_round_trip(site, catalog, context, file, key, model, folder):
    data = json.loads((site[0] / "donnees" / file).read_text(encoding="utf-8"))
    assert data["licence"] == LICENCE and data["licence_url"] == LICENCE_URL
    assert data["source"] == SITE_URL
    assert data["genere_le"] == "2025-07-01T08:30:00Z"
    assert data["nombre"] == len(data[key]) == len(getattr(catalog, folder))
    for item in data[key]:
        slug = item.pop("id")
        assert item.pop("url").endswith(f"/{slug}.html")
        assert model.model_validate(item, context=context) == getattr(catalog, folder)[slug].record


def test_json_items_follow_the_exported_schemas(site):
    import jsonschema  # installed with frictionless (test dependency)

    folder = site[0] / "donnees"
    for file, key, schema in [
        ("initiatives.json", "initiatives", "initiative.schema.json"),
        ("events.json", "evenements", "event.schema.json"),
        ("actors.json", "acteurs", "actor.schema.json"),
    ]:
        validator = jsonschema.Draft202012Validator(json.loads((folder / "schemas" / schema).read_text("utf-8")))
        for item in json.loads((folder / file).read_text("utf-8"))[key]:
            item = {k: v for k, v in item.items() if k not in ("id", "url")}
            errors = list(validator.iter_errors(item))
            assert not errors, (file, item.get("titre") or item.get("nom"), errors[0].message)


def test_not_evaluated_kept_in_json(site):
    data = json.loads((site[0] / "donnees" / "initiatives.json").read_text("utf-8"))
    gardens = next(i for i in data["initiatives"] if i["id"] == "jardins-partages-fictifs")
    assert gardens["grille"]["mise_en_commun"] == "non évalué"
    assert gardens["grille"]["co_gouvernance"] == {
        "note": 3,
        "justification": "Un comité fictif réunit la ville et le collectif chaque mois.",
        "sources": [1],
    }
    assert list(gardens["grille"])[0] == "co_gouvernance"  # grid order


def test_grid_and_schemas_copied(site, context):
    folder = site[0] / "donnees"
    grid = json.loads((folder / "grille.json").read_text("utf-8"))
    assert grid["licence"] == LICENCE
    assert [c["id"] for c in grid["grille"]["criteres"]] == context.grid.ids
    for name, text in all_schemas(context).items():
        assert (folder / "schemas" / name).read_text("utf-8") == text


def test_datapackage_validates_with_frictionless(site):
    import frictionless  # test dependency: pyproject [test] extra, not a runtime one

    descriptor = site[0] / "donnees" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note", "message"])
    package = json.loads(descriptor.read_text("utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-SA-4.0", "path": LICENCE_URL, "title": LICENCE}]
    table = next(r for r in package["resources"] if r["path"] == "initiatives.csv")
    assert [f["name"] for f in table["schema"]["fields"]] == EXPECTED_COLUMNS
    themes = next(f for f in table["schema"]["fields"] if f["name"] == "themes")
    assert themes["type"] == "list" and themes["delimiter"] == SEPARATOR
    paths = sorted(r["path"] for r in package["resources"])
    assert paths == sorted(
        [
            "initiatives.csv",
            "initiatives.json",
            "events.json",
            "actors.json",
            "grille.json",
            "schemas/actor.schema.json",
            "schemas/event.schema.json",
            "schemas/initiative.schema.json",
        ]
    )
    rows = frictionless.Package(str(descriptor)).get_resource(table["name"]).read_rows()
    assert rows[3]["themes"] == ["alimentation", "environnement"]
    assert rows[3]["grille_co_gouvernance"] == 3 and rows[3]["grille_mise_en_commun"] is None


def test_datapackage_detects_a_changed_file(catalog, context, tmp_path):
    import frictionless  # test dependency: pyproject [test] extra, not a runtime one

    from .conftest import build

    build(catalog, context, tmp_path)
    csv_path = tmp_path / "donnees" / "initiatives.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b",3,2,", b",9,2,"))
    report = frictionless.validate(str(tmp_path / "donnees" / "datapackage.json"))
    assert not report.valid


def test_csv_licence_note(site):
    note = (site[0] / "donnees" / "LISEZMOI.txt").read_text("utf-8")
    assert LICENCE in note and LICENCE_URL in note and "« | »" in note


def test_offline_urls_are_relative(offline_site):
    out, report = offline_site
    data = json.loads((out / "donnees" / "initiatives.json").read_text("utf-8"))
    assert data["source"] is None
    assert data["initiatives"][0]["url"] == "initiatives/atelier-de-reparation-fictif.html"
    assert "homepage" not in json.loads((out / "donnees" / "datapackage.json").read_text("utf-8"))


def test_frictionless_command_line(site):
    import shutil
    import subprocess

    import frictionless  # noqa: F401 - the command comes with the package

    command = shutil.which("frictionless")
    if command is None:
        pytest.skip("commande frictionless absente")
    result = subprocess.run(
        [command, "validate", "datapackage.json"], cwd=site[0] / "donnees", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
