"""Fixtures of the quality gates: the real shipped content and the hostile content,
each built once per session into a temporary copy of the project; the npm tools
(axe-core, vnu-jar) installed by ``npm ci`` (scripts/test.sh). The browser is the
session's one chromium, from tests/conftest.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from observatoire.records.project import Project
from tests.browser import AXE
from tests.quality.sites import pages_to_check
from tests.quality.tally import COUNTS, NOTES
from tests.sitebuild import ROOT, build, make_project

NODE_MODULES = ROOT / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _built(project: Path) -> Path:
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "build" / "site"


@pytest.fixture(scope="session")
def context():
    return Project.find(ROOT).context


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The site of the real content/, as shipped."""
    return _built(make_project(tmp_path_factory.mktemp("reel") / "projet", ROOT / "content"))


@pytest.fixture(scope="session")
def real_pages(real_site) -> dict[str, str]:
    return pages_to_check(real_site)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, context):
    """(the hostile records written, their built site)."""
    from tests.quality.hostile import write_hostile_content

    content = tmp_path_factory.mktemp("hostile") / "content"
    written = write_hostile_content(content, context)
    site = _built(make_project(content.parent / "projet", content))
    return written, site


def _need(path: Path, what: str) -> Path:
    if not path.is_file():
        pytest.fail(
            f"{what} manquant ({path.relative_to(ROOT)}) : lancez « npm ci » à la racine du dépôt "
            "(bash scripts/test.sh le fait)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return _need(AXE, "axe-core")


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    _need(VNU, "vnu-jar")
    if shutil.which("java") is None:
        pytest.fail(
            "java manquant : apt-get install default-jre-headless (bash scripts/test.sh le fait)", pytrace=False
        )
    return VNU


def pytest_terminal_summary(terminalreporter):
    if COUNTS or NOTES:
        terminalreporter.write_sep("-", "contrôles de qualité")
        for key, value in sorted(COUNTS.items()):
            terminalreporter.write_line(f"{key} : {value}")
        for key, value in sorted(NOTES.items()):
            terminalreporter.write_line(f"{key} : {value}")
