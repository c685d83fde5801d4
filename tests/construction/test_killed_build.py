"""A build killed mid-way (``kill -9``) leaves nothing behind: its worker processes
end with it, and the next build removes the folders it left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from observatoire.records.synthetic import write_synthetic
from tests.sitebuild import make_project


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped by whoever adopted it, is not)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "build").iterdir() if p.name != "site")


def test_a_killed_build_leaves_no_process_and_the_next_build_no_folder(tmp_path):
    content = tmp_path / "contenu"
    write_synthetic(content, 500, words=60)  # enough for the records to be read by several workers
    project = make_project(tmp_path / "projet", content)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1735689600"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]

    build = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    try:
        # The background worker (search and open data) runs while the engine writes the pages.
        while time.monotonic() < deadline and build.poll() is None:
            workers |= _children(build.pid)
            staged = (project / "build").is_dir() and any(".site.staging-" in n for n in _leftovers(project))
            if workers and staged:
                break
            time.sleep(0.02)
        assert build.poll() is None, "la construction a fini avant d'avoir pu être interrompue"
        assert workers, "aucun processus auxiliaire vu"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
    finally:
        if build.poll() is None:
            build.kill()

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "un processus auxiliaire a survécu à la construction"
    left = _leftovers(project)
    assert any(".site.staging-" in name for name in left), left

    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == []
    assert (project / "build" / "site" / "index.html").is_file()
