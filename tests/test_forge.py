"""The forge's CI shows each problem of `observatoire check` as an annotation on its line."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_problem_matcher_reads_every_problem_line_and_only_those():
    matcher = json.loads((ROOT / ".github" / "observatoire-check-matcher.json").read_text("utf-8"))
    pattern = matcher["problemMatcher"][0]["pattern"][0]
    regex = re.compile(pattern["regexp"])
    seen = 0
    for expected in sorted((ROOT / "tests" / "fixtures" / "broken").glob("*/expected.txt")):
        *problems, summary = expected.read_text("utf-8").splitlines()
        assert regex.match(summary) is None, summary
        for line in problems:
            match = regex.match(line)
            assert match, line
            path, lineno, column, field, message = (
                match.group(pattern[k]) for k in ("file", "line", "column", "code", "message")
            )
            assert (ROOT / path).exists() or "broken" in path
            assert int(lineno) >= 1 and int(column) >= 1 and " — " in message
            seen += 1
    assert seen > 50


def readme_commands() -> tuple[str, str]:
    """The README's build and test commands, read as .ci/run reads them."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    function = script[script.index("readme_command() {") : script.index("build_command=")]
    out = subprocess.run(
        ["bash", "-c", function + 'readme_command "Construire le site"; readme_command "Lancer les tests"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return out[0], out[1]


def test_ci_runs_the_readme_commands():
    build, test = readme_commands()
    assert (build, test) == ("bash scripts/build.sh", "bash scripts/test.sh")
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert 'bash -c "$build_command"' in script and 'bash -c "$test_command"' in script
    assert "/usr/bin/python3" in script


def test_workflow_checks_builds_and_tests_each_pull_request_with_the_readme_commands():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8")
    assert "pull_request:" in workflow
    assert "::add-matcher::.github/observatoire-check-matcher.json" in workflow
    build, test = readme_commands()
    assert "observatoire check" in workflow and f"run: {build}" in workflow and f"run: {test}" in workflow
    assert "pip install" not in workflow and "break-system-packages" not in workflow


def test_pre_commit_runs_the_check():
    config = (ROOT / ".pre-commit-config.yaml").read_text("utf-8")
    assert "entry: observatoire check" in config
