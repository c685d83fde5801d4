"""Fixtures of the export tests: the small, clearly fictitious content tree shared
with the site tests (tests/fixtures/site/content), validated with the project's schema/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from observatoire.exports import write_exports
from observatoire.records.catalog import load_catalog
from observatoire.records.project import Project
from tests.sitebuild import SAMPLE_CONTENT

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = SAMPLE_CONTENT
SITE_URL = "https://exemple.org/observatoire/"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
BUILD_DATE = dt.datetime(2025, 7, 1, 8, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def context():
    return Project(ROOT).context


@pytest.fixture(scope="session")
def catalog(context):
    found = load_catalog(FIXTURE_CONTENT, context)
    assert not found.problems, "\n".join(str(p) for p in found.problems)
    assert len(found.initiatives) == 4 and len(found.events) == 3 and len(found.actors) == 2
    return found


def build(catalog, context, out_dir: Path, *, site_url: str = SITE_URL, build_date: dt.datetime = BUILD_DATE, **kw):
    return write_exports(
        catalog,
        context,
        out_dir,
        site_url=site_url,
        licence=LICENCE,
        licence_url=LICENCE_URL,
        build_date=build_date,
        **kw,
    )


@pytest.fixture(scope="session")
def site(catalog, context, tmp_path_factory):
    """A site folder with two pages (as MkDocs would have written them) and every export."""
    out = tmp_path_factory.mktemp("site")
    (out / "initiatives").mkdir()
    (out / "index.html").write_text("<html></html>", encoding="utf-8")
    (out / "initiatives" / "jardins-partages-fictifs.html").write_text("<html></html>", encoding="utf-8")
    (out / "404.html").write_text("<html></html>", encoding="utf-8")
    report = build(catalog, context, out)
    return out, report


@pytest.fixture(scope="session")
def offline_site(catalog, context, tmp_path_factory):
    out = tmp_path_factory.mktemp("offline")
    report = build(catalog, context, out, site_url="")
    return out, report
