"""The offline archive: a reproducible ``.zip`` of the whole built site.

Two runs on the same site folder with the same date give byte-identical
archives (with the same Python and zlib-ng), whatever the number of threads:
members sorted by path, all under one top folder ``root_name/``, no directory
entries, every timestamp the build date (UTC, clamped to 1980-01-01 ..
2107-12-31 as ZIP allows), every mode ``0o644`` (Unix), deflate level
:data:`COMPRESS_LEVEL`, no comment, no extra fields (but the ZIP64 ones the
format requires past 2 GiB or 65,535 files). Symbolic links, special files and
anything resolving outside the site folder are refused (:class:`ArchiveError`),
so a link planted in the site can never pull other files of the machine into a
public download.

The archive is written to a temporary file next to ``zip_path`` and moved into
place only when complete. When ``zip_path`` lies inside the site folder it is
left out of itself.

Members are deflated by zlib-ng (pinned): standard deflate streams, in half
zlib's time for the same size. A few threads read and deflate them (zlib-ng
releases the GIL), a bounded number of small batches ahead of the writer, so
memory holds no more than those batches and one whole file per thread; the
main thread writes them in order. The ZIP structures are written here rather
than by :mod:`zipfile`, which cannot take already-compressed data, with the
very layout ``zipfile`` of Python 3.11 gives to ``writestr`` of a
:class:`zipfile.ZipInfo` (same bytes as the former serial writer): version 2.0
(4.5 with ZIP64), flag 0x800 only for non-ASCII names, sizes and CRC in the
local header (no data descriptor), ZIP64 past ``zipfile.ZIP64_LIMIT`` (2 GiB - 1,
as some readers take these fields as signed) and past 65,535 entries. Every
member is deflated, even one that deflate makes slightly larger.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import errno
import os
import stat
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from zlib_ng import zlib_ng

COMPRESS_LEVEL = 5
"""Measured on the pages of a 10,000-initiative site with zlib-ng: 0.7 % larger than
level 6 in 80 % of its time (level 4: 3 % larger in 74 %; level 9 hardly smaller)."""
FILE_MODE = 0o644
ZIP_MIN = dt.datetime(1980, 1, 1)
ZIP_MAX = dt.datetime(2107, 12, 31, 23, 59, 58)

MAX_WORKERS = 4
"""Deflating threads at most (fewer when fewer cores are available)."""
READ_CHUNK = 1 << 20
"""Files are read by pieces of this size, then deflated whole (the output does not depend on it)."""
BATCH_BYTES = 1 << 20
BATCH_FILES = 128
"""A task of a deflating thread: consecutive members up to about this many bytes or files."""
BATCHES_AHEAD = 4
"""Batches in flight per thread: bounds the memory to a few MiB beyond the largest file."""

# ZIP records, as zipfile writes them (APPNOTE.TXT 4.3).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_END64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile.ZIP64_LIMIT
_FILECOUNT_LIMIT = 0xFFFF
_VERSION = 20  # 2.0: deflate
_VERSION_ZIP64 = 45
_UNIX = 3
_DEFLATED = 8
_UTF8_NAME = 0x800
_EXTERNAL_ATTR = (stat.S_IFREG | FILE_MODE) << 16


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
    return [(rel, path) for rel, path, _ in _site_files(site_dir, exclude)]


def _site_files(site_dir: Path | str, exclude: set[Path] | None = None) -> list[tuple[str, Path, int]]:
    """:func:`archive_members` with the size of each file.

    One ``lstat`` per file (none per folder: ``scandir`` tells links and
    folders apart) and one ``resolve`` per folder rather than per file: as every
    entry met is checked not to be a link, a file of a folder that resolves
    inside the site resolves inside the site too.
    """
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
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    raise ArchiveError(f"fichier spécial refusé dans le site : {rel}")
                path = resolved_folder / entry.name
                if path in exclude:
                    continue
                members.append((rel, path, info.st_size))
    members.sort(key=lambda m: m[0])
    return members


def write_archive(
    site_dir: Path | str, zip_path: Path | str, root_name: str, date: dt.datetime, *, workers: int | None = None
) -> ArchiveInfo:
    """Write the archive of ``site_dir`` to ``zip_path``, every file under ``root_name/``.

    ``date`` is the build date (see :mod:`observatoire.build.builddate`). Returns
    :func:`archive_info` of the result. Nothing is left at ``zip_path`` if it fails
    (a previous archive stays as it was). ``workers``: deflating threads, by
    default one per available core up to :data:`MAX_WORKERS`; the bytes written
    do not depend on it.
    """
    _check_root_name(root_name)
    zip_path = Path(zip_path).absolute()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_prefix = f".{zip_path.name}."
    leftovers = {p for p in zip_path.parent.glob(f"{tmp_prefix}*.tmp")}
    members = _site_files(site_dir, exclude={zip_path, *leftovers})
    names = [_encode_name(f"{root_name}/{rel}") for rel, _, _ in members]
    workers = _default_workers() if workers is None else max(1, workers)
    fd, tmp_name = tempfile.mkstemp(prefix=tmp_prefix, suffix=".tmp", dir=zip_path.parent)
    tmp = Path(tmp_name)
    try:
        # closing: on an error of the writer, stop the threads before leaving
        with os.fdopen(fd, "wb") as out, contextlib.closing(_deflated(members, workers)) as deflated:
            _write_zip(out, names, deflated, zip_datetime(date))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, zip_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return archive_info(zip_path)


def _default_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def _encode_name(name: str) -> tuple[bytes, int]:
    """The member name as written and its flag bits: ASCII, else UTF-8 with flag 0x800 (as zipfile)."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8"), _UTF8_NAME
    except UnicodeEncodeError:  # undecodable bytes in a file name (surrogate escapes)
        raise ArchiveError(f"nom de fichier qui n'est pas de l'UTF-8 valide : {name!r}") from None


def _deflate(path: Path) -> tuple[int, int, bytes]:
    """``(CRC-32, size, raw deflate stream)`` of the file at ``path``, read by pieces.

    Opened without following a link, and checked to be a regular file again, in
    case the site changed since it was listed.
    """
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_RDONLY | nofollow | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if nofollow and error.errno == errno.ELOOP:
            raise ArchiveError(f"lien symbolique refusé dans le site : {path}") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ArchiveError(f"{path} n'est plus un fichier ordinaire")
        data = bytearray()
        while chunk := os.read(fd, READ_CHUNK):
            data += chunk
    finally:
        os.close(fd)
    # in one call: zlib-ng's stream, unlike zlib's, depends on how the input is cut
    compressor = zlib_ng.compressobj(COMPRESS_LEVEL, zlib_ng.DEFLATED, -15)
    return zlib_ng.crc32(data), len(data), compressor.compress(data) + compressor.flush()


def _deflate_batch(paths: list[Path]) -> list[tuple[int, int, bytes]]:
    return [_deflate(path) for path in paths]


def _batches(members: list[tuple[str, Path, int]]) -> Iterator[list[Path]]:
    """Consecutive members, by :data:`BATCH_BYTES` / :data:`BATCH_FILES` (a larger file alone)."""
    batch: list[Path] = []
    batch_bytes = 0
    for _, path, size in members:
        if batch and (batch_bytes + size > BATCH_BYTES or len(batch) >= BATCH_FILES):
            yield batch
            batch, batch_bytes = [], 0
        batch.append(path)
        batch_bytes += size
    if batch:
        yield batch


def _deflated(members: list[tuple[str, Path, int]], workers: int) -> Iterator[tuple[int, int, bytes]]:
    """:func:`_deflate` of every member, in order, by ``workers`` threads a few batches ahead."""
    batches = _batches(members)
    if workers == 1:
        for batch in batches:
            yield from _deflate_batch(batch)
        return
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="archive")
    try:
        pending: collections.deque[concurrent.futures.Future] = collections.deque()
        for batch in batches:
            if len(pending) >= BATCHES_AHEAD * workers:
                yield from pending.popleft().result()
            pending.append(pool.submit(_deflate_batch, batch))
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _write_zip(
    out, names: list[tuple[bytes, int]], deflated: Iterable[tuple[int, int, bytes]],
    stamp: tuple[int, int, int, int, int, int],
) -> None:
    """Write the ZIP of the already-deflated members to ``out``, as zipfile of Python 3.11 would."""
    year, month, day, hour, minute, second = stamp
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    central: list[bytes] = []
    offset = 0
    pending: list[bytes] = []
    pending_bytes = 0
    for (name, flags), (crc, size, data) in zip(names, deflated, strict=True):
        compressed = len(data)
        # Local header: zipfile chooses ZIP64 there before compressing, with a 5 % margin,
        # and then also marks the central entry as version 4.5.
        local_zip64 = size * 1.05 > _ZIP64_LIMIT
        if local_zip64:
            extra = struct.pack("<HHQQ", 1, 16, size, compressed)
            local = _LOCAL.pack(b"PK\x03\x04", _VERSION_ZIP64, 0, flags, _DEFLATED, dostime, dosdate, crc,
                                0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra)) + name + extra
        else:
            local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATED, dostime, dosdate, crc,
                                compressed, size, len(name), 0) + name
        # Central directory entry.
        zip64 = []
        central_sizes = (compressed, size)
        if size > _ZIP64_LIMIT or compressed > _ZIP64_LIMIT:
            zip64 += (size, compressed)
            central_sizes = (0xFFFFFFFF, 0xFFFFFFFF)
        header_offset = offset
        if offset > _ZIP64_LIMIT:
            zip64.append(offset)
            header_offset = 0xFFFFFFFF
        extra = struct.pack(f"<HH{len(zip64)}Q", 1, 8 * len(zip64), *zip64) if zip64 else b""
        version = _VERSION_ZIP64 if zip64 or local_zip64 else _VERSION
        central.append(
            _CENTRAL.pack(b"PK\x01\x02", version, _UNIX, version, 0, flags, _DEFLATED, dostime, dosdate,
                          crc, *central_sizes, len(name), len(extra), 0, 0, 0, _EXTERNAL_ATTR, header_offset)
            + name + extra
        )
        pending += (local, data)
        offset += len(local) + compressed
        pending_bytes += len(local) + compressed
        if pending_bytes >= BATCH_BYTES:
            out.write(b"".join(pending))
            pending.clear()
            pending_bytes = 0
    out.write(b"".join(pending))
    directory = b"".join(central)
    out.write(directory)
    count, size, start = len(central), len(directory), offset
    if count > _FILECOUNT_LIMIT or start > _ZIP64_LIMIT or size > _ZIP64_LIMIT:
        out.write(_END64.pack(b"PK\x06\x06", 44, _VERSION_ZIP64, _VERSION_ZIP64, 0, 0, count, count, size, start))
        out.write(_END64_LOCATOR.pack(b"PK\x06\x07", 0, start + size, 1))
        count, size, start = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(start, 0xFFFFFFFF)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))


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
