"""``observatoire check`` on broken content: the exact message of every error class.

Each folder ``tests/fixtures/broken/<case>/`` holds ONE broken file (under
``initiatives/``, ``actors/`` or ``events/``) and ``expected.txt``; the test lays
it over a copy of ``tests/fixtures/valid`` (replacing the valid file of the same
name, if any; a case that must also delete a valid file lists it in
``removed.txt``, e.g. ``bad-slug``, a renamed copy). ``expected.txt`` holds the
exact output of::

    observatoire --projet <project> check tests/fixtures/broken/<case>

run from the folder where the copy is laid out, at that same relative place
(:func:`tests.checking.lay_out`). The check must print exactly that and exit 1.

To add a case: create the folder with the broken file, then write its golden file with::

    UPDATE_GOLDEN=1 python -m pytest tests/test_check_golden.py

which rewrites every ``expected.txt`` from the current output (the test then
passes). Read the diff before committing it: each line must name the right
file, line, column and field, and say in French what is wrong and how to fix it.

Cases whose files are awkward to commit (bytes that are not UTF-8, a file over
the size limit, control characters) are generated in ``tmp_path`` below, with
their exact message asserted inline.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from observatoire.records.source import MAX_FILE_BYTES, read_source
from tests.checking import (  # noqa: F401 (cli: fixture)
    ADVICE,
    ADVICE_LINE,
    BROKEN,
    CASE_NOTES,
    FIXTURES,
    OK_LINE,
    PROBLEM_LINE,
    REMOVED,
    ROOT,
    SUMMARY_LINE,
    VALID,
    cli,
    lay_out,
    lay_out_all,
)

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
ADVICE_CASES = sorted(p.name for p in ADVICE.iterdir() if p.is_dir())


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> Path:
    """Every case laid over ``valid/``, and ``valid/`` itself, at their places under a temporary folder."""
    return lay_out_all(tmp_path_factory.mktemp("cas"), CASES)


@pytest.fixture
def check(cli, laid_out):
    """``observatoire check PATHS`` run from the laid-out folder, with this project's schema/."""
    return lambda *paths: cli("--projet", ROOT, "check", *paths, cwd=laid_out)


def test_valid_tree_passes(cli):
    code, out, err = cli("check", shown(VALID))
    assert (code, err) == (0, "")
    assert out == "5 fichiers vérifiés, aucun problème : 2 initiatives, 1 événement, 2 acteurs.\n"


def test_every_fixture_is_a_case():
    """Each case folder holds kind folders and its golden file (and maybe removed.txt)."""
    assert len(CASES) >= 30
    for name in CASES:
        folder = BROKEN / name
        assert (folder / "expected.txt").is_file() or UPDATE, f"{name}: expected.txt manquant"
        assert {p.name for p in folder.iterdir() if p.is_dir()} <= {"initiatives", "actors", "events"}
        assert {p.name for p in folder.iterdir() if p.is_file()} <= CASE_NOTES


@pytest.mark.parametrize("case", CASES)
def test_broken_case(check, case):
    folder = BROKEN / case
    code, out, err = check(shown(folder))
    golden = folder / "expected.txt"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert err == ""
    assert out == golden.read_text("utf-8")
    assert code == 1
    lines = out.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
    summary = SUMMARY_LINE.match(lines[-1])
    assert summary and int(summary["n"]) == len(lines) - 1
    prefix = shown(folder) + "/"
    assert all(line.startswith(prefix) for line in lines[:-1])


@pytest.mark.parametrize("case", ADVICE_CASES)
def test_advice_case(cli, case, tmp_path):
    """Advice (a city without coordinates, a note without sources, no « reproduire »,
    a record not reviewed for 18 months, an organisation named in two records without
    a record of its own, a city given two English names) is printed in the problems' one-line form, after them, and
    changes no exit code: the content is valid."""
    folder = ADVICE / case
    lay_out(case, tmp_path, ADVICE)
    code, out, err = cli("--projet", ROOT, "check", shown(folder), cwd=tmp_path)
    golden = folder / "expected.txt"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert err == ""
    assert out == golden.read_text("utf-8")
    assert code == 0
    *advice, summary = out.splitlines()
    assert advice and all(ADVICE_LINE.match(line) for line in advice), advice
    assert OK_LINE.match(summary) and f", {len(advice)} conseil" in summary


def test_advice_waits_for_the_problems_of_its_file(cli, tmp_path):
    """A file with a problem shows its problems only; another file's advice is still
    printed after them, and counted in the summary; the exit code is the problems'."""
    import shutil

    tree = tmp_path / "contenu"
    shutil.copytree(lay_out("city-without-coordinates", tmp_path / "cas", ADVICE), tree)
    actor = tree / "actors" / "commune-fictive-de-test.yml"
    actor.write_text(actor.read_text("utf-8").replace("type: collectivite", "type: collectivité"), "utf-8")
    code, out, _ = cli("--projet", ROOT, "check", tree, cwd=tmp_path)
    assert code == 1
    problem, advice, summary = out.splitlines()
    assert problem.startswith("contenu/actors/commune-fictive-de-test.yml:3:1: type: ")
    assert advice.startswith("contenu/initiatives/ressourcerie-fictive.md:5:3: territoire.coordonnees: conseil : ")
    assert summary == "1 problème dans 1 fichier (5 fichiers vérifiés, 1 conseil)"
    # Its own problem first: a record with a problem gets no advice until it is fixed.
    actor.write_text(actor.read_text("utf-8").replace("type: collectivité", "type: collectivite"), "utf-8")
    record = tree / "initiatives" / "ressourcerie-fictive.md"
    record.write_text(record.read_text("utf-8").replace("debut: 2022-09\n", "debut: 2022-09\nfin: 2020\n"), "utf-8")
    code, out, _ = cli("--projet", ROOT, "check", tree, cwd=tmp_path)
    assert code == 1
    assert out.startswith("contenu/initiatives/ressourcerie-fictive.md:") and "conseil" not in out


def test_all_cases_in_one_run(check):
    """Several paths at once: every problem of every case, then one count."""
    expected_lines, n, files, checked = [], 0, 0, 0
    for case in CASES:
        *problems, summary = (BROKEN / case / "expected.txt").read_text("utf-8").splitlines()
        expected_lines += problems
        match = SUMMARY_LINE.match(summary)
        n, files, checked = n + int(match["n"]), files + int(match["files"]), checked + int(match["checked"])
    code, out, err = check(*(shown(BROKEN / case) for case in CASES))
    assert (code, err) == (1, "")
    *problems, summary = out.splitlines()
    assert problems == expected_lines
    assert n == len(problems)
    assert summary == f"{n} problèmes dans {files} fichiers ({checked} fichiers vérifiés)"


def test_valid_and_broken_together_reports_only_the_broken(check):
    code, out, _ = check(shown(VALID), shown(BROKEN / "vocabulary"))
    assert code == 1
    assert out == (
        "tests/fixtures/broken/vocabulary/actors/commune-fictive-de-test.yml:3:1: type: « collectivité » "
        "n'est pas dans le vocabulaire « Types d'organisation » — vouliez-vous dire « collectivite » ? "
        "(liste complète : schema/vocabulaires/types_acteurs.yml)\n"
        "1 problème dans 1 fichier (10 fichiers vérifiés)\n"
    )


def test_single_file_and_kind_folder(check):
    """A file, or a kind folder, is checked with the rest of its content tree."""
    case = BROKEN / "unknown-actor"
    golden = (case / "expected.txt").read_text("utf-8").splitlines()[0]
    code, out, _ = check(shown(case / "initiatives" / "jardin-partage-fictif.yml"))
    assert (code, out) == (1, golden + "\n1 problème dans 1 fichier (1 fichier vérifié)\n")
    code, out, _ = check(shown(case / "initiatives"))
    assert (code, out) == (1, golden + "\n1 problème dans 1 fichier (2 fichiers vérifiés)\n")
    code, out, _ = check(shown(VALID / "actors"))
    assert (code, out) == (0, "2 fichiers vérifiés, aucun problème.\n")


def test_missing_path_is_a_problem_line(check):
    code, out, _ = check("tests/fixtures/nulle-part", shown(BROKEN / "empty-file"))
    assert code == 1
    assert out == (
        "tests/fixtures/nulle-part:1:1: fichier: introuvable — vérifiez le chemin\n"
        "tests/fixtures/broken/empty-file/actors/commune-fictive-de-test.yml:1:1: fichier: fichier vide — "
        "copiez un modèle avec « observatoire new » et remplissez ses champs\n"
        "2 problèmes dans 2 fichiers (5 fichiers vérifiés)\n"
    )


# --- generated cases ----------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """An empty content tree in tmp_path (checked with ``--projet`` = this project)."""
    for kind in ("initiatives", "actors", "events"):
        (tmp_path / "content" / kind).mkdir(parents=True)
    return tmp_path


def check_tree(cli, tree: Path) -> tuple[int, str]:
    code, out, err = cli("--projet", ROOT, "check", "content", cwd=tree)
    assert err == ""
    return code, out


ACTOR = (VALID / "actors" / "commune-fictive-de-test.yml").read_text("utf-8")


def test_not_utf8(cli, tree):
    latin1 = ACTOR.replace("Département fictif", "Département fictif de l'Hérault").encode("latin-1")
    (tree / "content/actors/commune-fictive-de-test.yml").write_bytes(latin1)
    code, out = check_tree(cli, tree)
    assert code == 1
    assert out == (
        "content/actors/commune-fictive-de-test.yml:7:17: fichier: octet 0xe9 invalide : le fichier n'est pas "
        "encodé en UTF-8 — enregistrez le fichier en UTF-8 dans votre éditeur\n"
        "1 problème dans 1 fichier (1 fichier vérifié)\n"
    )


def test_not_utf8_column_counts_characters(cli, tree):
    """Valid accents before the bad byte count as one column each, as in an editor."""
    text = ACTOR.encode("utf-8").replace(b"  departement: D\xc3\xa9partement fictif", b"  departement: D\xc3\xa9p\xe9")
    (tree / "content/actors/commune-fictive-de-test.yml").write_bytes(text)
    code, out = check_tree(cli, tree)
    assert code == 1
    assert out.startswith("content/actors/commune-fictive-de-test.yml:7:19: fichier: octet 0xe9 invalide")


def test_over_size_limit(cli, tree):
    padding = "# " + "x" * 98 + "\n"
    big = ACTOR + padding * (MAX_FILE_BYTES // len(padding) + 500)
    (tree / "content/actors/commune-fictive-de-test.yml").write_text(big, encoding="utf-8")
    size_kb = -(-len(big.encode()) // 1024)
    assert size_kb > 200
    code, out = check_tree(cli, tree)
    assert code == 1
    assert out == (
        f"content/actors/commune-fictive-de-test.yml:1:1: fichier: fichier trop volumineux ({size_kb} Ko) — "
        "la limite est de 200 Ko : raccourcissez la description ou placez les documents longs dans les sources\n"
        "1 problème dans 1 fichier (1 fichier vérifié)\n"
    )


def test_size_limit_boundary(tmp_path):
    """Exactly the limit is read; one byte more is refused, and says 201 Ko, not 200."""
    at_limit = tmp_path / "a.yml"
    at_limit.write_bytes(b"nom: x\n" + b"#" * (MAX_FILE_BYTES - 8) + b"\n")
    assert at_limit.stat().st_size == MAX_FILE_BYTES
    assert read_source(at_limit, "a.yml").problems == []
    over = tmp_path / "b.yml"
    over.write_bytes(at_limit.read_bytes() + b"\n")
    (problem,) = read_source(over, "b.yml").problems
    assert problem.message == "fichier trop volumineux (201 Ko)"


def test_control_character(cli, tree):
    text = ACTOR.replace("nom: Commune fictive de test", "nom: Commune fictive\x0cde test")
    (tree / "content/actors/commune-fictive-de-test.yml").write_text(text, encoding="utf-8")
    code, out = check_tree(cli, tree)
    assert code == 1
    assert out == (
        "content/actors/commune-fictive-de-test.yml:2:21: fichier: caractère de contrôle invisible interdit "
        "(U+000C) — supprimez-le (il vient souvent d'un copier-coller depuis un PDF ou un traitement de texte)\n"
        "1 problème dans 1 fichier (1 fichier vérifié)\n"
    )


def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 30])
def test_alias_bomb_refused_quickly(cli, tree, levels):
    """9 levels is the classic billion laughs; 30 levels would be 9**30 strings if expanded."""
    (tree / "content/actors/milliard-de-rires.yml").write_text(billion_laughs(levels), encoding="utf-8")
    start = time.perf_counter()
    code, out = check_tree(cli, tree)
    assert time.perf_counter() - start < 2
    assert code == 1
    assert out == (
        "content/actors/milliard-de-rires.yml:1:5: fichier: les ancres et alias YAML (« & » et « * ») ne sont "
        "pas acceptés — recopiez la valeur à chaque endroit où elle sert\n"
        "1 problème dans 1 fichier (1 fichier vérifié)\n"
    )


def test_committed_alias_bomb_is_the_classic_one():
    text = (BROKEN / "alias-bomb" / "actors" / "milliard-de-rires.yml").read_text("utf-8")
    assert text.count("*") == 8 * 9 and "&i" in text
    start = time.perf_counter()
    src = read_source(BROKEN / "alias-bomb" / "actors" / "milliard-de-rires.yml", "x")
    assert time.perf_counter() - start < 1
    assert src.data is None and len(src.problems) == 1


def test_fixture_trees_are_small():
    """Fixtures stay readable: no file near the size limit sneaks in."""
    for path in FIXTURES.rglob("*"):
        if path.is_file():
            assert path.stat().st_size < 10_000, path


def test_broken_cases_hold_only_their_broken_file():
    """Each case holds one file, which breaks, adds or renames a valid one: no copy of a
    valid file (the test lays the case over valid/), and removed.txt names valid files."""
    for case in CASES:
        folder = BROKEN / case
        own = [path for path in folder.rglob("*") if path.is_file() and path.parent != folder]
        assert len(own) == 1, (case, own)
        original = VALID / own[0].relative_to(folder)
        assert not original.is_file() or original.read_bytes() != own[0].read_bytes(), (case, own)
        if (folder / REMOVED).is_file():
            for line in (folder / REMOVED).read_text("utf-8").splitlines():
                assert (VALID / line).is_file(), (case, line)
