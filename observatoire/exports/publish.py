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
is a rename): ``.<name>.staging-XXXX``. On commit every destination is moved
aside (``.<name>.old-XXXX``) and its staging renamed to it; if any rename
fails, the ones already done are undone. Only then are the old versions
deleted. For a directory the destination is briefly absent between the two
renames (a few microseconds); a file is replaced atomically (``os.replace``).
A staged directory gets the mode of the directory it replaces (``0o755`` for a
new one), a staged file ``0o644``: temporary files are created private.
"""

from __future__ import annotations

import os
import shutil
import tempfile
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
        self._done = False

    # -- staging ---------------------------------------------------------------

    def directory(self, dest: Path | str) -> Path:
        """An empty staging folder that will replace the folder ``dest``."""
        dest = self._check(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.staging-", dir=dest.parent))
        self._targets.append(_Target(dest, staging, True))
        return staging

    def file(self, dest: Path | str) -> Path:
        """A staging path (not created) that will replace the file ``dest``."""
        dest = self._check(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        holder = Path(tempfile.mkdtemp(prefix=f".{dest.name}.staging-", dir=dest.parent))
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
            if not t.is_dir:
                shutil.rmtree(t.staging.parent, ignore_errors=True)

    @staticmethod
    def _aside(dest: Path) -> Path:
        return Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent)) / dest.name

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
            raise
        return old

    @staticmethod
    def _restore(t: _Target, old: Path | None) -> None:
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

    def abort(self) -> None:
        """Delete every staged place; destinations stay untouched."""
        for t in self._targets:
            holder = t.staging if t.is_dir else t.staging.parent
            if holder.exists():
                shutil.rmtree(holder, ignore_errors=True)
        self._done = True

    def __enter__(self) -> "Publication":
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


def remove_leftovers(dest: Path | str) -> list[Path]:
    """Delete staging and old folders of ``dest`` left by a build that was killed.

    Call it only when no other build of ``dest`` is running. Returns what was removed.
    """
    dest = Path(dest).absolute()
    removed = []
    if not dest.parent.is_dir():
        return removed
    for pattern in (f".{dest.name}.staging-*", f".{dest.name}.old-*"):
        for path in sorted(dest.parent.glob(pattern)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed
