"""The offline archive: a reproducible ``.zip`` of the whole built site.

Two runs on the same site folder with the same date give byte-identical
archives (with the same Python and zlib): members sorted by path, all under
one top folder ``root_name/``, no directory entries, every timestamp the build
date (UTC, clamped to 1980-01-01 .. 2107-12-31 as ZIP allows), every mode
``0o644`` (Unix), deflate level :data:`COMPRESS_LEVEL`, no comment, no extra
fields. Symbolic links, special files and anything resolving outside the site
folder are refused (:class:`ArchiveError`), so a link planted in the site can
never pull other files of the machine into a public download.

The archive is written to a temporary file next to ``zip_path`` and moved into
place only when complete. When ``zip_path`` lies inside the site folder it is
left out of itself.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

COMPRESS_LEVEL = 6
"""zlib's default: nearly the size of level 9 (pages are small and alike) at half the time."""
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
        date = date.astimezone(dt.timezone.utc).replace(tzinfo=None)
    date = min(max(date, ZIP_MIN), ZIP_MAX)
    return (date.year, date.month, date.day, date.hour, date.minute, date.second)


def _check_root_name(root_name: str) -> None:
    if not root_name or root_name in (".", "..") or "/" in root_name or "\\" in root_name or "\0" in root_name:
        raise ArchiveError(f"nom de dossier d'archive invalide : « {root_name} »")


def archive_members(site_dir: Path | str, exclude: set[Path] | None = None) -> list[tuple[str, Path]]:
    """``(relative POSIX path, absolute path)`` of every file of the site, sorted.

    Raises :class:`ArchiveError` on a symbolic link, a special file or a path
    resolving outside ``site_dir``.
    """
    root = Path(site_dir).resolve(strict=True)
    if not root.is_dir():
        raise ArchiveError(f"{site_dir} n'est pas un dossier")
    exclude = {p.resolve() for p in (exclude or set())}
    members = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise ArchiveError(
                    f"lien symbolique refusé dans le site : {rel} -> {os.readlink(path)} "
                    "(copiez le fichier au lieu d'un lien)"
                )
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise ArchiveError(f"fichier spécial refusé dans le site : {rel}")
            resolved = path.resolve(strict=True)
            if resolved != root and root not in resolved.parents:
                raise ArchiveError(f"{rel} désigne un fichier hors du site ({resolved})")
            if resolved in exclude:
                continue
            members.append((rel, resolved))
    members.sort(key=lambda m: m[0])
    return members


def write_archive(site_dir: Path | str, zip_path: Path | str, root_name: str, date: dt.datetime) -> ArchiveInfo:
    """Write the archive of ``site_dir`` to ``zip_path``, every file under ``root_name/``.

    ``date`` is the build date (see :mod:`observatoire.builddate`). Returns
    :func:`archive_info` of the result. Nothing is left at ``zip_path`` if it fails
    (a previous archive stays as it was).
    """
    _check_root_name(root_name)
    zip_path = Path(zip_path).absolute()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_prefix = f".{zip_path.name}."
    leftovers = {p for p in zip_path.parent.glob(f"{tmp_prefix}*.tmp")}
    members = archive_members(site_dir, exclude={zip_path, *leftovers})
    stamp = zip_datetime(date)
    fd, tmp_name = tempfile.mkstemp(prefix=tmp_prefix, suffix=".tmp", dir=zip_path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel, path in members:
                info = zipfile.ZipInfo(f"{root_name}/{rel}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so that the mode below is read
                info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
                archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED,
                                 compresslevel=COMPRESS_LEVEL)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, zip_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return archive_info(zip_path)


def archive_info(zip_path: Path | str) -> ArchiveInfo:
    """Size of the archive (bytes and French « 2,4 Mo ») and its number of files."""
    path = Path(zip_path)
    size = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        files = sum(1 for i in archive.infolist() if not i.is_dir())
    return ArchiveInfo(path, size, human_size(size), files)


def human_size(size: int) -> str:
    """French human size, decimal units: 512 octets, 2,4 Ko, 12,3 Mo, 145 Mo, 1,2 Go."""
    if size < 1000:
        return f"{size} octet{'s' if size > 1 else ''}"
    units = ("Ko", "Mo", "Go", "To")
    for power, unit in enumerate(units, start=1):
        value = size / 1000**power
        text = f"{value:.1f}" if value < 99.95 else f"{value:.0f}"
        if float(text) < 1000 or unit == units[-1]:
            text = text.removesuffix(".0").replace(".", ",")
            return f"{text} {unit}"
    raise AssertionError("unreachable")
