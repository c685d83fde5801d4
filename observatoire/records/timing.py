"""When an event takes place, as far as its record says: the days and times a
calendar can hold, or why there are none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from observatoire.records.models.event import Event

_UTC_ZONES = {
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/GMT",
    "GMT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
    "Etc/GMT0",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "GMT0",
    "GMT+0",
    "GMT-0",
    "Etc/Greenwich",
    "Greenwich",
}

NO_DATE = "pas de date de début"
PARTIAL_DATE = "date de début incomplète (année ou mois seulement)"


@dataclass(frozen=True)
class Timing:
    """When an event takes place, as the calendar writes it."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    all_day: bool
    tzid: str | None
    """The zone of ``start`` and ``end`` when they have a time (``None`` for all-day or UTC)."""


def _zone(name: str) -> dt.tzinfo:
    if name in _UTC_ZONES:
        return dt.UTC
    return ZoneInfo(name)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    day = value.partition("T")[0]
    return dt.date.fromisoformat(day) if len(day) == 10 else None


def event_timing(event: Event) -> Timing | str:
    """The :class:`Timing` of ``event``, or why it has none (a French reason)."""
    if not event.debut:
        return NO_DATE
    start_day = _day(event.debut)
    if start_day is None:
        return PARTIAL_DATE
    end_day = _day(event.fin)
    if "T" not in event.debut:
        last = max(end_day, start_day) if end_day else start_day
        return Timing(start_day, last + dt.timedelta(days=1), True, None)
    zone = _zone(event.fuseau)
    start = dt.datetime.fromisoformat(event.debut).replace(tzinfo=zone)
    end = None
    if event.fin and "T" in event.fin:
        end = dt.datetime.fromisoformat(event.fin).replace(tzinfo=zone)
    elif end_day is not None:  # a day without time: until the end of that day
        end = dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone)
    if end is not None and end <= start:
        end = None
    tzid = None if zone is dt.UTC else event.fuseau
    return Timing(start, end, False, tzid)
