from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from observatoire.records.timing import NO_DATE, PARTIAL_DATE, event_timing

from .conftest import BUILD_DATE, LICENCE, build

PARIS = ZoneInfo("Europe/Paris")


def parse(path):
    return icalendar.Calendar.from_ical(path.read_bytes())


def events_by_uid(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_parses_with_timezone_and_values(site):
    out, report = site
    raw = (out / "evenements.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    cal = parse(out / "evenements.ics")
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert LICENCE in str(cal["X-WR-CALDESC"])

    events = events_by_uid(cal)
    assert list(events) == ["journee-fictive-des-communs@exemple.org", "rencontre-fictive-2025@exemple.org"]

    timed = events["rencontre-fictive-2025@exemple.org"]
    assert timed["DTSTART"].params["TZID"] == "Europe/Paris"
    assert timed.decoded("DTSTART") == dt.datetime(2025, 6, 14, 14, 0, tzinfo=PARIS)
    assert timed.decoded("DTEND") == dt.datetime(2025, 6, 14, 18, 30, tzinfo=PARIS)
    assert timed.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    assert str(timed["STATUS"]) == "CONFIRMED"
    assert str(timed["URL"]) == "https://exemple.org/observatoire/evenements/rencontre-fictive-2025.html"
    assert "Salle fictive" in str(timed["LOCATION"])

    all_day = events["journee-fictive-des-communs@exemple.org"]
    assert all_day["DTSTART"].params.get("VALUE") == "DATE"
    assert all_day.decoded("DTSTART") == dt.date(2024, 9, 20)
    assert all_day.decoded("DTEND") == dt.date(2024, 9, 22)  # exclusive: the day after « fin »

    for event in events.values():
        assert event.decoded("DTSTAMP") == BUILD_DATE  # the build date, not the clock


def test_undated_event_is_skipped_and_reported(site):
    out, report = site
    assert report.calendar_events == ["journee-fictive-des-communs", "rencontre-fictive-2025"]
    assert [(s.slug, s.reason) for s in report.skipped_events] == [("webinaire-fictif-sans-date", NO_DATE)]
    assert not (out / "evenements" / "webinaire-fictif-sans-date.ics").exists()


def test_one_file_per_event(site):
    out, _ = site
    cal = parse(out / "evenements" / "rencontre-fictive-2025.ics")
    assert list(events_by_uid(cal)) == ["rencontre-fictive-2025@exemple.org"]
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    single = parse(out / "evenements" / "journee-fictive-des-communs.ics")
    assert list(events_by_uid(single)) == ["journee-fictive-des-communs@exemple.org"]
    assert single.walk("VTIMEZONE") == []  # all-day only: no zone needed


def test_uid_stable_and_bytes_deterministic(catalog, context, tmp_path):
    first = build(catalog, context, tmp_path / "a")
    build(catalog, context, tmp_path / "b")
    for rel in ["evenements.ics", "evenements/rencontre-fictive-2025.ics"]:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    later = BUILD_DATE + dt.timedelta(days=3)
    build(catalog, context, tmp_path / "c", build_date=later)
    old = events_by_uid(parse(tmp_path / "a" / "evenements.ics"))
    new = events_by_uid(parse(tmp_path / "c" / "evenements.ics"))
    assert list(old) == list(new)
    assert new["rencontre-fictive-2025@exemple.org"].decoded("DTSTAMP") == later
    assert first.calendar_events


def test_offline_uid_domain(catalog, context, tmp_path):
    build(catalog, context, tmp_path, site_url="")
    uids = list(events_by_uid(parse(tmp_path / "evenements.ics")))
    assert uids == [
        "journee-fictive-des-communs@observatoire-du-partage",
        "rencontre-fictive-2025@observatoire-du-partage",
    ]
    build(catalog, context, tmp_path / "d", site_url="", uid_domain="observatoire.example")
    assert list(events_by_uid(parse(tmp_path / "d" / "evenements.ics")))[0].endswith("@observatoire.example")


def test_timing_rules(catalog):
    event = catalog.events["rencontre-fictive-2025"].record
    assert event_timing(event.model_copy(update={"debut": "2025-06"})) == PARTIAL_DATE
    assert event_timing(event.model_copy(update={"debut": None})) == NO_DATE
    utc = event_timing(event.model_copy(update={"fuseau": "UTC"}))
    assert utc.tzid is None and utc.start == dt.datetime(2025, 6, 14, 14, tzinfo=dt.UTC)
    to_day = event_timing(event.model_copy(update={"fin": "2025-06-15"}))
    assert to_day.end == dt.datetime(2025, 6, 16, 0, 0, tzinfo=PARIS)
    no_end = event_timing(event.model_copy(update={"fin": None}))
    assert no_end.end is None
    montreal = event_timing(event.model_copy(update={"fuseau": "America/Montreal"}))
    assert montreal.tzid == "America/Montreal" and montreal.start.utcoffset() == dt.timedelta(hours=-4)
