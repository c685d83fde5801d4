"""``observatoire check`` never shows a traceback: whatever the input, it exits
0 or 1 and prints problem lines (``path:line:column: field: what — how``) and
one summary line, nothing else."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from observatoire.records.source import read_source
from tests.checking import OK_LINE, PROBLEM_LINE, ROOT, SUMMARY_LINE, VALID, cli  # noqa: F401 (fixture)

ACTOR = (VALID / "actors" / "commune-fictive-de-test.yml").read_text("utf-8")
INITIATIVE = (VALID / "initiatives" / "jardin-partage-fictif.yml").read_text("utf-8")
ACTOR_FILE = "actors/commune-fictive-de-test.yml"
INITIATIVE_FILE = "initiatives/jardin-partage-fictif.yml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the valid tree, to break one file of."""
    for path in VALID.rglob("*"):
        if path.is_file():
            target = tmp_path / "content" / path.relative_to(VALID)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return tmp_path / "content"


def check(cli, content: Path) -> tuple[int, list[str]]:
    code, out, err = cli("--projet", ROOT, "check", "content", cwd=content.parent)
    assert err == ""
    assert code in (0, 1)
    lines = out.splitlines()
    assert lines, "the check printed nothing"
    *problems, summary = lines
    for line in problems:
        assert PROBLEM_LINE.match(line), f"not a problem line: {line!r}"
    if code == 0:
        assert problems == [] and OK_LINE.match(summary), out
    else:
        match = SUMMARY_LINE.match(summary)
        assert match and int(match["n"]) == len(problems) > 0, out
    return code, problems


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_python_object_tag_builds_nothing(cli, content, tmp_path):
    witness = tmp_path / "pwned"
    (content / ACTOR_FILE).write_text(
        f'!!python/object/apply:os.system ["touch {witness}"]\n'
        + replace(ACTOR, "nom: Commune fictive de test", f'nom: !!python/object/apply:os.system ["touch {witness}"]'),
        encoding="utf-8",
    )
    code, problems = check(cli, content)
    assert not witness.exists()
    assert code == 1 and problems


def test_python_object_tag_on_a_value(cli, content):
    (content / ACTOR_FILE).write_text(
        replace(ACTOR, "type: collectivite", "type: !!python/object:builtins.dict {}"),
        encoding="utf-8",
    )
    code, problems = check(cli, content)
    assert code == 1
    assert problems == [
        "content/actors/commune-fictive-de-test.yml:3:1: type: un texte est attendu (trouvé : un groupe de champs) "
        "— écrivez un texte, entre guillemets s'il contient « : »"
    ]


def test_top_level_list(cli, content):
    (content / ACTOR_FILE).write_text("- nom: Commune fictive de test\n- type: collectivite\n", encoding="utf-8")
    code, problems = check(cli, content)
    assert (code, len(problems)) == (1, 1)
    assert "le fichier contient une liste, pas une fiche" in problems[0]


def test_key_that_is_a_list(cli, content):
    (content / ACTOR_FILE).write_text(ACTOR + "[sigle, nom]: CFT\n", encoding="utf-8")
    code, problems = check(cli, content)
    assert problems == [
        "content/actors/commune-fictive-de-test.yml:20:1: fichier: clé YAML invalide (une clé doit être un simple mot) "
        "— écrivez « nom_du_champ: valeur »"
    ]


def test_impossible_date_unquoted(cli, content):
    (content / ACTOR_FILE).write_text(
        replace(ACTOR, "derniere_revision: 2024-05-02", "derniere_revision: 2024-02-30"), "utf-8"
    )
    code, problems = check(cli, content)
    assert problems == [
        "content/actors/commune-fictive-de-test.yml:19:1: derniere_revision: la date 2024-02-30 n'existe pas "
        "— vérifiez le jour et le mois"
    ]


def test_country_no_is_norway_not_false(cli, content):
    """YAML 1.1 reads NO as false; here it stays the country code of Norway."""
    text = replace(
        replace(replace(ACTOR, '  code_insee: "99901"\n', ""), "  departement: Département fictif\n", ""),
        "  pays: FR",
        "  pays: NO",
    )
    (content / ACTOR_FILE).write_text(text, encoding="utf-8")
    assert read_source(content / ACTOR_FILE, "x").data["territoire"]["pays"] == "NO"
    code, problems = check(cli, content)
    assert (code, problems) == (0, [])


def test_insee_code_with_leading_zero_unquoted(cli, content):
    """01004 (Ambérieu-en-Bugey) stays the text "01004", never the octal number 516."""
    text = replace(INITIATIVE, '  code_insee: "99901"', "  code_insee: 01004")
    (content / INITIATIVE_FILE).write_text(text, encoding="utf-8")
    assert read_source(content / INITIATIVE_FILE, "x").data["territoire"]["code_insee"] == "01004"
    code, problems = check(cli, content)
    assert (code, problems) == (0, [])


WEIRD = {
    "null-document": "~\n",
    "only-a-string": "bonjour\n",
    "only-a-number": "12\n",
    "two-documents": ACTOR + "---\nnom: autre\n",
    "document-end-marker": ACTOR + "...\n",
    "null-values": "nom:\ntype:\nterritoire:\ndescription:\nsources:\nderniere_revision:\n",
    "key-is-a-mapping": ACTOR + "? {a: b}\n: c\n",
    "empty-key": ACTOR + '"": x\n',
    "number-key": ACTOR + "12: x\n",
    "null-key": ACTOR + "~: x\n",
    "merge-key": replace(ACTOR, "territoire:\n", "territoire:\n  <<: {region: R}\n"),
    "undefined-alias": replace(ACTOR, "type: collectivite", "type: *collectivite"),
    "anchor-only": replace(ACTOR, "type: collectivite", "type: &t collectivite"),
    "binary-tag": replace(ACTOR, "nom: Commune fictive de test", "nom: !!binary aGVsbG8="),
    "local-tag": replace(ACTOR, "derniere_revision: 2024-05-02", "derniere_revision: !date 2024-05-02"),
    "timestamp-with-time": replace(ACTOR, "derniere_revision: 2024-05-02", "derniere_revision: 2024-05-02 10:00:00"),
    "deep-nesting": replace(ACTOR, "nom: Commune fictive de test", "nom: " + "[" * 300 + "]" * 300),
    "nul-byte": replace(ACTOR, "nom: Commune", "nom: Com\x00mune"),
    "escape-char": replace(ACTOR, "nom: Commune", "nom: Com\x1b[31mmune"),
    "bom": "\ufeff" + ACTOR,
    "crlf": ACTOR.replace("\n", "\r\n"),
    "tabs": ACTOR.replace("  ", "\t"),
    "unclosed-flow": replace(ACTOR, "type: collectivite", "type: [collectivite"),
    "bad-escape": replace(ACTOR, "type: collectivite", 'type: "collec\\qtivite"'),
    "backtick": replace(ACTOR, "type: collectivite", "type: `collectivite`"),
    "infinity": replace(ACTOR, "nom: Commune fictive de test", "nom: .inf"),
    "huge-number": replace(ACTOR, "  pays: FR", "  pays: FR\n  population: 1" + "0" * 400),
    "bool-country": replace(ACTOR, "  pays: FR", "  pays: false"),
    "list-of-strings-as-sources": replace(ACTOR, "  - titre: Page", "  - Page"),
    "url-javascript": replace(ACTOR, "site_web: https://commune-fictive.example.org", "site_web: javascript:alert(1)"),
    "url-number": replace(ACTOR, "site_web: https://commune-fictive.example.org", "site_web: 12"),
    "insee-float": replace(ACTOR, '"99901"', "930.48"),
    "insee-list": replace(ACTOR, '"99901"', "[93048]"),
    "coordinates-as-list": replace(
        INITIATIVE, "  coordonnees:\n    lat: 47.5\n    lon: 2.5\n", "  coordonnees: [47.5, 2.5]\n"
    ),
    "grid-as-list": replace(INITIATIVE, "  co_gouvernance:\n", "  - co_gouvernance:\n"),
    "grid-number-key": replace(INITIATIVE, "  etat_facilitateur: non évalué", "  1: non évalué"),
    "grid-note-text": replace(INITIATIVE, "note: 3", "note: trois"),
    "grid-note-float": replace(INITIATIVE, "note: 3", "note: 3.5"),
    "grid-note-negative": replace(INITIATIVE, "note: 3", "note: -1"),
    "grid-sources-text": replace(INITIATIVE, "sources: [1]", "sources: un"),
    "grid-evalue": replace(INITIATIVE, "    note: 3\n", "    note: 3\n    evalue: false\n"),
    "grid-null": replace(INITIATIVE, "  etat_facilitateur: non évalué", "  etat_facilitateur:"),
    "year-zero": replace(INITIATIVE, "debut: 2019", "debut: 0000"),
    "month-13": replace(INITIATIVE, "debut: 2019", "debut: 2019-13"),
    "date-list": replace(INITIATIVE, "debut: 2019", "debut: [2019]"),
    "budget-nan": replace(INITIATIVE, "montant: 5000", "montant: .nan"),
    "currency-number": replace(INITIATIVE, "devise: EUR", "devise: 978"),
    "reference-mapping": replace(INITIATIVE, "  - association-fictive-de-test\n", "  - {a: b}\n"),
    "references-null": replace(INITIATIVE, "porteurs:\n  - association-fictive-de-test\n", "porteurs:\n"),
    "very-long-line": replace(ACTOR, "nom: Commune fictive de test", "nom: " + "x" * 50_000),
}


@pytest.mark.parametrize("name", sorted(WEIRD))
def test_weird_input(cli, content, name):
    text = WEIRD[name]
    target = INITIATIVE_FILE if text.startswith("# Fiche fictive, pour les tests du validateur.\ntitre") else ACTOR_FILE
    (content / target).write_bytes(text.encode("utf-8"))
    check(cli, content)


@pytest.mark.parametrize("suffix", [".yml", ".md"])
def test_random_bytes(cli, content, suffix):
    rng = random.Random(20240502)
    for i in range(40):
        size = rng.choice([1, 10, 200, 2000])
        alphabet = rng.choice([b"ab: -[]{}&*!|>'\"#%@`\n\t ", bytes(range(256)), "éà: —«»\n".encode() + b"---\n"])
        data = bytes(rng.choice(alphabet) for _ in range(size))
        if suffix == ".md" and i % 2:
            data = b"---\n" + data
        (content / "actors" / f"hasard-{i}{suffix}").write_bytes(data)
    code, problems = check(cli, content)
    assert code == 1
    assert len({p.split(":", 1)[0] for p in problems}) >= 40


@pytest.mark.parametrize(
    "value, column",
    [
        ("[" * 60_000 + "]" * 60_000, 26),  # 120 KB, under the size limit: used to crash libyaml's composer
        ("{a: " * 30_000 + "b" + "}" * 30_000, 86),
    ],
)
def test_very_deep_nesting_refused_without_crash(cli, content, value, column):
    (content / ACTOR_FILE).write_text(replace(ACTOR, "nom: Commune fictive de test", "nom: " + value), encoding="utf-8")
    code, problems = check(cli, content)
    assert problems == [
        f"content/actors/commune-fictive-de-test.yml:2:{column}: fichier: valeur imbriquée sur plus de 20 niveaux "
        "— une fiche n'a que quelques niveaux de retrait : vérifiez l'indentation, les crochets « [ » et les accolades « { »"
    ]
