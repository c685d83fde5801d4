from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from observatoire.build.publish import Publication, PublishError, publish_directory, remove_leftovers


@pytest.fixture
def live(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ancien", encoding="utf-8")
    archive = tmp_path / "observatoire.zip"
    archive.write_bytes(b"ancienne archive")
    return site, archive


def siblings(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir())


class BuildFailed(Exception):
    pass


def test_failure_keeps_the_old_site_and_archive(live, tmp_path):
    site, archive = live
    with pytest.raises(BuildFailed):
        with Publication() as pub:
            staging = pub.directory(site)
            (staging / "index.html").write_text("nouveau", encoding="utf-8")
            pub.file(archive).write_bytes(b"nouvelle archive")
            raise BuildFailed("la validation a échoué")
    assert (site / "index.html").read_text("utf-8") == "ancien"
    assert archive.read_bytes() == b"ancienne archive"
    assert siblings(tmp_path) == ["observatoire.zip", "site"]  # no staging left


def test_success_swaps_everything(live, tmp_path):
    site, archive = live
    with Publication() as pub:
        staging = pub.directory(site)
        assert staging.parent == site.parent and staging != site and not any(staging.iterdir())
        (staging / "index.html").write_text("nouveau", encoding="utf-8")
        (staging / "page.html").write_text("page", encoding="utf-8")
        pub.file(archive).write_bytes(b"nouvelle archive")
        assert (site / "index.html").read_text("utf-8") == "ancien"  # untouched until commit
    assert (site / "index.html").read_text("utf-8") == "nouveau"
    assert (site / "page.html").exists()
    assert archive.read_bytes() == b"nouvelle archive"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755  # mkdtemp's 0o700 not kept
    assert stat.S_IMODE(archive.stat().st_mode) == 0o644
    assert siblings(tmp_path) == ["observatoire.zip", "site"]


def test_first_publication(tmp_path):
    with publish_directory(tmp_path / "public" / "site") as staging:
        (staging / "index.html").write_text("premier", encoding="utf-8")
    assert (tmp_path / "public" / "site" / "index.html").read_text("utf-8") == "premier"


def test_explicit_steps_and_abort(live, tmp_path):
    site, _ = live
    pub = Publication()
    staging = pub.directory(site)
    (staging / "index.html").write_text("nouveau", encoding="utf-8")
    pub.abort()
    assert not staging.exists()
    assert (site / "index.html").read_text("utf-8") == "ancien"
    with pytest.raises(PublishError):
        pub.commit()


def test_failure_during_commit_rolls_back(live, tmp_path, monkeypatch):
    site, archive = live
    pub = Publication()
    (pub.directory(site) / "index.html").write_text("nouveau", encoding="utf-8")
    pub.file(archive).write_bytes(b"nouvelle archive")
    real_swap = Publication._swap
    calls = []

    def swap_then_fail(self, target):
        calls.append(target.dest)
        if len(calls) == 2:
            raise OSError("disque plein")
        return real_swap(self, target)

    monkeypatch.setattr(Publication, "_swap", swap_then_fail)
    with pytest.raises(OSError):
        pub.commit()
    assert (site / "index.html").read_text("utf-8") == "ancien"
    assert archive.read_bytes() == b"ancienne archive"
    assert siblings(tmp_path) == ["observatoire.zip", "site"]


def test_nothing_staged_for_a_file_is_an_error(live, tmp_path):
    site, archive = live
    pub = Publication()
    pub.directory(site)
    pub.file(archive)  # never written
    with pytest.raises(PublishError):
        pub.commit()
    assert archive.read_bytes() == b"ancienne archive"
    assert siblings(tmp_path) == ["observatoire.zip", "site"]


def _killed_build(site: Path) -> None:
    """A build killed mid-way: a process stages a folder and a scratch folder, then dies
    without cleaning up."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        pub = Publication()
        (pub.directory(site) / "index.html").write_text("à moitié", "utf-8")
        pub.scratch(site)
        os._exit(0)
    os.waitpid(pid, 0)


def test_the_next_publication_removes_what_dead_builds_left_and_nothing_of_a_running_one(live, tmp_path):
    site, _ = live
    _killed_build(site)
    _killed_build(site)  # removed what the first left
    left = siblings(tmp_path)
    assert len([n for n in left if ".staging-" in n and not n.endswith(".lock")]) == 1
    assert len([n for n in left if ".scratch-" in n and not n.endswith(".lock")]) == 1
    running = Publication()
    running.directory(site)  # removes the dead builds' folders first
    assert len([n for n in siblings(tmp_path) if ".staging-" in n]) == 2  # its folder and its lock
    assert not [n for n in siblings(tmp_path) if ".scratch-" in n]
    assert remove_leftovers(site) == []  # a running build's staging stays
    running.abort()
    assert siblings(tmp_path) == ["observatoire.zip", "site"]


def test_remove_leftovers_leaves_a_young_unlocked_folder(live, tmp_path):
    site, _ = live
    young = tmp_path / ".site.old-abc"
    young.mkdir()  # as a build makes it, just before taking its lock
    assert remove_leftovers(site) == []
    os.utime(young, (time.time() - 3600, time.time() - 3600))
    assert remove_leftovers(site) == [young]
    assert siblings(tmp_path) == ["observatoire.zip", "site"]
