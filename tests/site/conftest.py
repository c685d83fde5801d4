from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import build, make_project

FIXTURE = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("site") / "projet", FIXTURE)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "build" / "site"


