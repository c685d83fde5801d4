"""Many files are checked on every core; the result must be the same as in one process."""

from __future__ import annotations

from pathlib import Path

from observatoire import catalog as catalog_module
from observatoire.catalog import load_catalog
from observatoire.project import Project
from observatoire.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent


def test_parallel_check_gives_the_same_records_and_problems_as_one_process(tmp_path, monkeypatch):
    context = Project(ROOT).context
    paths = write_synthetic(tmp_path / "content", catalog_module.PARALLEL_FROM, context=context, words=40)
    broken = paths[7]
    broken.write_text(broken.read_text("utf-8").replace("statut: ", "statut: inconnu-", 1), "utf-8")
    (tmp_path / "content" / "initiatives" / "notes.txt").write_text("brouillon", "utf-8")

    parallel = load_catalog(tmp_path / "content", context, base=tmp_path)
    monkeypatch.setattr(catalog_module, "PARALLEL_FROM", 10**9)
    serial = load_catalog(tmp_path / "content", context, base=tmp_path)

    assert [str(p) for p in parallel.problems] == [str(p) for p in serial.problems]
    assert len(parallel.problems) == 2
    assert sorted(parallel.initiatives) == sorted(serial.initiatives)
    assert broken.stem not in parallel.initiatives
    slug = sorted(serial.initiatives)[0]
    assert parallel.initiatives[slug].record == serial.initiatives[slug].record
    assert parallel.initiatives[slug].source.position(("territoire", "pays")) == serial.initiatives[slug].source.position(("territoire", "pays"))
