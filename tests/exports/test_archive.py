from __future__ import annotations

import datetime as dt
import os
import stat
import zipfile

import pytest

from observatoire.builddate import build_datetime
from observatoire.exports import ArchiveError, archive_info, human_size, write_archive

DATE = dt.datetime(2025, 7, 1, 8, 30, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def small_site(tmp_path):
    site = tmp_path / "site"
    (site / "initiatives").mkdir(parents=True)
    (site / "donnees" / "schemas").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Accueil</h1>\n" * 50, encoding="utf-8")
    (site / "initiatives" / "jardins.html").write_text("<p>jardins</p>", encoding="utf-8")
    (site / "donnees" / "initiatives.csv").write_text("id\r\nx\r\n", encoding="utf-8")
    (site / "donnees" / "schemas" / "a.schema.json").write_text("{}", encoding="utf-8")
    (site / "évènement é.txt").write_text("accents", encoding="utf-8")
    script = site / "outil.sh"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    return site


def test_byte_identical_twice(small_site, tmp_path):
    one = write_archive(small_site, tmp_path / "one.zip", "observatoire-du-partage", DATE)
    # touch the files: their own times and modes must not matter
    for path in small_site.rglob("*"):
        os.utime(path, (0, 1_700_000_000))
    two = write_archive(small_site, tmp_path / "two.zip", "observatoire-du-partage", DATE)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert one.bytes == two.bytes and one.files == 6


def test_members_sorted_fixed_and_under_one_folder(small_site, tmp_path):
    write_archive(small_site, tmp_path / "a.zip", "racine", DATE)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert names == [
            "racine/donnees/initiatives.csv",
            "racine/donnees/schemas/a.schema.json",
            "racine/index.html",
            "racine/initiatives/jardins.html",
            "racine/outil.sh",
            "racine/évènement é.txt",
        ]
        for info in infos:
            assert info.date_time == (2025, 7, 1, 8, 30, 12)
            assert stat.S_IMODE(info.external_attr >> 16) == 0o644
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert not info.is_dir()
        assert archive.read("racine/index.html") == (small_site / "index.html").read_bytes()
        assert archive.testzip() is None
    assert stat.S_IMODE((tmp_path / "a.zip").stat().st_mode) == 0o644


def test_source_date_epoch_honoured(small_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    date = build_datetime(tmp_path)
    assert date == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    write_archive(small_site, tmp_path / "a.zip", "r", date)
    write_archive(small_site, tmp_path / "b.zip", "r", build_datetime(tmp_path))
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    write_archive(small_site, tmp_path / "c.zip", "r", build_datetime(tmp_path))
    assert (tmp_path / "c.zip").read_bytes() != (tmp_path / "a.zip").read_bytes()


def test_old_dates_clamped_to_1980(small_site, tmp_path):
    write_archive(small_site, tmp_path / "a.zip", "r", dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_refuses_symlink_pointing_outside(small_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    (small_site / "donnees" / "fuite.txt").symlink_to(secret)
    with pytest.raises(ArchiveError, match="lien symbolique"):
        write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    assert not (tmp_path / "a.zip").exists()
    assert list(tmp_path.glob(".a.zip.*")) == []


def test_refuses_symlinked_folder_and_keeps_previous_archive(small_site, tmp_path):
    write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    before = (tmp_path / "a.zip").read_bytes()
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "x.html").write_text("x", encoding="utf-8")
    (small_site / "lien").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ArchiveError):
        write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    assert (tmp_path / "a.zip").read_bytes() == before


def test_refuses_even_an_inner_symlink(small_site, tmp_path):
    (small_site / "copie.html").symlink_to(small_site / "index.html")
    with pytest.raises(ArchiveError):
        write_archive(small_site, tmp_path / "a.zip", "r", DATE)


def test_archive_inside_the_site_leaves_itself_out(small_site):
    target = small_site / "telechargements" / "site.zip"
    write_archive(small_site, target, "r", DATE)
    first = target.read_bytes()
    write_archive(small_site, target, "r", DATE)
    assert target.read_bytes() == first
    with zipfile.ZipFile(target) as archive:
        assert "r/telechargements/site.zip" not in archive.namelist()


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "a\\b"])
def test_bad_root_name(small_site, tmp_path, name):
    with pytest.raises(ArchiveError):
        write_archive(small_site, tmp_path / "a.zip", name, DATE)


def test_archive_info(small_site, tmp_path):
    written = write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    info = archive_info(tmp_path / "a.zip")
    assert info == written
    assert info.bytes == (tmp_path / "a.zip").stat().st_size
    assert info.size_fr == human_size(info.bytes) and info.size_fr.endswith(("octets", "Ko"))
    assert info.files == 6


@pytest.mark.parametrize(
    "size, text",
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (999, "999 octets"),
        (1000, "1 Ko"),
        (1536, "1,5 Ko"),
        (2_400_000, "2,4 Mo"),
        (12_345_678, "12,3 Mo"),
        (145_000_000, "145 Mo"),
        (999_960, "1 Mo"),
        (1_230_000_000, "1,2 Go"),
    ],
)
def test_human_size(size, text):
    assert human_size(size) == text
