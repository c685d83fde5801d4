"""The real content of the resource centre passes ``observatoire check``."""

from __future__ import annotations

import pytest

from tests.checking import ADVICE_LINE, OK_LINE, ROOT, cli  # noqa: F401 (fixture)

CONTENT = ROOT / "content"


@pytest.mark.skipif(
    not any((CONTENT / "initiatives").glob("*.*")),
    reason="content/initiatives est encore vide",
)
def test_content_passes_check(cli):
    """No problem; advice (what the sources do not say yet, such as how to reproduce an
    initiative) is allowed: it is listed for the editors, and blocks nothing."""
    code, out, err = cli("check")
    assert err == ""
    assert code == 0, out
    *advice, summary = out.splitlines()
    assert all(ADVICE_LINE.match(line) for line in advice), out
    assert OK_LINE.match(summary), out
