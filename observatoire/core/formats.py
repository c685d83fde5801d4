"""Dates and numbers written for readers, in the language of a text catalog
(:class:`observatoire.core.i18n.Texts`), by Babel: month names, the French
narrow no-break space between thousands, the patterns of the catalog's
``date.*`` texts."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_group_symbol

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


def group_separator(catalog: Texts | None = None) -> str:
    """What separates thousands (« 12 345 »: the narrow no-break space in French),
    for a script that writes numbers as :func:`number` does."""
    return get_group_symbol(locale=(catalog or texts()).locale)
