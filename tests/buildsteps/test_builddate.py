from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from observatoire.build.builddate import FALLBACK, build_datetime, resolve_build_datetime
from tests.exports.conftest import FIXTURE_CONTENT

UTC = dt.UTC


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "projet"
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never see an enclosing repository
    return root


def test_source_date_epoch_first(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751358600")
    assert resolve_build_datetime(project) == (dt.datetime(2025, 7, 1, 8, 30, tzinfo=UTC), "SOURCE_DATE_EPOCH")


def test_bad_source_date_epoch(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_datetime(project)


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
def test_git_commit_date(project):
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "1700000000 +0000",
        "GIT_COMMITTER_DATE": "1700000000 +0000",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "fiches fictives"]):
        subprocess.run(["git", "-C", str(project), *args], check=True, env=env, capture_output=True)
    assert resolve_build_datetime(project) == (dt.datetime.fromtimestamp(1700000000, UTC), "git")


def test_newest_revision_without_git(project, catalog):
    # newest derniere_revision of the fixture: 2025-06-01 (atelier-de-reparation-fictif)
    expected = dt.datetime(2025, 6, 1, tzinfo=UTC)
    assert resolve_build_datetime(project) == (expected, "derniere_revision")
    assert build_datetime(project, catalog) == expected


def test_nothing_at_all(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert build_datetime(tmp_path / "vide") == FALLBACK
