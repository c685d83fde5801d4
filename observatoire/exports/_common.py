"""Helpers shared by the exporters: addresses, dates, licence, writing files."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from observatoire.core.addresses import normalize_site_url, site_address, site_host  # noqa: F401 (re-exported)
from observatoire.records.jsonld import SITE_NAME  # noqa: F401 (re-exported)

DATA_DIR = "donnees"
"""Folder of the open data files, under the site folder."""

DEFAULT_UID_DOMAIN = "observatoire-du-partage"
"""Right-hand side of calendar UIDs when the site has no address (offline build)."""


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in UTC; a naive one is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def iso_utc(moment: dt.datetime) -> str:
    """RFC 3339, UTC, to the second: ``2025-06-14T12:00:00Z``."""
    return as_utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def partial_date_utc(value: str) -> dt.datetime:
    """A partial date (2024, 2024-11, 2024-11-05) as midnight UTC of its first day."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


_LICENCE_ID = re.compile(r"^[-a-zA-Z0-9._]+$")


def licence_id(licence: str) -> str | None:
    """The SPDX / Open Definition identifier of a licence name: « CC BY-SA 4.0 » -> ``CC-BY-SA-4.0``."""
    candidate = re.sub(r"\s+", "-", licence.strip())
    return candidate if _LICENCE_ID.match(candidate) else None


def json_text(data: Any) -> str:
    """Deterministic JSON: UTF-8 characters kept, 2-space indent, final newline.

    The text of ``json.dumps(data, ensure_ascii=False, indent=2)`` (tested), but
    for very small or large decimals (``0.00001`` where Python writes ``1e-05``),
    written by orjson: the standard library indents in pure Python, ten times
    slower (5 s for 10,000 initiatives). What orjson refuses (an integer beyond
    64 bits) goes through the standard library."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except TypeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Writer:
    """Writes files under the site folder and remembers what it wrote."""

    out_dir: Path
    written: list[str] = field(default_factory=list)

    def write(self, rel: str, data: bytes | str) -> Path:
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(payload)
        if rel not in self.written:
            self.written.append(rel)
        return path
