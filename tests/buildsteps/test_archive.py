from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import stat
import struct
import subprocess
import zipfile

import pytest

from observatoire.build import archive as archive_module
from observatoire.build.archive import ArchiveError, ArchiveWriter, archive_info, human_size, write_archive
from observatoire.build.builddate import build_datetime

DATE = dt.datetime(2025, 7, 1, 8, 30, 12, tzinfo=dt.UTC)


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


@pytest.fixture
def varied_site(small_site):
    """small_site, plus an empty file, a large member, one that deflate makes larger, and many small ones."""
    rng = random.Random(7)
    words = [f"mot{i}".encode() for i in range(300)] + [b"<p>", b"</p>", b"\n", "é".encode()]
    (small_site / "vide.txt").write_bytes(b"")
    big = b" ".join(rng.choice(words) for _ in range(700_000))  # ~3.5 Mo
    (small_site / "donnees" / "gros.csv").write_bytes(big)
    (small_site / "initiatives" / "bruit.bin").write_bytes(rng.randbytes(300_000))  # deflate makes it larger
    for i in range(300):
        page = b" ".join(rng.choice(words) for _ in range(rng.randint(0, 3000)))
        (small_site / "initiatives" / f"page-{i:03}.html").write_bytes(page)
    return small_site


def test_same_bytes_from_a_copy_of_the_site_made_in_another_order(varied_site, tmp_path):
    """Nothing of the files but their paths and bytes counts: not the order the folder
    lists them in, nor their times or modes."""
    info = write_archive(varied_site, tmp_path / "a.zip", "observatoire-du-partage", DATE)
    copy = tmp_path / "copie"
    for path in sorted(varied_site.rglob("*"), reverse=True):
        if path.is_file():
            target = copy / path.relative_to(varied_site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            target.chmod(0o600)
            os.utime(target, (0, 1_000_000_000))
    write_archive(copy, tmp_path / "b.zip", "observatoire-du-partage", DATE)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert info.files == 6 + 303


def test_reads_back_every_member_exactly(varied_site, tmp_path):
    write_archive(varied_site, tmp_path / "a.zip", "r", DATE)
    files = {p.relative_to(varied_site).as_posix(): p for p in varied_site.rglob("*") if p.is_file()}
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.testzip() is None
        assert archive.comment == b""
        infos = archive.infolist()
        assert [i.filename for i in infos] == [f"r/{rel}" for rel in sorted(files)]
        for info in infos:
            assert archive.read(info) == files[info.filename[2:]].read_bytes()
            assert info.extra == b"" and info.comment == b"" and info.compress_type == zipfile.ZIP_DEFLATED
            assert info.create_system == 3 and info.external_attr == (stat.S_IFREG | 0o644) << 16
            assert info.flag_bits == (0x800 if not info.filename.isascii() else 0)


def test_unzip_accepts_it(varied_site, tmp_path):
    if shutil.which("unzip") is None:
        pytest.skip("unzip n'est pas installé")
    write_archive(varied_site, tmp_path / "a.zip", "r", DATE)
    result = subprocess.run(["unzip", "-t", "-qq", str(tmp_path / "a.zip")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "extrait"
    subprocess.run(["unzip", "-qq", str(tmp_path / "a.zip"), "-d", str(out)], check=True)
    assert sorted(p.relative_to(out / "r").as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        p.relative_to(varied_site).as_posix() for p in varied_site.rglob("*") if p.is_file()
    )
    assert (out / "r" / "donnees" / "gros.csv").read_bytes() == (varied_site / "donnees" / "gros.csv").read_bytes()


def test_empty_site_gives_the_empty_zip(tmp_path):
    (tmp_path / "vide").mkdir()
    info = write_archive(tmp_path / "vide", tmp_path / "a.zip", "r", DATE)
    assert info.files == 0
    assert (tmp_path / "a.zip").read_bytes() == b"PK\x05\x06" + bytes(18)  # the end record alone


def test_more_than_65535_members_uses_zip64(tmp_path):
    site = tmp_path / "site"
    count = 65_537
    for start in range(0, count, 1000):
        folder = site / f"d{start // 1000:02}"
        folder.mkdir(parents=True)
        for i in range(start, min(start + 1000, count)):
            (folder / f"{i}.txt").write_bytes(b"%d" % i)
    info = write_archive(site, tmp_path / "a.zip", "r", DATE)
    assert info.files == count
    data = (tmp_path / "a.zip").read_bytes()
    # ZIP64 end of central directory record and locator before the classic record, which says 0xFFFF
    assert data[-22:-18] == b"PK\x05\x06" and struct.unpack("<HH", data[-14:-10]) == (0xFFFF, 0xFFFF)
    assert data[-42:-38] == b"PK\x06\x07" and data[-98:-94] == b"PK\x06\x06"
    assert struct.unpack("<QQ", data[-98 + 24 : -98 + 40]) == (count, count)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        infos = archive.infolist()
        assert len(infos) == count
        names = [i.filename for i in infos]
        assert names == sorted(names) and len(set(names)) == count
        for i in (0, 1, 999, 1000, 65_535, 65_536):
            assert archive.read(f"r/d{i // 1000:02}/{i}.txt") == b"%d" % i
        assert archive.testzip() is None
    if shutil.which("unzip"):
        result = subprocess.run(["unzip", "-t", "-qq", str(tmp_path / "a.zip")], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_a_failing_member_leaves_nothing_and_keeps_previous_archive(varied_site, tmp_path, monkeypatch):
    write_archive(varied_site, tmp_path / "a.zip", "r", DATE)
    before = (tmp_path / "a.zip").read_bytes()
    read = archive_module._read_regular

    def failing(path):
        if path.name == "page-150.html":
            raise OSError("disque illisible")
        return read(path)

    monkeypatch.setattr(archive_module, "_read_regular", failing)
    with pytest.raises(OSError, match="disque illisible"):
        write_archive(varied_site, tmp_path / "a.zip", "r", DATE)
    assert (tmp_path / "a.zip").read_bytes() == before
    assert list(tmp_path.glob(".a.zip.*")) == []


def test_a_file_replaced_by_a_link_after_listing_is_refused(small_site, tmp_path):
    target = small_site / "index.html"
    target.unlink()
    target.symlink_to(tmp_path / "secret.txt")
    (tmp_path / "secret.txt").write_text("mot de passe", encoding="utf-8")
    with pytest.raises(ArchiveError, match="lien symbolique"):
        archive_module._read_regular(target)


def test_refuses_special_files_and_links_deep_down(small_site, tmp_path):
    fifo = small_site / "donnees" / "schemas" / "tube"
    os.mkfifo(fifo)
    with pytest.raises(ArchiveError, match="fichier spécial refusé dans le site : donnees/schemas/tube"):
        write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    fifo.unlink()
    (small_site / "donnees" / "schemas" / "casse.json").symlink_to(tmp_path / "absent.json")  # dangling
    with pytest.raises(ArchiveError, match="lien symbolique refusé dans le site : donnees/schemas/casse.json"):
        write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    assert not (tmp_path / "a.zip").exists()


def test_leftover_temporary_files_inside_the_site_are_left_out(small_site):
    target = small_site / "site.zip"
    (small_site / ".site.zip.abc123.tmp").write_bytes(b"reste d'une construction interrompue")
    write_archive(small_site, target, "r", DATE)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "r/.site.zip.abc123.tmp" not in names and "r/site.zip" not in names and len(names) == 6


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


def test_files_added_while_the_site_is_written_come_first_yet_all_are_listed_in_path_order(small_site, tmp_path):
    """As the build does: pages put in as they are written, everything else at the end; the
    central directory (what a reader lists) in path order all the same."""
    writer = ArchiveWriter(small_site, tmp_path / "a.zip", "racine", DATE)
    writer.add(["initiatives/jardins.html", "index.html"])
    (small_site / "donnees" / "tard.json").write_text("{}", encoding="utf-8")  # written after the pages
    info = writer.close()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == [
            "racine/donnees/initiatives.csv",
            "racine/donnees/schemas/a.schema.json",
            "racine/donnees/tard.json",
            "racine/index.html",
            "racine/initiatives/jardins.html",
            "racine/outil.sh",
            "racine/évènement é.txt",
        ]
        written = [i.filename for i in sorted(archive.infolist(), key=lambda i: i.header_offset)]
        assert written[:2] == ["racine/initiatives/jardins.html", "racine/index.html"]
        assert written[2:] == sorted(written[2:])
        assert archive.read("racine/index.html") == (small_site / "index.html").read_bytes()
        assert archive.testzip() is None
    assert info.files == 7


def test_a_file_changed_after_it_was_added_fails_and_leaves_nothing(small_site, tmp_path):
    write_archive(small_site, tmp_path / "a.zip", "r", DATE)
    before = (tmp_path / "a.zip").read_bytes()
    writer = ArchiveWriter(small_site, tmp_path / "a.zip", "r", DATE)
    writer.add(["index.html"])
    (small_site / "index.html").write_text("<h1>Autre accueil</h1>", encoding="utf-8")
    with pytest.raises(ArchiveError, match="index.html a changé après avoir été archivé"):
        writer.close()
    assert (tmp_path / "a.zip").read_bytes() == before
    assert list(tmp_path.glob(".a.zip.*")) == []


def test_a_file_removed_after_it_was_added_fails(small_site, tmp_path):
    writer = ArchiveWriter(small_site, tmp_path / "a.zip", "r", DATE)
    writer.add(["outil.sh"])
    (small_site / "outil.sh").unlink()
    with pytest.raises(ArchiveError, match="outil.sh a disparu du site après avoir été archivé"):
        writer.close()
    assert list(tmp_path.glob("*.zip")) == []


@pytest.mark.parametrize("path", ["../secret.txt", "/etc/passwd", "index.html"])
def test_add_refuses_paths_out_of_the_site_or_twice(small_site, tmp_path, path):
    writer = ArchiveWriter(small_site, tmp_path / "a.zip", "r", DATE)
    if path == "index.html":
        writer.add([path])
    with pytest.raises(ArchiveError, match="chemin à archiver invalide ou déjà archivé"):
        writer.add([path])
    assert list(tmp_path.glob(".a.zip.*")) == [] and list(tmp_path.glob("*.zip")) == []


def test_an_aborted_archive_leaves_nothing_inside_the_site(small_site):
    writer = ArchiveWriter(small_site, small_site / "a.zip", "r", DATE)
    writer.add(["index.html"])
    writer.abort()
    assert sorted(p.name for p in small_site.iterdir() if p.name.endswith((".zip", ".tmp"))) == []


def test_source_date_epoch_honoured(small_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    date = build_datetime(tmp_path)
    assert date == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    write_archive(small_site, tmp_path / "a.zip", "r", date)
    write_archive(small_site, tmp_path / "b.zip", "r", build_datetime(tmp_path))
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    write_archive(small_site, tmp_path / "c.zip", "r", build_datetime(tmp_path))
    assert (tmp_path / "c.zip").read_bytes() != (tmp_path / "a.zip").read_bytes()


def test_old_dates_clamped_to_1980(small_site, tmp_path):
    write_archive(small_site, tmp_path / "a.zip", "r", dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
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
