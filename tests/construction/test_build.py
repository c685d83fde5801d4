"""The whole build, as a user runs it: reproducible, and all-or-nothing."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from tests.sitebuild import SAMPLE_CONTENT, build, make_project

FIXTURE = SAMPLE_CONTENT
ARCHIVE = "observatoire-du-partage-centre-de-ressources.zip"


def digest_tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    sites = []
    for name in ("premier", "second-dossier-ailleurs"):
        project = make_project(tmp_path_factory.mktemp(name) / "projet", FIXTURE)
        result = build(project)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(project / "build" / "site")
    return sites


def test_two_builds_give_byte_identical_archives_and_exports(two_builds):
    first, second = two_builds
    assert (first / ARCHIVE).read_bytes() == (second / ARCHIVE).read_bytes()
    assert digest_tree(first) == digest_tree(second)


def test_archive_dates_come_from_source_date_epoch(two_builds):
    with zipfile.ZipFile(two_builds[0] / ARCHIVE) as z:
        stamps = {info.date_time for info in z.infolist()}
    assert stamps == {(2025, 1, 1, 0, 0, 0)}  # SOURCE_DATE_EPOCH=1735689600 in tests.sitebuild


def test_archive_holds_the_whole_site_under_one_folder_and_nothing_else(two_builds):
    site = two_builds[0]
    with zipfile.ZipFile(site / ARCHIVE) as z:
        names = z.namelist()
    assert names == sorted(names)  # listed in path order, though the pages went in as they were written
    root = ARCHIVE.removesuffix(".zip") + "/"
    assert all(n.startswith(root) and ".." not in n.split("/") for n in names)
    inside = {n[len(root) :] for n in names}
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {ARCHIVE}
    assert inside == on_disk


def test_download_link_states_size_and_date(two_builds):
    html = (two_builds[0] / "index.html").read_text("utf-8")
    size = (two_builds[0] / ARCHIVE).stat().st_size
    assert f'href="{ARCHIVE}" download' in html
    assert "version du 1er janvier 2025)" in html
    assert ("Ko" in html or "Mo" in html) and size > 0


def test_a_build_that_fails_validation_writes_nothing(tmp_path):
    project = make_project(tmp_path / "projet", FIXTURE)
    assert build(project).returncode == 0
    site = project / "build" / "site"
    before = digest_tree(site)
    broken = project / "content" / "initiatives" / "jardins-partages-fictifs.yml"
    broken.write_text(broken.read_text("utf-8").replace("statut: en-cours", "statut: en-courz"), "utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "content/initiatives/jardins-partages-fictifs.yml:" in result.stdout
    assert "statut: « en-courz » n'est pas dans le vocabulaire" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digest_tree(site) == before
    assert sorted(p.name for p in (project / "build").iterdir()) == ["site"]


def test_internal_links_are_files_not_folders(two_builds):
    """From file:// a link to a folder shows a directory listing, not the page."""
    import re

    for page in two_builds[0].rglob("*.html"):
        if page.name == "404.html":
            continue
        for link in re.findall(r'href="([^"#?:]*)"', page.read_text("utf-8")):
            assert not link.endswith("/") and link != "", f"{page.name}: {link!r}"


def test_with_a_site_address_the_sitemap_lists_every_page_and_no_shell(tmp_path):
    project = make_project(tmp_path / "projet", FIXTURE, site_url="https://centre.exemple.org/")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "build" / "site"
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://centre.exemple.org/initiatives/jardins-partages-fictifs.html</loc>" in sitemap
    assert "<loc>https://centre.exemple.org/a-propos.html</loc>" in sitemap
    assert "gabarit-de-page" not in sitemap
    assert not list(site.rglob("gabarit-de-page.html"))
    page = (site / "initiatives" / "jardins-partages-fictifs.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://centre.exemple.org/initiatives/jardins-partages-fictifs.html">' in page
