"""Exports of the resource centre: open data, calendar, feeds, JSON-LD,
offline archive and atomic publication. Plain Python, no MkDocs.

Entry point: :func:`write_exports` writes every export file into the built
site folder. The offline archive (:func:`write_archive`) is made afterwards,
from the finished site, and :class:`Publication` swaps the new site (and
archive) in only when the whole build succeeded.

Everything is deterministic: pass the build date from
:func:`observatoire.builddate.build_datetime`, never the clock.

==========================================  ==============================================
File (relative to the site folder)          Module
==========================================  ==============================================
``donnees/initiatives.csv``                 :mod:`.opendata`
``donnees/initiatives.json``                :mod:`.opendata`
``donnees/events.json``                     :mod:`.opendata`
``donnees/actors.json``                     :mod:`.opendata`
``donnees/grille.json``                     :mod:`.opendata`
``donnees/schemas/*.schema.json``           :mod:`.opendata`
``donnees/datapackage.json``                :mod:`.opendata`
``donnees/LISEZMOI.txt``                    :mod:`.opendata`
``evenements.ics``                          :mod:`.calendar`
``evenements/<slug>.ics``                   :mod:`.calendar`
``flux.xml``                                :mod:`.feeds`
``sitemap.xml`` (only with a site address)  :mod:`.feeds`
==========================================  ==============================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from observatoire.exports._common import DATA_DIR, normalize_site_url
from observatoire.exports.archive import ArchiveError, ArchiveInfo, archive_info, human_size, write_archive
from observatoire.exports.calendar import CALENDAR_FILE, SkippedEvent, event_timing, ics_path, write_calendars
from observatoire.exports.feeds import FEED_FILE, SITEMAP_FILE, write_feeds
from observatoire.exports.jsonld import actor_jsonld, event_jsonld, initiative_jsonld, script_json
from observatoire.exports.opendata import (
    SEPARATOR,
    AllowedValue,
    ColumnDoc,
    Dataset,
    initiative_columns,
    record_data,
    write_opendata,
)
from observatoire.exports.publish import Publication, PublishError, publish_directory, remove_leftovers

DEFAULT_LICENCE = "CC BY-SA 4.0"
DEFAULT_LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"


@dataclass
class ExportReport:
    """What :func:`write_exports` wrote."""

    out_dir: Path
    build_date: dt.datetime
    files: list[str] = field(default_factory=list)
    """Every written file, relative to ``out_dir`` (POSIX), sorted."""
    datasets: list[Dataset] = field(default_factory=list)
    """The open data files with title, format, size and SHA-256, for the « Données ouvertes » page."""
    calendar_events: list[str] = field(default_factory=list)
    """Slugs of the events in ``evenements.ics`` (each also has ``evenements/<slug>.ics``)."""
    skipped_events: list[SkippedEvent] = field(default_factory=list)
    """Events left out of the calendars (no date, or only a year or a month), with the reason."""
    sitemap: bool = False
    """Whether ``sitemap.xml`` was written (only when the site has an address)."""


def write_exports(
    catalog,
    context,
    out_dir: Path | str,
    *,
    site_url: str | None,
    licence: str = DEFAULT_LICENCE,
    licence_url: str = DEFAULT_LICENCE_URL,
    build_date: dt.datetime,
    uid_domain: str | None = None,
    pages: Iterable[str] | None = None,
) -> ExportReport:
    """Write every export under ``out_dir`` (the site folder) and say what was written.

    ``site_url``: the public address of the site, or ``""``/``None`` for an
    offline build (relative links, no sitemap). ``build_date``: the build date
    (:func:`observatoire.builddate.build_datetime`). ``uid_domain``: right-hand
    side of calendar UIDs (default: host of ``site_url``, else
    ``observatoire-du-partage``). ``pages``: page paths for the sitemap
    (default: every ``.html`` file already in ``out_dir``, so call this after
    the pages are written).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    site = normalize_site_url(site_url)
    common = dict(site_url=site, licence=licence, licence_url=licence_url, build_date=build_date)
    report = ExportReport(out_dir=out, build_date=build_date)

    opendata = write_opendata(catalog, context, out, **common)
    calendars = write_calendars(catalog, context, out, uid_domain=uid_domain, **common)
    feeds = write_feeds(catalog, context, out, pages=pages, **common)

    report.files = sorted(set(opendata.files) | set(calendars.files) | set(feeds))
    report.datasets = opendata.datasets
    report.calendar_events = calendars.events
    report.skipped_events = calendars.skipped
    report.sitemap = SITEMAP_FILE in feeds
    return report


__all__ = [
    "AllowedValue",
    "ArchiveError",
    "ArchiveInfo",
    "CALENDAR_FILE",
    "ColumnDoc",
    "DATA_DIR",
    "DEFAULT_LICENCE",
    "DEFAULT_LICENCE_URL",
    "Dataset",
    "ExportReport",
    "FEED_FILE",
    "Publication",
    "PublishError",
    "SEPARATOR",
    "SITEMAP_FILE",
    "SkippedEvent",
    "actor_jsonld",
    "archive_info",
    "event_jsonld",
    "event_timing",
    "human_size",
    "ics_path",
    "initiative_columns",
    "initiative_jsonld",
    "publish_directory",
    "record_data",
    "remove_leftovers",
    "script_json",
    "write_archive",
    "write_exports",
]
