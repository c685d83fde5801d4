"""A tiny site built once (tests/fixtures/valid), and Debian's chromium, for the form's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import ROOT
from tests.sitebuild import built_site as build_site_of

CONTENT = ROOT / "tests" / "fixtures" / "valid"
FORGE_NEW = "https://github.com/observatoire-du-partage/centre-de-ressources/new/main/"
"""What mkdocs.yml's ``extra.observatoire.edition`` (…/edit/main/) gives for new files."""


@pytest.fixture(scope="session")
def proposer_site(tmp_path_factory) -> Path:
    return build_site_of(tmp_path_factory.mktemp("proposer") / "projet", CONTENT)


class Visit:
    """One page of the form in a fresh context; every request is recorded and
    anything that is not a local file is refused and counted."""

    def __init__(self, browser, site: Path, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith(("file:", "data:", "blob:")):
                r.continue_()
            else:
                self.refused.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto((site / "proposer.html").as_uri())

    @property
    def external(self) -> list[str]:
        return self.refused + [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, proposer_site):
    v = Visit(browser, proposer_site)
    yield v
    assert v.errors == [], v.errors
    v.close()
