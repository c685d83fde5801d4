"""Atomic publication: build into a staging place next to the destination,
swap it in only when everything succeeded.

A failing build (an exception, content that does not validate) then leaves the
last good site and archive exactly as they were.

Usage as a context manager (commit on success, abort on exception)::

    with Publication() as pub:
        site = pub.directory(Path("site"))        # empty staging folder
        zip_tmp = pub.file(Path("build/observatoire.zip"))  # staging file path
        build_site_into(site)
        write_archive(site, zip_tmp, "observatoire-du-partage", date)
    # here "site" and "build/observatoire.zip" are the new ones

Or step by step, e.g. from MkDocs hooks (``on_config`` stages and points
``site_dir`` at the staging folder, ``on_post_build`` validates and commits,
``on_build_error`` aborts)::

    pub = Publication()
    staging = pub.directory(Path(config.site_dir)); config.site_dir = str(staging)
    ...
    pub.commit()   # or pub.abort()

Staged places are siblings of their destination (same filesystem, so the swap
is a rename): ``.<name>.staging-XXXX``; a scratch folder for work in progress
(:meth:`Publication.scratch`) is ``.<name>.scratch-XXXX``. Each holds a lock
(``fcntl.flock`` on a sibling ``….lock`` file) for as long as its build runs:
a build killed mid-way (``kill -9``) leaves them behind, and the next
publication of the same destination removes every one whose lock is free
(:func:`remove_leftovers`), never one of a build still running. On commit every destination is moved
aside (``.<name>.old-XXXX``) and its staging renamed to it; if any rename
fails, the ones already done are undone. Only then are the old versions
deleted. For a directory the destination is briefly absent between the two
renames (a few microseconds); a file is replaced atomically (``os.replace``).
A staged directory gets the mode of the directory it replaces (``0o755`` for a
new one), a staged file ``0o644``: temporary files are created private.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DIR_MODE = 0o755
FILE_MODE = 0o644


class PublishError(Exception):
    pass


@dataclass
class _Target:
    dest: Path
    staging: Path
    is_dir: bool


class Publication:
    """A set of destinations (folders and files) published together."""

    def __init__(self) -> None:
        self._targets: list[_Target] = []
        self._scratch: list[Path] = []
        self._locks: dict[Path, int] = {}
        self._cleaned: set[Path] = set()
        self._done = False

    def _holder(self, dest: Path, role: str) -> Path:
        """A new folder ``.<name>.<role>-XXXX`` beside ``dest``, locked for this process;
        the leftovers of dead builds beside ``dest`` are removed first."""
        if dest not in self._cleaned:
            remove_leftovers(dest)
            self._cleaned.add(dest)
        holder, fd = _locked_holder(dest.parent, f".{dest.name}.{role}-")
        self._locks[holder] = fd
        return holder

    def _release(self, holder: Path) -> None:
        fd = self._locks.pop(holder, None)
        if fd is not None:
            Path(str(holder) + LOCK_SUFFIX).unlink(missing_ok=True)
            os.close(fd)

    # -- staging ---------------------------------------------------------------

    def directory(self, dest: Path | str) -> Path:
        """An empty staging folder that will replace the folder ``dest``."""
        dest = self._check(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = self._holder(dest, "staging")
        self._targets.append(_Target(dest, staging, True))
        return staging

    def scratch(self, beside: Path | str) -> Path:
        """An empty folder beside ``beside`` for work in progress, removed when the
        publication ends (committed or not)."""
        if self._done:
            raise PublishError("publication déjà terminée")
        beside = Path(beside).absolute()
        beside.parent.mkdir(parents=True, exist_ok=True)
        holder = self._holder(beside, "scratch")
        self._scratch.append(holder)
        return holder

    def file(self, dest: Path | str) -> Path:
        """A staging path (not created) that will replace the file ``dest``."""
        dest = self._check(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        holder = self._holder(dest, "staging")
        staging = holder / dest.name
        self._targets.append(_Target(dest, staging, False))
        return staging

    @property
    def staged(self) -> dict[Path, Path]:
        """Destination -> staging path."""
        return {t.dest: t.staging for t in self._targets}

    def _check(self, dest: Path | str) -> Path:
        if self._done:
            raise PublishError("publication déjà terminée")
        dest = Path(dest).absolute()
        if any(t.dest == dest for t in self._targets):
            raise PublishError(f"{dest} est déjà en préparation")
        return dest

    # -- ending ------------------------------------------------------------------

    def commit(self) -> None:
        """Swap every staged place into its destination; all or nothing."""
        if self._done:
            raise PublishError("publication déjà terminée")
        for t in self._targets:
            if not t.staging.exists():
                self.abort()
                raise PublishError(f"rien n'a été préparé pour {t.dest}")
            if t.is_dir:
                mode = (t.dest.stat().st_mode & 0o7777) if t.dest.is_dir() else DIR_MODE
                os.chmod(t.staging, mode)
            else:
                os.chmod(t.staging, FILE_MODE)
        swapped: list[tuple[_Target, Path | None]] = []
        try:
            for t in self._targets:
                swapped.append((t, self._swap(t)))
        except BaseException:
            for t, old in reversed(swapped):
                self._restore(t, old)
            self.abort()
            raise
        self._done = True
        for t, old in swapped:
            if old is not None:
                shutil.rmtree(old.parent, ignore_errors=True)
                self._release(old.parent)
            if not t.is_dir:
                shutil.rmtree(t.staging.parent, ignore_errors=True)
            self._release(t.staging if t.is_dir else t.staging.parent)
        self._end_scratch()

    def _end_scratch(self) -> None:
        for holder in self._scratch:
            shutil.rmtree(holder, ignore_errors=True)
            self._release(holder)
        self._scratch = []

    def _aside(self, dest: Path) -> Path:
        return self._holder(dest, "old") / dest.name

    def _swap(self, t: _Target) -> Path | None:
        """Put the staged version in place; return where the old one was kept."""
        old = None
        if t.is_dir:
            if t.dest.exists() or t.dest.is_symlink():
                old = self._aside(t.dest)
                os.rename(t.dest, old)
            try:
                os.rename(t.staging, t.dest)
            except BaseException:
                if old is not None:
                    os.rename(old, t.dest)
                    shutil.rmtree(old.parent, ignore_errors=True)
                    self._release(old.parent)
                raise
            return old
        if t.dest.exists():
            old = self._aside(t.dest)
            try:
                os.link(t.dest, old)  # the old file stays in place until replaced
            except OSError:
                shutil.copy2(t.dest, old)
        try:
            os.replace(t.staging, t.dest)
        except BaseException:
            if old is not None:
                shutil.rmtree(old.parent, ignore_errors=True)
                self._release(old.parent)
            raise
        return old

    def _restore(self, t: _Target, old: Path | None) -> None:
        if t.is_dir:
            if t.dest.is_symlink() or t.dest.is_file():
                t.dest.unlink()
            elif t.dest.exists():
                shutil.rmtree(t.dest, ignore_errors=True)
            if old is not None:
                os.rename(old, t.dest)
        elif old is not None:
            os.replace(old, t.dest)
        else:
            t.dest.unlink(missing_ok=True)
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
            self._release(old.parent)

    def abort(self) -> None:
        """Delete every staged place; destinations stay untouched."""
        for t in self._targets:
            holder = t.staging if t.is_dir else t.staging.parent
            if holder.exists():
                shutil.rmtree(holder, ignore_errors=True)
            self._release(holder)
        self._end_scratch()
        self._done = True

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._done:
            return
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def publish_directory(dest: Path | str):
    """Shortcut: ``with publish_directory(site) as staging: ...`` for one folder."""
    return _OneDirectory(Path(dest))


class _OneDirectory:
    def __init__(self, dest: Path):
        self._pub = Publication()
        self._dest = dest

    def __enter__(self) -> Path:
        return self._pub.directory(self._dest)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._pub.__exit__(exc_type, exc, tb)


LOCK_SUFFIX = ".lock"
UNLOCKED_GRACE_SECONDS = 60
"""A folder with no lock file (left by an older version) is removed only this
long after it was made."""


def _locked_holder(parent: Path, prefix: str) -> tuple[Path, int]:
    """A new folder ``<prefix>XXXX`` in ``parent`` and the lock of its sibling
    ``<prefix>XXXX.lock``, taken for this process: the lock file is made and locked
    before the folder, so no folder of a running build is ever without its lock.
    The system frees the lock when the process ends, however it ends."""
    while True:
        fd, lock = tempfile.mkstemp(prefix=prefix, suffix=LOCK_SUFFIX, dir=parent)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else holds it
        try:
            kept = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            kept = False  # removed meanwhile as the lock of no folder: take another name
        if kept:
            break
        os.close(fd)
    holder = Path(lock[: -len(LOCK_SUFFIX)])
    holder.mkdir(mode=0o700)
    return holder, fd


def _lock_is_free(lock: Path) -> bool | None:
    """Whether no running process holds ``lock``; None when there is no such file."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def _owner_alive(holder: Path) -> bool:
    free = _lock_is_free(Path(str(holder) + LOCK_SUFFIX))
    if free is not None:
        return not free
    try:
        return time.time() - holder.lstat().st_mtime < UNLOCKED_GRACE_SECONDS
    except FileNotFoundError:
        return True  # gone meanwhile: nothing to do


def remove_leftovers(dest: Path | str) -> list[Path]:
    """Delete the staging, old and scratch folders of ``dest`` left by builds that
    are no longer running (whose lock is free); those of a running build stay.
    Returns what was removed."""
    dest = Path(dest).absolute()
    removed: list[Path] = []
    if not dest.parent.is_dir():
        return removed
    for role in ("staging", "old", "scratch"):
        for path in sorted(dest.parent.glob(f".{dest.name}.{role}-*")):
            if path.name.endswith(LOCK_SUFFIX) or _owner_alive(path):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            Path(str(path) + LOCK_SUFFIX).unlink(missing_ok=True)
            removed.append(path)
    for lock in dest.parent.glob(f".{dest.name}.*-*{LOCK_SUFFIX}"):  # locks whose folder is gone
        if not Path(str(lock)[: -len(LOCK_SUFFIX)]).exists() and _lock_is_free(lock):
            lock.unlink(missing_ok=True)
    return removed
