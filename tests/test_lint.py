"""The code is lint-clean and formatted, by ruff as configured in pyproject.toml.

To clean it: ``ruff check --fix`` then ``ruff format`` (with the project's .venv active).
"""

from __future__ import annotations

import subprocess
import sys

from tests.sitebuild import ROOT

PATHS = ["observatoire", "tests", "scripts", "hooks.py"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *PATHS], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_check():
    result = ruff("check", "--no-cache", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
