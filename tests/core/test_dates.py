"""Dates as precise as the sources (observatoire.core.dates)."""

import datetime as dt

import edtf
import pytest

from observatoire.core import dates


def _by_edtf(text):
    try:
        parsed = edtf.parse_edtf(text)
    except Exception:  # the package raises its own errors and others
        return None
    earliest, latest = dates._day(parsed.lower_strict()), dates._day(parsed.upper_strict())
    return None if earliest is None or latest is None else (earliest, latest)


PLAIN = [
    f"{year}{month}{day}"
    for year in ("0000", "0001", "1999", "2000", "2019", "2020", "2100", "9999")
    for month, days in (("", ("",)), ("-02", ("", "-00", "-01", "-28", "-29", "-30")), ("-06", ("", "-30", "-31")))
    for day in days
]


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_date_means_the_days_edtf_gives(text):
    # plain dates are read without the edtf package: they must mean the same days
    try:
        date = dates.parse(text)
        days = (date.earliest, date.latest)
    except dates.NotADate:
        days = None
    assert days == _by_edtf(text)


def test_plain_dates_and_fuzzy_ones():
    assert dates.parse("2019").earliest == dt.date(2019, 1, 1)
    assert dates.parse("2019").latest == dt.date(2019, 12, 31)
    assert dates.parse("2020-02").latest == dt.date(2020, 2, 29)
    assert dates.parse("2019-06-15").exact
    with pytest.raises(dates.NotADate):
        dates.parse("2019-02-29")
    approximate = dates.parse("2012~")
    assert not approximate.exact and approximate.earliest is not None
    interval = dates.parse("2015/2016")
    assert interval.interval and (interval.earliest, interval.latest) == (dt.date(2015, 1, 1), dt.date(2016, 12, 31))
    assert dates.parse("../2016").earliest is None
