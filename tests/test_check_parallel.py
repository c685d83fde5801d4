"""Many files are checked on every core; the result must be the same as in one process."""

from __future__ import annotations

from pathlib import Path

from observatoire.build.workers import load_catalog as load_on_all_cores
from observatoire.records import catalog as catalog_module
from observatoire.records.catalog import load_catalog
from observatoire.records.project import Project
from observatoire.records.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent


def test_parallel_check_gives_the_same_records_and_problems_as_one_process(tmp_path, monkeypatch):
    context = Project(ROOT).context
    paths = write_synthetic(tmp_path / "content", catalog_module.PARALLEL_FROM, context=context, words=40)
    broken = paths[7]
    broken.write_text(broken.read_text("utf-8").replace("statut: ", "statut: inconnu-", 1), "utf-8")
    (tmp_path / "content" / "initiatives" / "notes.txt").write_text("brouillon", "utf-8")

    parallel = load_on_all_cores(tmp_path / "content", context, base=tmp_path)
    serial = load_catalog(tmp_path / "content", context, base=tmp_path)

    assert [str(p) for p in parallel.problems] == [str(p) for p in serial.problems]
    assert len(parallel.problems) == 2
    assert sorted(parallel.initiatives) == sorted(serial.initiatives)
    assert broken.stem not in parallel.initiatives
    slug = sorted(serial.initiatives)[0]
    assert parallel.initiatives[slug].record == serial.initiatives[slug].record
    assert parallel.initiatives[slug].references == serial.initiatives[slug].references
    assert parallel.initiatives[slug].source.position(("porteurs", 0)) == serial.initiatives[slug].source.position(
        ("porteurs", 0)
    )
    assert parallel.initiatives[slug].source.position(("porteurs", 0)) != (1, 1)


def test_checking_without_records_gives_the_same_problems(tmp_path):
    context = Project(ROOT).context
    paths = write_synthetic(tmp_path / "content", catalog_module.PARALLEL_FROM, context=context, words=40)
    broken = paths[3]
    text = broken.read_text("utf-8")
    assert "porteurs:\n- " in text
    broken.write_text(text.replace("porteurs:\n- ", "porteurs:\n- inconnu-", 1), "utf-8")

    full = load_on_all_cores(tmp_path / "content", context, base=tmp_path)
    light = load_on_all_cores(tmp_path / "content", context, base=tmp_path, records=False)

    assert [str(p) for p in light.problems] == [str(p) for p in full.problems]
    assert any("porteurs[0]: aucune fiche" in str(p) for p in light.problems)
    assert sorted(light.initiatives) == sorted(full.initiatives)
    assert all(entry.record is None for entry in light.initiatives.values())
