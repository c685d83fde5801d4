"""The forge's CI shows each problem of `observatoire check` as an annotation on its line."""

from __future__ import annotations

import json
import re
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
            path, lineno, column, field, message = (match.group(pattern[k]) for k in ("file", "line", "column", "code", "message"))
            assert (ROOT / path).exists() or "broken" in path
            assert int(lineno) >= 1 and int(column) >= 1 and " — " in message
            seen += 1
    assert seen > 50


def test_workflow_checks_builds_and_tests_each_pull_request():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8")
    assert "pull_request:" in workflow
    assert "::add-matcher::.github/observatoire-check-matcher.json" in workflow
    assert "observatoire check" in workflow and "mkdocs build --strict" in workflow and "bash scripts/test.sh" in workflow


def test_pre_commit_runs_the_check():
    config = (ROOT / ".pre-commit-config.yaml").read_text("utf-8")
    assert "entry: observatoire check" in config
