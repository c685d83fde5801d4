"""Helpers of the validator tests: run the command line in-process, from a given folder.

Import the ``cli`` fixture from here (``from tests.checking import cli``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from observatoire.cli import main

ROOT = Path(__file__).resolve().parents[1]
"""The project (holds schema/grid.yml); golden paths are relative to it."""
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
ADVICE = FIXTURES / "advice"
"""Like BROKEN, but each case is valid content that ``check`` gives advice on (exit 0)."""

PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^ :]+): (?P<what>.+?) — (?P<how>.+)$")
SUMMARY_LINE = re.compile(
    r"^(?P<n>\d+) problèmes? dans (?P<files>\d+) fichiers? \((?P<checked>\d+) fichiers? vérifiés?"
    r"(?:, (?P<advice>\d+) conseils?)?\)$"
)
OK_LINE = re.compile(r"^\d+ fichiers? vérifiés?, aucun problème(?:, \d+ conseils?)?( : .*)?\.$")
ADVICE_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^ :]+): conseil : (?P<what>.+?) — (?P<how>.+)$"
)
"""An advice (printed after the problems, in the same form; it changes no exit code)."""


class CliRun:
    """Runs ``observatoire ARGS`` in-process and captures what it prints."""

    def __init__(self, capsys: pytest.CaptureFixture[str]):
        self.capsys = capsys

    def __call__(self, *args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
        self.capsys.readouterr()  # drop anything printed before
        before = Path.cwd()
        os.chdir(cwd)
        try:
            code = main([str(a) for a in args])
        finally:
            os.chdir(before)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRun:
    return CliRun(capsys)
