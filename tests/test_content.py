"""The real content of the resource centre passes ``observatoire check``."""

from __future__ import annotations

import pytest

from tests.checking import OK_LINE, ROOT, cli  # noqa: F401 (fixture)

CONTENT = ROOT / "content"


@pytest.mark.skipif(
    not any((CONTENT / "initiatives").glob("*.*")),
    reason="content/initiatives est encore vide",
)
def test_content_passes_check(cli):
    code, out, err = cli("check")
    assert err == ""
    assert code == 0, out
    assert OK_LINE.match(out.strip()), out
