"""The offline archive: a reproducible ``.zip`` of the whole built site.

Written by the standard library's :mod:`zipfile`. Two runs on the same site
folder with the same date give byte-identical archives (with the same Python
and zlib): members listed in path order (the central directory; the members
themselves lie in the order they were added, see :class:`ArchiveWriter`), all
under one top folder ``root_name/``, no
directory entries, every timestamp the build date (UTC, clamped to
1980-01-01 .. 2107-12-31 as ZIP allows), every mode ``0o644`` (Unix), deflate
level :data:`COMPRESS_LEVEL`, no comment, no extra fields (but the ZIP64 ones
``zipfile`` adds past 2 GiB or 65,535 files). Symbolic links, special files and
anything resolving outside the site folder are refused (:class:`ArchiveError`),
so a link planted in the site can never pull other files of the machine into a
public download.

The archive is written to a temporary file next to ``zip_path`` and moved into
place only when complete. When ``zip_path`` lies inside the site folder it is
left out of itself.

Members are read whole, one after the other, and deflated by zlib in the
thread that adds them: the simplest writer. It replaced a hand-written ZIP writer (zlib-ng,
several threads), which was kept only if it saved more than 15 % of a whole
build. Measured at 10,000 initiatives (555 MB of site, 15,340 files) on a
2-core machine shared with other work, December 2026:

- ``write_archive`` alone, 3 runs each, interleaved: hand-written 2.8-4.1 s
  (3.1-3.4 s of CPU), 104.0 MB; zipfile at level 5 5.6-6.6 s (5.0 s of CPU),
  105.2 MB; zipfile at zlib's default level 6 7.5-11.0 s (6.3 s of CPU), 103.7 MB.
- the archive step inside ``mkdocs build``, 4 interleaved pairs: hand-written
  median 3.8 s, zipfile median 6.4 s, in builds of 34 to 152 s.
- ``observatoire bench --initiatives 10000``, back to back: build 42.7 s
  (hand-written), 18.3 s (zipfile), 37.7 s, 31.5 s; peak RSS 707 MB for both.

So the hand-written writer saved about 2.5 s: 14 % of the quickest whole
build seen (18.3 s), 5 to 8 % of the usual ones; not enough to keep it.

The level: the site grew since (English pages, maps, compare data: 1.4 GB,
37,900 files at 10,000 initiatives), and the archive became the longest step
that uses one core only. ``write_archive`` alone on that site: level 5 11.1 s,
246.0 MB; level 3 7.5 s, 271.3 MB; level 2 7.0 s, 277.2 MB; level 1 6.7 s,
288.7 MB. Level 3 takes a third less time for a tenth more bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from observatoire.core.formats import file_size
from observatoire.core.i18n import DEFAULT_LANGUAGE, texts

COMPRESS_LEVEL = 3
"""zlib level: on the 10,000-initiative site, 10 % larger than level 5 in two thirds of its time (see above)."""
FILE_MODE = 0o644
ZIP_MIN = dt.datetime(1980, 1, 1)
ZIP_MAX = dt.datetime(2107, 12, 31, 23, 59, 58)


class ArchiveError(Exception):
    """The site folder cannot be archived safely (message in French)."""


@dataclass(frozen=True)
class ArchiveInfo:
    path: Path
    bytes: int
    size_fr: str
    """Human size in French, e.g. « 2,4 Mo » (decimal units: 1 Mo = 1 000 000 octets)."""
    files: int
    """Number of files in the archive."""


def zip_datetime(date: dt.datetime | dt.date) -> tuple[int, int, int, int, int, int]:
    """The ZIP timestamp of ``date``: its UTC wall time, clamped to what ZIP can hold."""
    if not isinstance(date, dt.datetime):
        date = dt.datetime(date.year, date.month, date.day)
    if date.tzinfo is not None:
        date = date.astimezone(dt.UTC).replace(tzinfo=None)
    date = min(max(date, ZIP_MIN), ZIP_MAX)
    return (date.year, date.month, date.day, date.hour, date.minute, date.second)


def _check_root_name(root_name: str) -> None:
    if not root_name or root_name in (".", "..") or "/" in root_name or "\\" in root_name or "\0" in root_name:
        raise ArchiveError(f"nom de dossier d'archive invalide : « {root_name} »")


def archive_members(site_dir: Path | str, exclude: set[Path] | None = None) -> list[tuple[str, Path]]:
    """``(relative POSIX path, absolute path)`` of every file of the site, sorted.

    Raises :class:`ArchiveError` on a symbolic link, a special file or a path
    resolving outside ``site_dir``. One ``resolve`` per folder rather than per
    file: as every entry met is checked not to be a link, a file of a folder
    that resolves inside the site resolves inside the site too.
    """
    return [(rel, path) for rel, path, _ in _listing(site_dir, exclude)]


def _listing(site_dir: Path | str, exclude: set[Path] | None = None) -> list[tuple[str, Path, os.stat_result]]:
    """:func:`archive_members`, with each file's ``stat``."""
    root = Path(site_dir).resolve(strict=True)
    if not root.is_dir():
        raise ArchiveError(f"{site_dir} n'est pas un dossier")
    exclude = {p.resolve() for p in (exclude or set())}
    members = []
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        resolved_folder = folder.resolve(strict=True)
        if resolved_folder != root and root not in resolved_folder.parents:
            raise ArchiveError(f"{prefix.rstrip('/')} désigne un dossier hors du site ({resolved_folder})")
        # unlike os.walk, an unreadable folder is an error, not a silent gap in the archive
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    raise ArchiveError(
                        f"lien symbolique refusé dans le site : {rel} -> {os.readlink(entry.path)} "
                        "(copiez le fichier au lieu d'un lien)"
                    )
                if entry.is_dir(follow_symlinks=False):
                    folders.append((folder / entry.name, rel + "/"))
                    continue
                status = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(status.st_mode):
                    raise ArchiveError(f"fichier spécial refusé dans le site : {rel}")
                path = resolved_folder / entry.name
                if path not in exclude:
                    members.append((rel, path, status))
    members.sort()
    return members


def write_archive(site_dir: Path | str, zip_path: Path | str, root_name: str, date: dt.datetime) -> ArchiveInfo:
    """Write the archive of ``site_dir`` to ``zip_path``, every file under ``root_name/``.

    ``date`` is the build date (see :mod:`observatoire.build.builddate`). Returns
    :func:`archive_info` of the result. Nothing is left at ``zip_path`` if it fails
    (a previous archive stays as it was).
    """
    return ArchiveWriter(site_dir, zip_path, root_name, date).close()


class ArchiveWriter:
    """The archive of ``site_dir`` (see :func:`write_archive`), written while the site is.

    :meth:`add` puts in files that are final already, in the order given; :meth:`close`
    puts in every other file of the site, sorted by path, checks that none of those
    added before has changed since (an :class:`ArchiveError` otherwise), and moves the
    archive into place, its members listed in path order. :meth:`abort` (or an exception
    in :meth:`close`) leaves nothing.

    The build adds the pages outside the navigation (nine pages in ten) chunk by chunk,
    in the chunks' order, while its workers write the next ones (``BuildSession.finish``):
    this process waits for them otherwise, and the archive then no longer runs alone
    on one core after the pages. The order of the members depends only on the content,
    so two builds of the same content still give the same bytes. Measured at 10,000
    initiatives (December 2026, 2 cores): written after the pages, the archive took 9.6 s
    with the other core idle (of a 55.3 s build); written with them, what is left for
    :meth:`close` (the pages MkDocs writes, the data, the search files: a tenth of the
    bytes) takes 2.0 s. The bench's build took 60.0 and 59.7 s in two benches against
    64.8 s before; its ratio to plain MkDocs, 1.43 and 1.77 (1.76 before), follows
    mostly the baseline, which took from 33.8 to 48.8 s on this machine that day.
    """

    def __init__(self, site_dir: Path | str, zip_path: Path | str, root_name: str, date: dt.datetime):
        _check_root_name(root_name)
        self.site_dir = Path(site_dir)
        self.root_name = root_name
        self.zip_path = Path(zip_path).absolute()
        self.zip_path.parent.mkdir(parents=True, exist_ok=True)
        tmp_prefix = f".{self.zip_path.name}."
        self._leftovers = set(self.zip_path.parent.glob(f"{tmp_prefix}*.tmp"))
        self._stamp = zip_datetime(date)
        self._added: dict[str, tuple[int, int]] = {}
        """Each file added by :meth:`add`: its size and modification time when read."""
        fd, tmp_name = tempfile.mkstemp(prefix=tmp_prefix, suffix=".tmp", dir=self.zip_path.parent)
        self._tmp = Path(tmp_name)
        try:
            self._out = os.fdopen(fd, "wb")
            self._zip = zipfile.ZipFile(self._out, "w")
        except BaseException:
            self.abort()
            raise

    def add(self, paths: list[str]) -> None:
        """Put in the files at ``paths`` (relative to the site, POSIX), which will not change."""
        try:
            for rel in paths:
                if rel in self._added or rel.startswith("/") or ".." in rel.split("/"):
                    raise ArchiveError(f"chemin à archiver invalide ou déjà archivé : {rel}")
                path = self.site_dir / rel
                self._write(rel, path)
                status = os.stat(path, follow_symlinks=False)
                self._added[rel] = (status.st_size, status.st_mtime_ns)
        except BaseException:
            self.abort()
            raise

    def close(self) -> ArchiveInfo:
        """Put in every file not added yet, sorted, and move the archive into place."""
        try:
            members = _listing(self.site_dir, exclude={self.zip_path, self._tmp, *self._leftovers})
            gone = sorted(set(self._added) - {rel for rel, _, _ in members})
            if gone:
                raise ArchiveError(f"{gone[0]} a disparu du site après avoir été archivé")
            for rel, path, status in members:
                if rel not in self._added:
                    self._write(rel, path)
                elif self._added[rel] != (status.st_size, status.st_mtime_ns):
                    raise ArchiveError(f"{rel} a changé après avoir été archivé")
            # The central directory, which is what readers list, in path order whatever the
            # order the members were written in: zipfile writes it from this list (the one
            # infolist() returns), each entry pointing at its member wherever it lies.
            self._zip.filelist.sort(key=lambda info: info.filename)
            self._zip.close()
            self._out.close()
            os.chmod(self._tmp, FILE_MODE)
            os.replace(self._tmp, self.zip_path)
        except BaseException:
            self.abort()
            raise
        return archive_info(self.zip_path)

    def abort(self) -> None:
        """Leave nothing (a previous archive at ``zip_path`` stays as it was)."""
        for closing in (getattr(self, "_zip", None), getattr(self, "_out", None)):
            if closing is not None:
                with contextlib.suppress(Exception):  # the temporary file goes anyway
                    closing.close()
        self._tmp.unlink(missing_ok=True)

    def _write(self, rel: str, path: Path) -> None:
        info = zipfile.ZipInfo(_member_name(self.root_name, rel), date_time=self._stamp)
        info.create_system = 3  # Unix, whatever the system: the mode below is read
        info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
        self._zip.writestr(info, _read_regular(path), compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)


def _member_name(root_name: str, rel: str) -> str:
    """``root_name/rel``, refused if it cannot be written in UTF-8 (undecodable bytes in a file name)."""
    name = f"{root_name}/{rel}"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ArchiveError(f"nom de fichier qui n'est pas de l'UTF-8 valide : {name!r}") from None
    return name


def _read_regular(path: Path) -> bytes:
    """The bytes of the file at ``path``, opened without following a link and
    checked to be a regular file again, in case the site changed since it was listed."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_RDONLY | nofollow | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if nofollow and error.errno == errno.ELOOP:
            raise ArchiveError(f"lien symbolique refusé dans le site : {path}") from None
        raise
    with open(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ArchiveError(f"{path} n'est plus un fichier ordinaire")
        return file.read()


def archive_info(zip_path: Path | str) -> ArchiveInfo:
    """Size of the archive (bytes and French « 2,4 Mo ») and its number of files."""
    path = Path(zip_path)
    size = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        files = sum(1 for i in archive.infolist() if not i.is_dir())
    return ArchiveInfo(path, size, human_size(size), files)


def human_size(size: int) -> str:
    """French human size, decimal units: 512 octets, 2,4 Ko, 12,3 Mo, 145 Mo, 1,2 Go (:func:`file_size`)."""
    return file_size(size, texts(DEFAULT_LANGUAGE))
