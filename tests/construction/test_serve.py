"""`mkdocs serve`: an edited record shows after reload (the hook module is not
reloaded by serve; records are read again on each rebuild), and a record that
breaks makes every page list the problems, then the page comes back by itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.sitebuild import SAMPLE_CONTENT, make_project

FIXTURE = SAMPLE_CONTENT
RECORD = "content/initiatives/jardins-partages-fictifs.yml"
TITLE = "Jardins partagés fictifs de Valcourt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _title(url: str) -> str | None:
    try:
        html = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return None
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0] if "<h1>" in html else None


def _wait_for(url: str, expected: str, seconds: float = 60) -> str | None:
    deadline = time.monotonic() + seconds
    title = None
    while time.monotonic() < deadline:
        title = _title(url)
        if title == expected:
            break
        time.sleep(0.5)
    return title


@pytest.fixture
def served(tmp_path):
    """(project, base address, server log file) of ``mkdocs serve`` on a free port."""
    project = make_project(tmp_path / "projet", FIXTURE)
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield project, f"http://127.0.0.1:{port}/", log
            assert server.poll() is None, "le serveur s'est arrêté :\n" + log.read_text("utf-8")
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_serve_shows_an_edited_record_after_reload(served):
    project, base, _ = served
    url = base + "initiatives/jardins-partages-fictifs.html"
    assert _wait_for(url, TITLE) == TITLE
    record = project / RECORD
    record.write_text(
        record.read_text("utf-8").replace(f"titre: {TITLE}", "titre: Jardins partagés fictifs, titre modifié"), "utf-8"
    )
    assert _wait_for(url, "Jardins partagés fictifs, titre modifié") == "Jardins partagés fictifs, titre modifié"


def test_a_broken_record_shows_its_problems_on_every_page_until_fixed(served, browser):
    project, base, log = served
    url = base + "initiatives/jardins-partages-fictifs.html"
    assert _wait_for(url, TITLE) == TITLE
    tab = browser.new_page()
    try:
        tab.goto(url)
        assert tab.locator("h1").first.inner_text() == TITLE
        record = project / RECORD
        good = record.read_text("utf-8")
        problems = tab.locator(".obs-problemes li")

        # An unknown field and values outside their vocabulary, one of them markup:
        # the open page reloads by itself.
        broken = (
            good.replace("statut: en-cours", "statut: en-cour")
            .replace("debut: 2019-04", "debut: 2019-04\nbudjet: 100")
            .replace("echelon: commune", 'echelon: "<img src=x onerror=alert(1)>"')
        )
        record.write_text(broken, "utf-8")
        problems.first.wait_for(timeout=60_000)
        lines = problems.all_inner_texts()
        assert lines == [
            f"{RECORD}:15:1: echelon: « <img src=x onerror=alert(1)> » n'est pas dans le vocabulaire "
            "« Échelons d'action publique » — valeurs possibles : commune, intercommunalite, departement, region, "
            "etat, europe-international (liste complète : schema/vocabulaires/echelons.yml)",
            f"{RECORD}:19:1: statut: « en-cour » n'est pas dans le vocabulaire « Statuts d'une initiative » — "
            "vouliez-vous dire « en-cours » ? (liste complète : schema/vocabulaires/statuts.yml)",
            f"{RECORD}:21:1: budjet: champ inconnu « budjet » — vouliez-vous dire « budget » ?",
        ]
        # Escaped as text: the value is shown, nothing runs.
        assert tab.evaluate("document.querySelectorAll('img').length") == 0
        assert "3 problèmes dans 1 fichier" in tab.locator("h1").inner_text()
        # Every page of the site, and pages that do not exist, say the same.
        for other in ("index.html", "recherche.html", "index/themes.html", "acteurs/ville-fictive-de-valcourt.html"):
            html = urllib.request.urlopen(base + other, timeout=5).read().decode("utf-8")
            assert "budjet: champ inconnu « budjet »" in html and "« &lt;img src=x" in html

        # A YAML syntax error.
        record.write_text(
            good.replace("themes: [alimentation, environnement]", "themes: [alimentation, environnement"), "utf-8"
        )
        tab.wait_for_function(
            "document.querySelector('.obs-problemes li') && !document.body.innerText.includes('budjet')", timeout=60_000
        )
        [line] = problems.all_inner_texts()
        assert line.startswith(f"{RECORD}:") and "—" in line

        # Fixed: the page comes back by itself.
        record.write_text(good, "utf-8")
        tab.wait_for_function(
            f"document.querySelector('h1') && document.querySelector('h1').innerText === {TITLE!r}", timeout=60_000
        )
    finally:
        tab.close()
    output = log.read_text("utf-8")
    assert "Traceback" not in output
    assert "appear stuck" not in output
    assert f"{RECORD}:21:1: budjet: champ inconnu" in output
