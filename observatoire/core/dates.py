"""Dates as precise as the sources: the Extended Date/Time Format of the Library
of Congress (EDTF, levels 0 and 1), read by the ``edtf`` package.

``2019``, ``2019-06``, ``2019-06-15``; approximate ``2012~``, uncertain ``2015?``
(both: ``2015%``); with unspecified digits ``2019-XX``, ``201X``, ``XXXX-04`` (April
of a year the source does not give: it sorts nowhere, as an open date); a season
``2019-21`` (spring); an interval ``2015/2016``, open at one end ``../2016``,
``2015/..``. What a record holds is the text; this module gives the earliest and
latest days it may mean (for sorting and filtering) and its parts (for writing
it in words, see :func:`observatoire.core.formats.fuzzy_date`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

import edtf

_POINT = re.compile(
    r"^(?P<year>\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?P<month>\d{2}|XX))?(?:-(?P<day>\d{2}|XX))?(?P<qualifier>[~?%])?$"
)
OPEN = ".."
SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
"""EDTF's month numbers of the seasons (level 1), by the key of their name in the catalog."""


@dataclass(frozen=True)
class Point:
    """One end of a date: its year, month and day as written (``X`` for an unspecified
    digit; ``month`` may be a season, 21–24), and its qualifier (``~``, ``?``, ``%``)."""

    year: str
    month: str | None = None
    day: str | None = None
    qualifier: str | None = None

    @property
    def exact(self) -> bool:
        """A plain date: no unspecified digit, no qualifier, no season."""
        return (
            not self.qualifier
            and "X" not in (self.year + (self.month or "") + (self.day or ""))
            and (self.month is None or self.month not in SEASONS)
        )


@dataclass(frozen=True)
class FuzzyDate:
    text: str
    start: Point | None
    """None: the interval is open at its start (``../2016``)."""
    end: Point | None
    """None: open at its end (``2015/..``); the same as ``start`` for a single date."""
    interval: bool
    earliest: dt.date | None
    """The first day the date may mean (None when open at its start)."""
    latest: dt.date | None
    """The last day it may mean (None when open at its end)."""

    @property
    def exact(self) -> bool:
        """A single plain date (``2019``, ``2019-06``, ``2019-06-15``)."""
        return not self.interval and self.start is not None and self.start.exact

    @property
    def year(self) -> str | None:
        """The year it starts in, when that year is known to the digit."""
        if self.start is None or "X" in self.start.year:
            return None
        return self.start.year


class NotADate(ValueError):
    pass


def _point(text: str) -> Point:
    match = _POINT.match(text)
    if not match:
        raise NotADate(text)
    month = match["month"]
    if month is not None and month != "XX" and not (1 <= int(month) <= 12 or month in SEASONS):
        raise NotADate(text)
    return Point(match["year"], month, match["day"], match["qualifier"])


def _day(struct) -> dt.date | None:
    try:
        return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)
    except (AttributeError, TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=65536)
def parse(text: str) -> FuzzyDate:
    """The date that ``text`` writes; raises :class:`NotADate` if it is not one this
    project reads (EDTF levels 0 and 1, years of four digits)."""
    text = text.strip()
    start_text, slash, end_text = text.partition("/")
    if slash and start_text == end_text == OPEN:
        raise NotADate(text)
    start = None if start_text == OPEN else _point(start_text)
    end = (None if end_text == OPEN else _point(end_text)) if slash else start
    if not slash and start.exact:
        return _plain_date(text, start)
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as exc:  # the package raises its own errors and others on what it cannot read
        raise NotADate(text) from exc
    unknown_year = any(point is not None and point.year == "XXXX" for point in (start, end))
    try:
        earliest = _day(parsed.lower_strict()) if start is not None and not unknown_year else None
        latest = _day(parsed.upper_strict()) if end is not None and not unknown_year else None
    except (TypeError, ValueError, OverflowError):
        raise NotADate(text) from None
    if not unknown_year and ((start is not None and earliest is None) or (end is not None and latest is None)):
        raise NotADate(text)  # a day that does not exist (2019-02-30)
    if earliest and latest and earliest > latest:
        raise NotADate(text)
    return FuzzyDate(text, start, end, bool(slash), earliest, latest)


def _plain_date(text: str, point: Point) -> FuzzyDate:
    """A plain ``2019``, ``2019-06`` or ``2019-06-15``, read without ``edtf``: its
    grammar (pyparsing) takes ~4 ms a date, and plain dates are nearly all of them.
    At 10,000 initiatives ``check`` spent 3.2 s of its 11.6 s of CPU in it."""
    year = int(point.year)
    try:
        if point.month is None:
            return FuzzyDate(text, point, point, False, dt.date(year, 1, 1), dt.date(year, 12, 31))
        month = int(point.month)
        if point.day is None:
            last = calendar.monthrange(year, month)[1]
            return FuzzyDate(text, point, point, False, dt.date(year, month, 1), dt.date(year, month, last))
        day = dt.date(year, month, int(point.day))
    except ValueError:
        raise NotADate(text) from None  # a day that does not exist (2019-02-30), year 0000
    return FuzzyDate(text, point, point, False, day, day)


def sort_key(text: str | None) -> tuple:
    """Dates in order of their earliest day; open starts first, no date last."""
    if not text:
        return (2, dt.date.max)
    date = parse(text)
    return (0, dt.date.min) if date.earliest is None else (1, date.earliest)
