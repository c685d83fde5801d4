"""schema.org JSON-LD for the pages of initiatives, events and actors.

Each ``*_jsonld`` function returns the JSON text to put, as is, inside
``<script type="application/ld+json">…</script>``: ``<``, ``>`` and ``&``
(and U+2028, U+2029) are written as ``\\u003c``-style escapes, so no record
text can close the script element; the text is still valid JSON. The
``*_jsonld_data`` functions give the dict.

- initiative page: a ``CreativeWork`` (the record) whose ``about`` is the
  ``Project``, with ``spatialCoverage``, ``dateModified``, ``license``,
  ``keywords`` and the sources as ``citation``;
- event page: an ``Event`` with ``startDate``/``endDate`` carrying the UTC
  offset of the event's zone (a day without time stays a date),
  ``eventStatus``, ``eventAttendanceMode``, ``location``, ``organizer``;
- actor page: an ``Organization``.

Addresses (``url``) are given only when the site has one (``site_url``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from observatoire.core.addresses import normalize_site_url, site_address
from observatoire.core.dates import parse as parse_date
from observatoire.core.i18n import texts
from observatoire.core.places import country_name, subdivision_label
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, Kind
from observatoire.records.timing import event_timing

SCHEMA_ORG = "https://schema.org"
SITE_NAME = "Observatoire du Partage"

EVENT_STATUS = {
    "prevu": "https://schema.org/EventScheduled",
    "passe": "https://schema.org/EventScheduled",
    "reporte": "https://schema.org/EventPostponed",
    "annule": "https://schema.org/EventCancelled",
}

_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: Any) -> str:
    """JSON text safe inside a ``<script>`` element of an HTML page: compact, and
    no « < », « > », « & » nor line or paragraph separator left as such."""
    text = orjson.dumps(data).decode("utf-8")
    for char, escaped in _ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text


def _clean(data: Any) -> Any:
    """Drop empty values (None, "", [], {}) recursively."""
    if isinstance(data, dict):
        out = {k: _clean(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [v for v in (_clean(v) for v in data) if v not in (None, "", [], {})]
    return data


def _url(site_url: str, kind: Kind, slug: str) -> str | None:
    return site_address(site_url, kind.page(slug)) if site_url else None


def _geo(coordinates) -> dict | None:
    if coordinates is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": coordinates.lat, "longitude": coordinates.lon}


def _organization(catalog, slug, site_url: str) -> dict:
    if not isinstance(slug, str):  # named without a record
        return {"@type": "Organization", "name": slug.nom, "url": slug.site_web}
    entry = catalog.actors.get(slug) if catalog is not None else None
    name = entry.record.nom if entry is not None else slug
    return {"@type": "Organization", "name": name, "url": _url(site_url, ACTOR, slug) if entry else None}


def _iso_date(value: str | None) -> str | None:
    """A plain date (ISO 8601, as precise as it is); an approximate, uncertain or
    interval date has no schema.org form and is left out."""
    return value if value and parse_date(value).exact else None


def _publisher(site_url: str) -> dict:
    return {"@type": "Organization", "name": SITE_NAME, "url": site_url or None}


def initiative_jsonld_data(
    catalog, context, slug: str, *, site_url: str = "", licence_url: str | None = None
) -> dict[str, Any]:
    site_url = normalize_site_url(site_url)
    record = catalog.initiatives[slug].record
    territory = record.territoire
    vocabularies = context.vocabularies
    region = subdivision_label(territory.subdivision, texts()) if territory.subdivision else None
    place = {
        "@type": "Place",
        "name": territory.commune or region or territory.departement or country_name(territory.pays),
        "alternateName": territory.nom_local,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": territory.commune,
            "addressRegion": region,
            "addressCountry": territory.pays,
        },
        "geo": _geo(territory.coordonnees),
    }
    project = {
        "@type": "Project",
        "name": record.titre,
        "description": record.resume,
        "url": record.site_web,
        "areaServed": place,
        "foundingDate": _iso_date(record.debut),
        "dissolutionDate": _iso_date(record.fin),
        "sponsor": [_organization(catalog, a, site_url) for a in record.porteurs],
        "member": [_organization(catalog, a, site_url) for a in record.partenaires],
    }
    keywords = [vocabularies["themes"].label(t) for t in record.themes] + list(record.mots_cles)
    data = {
        "@context": SCHEMA_ORG,
        "@type": "CreativeWork",
        "name": record.titre,
        "headline": record.titre,
        "description": record.resume,
        "url": _url(site_url, INITIATIVE, slug),
        "inLanguage": record.langue,
        "about": project,
        "spatialCoverage": place,
        "dateModified": record.derniere_revision,
        "keywords": ", ".join(keywords),
        "license": licence_url,
        "publisher": _publisher(site_url),
        "isAccessibleForFree": True,
        "citation": [
            {
                "@type": "CreativeWork",
                "name": s.titre,
                "url": s.url,
                "author": s.auteur,
                "datePublished": _iso_date(s.date),
            }
            for s in record.sources
        ],
    }
    return _clean(data)


def _moment(value: dt.date | dt.datetime) -> str:
    """``2025-06-14`` or ``2025-06-14T14:00:00+02:00`` (the offset of the event's zone)."""
    return value.isoformat()


def event_jsonld_data(
    catalog, context, slug: str, *, site_url: str = "", licence_url: str | None = None
) -> dict[str, Any]:
    site_url = normalize_site_url(site_url)
    record = catalog.events[slug].record
    timing = event_timing(record)
    start = end = None
    if not isinstance(timing, str):
        start = _moment(timing.start)
        if timing.end is not None:
            # RFC 5545 all-day ends are exclusive; schema.org's endDate is the last day.
            end = _moment(timing.end - dt.timedelta(days=1) if timing.all_day else timing.end)
    elif record.debut:
        start = _iso_date(record.debut)  # a year or a month: ISO 8601 with reduced precision
    place = record.lieu
    locations = []
    mode = "https://schema.org/OfflineEventAttendanceMode"
    if place is not None:
        physical = _clean(
            {
                "@type": "Place",
                "name": place.nom or place.commune,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": place.adresse,
                    "addressLocality": place.commune,
                    "addressCountry": place.pays,
                },
                "geo": _geo(place.coordonnees),
            }
        )
        has_physical = bool(place.nom or place.adresse or place.commune or place.coordonnees)
        if place.en_ligne:
            locations.append({"@type": "VirtualLocation", "url": record.inscription})
            mode = (
                "https://schema.org/MixedEventAttendanceMode"
                if has_physical
                else "https://schema.org/OnlineEventAttendanceMode"
            )
        if has_physical:
            locations.append(physical)
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Event",
        "name": record.titre,
        "description": record.resume,
        "url": _url(site_url, EVENT, slug),
        "startDate": start,
        "endDate": end,
        "eventStatus": EVENT_STATUS.get(record.statut, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": [_organization(catalog, a, site_url) for a in record.organisateurs],
        "about": [
            {"@type": "Project", "name": catalog.initiatives[i].record.titre, "url": _url(site_url, INITIATIVE, i)}
            for i in record.initiatives_presentees
            if i in catalog.initiatives
        ],
        "offers": {"@type": "Offer", "url": record.inscription} if record.inscription else None,
        "inLanguage": "fr",
    }
    return _clean(data)


def actor_jsonld_data(
    catalog, context, slug: str, *, site_url: str = "", licence_url: str | None = None
) -> dict[str, Any]:
    site_url = normalize_site_url(site_url)
    record = catalog.actors[slug].record
    territory = record.territoire
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Organization",
        "name": record.nom,
        "alternateName": record.sigle,
        "description": record.description,
        "url": record.site_web,
        "mainEntityOfPage": _url(site_url, ACTOR, slug),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": territory.commune,
            "addressRegion": subdivision_label(territory.subdivision, texts()) if territory.subdivision else None,
            "addressCountry": territory.pays,
        }
        if territory is not None
        else None,
    }
    return _clean(data)


def initiative_jsonld(catalog, context, slug: str, *, site_url: str = "", licence_url: str | None = None) -> str:
    """JSON-LD of the page of initiative ``slug``, safe inside ``<script>``."""
    return script_json(initiative_jsonld_data(catalog, context, slug, site_url=site_url, licence_url=licence_url))


def event_jsonld(catalog, context, slug: str, *, site_url: str = "", licence_url: str | None = None) -> str:
    """JSON-LD of the page of event ``slug``, safe inside ``<script>``."""
    return script_json(event_jsonld_data(catalog, context, slug, site_url=site_url, licence_url=licence_url))


def actor_jsonld(catalog, context, slug: str, *, site_url: str = "", licence_url: str | None = None) -> str:
    """JSON-LD of the page of actor ``slug``, safe inside ``<script>``."""
    return script_json(actor_jsonld_data(catalog, context, slug, site_url=site_url, licence_url=licence_url))
