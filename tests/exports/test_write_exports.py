from __future__ import annotations

import hashlib

import pytest

from .conftest import build


def digest_tree(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_lists_every_file(site):
    out, report = site
    assert report.files == sorted(
        [
            "donnees/LISEZMOI.txt",
            "donnees/actors.json",
            "donnees/datapackage.json",
            "donnees/events.json",
            "donnees/grille.json",
            "donnees/initiatives.csv",
            "donnees/initiatives.json",
            "donnees/schemas/actor.schema.json",
            "donnees/schemas/event.schema.json",
            "donnees/schemas/initiative.schema.json",
            "evenements.ics",
            "evenements/journee-fictive-des-communs.ics",
            "evenements/rencontre-fictive-2025.ics",
            "flux.xml",
            "flux/pays/be.xml",
            "flux/pays/fr.xml",
            "flux/region/fr-ara.xml",
            "flux/theme/alimentation.xml",
            "flux/theme/culture.xml",
            "flux/theme/dechets-et-reemploi.xml",
            "flux/theme/environnement.xml",
            "flux/theme/numerique.xml",
            "sitemap.xml",
        ]
    )
    for rel in report.files:
        assert (out / rel).is_file()
    assert [d.path for d in report.datasets][0] == "donnees/initiatives.csv"
    assert all(d.bytes > 0 and len(d.sha256) == 64 for d in report.datasets)


def test_everything_deterministic(catalog, context, tmp_path):
    build(catalog, context, tmp_path / "a")
    build(catalog, context, tmp_path / "b")
    assert digest_tree(tmp_path / "a") == digest_tree(tmp_path / "b")
    build(catalog, context, tmp_path / "c", site_url="")
    build(catalog, context, tmp_path / "d", site_url="")
    assert digest_tree(tmp_path / "c") == digest_tree(tmp_path / "d")


@pytest.mark.parametrize(
    "data",
    [
        {
            "titre": "Jardins « partagés » — été",
            "n": 3,
            "x": 0.1,
            "lat": -48.8566,
            "montant": 1500.0,
            "vide": [],
            "rien": {},
            "ligne": 'a\nb\t"c" \\ \u2028 \x01',
            "liste": [1, [2, {"a": None, "b": True}]],
        },
        [],
        {"énorme": 10**30},
    ],
)
def test_json_text_is_the_standard_library_s_indented_json(data):
    import json

    from observatoire.exports._common import json_text

    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_text_writes_extreme_decimals_the_shortest_way():
    import json

    from observatoire.exports._common import json_text

    data = {"petit": 1e-05, "grand": 1e22}
    assert json.loads(json_text(data)) == data
    assert '"petit": 0.00001' in json_text(data)
