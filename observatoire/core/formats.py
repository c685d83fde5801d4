"""Dates and numbers written for readers, in the language of a text catalog
(:class:`observatoire.core.i18n.Texts`), by Babel: month names, the French
narrow no-break space between thousands, the patterns of the catalog's
``date.*`` texts."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_group_symbol

from observatoire.core.dates import SEASONS, Point, parse
from observatoire.core.i18n import Texts, texts


def partial_date(value: str | dt.date | None, catalog: Texts | None = None) -> str:
    """A date as precise as it is written: ``2018`` -> « 2018 », ``2018-04`` ->
    « avril 2018 », ``2018-11-01`` -> « 1er novembre 2018 »,
    ``2017-06-27T19:00`` -> « 27 juin 2017 à 19 h 00 » (in French)."""
    if value is None or value == "":
        return ""
    catalog = catalog or texts()
    if isinstance(value, dt.date):
        value = value.isoformat()
    day_part, _, time = str(value).partition("T")
    parts = [int(p) for p in day_part.split("-")]
    locale = catalog.locale
    if len(parts) == 1:
        text = format_date(dt.date(parts[0], 1, 1), catalog("date.year"), locale=locale)
    elif len(parts) == 2:
        text = format_date(dt.date(parts[0], parts[1], 1), catalog("date.month"), locale=locale)
    else:
        pattern = catalog("date.first_day") if parts[2] == 1 else catalog("date.day")
        text = format_date(dt.date(*parts), pattern, locale=locale)
    if time:
        moment = dt.time(int(time[:2]), int(time[3:5]))
        text = catalog("date.with_time", date=text, time=format_time(moment, catalog("date.time"), locale=locale))
    return text


def date_text(value: str | dt.date | None, catalog: Texts | None = None) -> str:
    """Any date a record holds, in words: a day with a time (:func:`partial_date`), or an
    EDTF date, approximate, uncertain or an interval (:func:`fuzzy_date`)."""
    if value is None or value == "" or isinstance(value, dt.date) or "T" in str(value):
        return partial_date(value, catalog)
    return fuzzy_date(str(value), catalog)


def machine_date(value: str | None) -> str:
    """The date as HTML's ``<time datetime>`` writes it (a plain year, month, day or day
    and time), or "" for an approximate, uncertain, partly unknown or interval date."""
    if not value:
        return ""
    if "T" in value:
        return value
    return value if parse(value).exact else ""


def fuzzy_date(value: str, catalog: Texts | None = None) -> str:
    """``2015/2016`` -> « 2015–2016 », ``2012~`` -> « vers 2012 », ``2019-XX`` ->
    « 2019 », ``201X`` -> « années 2010 », ``../2016`` -> « jusqu'en 2016 » (in French)."""
    catalog = catalog or texts()
    date = parse(value)
    if not date.interval:
        return _point_text(date.start, catalog)
    if date.start is None:
        return catalog("date.open_start", end=_point_text(date.end, catalog))
    if date.end is None:
        return catalog("date.open_end", start=_point_text(date.start, catalog))
    start, end = _point_text(date.start, catalog), _point_text(date.end, catalog)
    if " " in start or " " in end:
        return catalog("date.interval_spaced", start=start, end=end)
    return catalog("date.interval", start=start, end=end)


def _point_text(point: Point, catalog: Texts) -> str:
    year, month, day = point.year, point.month, point.day
    if year == "XXXX":
        known = month not in (None, "XX")
        if not known:
            return catalog("date.unknown")
        if day not in (None, "XX"):
            when = format_date(dt.date(2000, int(month), int(day)), catalog("date.day_month"), locale=catalog.locale)
        else:
            when = format_date(dt.date(2000, int(month), 1), catalog("date.month_alone"), locale=catalog.locale)
        text = catalog("date.unknown_year", date=when)
    elif year.endswith("XX"):
        text = catalog("date.century", century=catalog.ordinal("date.ordinal", n=int(year[:2]) + 1))
    elif "X" in year:
        text = catalog("date.decade", decade=year[:3] + "0")
    elif month in SEASONS:
        season = SEASONS[month]
        text = catalog(f"date.seasons.{season}", year=year)
    elif month is None or month == "XX":
        text = partial_date(year, catalog)
    elif day is None or day == "XX":
        text = partial_date(f"{year}-{month}", catalog)
    else:
        text = partial_date(f"{year}-{month}-{day}", catalog)
    if point.qualifier == "~":
        return catalog("date.approximate", date=text)
    if point.qualifier == "?":
        return catalog("date.uncertain", date=text)
    if point.qualifier == "%":
        return catalog("date.approximate_uncertain", date=text)
    return text


def partial_time(value: str, catalog: Texts | None = None) -> str:
    """The time of a moment (``2017-06-27T21:00`` -> « 21 h 00 »), "" when it has none."""
    _, _, time = value.partition("T")
    if not time:
        return ""
    catalog = catalog or texts()
    return format_time(dt.time(int(time[:2]), int(time[3:5])), catalog("date.time"), locale=catalog.locale)


def number(value: int | float, catalog: Texts | None = None, decimals: int = 0) -> str:
    """``12345`` -> « 12 345 » (narrow no-break space in French); ``decimals``
    digits after the decimal sign (a float is rounded)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=(catalog or texts()).locale)


def file_size(size: int, catalog: Texts | None = None) -> str:
    """A size in decimal units (1 kB = 1,000 bytes), as the catalog writes them: 512 octets,
    2,4 Ko, 12,3 Mo, 145 Mo, 1,2 Go (2.4 kB... in English)."""
    catalog = catalog or texts()
    if size < 1000:
        return catalog("archive.size.bytes", n=size, count=str(size))
    units = catalog("archive.size.units").split()
    for power, unit in enumerate(units, start=1):
        value = size / 1000**power
        rounded = round(value, 1) if value < 99.95 else float(round(value))
        if rounded < 1000 or unit == units[-1]:
            return f"{number(rounded, catalog, 0 if rounded.is_integer() else 1)} {unit}"
    raise AssertionError("unreachable")


def group_separator(catalog: Texts | None = None) -> str:
    """What separates thousands (« 12 345 »: the narrow no-break space in French),
    for a script that writes numbers as :func:`number` does."""
    return get_group_symbol(locale=(catalog or texts()).locale)
