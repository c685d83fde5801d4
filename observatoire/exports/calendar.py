"""iCalendar (RFC 5545) files of the events: ``evenements.ics`` with every
dated event, and ``evenements/<slug>.ics`` for each one.

- An event whose ``debut`` is a day (``2024-09-20``) is an all-day event
  (``DTSTART;VALUE=DATE``, ``DTEND`` the day after ``fin``, exclusive, as RFC
  5545 wants). An event whose ``debut`` has a time is in its ``fuseau``, with a
  ``VTIMEZONE`` for that zone (UTC-like zones are written in UTC, ``Z``).
- An event without ``debut``, or with only a year or a month, is skipped and
  listed in :attr:`CalendarReport.skipped`; it gets no ``.ics`` file.
- ``UID`` is ``<slug>@<domain>`` (host of the site address, or
  ``uid_domain``), ``DTSTAMP`` is the build date: two builds of the same
  sources give the same bytes.
- The licence is in ``X-WR-CALDESC`` and ``DESCRIPTION`` of the calendar.
- The calendars' names and descriptions are the catalog's ``agenda.*`` texts, in the
  language of the :class:`~observatoire.core.i18n.Texts` passed (default: French).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import icalendar

from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.exports._common import (
    DEFAULT_UID_DOMAIN,
    SITE_NAME,
    Writer,
    as_utc,
    site_address,
    site_host,
)
from observatoire.records.kinds import EVENT
from observatoire.records.models.event import Event
from observatoire.records.models.types import moment_key
from observatoire.records.timing import Timing, event_timing

CALENDAR_FILE = "evenements.ics"
PRODID = "-//Observatoire du Partage//Centre de ressources//FR"

STATUS = {"prevu": "CONFIRMED", "passe": "CONFIRMED", "reporte": "TENTATIVE", "annule": "CANCELLED"}
"""``statut`` of an event -> iCalendar ``STATUS``."""


def ics_path(slug: str) -> str:
    """The calendar file of one event, relative to the site folder."""
    return f"evenements/{slug}.ics"


@dataclass(frozen=True)
class SkippedEvent:
    slug: str
    titre: str
    reason: str


@dataclass
class CalendarReport:
    files: list[str] = field(default_factory=list)
    """Written files, relative to the site folder."""
    events: list[str] = field(default_factory=list)
    """Slugs of the events in ``evenements.ics``, in calendar order."""
    skipped: list[SkippedEvent] = field(default_factory=list)
    """Events left out, with why (no date, or only a year or a month)."""


@lru_cache(maxsize=64)
def _vtimezone_ical(tzid: str, first: dt.date, last: dt.date) -> bytes:
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """The VTIMEZONE component, parsed once and shared by every calendar that
    needs it (calendars only read their components when written)."""
    return icalendar.Timezone.from_ical(_vtimezone_ical(tzid, first, last))


def _vtimezones(timings: list[Timing]) -> list[icalendar.Timezone]:
    years: dict[str, list[int]] = {}
    for timing in timings:
        if timing.tzid:
            span = years.setdefault(timing.tzid, [])
            span.append(timing.start.year)
            if timing.end is not None:
                span.append(timing.end.year)
    out = []
    for tzid in sorted(years):
        first = dt.date(min(years[tzid]), 1, 1)
        last = dt.date(max(years[tzid]) + 1, 1, 1)
        out.append(_vtimezone(tzid, first, last))
    return out


def _calendar(name: str, description: str, site_url: str, timings: list[Timing]) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", "Europe/Paris")
    if site_url:
        cal.add("url", site_url)
    for tz in _vtimezones(timings):
        cal.add_component(tz)
    return cal


def _summary(event: Event) -> str:
    if event.edition and event.edition not in event.titre:
        return f"{event.titre} ({event.edition})"
    return event.titre


def _location(event: Event, texts: Texts) -> str | None:
    place = event.lieu
    if place is None:
        return None
    parts = [p for p in (place.nom, place.adresse, place.commune) if p]
    if place.pays and place.pays != "FR" and parts:
        parts.append(place.pays)
    if place.en_ligne:
        parts.insert(0, texts("agenda.online"))
    return ", ".join(parts) or None


def _vevent(
    slug: str,
    event: Event,
    timing: Timing,
    *,
    catalog,
    context,
    site_url: str,
    uid_domain: str,
    stamp: dt.datetime,
    texts: Texts,
) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"{slug}@{uid_domain}")
    component.add("dtstamp", stamp)
    component.add("dtstart", timing.start)
    if timing.end is not None:
        component.add("dtend", timing.end)
    component.add("summary", _summary(event))
    lines = [event.resume]
    organisers = [catalog.actors[a].record.nom if a in catalog.actors else a for a in event.organisateurs]
    if organisers:
        lines.append(texts("agenda.organisers", names=", ".join(organisers)))
    if event.inscription:
        lines.append(texts("agenda.registration", address=event.inscription))
    page = site_address(site_url, EVENT.page(slug)) if site_url else None
    if page:
        lines.append(texts("agenda.page", address=page))
    component.add("description", "\n\n".join(lines))
    location = _location(event, texts)
    if location:
        component.add("location", location)
    if event.lieu is not None and event.lieu.coordonnees is not None:
        component.add("geo", (event.lieu.coordonnees.lat, event.lieu.coordonnees.lon))
    if page:
        component.add("url", page)
    component.add("status", STATUS.get(event.statut, "CONFIRMED"))
    vocabulary = context.vocabularies.get("types_evenements")
    component.add("categories", [vocabulary.label(event.type) if vocabulary else event.type])
    component.add("transp", "TRANSPARENT" if timing.all_day else "OPAQUE")
    return component


def write_calendars(
    catalog,
    context,
    out_dir: Path,
    *,
    site_url: str,
    licence: str,
    licence_url: str,
    build_date: dt.datetime,
    uid_domain: str | None = None,
    texts: Texts | None = None,
) -> CalendarReport:
    """Write ``evenements.ics`` and ``evenements/<slug>.ics`` for every dated event, in the
    words of ``texts`` (default: the French catalog)."""
    texts = texts or default_texts()
    writer = Writer(Path(out_dir))
    report = CalendarReport()
    domain = uid_domain or site_host(site_url) or DEFAULT_UID_DOMAIN
    stamp = as_utc(build_date).replace(microsecond=0)
    licence_terms = dict(site=SITE_NAME, licence=licence, licence_url=licence_url)

    dated: list[tuple[tuple, str, Event, Timing]] = []
    for slug in sorted(catalog.events):
        event: Event = catalog.events[slug].record
        timing = event_timing(event)
        if isinstance(timing, str):
            report.skipped.append(SkippedEvent(slug, event.titre, timing))
            continue
        dated.append((moment_key(event.debut), slug, event, timing))
    dated.sort(key=lambda item: (item[0], item[1]))

    options = dict(catalog=catalog, context=context, site_url=site_url, uid_domain=domain, stamp=stamp, texts=texts)
    all_events = _calendar(
        texts("agenda.name", site=SITE_NAME),
        texts("agenda.description", **licence_terms),
        site_url,
        [item[3] for item in dated],
    )
    for _key, slug, event, timing in dated:
        all_events.add_component(_vevent(slug, event, timing, **options))
        single = _calendar(
            _summary(event),
            texts("agenda.event_description", event=_summary(event), **licence_terms),
            site_url,
            [timing],
        )
        single.add_component(_vevent(slug, event, timing, **options))
        writer.write(ics_path(slug), single.to_ical())
        report.events.append(slug)
    writer.write(CALENDAR_FILE, all_events.to_ical())
    report.files = sorted(writer.written)
    return report
