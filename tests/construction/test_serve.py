"""`mkdocs serve` shows an edited record after reload (the hook module is not
reloaded by serve; records are read again on each rebuild)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.sitebuild import make_project

FIXTURE = Path(__file__).resolve().parents[1] / "site" / "fixtures" / "content"


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


def test_serve_shows_an_edited_record_after_reload(tmp_path):
    project = make_project(tmp_path / "projet", FIXTURE)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/initiatives/jardins-partages-fictifs.html"
        assert _wait_for(url, "Jardins partagés fictifs de Valcourt") == "Jardins partagés fictifs de Valcourt"
        record = project / "content" / "initiatives" / "jardins-partages-fictifs.yml"
        record.write_text(record.read_text("utf-8").replace(
            "titre: Jardins partagés fictifs de Valcourt", "titre: Jardins partagés fictifs, titre modifié"), "utf-8")
        assert _wait_for(url, "Jardins partagés fictifs, titre modifié") == "Jardins partagés fictifs, titre modifié"
    finally:
        server.terminate()
        server.wait(timeout=20)
