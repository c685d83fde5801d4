"""Names of places in a language: countries by their ISO 3166-1 code, from the
CLDR (Babel): « Corée du Sud », « Royaume-Uni », not the ISO's official
« Corée, République de »; first-level subdivisions by their ISO 3166-2 code
(pycountry), with the catalog's names where the ISO list has none in the
language. Every page, search facet, statistic and export names a place through here."""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass

import pycountry
from babel import Locale
from slugify import slugify


@functools.cache
def country_name(code: str, language: str = "fr") -> str:
    """The usual name of a country in ``language``; the code itself if unknown."""
    name = Locale.parse(language).territories.get(code.upper())
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code.upper())
    return getattr(country, "common_name", None) or (country.name if country else code)


# --- first-level subdivisions (ISO 3166-2) -----------------------------------------


@dataclass(frozen=True)
class Subdivision:
    """A country's first-level subdivision: a French région, an Italian regione, a
    German Land, a Korean province or special city…"""

    code: str
    """ISO 3166-2: ``FR-IDF``, ``IT-45``, ``KR-11``."""
    country: str
    local_name: str
    """Its official name in the ISO's list (in the language of the place)."""
    type: str
    """Its kind in the ISO's list, in English (« Region », « Land », « Special city »)."""

    @property
    def type_key(self) -> str:
        """The key of its kind's name in the catalogs (``place.types.<type_key>``)."""
        return slugify(self.type)


@functools.cache
def first_level_subdivisions(country: str) -> tuple[Subdivision, ...]:
    """Every first-level subdivision of a country, by code."""
    found = pycountry.subdivisions.get(country_code=country.upper()) or []
    return tuple(
        sorted(
            (Subdivision(s.code, s.country_code, _tidy(s.name), s.type) for s in found if not s.parent_code),
            key=lambda s: s.code,
        )
    )


@functools.cache
def subdivision(code: str) -> Subdivision | None:
    """The first-level subdivision of this ISO 3166-2 code, if it is one."""
    country = code.partition("-")[0]
    return next((s for s in first_level_subdivisions(country) if s.code == code), None)


_BRACKETS = re.compile(r"\s*\[[^\]]*\]|\s*\((?:[^)]*)\)")


def _tidy(name: str) -> str:
    """« Madrid, Comunidad de » -> « Comunidad de Madrid »; « Catalunya [Cataluña] » -> « Catalunya »."""
    name = _BRACKETS.sub("", name).strip()
    head, comma, tail = name.partition(", ")
    if comma and tail and "," not in tail:
        name = f"{tail[:1].upper()}{tail[1:]} {head}"
    return name


@functools.cache
def subdivision_name(code: str, language: str = "fr", override: str | None = None) -> str:
    """The name of a subdivision in ``language``: ``override`` when given (the catalog's
    ``place.names.<code>``), else the ISO list's translation, else its official name."""
    if override:
        return override
    found = subdivision(code)
    if found is None:
        return code
    iso = pycountry.subdivisions.get(code=code)
    try:
        translated = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language]).gettext(iso.name)
    except OSError:
        translated = iso.name
    return _tidy(translated)


def subdivision_label(code: str, texts) -> str:
    """The name of a subdivision in the language of ``texts`` (a :class:`observatoire.core.i18n.Texts`)."""
    return subdivision_name(code, texts.language, texts.maybe(f"place.names.{code}") or None)


def subdivision_kind(code: str, texts, n: int = 1) -> str:
    """What a subdivision is called in its country (« région », « Land »…), for ``n`` of them."""
    found = subdivision(code)
    key = found.type_key if found else "other"
    return texts.maybe(f"place.types.{key}", "", n=n) or texts("place.types.other", n=n)


@functools.cache
def local_language(country: str) -> str:
    """The main official language of a country (BCP 47 code), for the ``lang`` of a
    place's local name: ``IT`` -> ``it``, ``KR`` -> ``ko``; ``und`` when unknown."""
    from babel.languages import get_official_languages

    found = get_official_languages(country.upper(), de_facto=True)
    return found[0] if found else "und"
