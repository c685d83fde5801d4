"""The English version of ``schema/`` (observatoire/records/translation.py): every
vocabulary value, criterion, level and question has one; a text without it is an
advice of ``observatoire check`` (never an error) and a count at the end of the build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from observatoire.core.problems import ADVICE
from observatoire.records.english import english_advice, schema_files, translation_summary
from observatoire.records.grid import Criterion, Grid
from observatoire.records.project import Project
from observatoire.records.schemafiles import SchemaFileError
from observatoire.records.translation import TRANSLATIONS, Translated, untranslated
from observatoire.records.vocabulary import Term, VocabularyFile
from tests.checking import ADVICE_LINE, OK_LINE, ROOT, VALID, cli  # noqa: F401 (cli: fixture)

SCHEMA = ROOT / "schema"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of this project's schema/, with the valid fixtures as its content."""
    shutil.copytree(SCHEMA, tmp_path / "schema")
    shutil.copytree(VALID, tmp_path / "content")
    return tmp_path


def drop_line(path: Path, pattern: str) -> int:
    """Remove the first line matching ``pattern`` (and the lines of its folded block); its line number."""
    lines = path.read_text("utf-8").splitlines()
    i = next(n for n, line in enumerate(lines) if re.search(pattern, line))
    indent = len(lines[i]) - len(lines[i].lstrip())
    j = i + 1
    while j < len(lines) and len(lines[j]) - len(lines[j].lstrip()) > indent:
        j += 1
    del lines[i:j]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return i + 1


def test_every_translated_field_declares_its_english_twin():
    for model in (Term, VocabularyFile, Criterion, Grid):
        assert issubclass(model, Translated) and model.TRANSLATED
        for field in model.TRANSLATED:
            for language in TRANSLATIONS:
                twin = model.model_fields[f"{field}_{language}"]
                assert not twin.is_required(), f"{model.__name__}.{field}_{language}"


def test_every_text_of_the_schema_has_its_english_version():
    assert english_advice(SCHEMA) == []
    context = Project(ROOT).context
    terms = [t for vocabulary in context.vocabularies.values() for t in vocabulary.terms]
    assert len(terms) == 80
    for vocabulary in context.vocabularies.values():
        assert vocabulary.title_en and vocabulary.description_en, vocabulary.name
        for term in vocabulary.terms:
            assert term.libelle_en and term.definition_en, f"{vocabulary.name}: {term.id}"
            assert term.libelle_en != term.definition_en
    grid = context.grid
    assert grid.titre_en and grid.methode_en and len(grid.references_en) == len(grid.references)
    for criterion in grid.criteres:
        assert criterion.libelle_en and criterion.origine_en and criterion.question_en
        assert set(criterion.niveaux_en) == set(criterion.niveaux), criterion.id
    assert translation_summary(SCHEMA) == "Version anglaise : tous les textes de schema/ sont traduits."


def test_a_few_translations_are_the_expected_words():
    context = Project(ROOT).context
    assert context.vocabularies["themes"].label("alimentation", "en") == "Food"
    assert context.vocabularies["themes"].label("alimentation") == "Alimentation"
    assert context.vocabularies["statuts"].label("en-cours", "en") == "Ongoing"
    labels = [c.text("libelle", "en") for c in context.grid.criteres]
    assert labels[:5] == [
        "Co-governance",
        "Enabling state",
        "Social and economic pooling",
        "Experimentalism",
        "Tech justice",
    ]
    assert all(
        c.text("origine", "en") in {"Co-City Protocol", "Observatoire du Partage"} for c in context.grid.criteres
    )


def test_a_missing_translation_falls_back_to_the_french():
    term = Term(id="lieu", libelle="Lieu", definition="Un local.")
    assert term.label("en") == "Lieu" and term.text("definition", "en") == "Un local."
    assert Term(id="lieu", libelle="Lieu", definition="Un local.", libelle_en="Place").label("en") == "Place"
    criterion = Criterion(
        id="c", libelle="C", origine="O", question="Q ?", niveaux={0: "zéro", 1: "un"}, niveaux_en={1: "one"}
    )
    assert criterion.text("niveaux", "en") == {0: "zéro", 1: "one"}
    assert criterion.text("niveaux") == {0: "zéro", 1: "un"}
    assert list(untranslated(criterion)) == [
        (("libelle",), "C", ""),
        (("origine",), "O", ""),
        (("question",), "Q ?", ""),
        (("niveaux", 0), "zéro", "key"),
    ]


def test_a_translation_of_levels_the_french_does_not_have_is_an_error(project):
    path = project / "schema" / "grid.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    niveaux_en:\n", "    niveaux_en:\n      7: Seven.\n", 1), "utf-8")
    with pytest.raises(SchemaFileError, match="niveaux_en"):
        _ = Project(project).context


def test_each_missing_english_text_is_an_advice_at_its_line(project):
    themes = project / "schema" / "vocabulaires" / "themes.yml"
    line = drop_line(themes, r"^    libelle_en: Culture$")
    grid = project / "schema" / "grid.yml"
    level_line = drop_line(grid, r"^      2: Tools or data are open to the public\.$")
    drop_line(grid, r"^titre_en:")
    advice = english_advice(project / "schema", base=project)
    assert [(a.path, a.field, a.severity) for a in advice] == [
        ("schema/grid.yml", "titre_en", ADVICE),
        ("schema/grid.yml", "criteres[4].niveaux_en", ADVICE),
        ("schema/vocabulaires/themes.yml", "valeurs[1].libelle_en", ADVICE),
    ]
    assert advice[2].line == line - 1  # the French label, the line above the English one removed
    assert "« Culture » n'a pas de version anglaise" in advice[2].message
    assert "« libelle_en: … » à côté de « libelle »" in advice[2].hint
    french_level = (
        grid.read_text("utf-8").splitlines().index("      2: Des outils ou des données sont ouverts au public.")
    )
    assert advice[1].line == french_level + 1 < level_line
    assert "sous « niveaux_en », la clé 2" in advice[1].hint
    assert translation_summary(project / "schema") == (
        "Version anglaise : 3 textes de schema/ sans traduction (observatoire check les liste)."
    )


def test_check_gives_the_advice_and_still_succeeds(cli, project):
    drop_line(project / "schema" / "vocabulaires" / "statuts.yml", r"^    definition_en: Implemented and active\.$")
    code, out, _ = cli("--projet", project, "check", cwd=project)
    assert code == 0
    lines = out.splitlines()
    ours = [line for line in lines if line.startswith("schema/")]
    assert len(ours) == 1 and ADVICE_LINE.match(ours[0])
    assert ours[0].startswith("schema/vocabulaires/statuts.yml:")
    assert ": valeurs[3].definition_en: conseil : « Mise en œuvre et active. » n'a pas de version anglaise" in ours[0]
    assert OK_LINE.match(lines[-1])


def test_check_of_named_files_says_nothing_of_the_schema(cli, project):
    drop_line(project / "schema" / "vocabulaires" / "statuts.yml", r"^    definition_en: Implemented and active\.$")
    code, out, _ = cli("--projet", project, "check", "content/initiatives", cwd=project)
    assert code == 0 and "schema/" not in out


def test_the_schema_files_are_all_the_data_files_of_schema():
    listed = {path.relative_to(SCHEMA).as_posix() for path, _ in schema_files(SCHEMA)}
    assert listed == {p.relative_to(SCHEMA).as_posix() for p in SCHEMA.rglob("*.yml")}
    assert all(issubclass(model, BaseModel) for _, model in schema_files(SCHEMA))


def test_the_build_prints_the_count():
    hooks = (ROOT / "hooks.py").read_text("utf-8")
    assert "print(session.translation_summary())" in hooks
