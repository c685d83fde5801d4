from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import SAMPLE_CONTENT as FIXTURE
from tests.sitebuild import built_site as build_site_of


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return build_site_of(tmp_path_factory.mktemp("site") / "projet", FIXTURE)
