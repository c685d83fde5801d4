"""Helpers of the validator tests: run the command line in-process, from a given folder.

Import the ``cli`` fixture from here (``from tests.checking import cli``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from observatoire.cli import main

ROOT = Path(__file__).resolve().parents[1]
"""The project (holds schema/grid.yml); golden paths are relative to it."""
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
"""One folder per error class: only the broken file(s) and ``expected.txt``; see :func:`lay_out`."""
REMOVED = "removed.txt"
"""In a broken case: files of ``valid/`` the case deletes (one path a line, relative to the content tree)."""
CASE_NOTES = {"expected.txt", REMOVED}
ADVICE = FIXTURES / "advice"
"""Like BROKEN (only the case's own files, laid over ``valid/``), but each case is valid
content that ``check`` gives advice on (exit 0)."""

PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^ :]+): (?P<what>.+?) — (?P<how>.+)$"
)
SUMMARY_LINE = re.compile(
    r"^(?P<n>\d+) problèmes? dans (?P<files>\d+) fichiers? \((?P<checked>\d+) fichiers? vérifiés?"
    r"(?:, (?P<advice>\d+) conseils?)?\)$"
)
OK_LINE = re.compile(r"^\d+ fichiers? vérifiés?, aucun problème(?:, \d+ conseils?)?( : .*)?\.$")
ADVICE_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<field>[^ :]+): conseil : (?P<what>.+?) — (?P<how>.+)$"
)
"""An advice (printed after the problems, in the same form; it changes no exit code)."""


def lay_out(case: str, root: Path, cases: Path = BROKEN) -> Path:
    """The content tree of the broken ``case``, written at
    ``root/tests/fixtures/broken/<case>`` (the same relative place as in the
    project, so that ``observatoire check`` run from ``root`` names the files as
    the golden files do): the files of ``valid/``, minus those the case's
    ``removed.txt`` lists, with the case's own files laid over them."""
    folder = cases / case
    dest = root / folder.relative_to(ROOT)
    shutil.copytree(VALID, dest)
    if (folder / REMOVED).is_file():
        for line in (folder / REMOVED).read_text("utf-8").splitlines():
            (dest / line).unlink()  # FileNotFoundError: removed.txt names a file valid/ does not have
    for path in folder.rglob("*"):
        if path.is_file() and path.parent != folder:
            target = dest / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return dest


def lay_out_all(root: Path, cases: list[str]) -> Path:
    """Every case laid out under ``root`` (:func:`lay_out`), with a copy of ``valid/`` at its place."""
    shutil.copytree(VALID, root / VALID.relative_to(ROOT))
    for case in cases:
        lay_out(case, root)
    return root


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


CHECK_DATE_EPOCH = "1735689600"
"""2025-01-01: the date ``check`` gives its review advice at in the tests (SOURCE_DATE_EPOCH),
so that the fixtures' advice does not change as time passes."""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRun:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", CHECK_DATE_EPOCH)
    return CliRun(capsys)
