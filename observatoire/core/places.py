"""Names of places in a language: countries by their ISO 3166-1 code, from the
CLDR (Babel): « Corée du Sud », « Royaume-Uni », not the ISO's official
« Corée, République de ». Every page, search facet, statistic and export names a
country through here."""

from __future__ import annotations

import functools

import pycountry
from babel import Locale


@functools.cache
def country_name(code: str, language: str = "fr") -> str:
    """The usual name of a country in ``language``; the code itself if unknown."""
    name = Locale.parse(language).territories.get(code.upper())
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code.upper())
    return getattr(country, "common_name", None) or (country.name if country else code)
