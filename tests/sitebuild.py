"""Building a tiny copy of the project in a temporary folder, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"
"""The small, clearly fictitious records (and one hostile record) shared by the site,
exports, build-step and construction tests."""


def make_project(dest: Path, content: Path, site_url: str = "") -> Path:
    """A project at ``dest`` with the real mkdocs.yml, hooks.py and schema/, and ``content``'s records."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "hooks.py", dest)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if site_url:
        config = config.replace('site_url: ""', f'site_url: "{site_url}"')
    (dest / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "schema", dest / "schema")
    shutil.copytree(ROOT / "content" / "pages", dest / "content" / "pages")
    for kind in ("initiatives", "events", "actors"):
        if (content / kind).is_dir():
            shutil.copytree(content / kind, dest / "content" / kind)
        else:
            (dest / "content" / kind).mkdir(parents=True)
    return dest


def build(project: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` in ``project``; output captured."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1735689600", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
    )


def built_site(dest: Path, content: Path) -> Path:
    """Build ``content`` as a project at ``dest``; the site folder. Fails the test on
    a build error or any warning."""
    project = make_project(dest, content)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "build" / "site"
