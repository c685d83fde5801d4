from __future__ import annotations

import json
from dataclasses import replace

from observatoire.records.catalog import Catalog
from observatoire.records.jsonld import actor_jsonld, event_jsonld, initiative_jsonld, script_json

from .conftest import LICENCE_URL, SITE_URL

NASTY = 'Jardins </script><script>alert("x")</script> & <!-- fin'


def test_script_json_escapes():
    text = script_json({"titre": NASTY, "ligne": "a\u2028b"})
    for bad in ("<", ">", "&", "\u2028"):
        assert bad not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == {"titre": NASTY, "ligne": "a\u2028b"}


def test_initiative_title_cannot_close_the_script(catalog, context):
    entry = catalog.initiatives["jardins-partages-fictifs"]
    nasty = Catalog(
        initiatives={entry.slug: replace(entry, record=entry.record.model_copy(update={"titre": NASTY}))},
        actors=catalog.actors,
    )
    text = initiative_jsonld(nasty, context, entry.slug, site_url=SITE_URL, licence_url=LICENCE_URL)
    assert "</script" not in text.lower() and "<" not in text
    data = json.loads(text)
    assert data["name"] == NASTY


def test_initiative_jsonld(catalog, context):
    data = json.loads(
        initiative_jsonld(catalog, context, "jardins-partages-fictifs", site_url=SITE_URL, licence_url=LICENCE_URL)
    )
    assert data["@context"] == "https://schema.org" and data["@type"] == "CreativeWork"
    assert data["url"] == SITE_URL + "initiatives/jardins-partages-fictifs.html"
    assert data["about"]["@type"] == "Project"
    assert data["spatialCoverage"]["address"]["addressLocality"] == "Valcourt-sur-Exemple"
    assert data["spatialCoverage"]["geo"] == {"@type": "GeoCoordinates", "latitude": 45.5, "longitude": 4.25}
    assert data["dateModified"] == "2025-03-10"
    assert data["license"] == LICENCE_URL
    assert data["about"]["sponsor"][0]["name"] == "Ville fictive de Valcourt"


def test_event_jsonld(catalog, context):
    timed = json.loads(event_jsonld(catalog, context, "rencontre-fictive-2025", site_url=SITE_URL))
    assert timed["@type"] == "Event"
    assert timed["startDate"] == "2025-06-14T14:00:00+02:00"
    assert timed["endDate"] == "2025-06-14T18:30:00+02:00"
    assert timed["eventStatus"] == "https://schema.org/EventScheduled"
    assert timed["location"]["@type"] == "Place" and timed["location"]["name"] == "Salle fictive"
    assert [o["name"] for o in timed["organizer"]] == ["Ville fictive de Valcourt", "Collectif fictif des communs"]

    all_day = json.loads(event_jsonld(catalog, context, "journee-fictive-des-communs"))
    assert (all_day["startDate"], all_day["endDate"]) == ("2024-09-20", "2024-09-21")
    assert "url" not in all_day  # offline: no address

    online = json.loads(event_jsonld(catalog, context, "webinaire-fictif-sans-date"))
    assert "startDate" not in online
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"]["@type"] == "VirtualLocation"

    entry = catalog.events["rencontre-fictive-2025"]
    cancelled = Catalog(
        events={entry.slug: replace(entry, record=entry.record.model_copy(update={"statut": "annule"}))}
    )
    assert (
        json.loads(event_jsonld(cancelled, context, entry.slug))["eventStatus"] == "https://schema.org/EventCancelled"
    )


def test_actor_jsonld(catalog, context):
    data = json.loads(actor_jsonld(catalog, context, "collectif-fictif-des-communs", site_url=SITE_URL))
    assert data["@type"] == "Organization" and data["alternateName"] == "CFC"
