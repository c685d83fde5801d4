"""The site builds the same with ProperDocs, the maintained fork of MkDocs 1.x.

MkDocs 1.6.1 (August 2024) is the last 1.x release and Material for MkDocs
announces its end of life for 5 May 2027: the way out the README gives is
``properdocs build``, which reads the same mkdocs.yml, hooks.py and theme. This
test builds the real content/ with both engines, each in its own copy of the
project, and compares every file written: the only difference allowed is the
``generator`` meta tag of each page; the offline archive, which embeds the
pages, is compared member by member with that same rule.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build, make_project

pytest.importorskip("properdocs", reason="properdocs n'est pas installé (extras de test de pyproject.toml)")

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def properdocs_build(project: Path) -> subprocess.CompletedProcess:
    """``properdocs build --strict`` in ``project``, as :func:`tests.sitebuild.build` runs MkDocs."""
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1735689600"},
    )


def without_generator(path: str, data: bytes) -> bytes:
    """``data`` with its generator tag blanked, for a page (each page has exactly one)."""
    if not path.endswith(".html"):
        return data
    blanked, count = GENERATOR.subn(b'<meta name="generator" content="">', data)
    assert count == 1, f"{path}: {count} balises generator"
    return blanked


def generators(files: dict[str, bytes]) -> set[bytes]:
    return {m.group(1) for path, data in files.items() if path.endswith(".html") for m in GENERATOR.finditer(data)}


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def archive_members(path: Path) -> tuple[list[tuple], dict[str, bytes]]:
    """The archive's member headers (name, date, mode, method) in order, and their contents."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        headers = [(i.filename, i.date_time, i.external_attr, i.compress_type, i.create_system) for i in infos]
        return headers, {i.filename: archive.read(i) for i in infos}


def assert_same_but_generator(mkdocs: dict[str, bytes], properdocs: dict[str, bytes]) -> None:
    assert sorted(mkdocs) == sorted(properdocs)
    differ = [p for p in mkdocs if without_generator(p, mkdocs[p]) != without_generator(p, properdocs[p])]
    assert differ == [], differ


@pytest.mark.parametrize("site_url", ["", "https://centre.exemple.org/"], ids=["sans-adresse", "avec-adresse"])
def test_properdocs_builds_the_same_site(tmp_path, site_url):
    mk = make_project(tmp_path / "mkdocs", ROOT / "content", site_url=site_url)
    pd = make_project(tmp_path / "properdocs", ROOT / "content", site_url=site_url)
    for result in (build(mk), properdocs_build(pd)):
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stderr, result.stderr

    mk_files, pd_files = site_files(mk / "build" / "site"), site_files(pd / "build" / "site")
    archive = next(p for p in mk_files if p.endswith(".zip"))
    assert ("sitemap.xml" in mk_files) == bool(site_url)
    assert_same_but_generator(
        {p: d for p, d in mk_files.items() if p != archive}, {p: d for p, d in pd_files.items() if p != archive}
    )
    # the generator tag does differ, and says which engine wrote the page
    assert generators(mk_files) == {b"mkdocs-1.6.1, mkdocs-material-9.8.2"}
    (pd_generator,) = generators(pd_files)
    assert pd_generator.startswith(b"mkdocs-ProperDocs ") and pd_generator.endswith(b", mkdocs-material-9.8.2")

    mk_headers, mk_members = archive_members(mk / "build" / "site" / archive)
    pd_headers, pd_members = archive_members(pd / "build" / "site" / archive)
    assert mk_headers == pd_headers
    assert_same_but_generator(mk_members, pd_members)
