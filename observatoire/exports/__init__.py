"""Exports of the resource centre: open data, calendar, feeds, JSON-LD.
Plain Python, no MkDocs.

Entry point: :func:`write_exports` writes every export file into the built
site folder. (The offline archive and the atomic publication are steps of the
build: :mod:`observatoire.build`.)

Everything is deterministic: pass the build date from
:func:`observatoire.build.builddate.build_datetime`, never the clock.

Every text the exports write (titles, descriptions, notes, calendar and feed
names) comes from the interface text catalog: sections ``donnees``, ``agenda``
and ``flux`` of ``observatoire/core/i18n/<lang>.yml``. Pass the
:class:`~observatoire.core.i18n.Texts` of a language (default: French).

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from observatoire.core.i18n import Texts
from observatoire.exports._common import DATA_DIR, normalize_site_url
from observatoire.exports.calendar import CALENDAR_FILE, SkippedEvent, ics_path, write_calendars
from observatoire.exports.feeds import FEED_FILE, SITEMAP_FILE, write_feeds
from observatoire.exports.opendata import Dataset, record_data, write_opendata

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
    texts: Texts | None = None,
) -> ExportReport:
    """Write every export under ``out_dir`` (the site folder) and say what was written.

    ``site_url``: the public address of the site, or ``""``/``None`` for an
    offline build (relative links, no sitemap). ``build_date``: the build date
    (:func:`observatoire.build.builddate.build_datetime`). ``uid_domain``: right-hand
    side of calendar UIDs (default: host of ``site_url``, else
    ``observatoire-du-partage``). ``pages``: page paths for the sitemap
    (default: every ``.html`` file already in ``out_dir``, so call this after
    the pages are written). ``texts``: the interface texts of the exports'
    language (default: the French catalog).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    site = normalize_site_url(site_url)
    common = dict(site_url=site, licence=licence, licence_url=licence_url, build_date=build_date, texts=texts)
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
    "CALENDAR_FILE",
    "DATA_DIR",
    "DEFAULT_LICENCE",
    "DEFAULT_LICENCE_URL",
    "Dataset",
    "ExportReport",
    "FEED_FILE",
    "SITEMAP_FILE",
    "SkippedEvent",
    "ics_path",
    "record_data",
    "write_exports",
]
