"""The build date: one instant, fixed by the sources, never read from the clock.

Every dated output (JSON exports, calendar DTSTAMP, Atom ``updated``, archive
timestamps) uses it, so that building the same sources twice gives the same
bytes. In order:

1. ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/),
   if set: seconds since 1970-01-01 UTC;
2. the date of the last git commit of the project (``git log -1 --format=%ct``);
3. the newest ``derniere_revision`` of the records (midnight UTC; a year or a
   month counts as its first day);
4. 1980-01-01 UTC (the earliest date a ZIP file can hold) when there is nothing
   else: an empty project outside git.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from observatoire.records.models.types import date_key

if TYPE_CHECKING:
    from observatoire.records.catalog import Catalog

ENV_VAR = "SOURCE_DATE_EPOCH"
FALLBACK = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def build_datetime(project_root: Path | str, catalog: Catalog | None = None) -> dt.datetime:
    """The build date of the project at ``project_root``, timezone-aware, in UTC.

    ``catalog`` (optional) gives the records for the last fallback; without it
    the record files under ``project_root/content`` are read (not validated).
    Raises :class:`ValueError` if ``SOURCE_DATE_EPOCH`` is set but is not an integer.
    """
    return resolve_build_datetime(project_root, catalog)[0]


def resolve_build_datetime(project_root: Path | str, catalog: Catalog | None = None) -> tuple[dt.datetime, str]:
    """Like :func:`build_datetime`, with where the date came from:
    ``"SOURCE_DATE_EPOCH"``, ``"git"``, ``"derniere_revision"`` or ``"défaut"``."""
    root = Path(project_root)
    raw = os.environ.get(ENV_VAR, "").strip()
    if raw:
        try:
            seconds = int(raw)
        except ValueError:
            raise ValueError(f"{ENV_VAR}={raw!r} n'est pas un nombre entier de secondes depuis 1970") from None
        return _from_epoch(seconds), ENV_VAR
    seconds = _git_commit_epoch(root)
    if seconds is not None:
        return _from_epoch(seconds), "git"
    newest = _newest_revision(root, catalog)
    if newest is not None:
        return newest, "derniere_revision"
    return FALLBACK, "défaut"


def _from_epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _git_commit_epoch(root: Path) -> int | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = result.stdout.strip()
    if result.returncode != 0 or not out.isdigit():
        return None
    return int(out)


def _newest_revision(root: Path, catalog: Catalog | None) -> dt.datetime | None:
    if catalog is not None:
        values = [
            getattr(entry.record, "derniere_revision", None)
            for entries in (catalog.initiatives, catalog.events, catalog.actors)
            for entry in entries.values()
        ]
    else:
        values = _revisions_from_files(root / "content")
    keys = []
    for value in values:
        if not isinstance(value, str):
            continue
        try:
            keys.append(dt.datetime(*date_key(value), tzinfo=dt.UTC))
        except ValueError:
            continue
    return max(keys) if keys else None


def _revisions_from_files(content_dir: Path) -> list:
    from observatoire.records.catalog import record_files
    from observatoire.records.source import RECORD_SUFFIXES, read_source

    out = []
    if not content_dir.is_dir():
        return out
    for _kind, path in record_files(content_dir):
        if path.suffix.lower() not in RECORD_SUFFIXES:
            continue
        value = (read_source(path, str(path)).data or {}).get("derniere_revision")
        if isinstance(value, (dt.date, int)) and not isinstance(value, bool):
            value = value.isoformat() if isinstance(value, dt.date) else str(value)
        if isinstance(value, str) and _PARTIAL_DATE.match(value.strip()):
            out.append(value.strip())  # a wrong date is the validator's business: skipped below
    return out
