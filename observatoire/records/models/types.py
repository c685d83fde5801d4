"""Field types shared by the records, each with a message a contributor can act on.

Custom errors carry their French message and fix in the error context
(``message`` and ``conseil``); :mod:`observatoire.records.validation` prints them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Tag,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from observatoire.core.dates import NotADate
from observatoire.core.dates import parse as parse_edtf
from observatoire.core.places import first_level_subdivisions, subdivision, subdivision_name
from observatoire.core.text import closest, fold

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def fail(kind: str, message: str, conseil: str) -> PydanticCustomError:
    return PydanticCustomError(kind, "{message}", {"message": message, "conseil": conseil})


class Record(BaseModel):
    """Base of every record and sub-record: unknown keys are errors (typos)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- vocabularies -----------------------------------------------------------


@dataclass(frozen=True)
class InVocabulary:
    """Marks a ``str`` field whose value must be an id of a vocabulary of ``schema/``.

    The vocabularies come in the validation context (``context.vocabularies``);
    the JSON Schema carries ``x-vocabulaire`` so the exporter can list the values.
    """

    name: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema, handler: GetJsonSchemaHandler):
        out = handler(schema)
        out["x-vocabulaire"] = self.name
        return out

    def _check(self, value: str, info) -> str:
        context = info.context
        if context is None:
            return value
        vocabulary = context.vocabularies[self.name]
        if value in vocabulary:
            return value
        suggestion = vocabulary.suggest(value)
        conseil = (
            f"vouliez-vous dire « {suggestion} » ?"
            if suggestion
            else f"valeurs possibles : {', '.join(vocabulary.ids)}"
        )
        raise fail(
            "vocabulaire",
            f"« {value} » n'est pas dans le vocabulaire « {vocabulary.title} »",
            conseil + " (liste complète : schema/vocabulaires/" + self.name + ".yml)",
        )


def Vocab(name: str, description: str):
    return Annotated[str, InVocabulary(name), Field(description=description)]


# --- slugs and references ---------------------------------------------------


def _check_ref(value: Any) -> Any:
    if isinstance(value, str) and not re.match(SLUG_PATTERN, value):
        raise fail(
            "reference",
            f"« {value} » n'est pas un identifiant de fiche",
            "une référence est le nom du fichier de la fiche sans extension, "
            "en minuscules sans accents, mots séparés par des tirets",
        )
    return value


Ref = Annotated[str, BeforeValidator(_check_ref)]
"""The slug (file name without extension) of another record."""


# --- URLs -------------------------------------------------------------------


def _check_url(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https"):
        raise fail(
            "url",
            f"adresse « {value} » refusée : seules les adresses http:// et https:// sont acceptées",
            "copiez l'adresse complète depuis la barre du navigateur",
        )
    if not parts.netloc or " " in value.strip():
        raise fail(
            "url",
            f"adresse « {value} » incomplète ou invalide",
            "copiez l'adresse complète depuis la barre du navigateur",
        )
    return value.strip()


Url = Annotated[str, BeforeValidator(_check_url), Field(json_schema_extra={"format": "uri", "pattern": "^https?://"})]


# --- dates ------------------------------------------------------------------

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_partial_date(value: Any) -> Any:
    if isinstance(value, bool):
        raise fail("date", "une date est attendue", "écrivez AAAA, AAAA-MM ou AAAA-MM-JJ, par exemple 2019-06-15")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise fail("date", "une date est attendue", "écrivez AAAA, AAAA-MM ou AAAA-MM-JJ, par exemple 2019-06-15")
    match = _PARTIAL.match(value.strip())
    if not match:
        raise fail(
            "date",
            f"« {value} » n'est pas une date",
            "écrivez AAAA, AAAA-MM ou AAAA-MM-JJ, par exemple 2019-06-15",
        )
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise fail("date", f"la date {value} n'existe pas", "vérifiez le jour et le mois") from None
    return value.strip()


PartialDate = Annotated[
    str,
    BeforeValidator(_check_partial_date),
    Field(json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]
"""A year (``2009``), a month (``2018-04``) or a day (``2018-11-05``): sources
often give no more than a year."""


EDTF_HINT = (
    "écrivez AAAA, AAAA-MM ou AAAA-MM-JJ ; une date approximative 2012~, incertaine 2015?, un mois "
    "inconnu 2019-XX, une année inconnue XXXX-04, une décennie 201X, un intervalle 2015/2016 "
    "(ouvert : ../2016, 2015/..) — format EDTF"
)
_EDTF_POINT = r"(\d{4}|\d{3}X|\d{2}XX|XXXX)(-(\d{2}|XX))?(-(\d{2}|XX))?[~?%]?"
EDTF_PATTERN = rf"^({_EDTF_POINT}|\.\.)(/({_EDTF_POINT}|\.\.))?$"


def _check_edtf(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        raise fail("date", "une date est attendue", EDTF_HINT)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        parse_edtf(text)
    except NotADate:
        if _PARTIAL.match(text):
            raise fail("date", f"la date {text} n'existe pas", "vérifiez le jour et le mois") from None
        raise fail("date", f"« {value} » n'est pas une date", EDTF_HINT) from None
    return text


EdtfDate = Annotated[str, BeforeValidator(_check_edtf), Field(json_schema_extra={"pattern": EDTF_PATTERN})]
"""A date as precise as the sources: a year, a month, a day, or approximate,
uncertain, partly unknown or an interval (EDTF, see :mod:`observatoire.core.dates`)."""


def _check_full_date(value: Any) -> Any:
    checked = _check_partial_date(value)
    if len(checked) != 10:
        raise fail("date", f"« {value} » : le jour complet est attendu", "écrivez AAAA-MM-JJ, par exemple 2026-11-24")
    return dt.date.fromisoformat(checked)


Date = Annotated[dt.date, BeforeValidator(_check_full_date)]


def date_key(value: str) -> tuple[int, int, int]:
    """Sort key of a partial date; a missing month or day counts as the first."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return parts[0], parts[1], parts[2]


def date_end_key(value: str) -> tuple[int, int, int]:
    """The last day a partial date may denote (2019 -> 2019-12-31)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return parts[0], 12, 31
    if len(parts) == 2:
        return parts[0], parts[1], 31
    return parts[0], parts[1], parts[2]


def _check_moment(value: Any) -> Any:
    """An event's start or end: a day, or a day and a local time."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, (dt.date, int)):
        return _check_edtf(value)
    if not isinstance(value, str):
        raise fail(
            "date", "une date est attendue", "écrivez AAAA-MM-JJ ou AAAA-MM-JJTHH:MM, par exemple 2019-06-15T14:00"
        )
    text = value.strip().replace(" ", "T", 1)
    if "T" not in text:
        return _check_edtf(text)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise fail(
            "date",
            f"« {value} » n'est pas une date et heure valide",
            "écrivez AAAA-MM-JJTHH:MM en heure locale, par exemple 2019-06-15T14:00",
        ) from None
    if moment.tzinfo is not None:
        offset = re.search(r"(Z|[+-][\d:]+)$", text)
        raise fail(
            "date",
            f"« {value} » : l'heure doit être donnée en heure locale, sans décalage",
            f"retirez « {offset.group(1) if offset else 'le décalage'} » et indiquez le fuseau dans le champ « fuseau »",
        )
    return moment.isoformat(timespec="minutes")


Moment = Annotated[
    str,
    BeforeValidator(_check_moment),
    Field(json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$"}),
]


def moment_key(value: str) -> tuple:
    """Sort key of an event's moment: a day and a time, or an EDTF date (by its earliest day)."""
    day, _, time = value.partition("T")
    if time:
        return date_key(day) + (time,)
    earliest = parse_edtf(day).earliest or dt.date.min
    return (earliest.year, earliest.month, earliest.day, "00:00")


def earliest_day(value: str) -> dt.date | None:
    """The first day a date (EDTF, or a day with a time) may mean; None if open at its start."""
    day = value.partition("T")[0]
    return parse_edtf(day).earliest


def latest_day(value: str) -> dt.date | None:
    """The last day a date may mean; None if open at its end."""
    day = value.partition("T")[0]
    return parse_edtf(day).latest


def _check_timezone(value: Any) -> Any:
    if isinstance(value, str):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise fail("fuseau", f"fuseau horaire « {value} » inconnu", "écrivez par exemple Europe/Paris") from None
    return value


TimeZone = Annotated[str, BeforeValidator(_check_timezone)]


# --- territory ------------------------------------------------------------------


_COUNTRY_CODES = {c.alpha_2 for c in pycountry.countries}


def _check_country(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    code = value.strip()
    if code.upper() in _COUNTRY_CODES and code == code.upper():
        return code
    if code.upper() in _COUNTRY_CODES:
        raise fail("pays", f"code pays « {code} » en minuscules", f"écrivez « {code.upper()} »")
    found = None
    try:
        found = pycountry.countries.lookup(code)
    except LookupError:
        pass
    if found is None:
        names = {c.name.casefold(): c.alpha_2 for c in pycountry.countries}
        near = closest(code.casefold(), list(names))
        found_code = names[near] if near else None
    else:
        found_code = found.alpha_2
    conseil = "utilisez le code ISO 3166-1 à deux lettres, par exemple FR, BE, ES, IT"
    if found_code:
        conseil = f"vouliez-vous dire « {found_code} » ? ({conseil})"
    raise fail("pays", f"code pays « {code} » inconnu", conseil)


CountryCode = Annotated[str, BeforeValidator(_check_country), Field(json_schema_extra={"pattern": "^[A-Z]{2}$"})]

_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


def _check_insee(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not _INSEE.match(value.strip()):
        raise fail(
            "insee",
            f"code INSEE « {value} » mal formé",
            "le code officiel géographique a 5 caractères, par exemple 93048 (Montreuil) ou 2A004 "
            "(Ajaccio) ; ce n'est pas le code postal ; écrivez-le entre guillemets s'il commence par 0",
        )
    return value.strip() if isinstance(value, str) else value


InseeCode = Annotated[str, BeforeValidator(_check_insee), Field(json_schema_extra={"pattern": r"^(\d{5}|2[AB]\d{3})$"})]


class Coordinates(Record):
    """Latitude and longitude in decimal degrees (WGS 84)."""

    lat: float = Field(ge=-90, le=90, description="Latitude en degrés décimaux (WGS 84), de -90 à 90.")
    lon: float = Field(ge=-180, le=180, description="Longitude en degrés décimaux (WGS 84), de -180 à 180.")


def _check_subdivision(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    code = value.strip()
    if subdivision(code.upper()) is not None:
        if code != code.upper():
            raise fail("subdivision", f"code « {code} » en minuscules", f"écrivez « {code.upper()} »")
        return code
    country = code.partition("-")[0].upper()
    known = first_level_subdivisions(country) if len(country) == 2 else ()
    if known:
        names = {fold(s.local_name): s.code for s in known}
        names.update({fold(subdivision_name(s.code)): s.code for s in known})
        wanted = fold(code.partition("-")[2] or code)
        near = closest(wanted, list(names)) or next((n for n in names if wanted and n.startswith(wanted)), None)
        hint = f"vouliez-vous dire « {names[near]} » ? " if near else ""
        listed = ", ".join(f"{s.code} ({subdivision_name(s.code)})" for s in known[:40])
        raise fail(
            "subdivision",
            f"« {code} » n'est pas une subdivision de premier niveau de {country}",
            f"{hint}codes possibles : {listed}",
        )
    raise fail(
        "subdivision",
        f"« {code} » n'est pas un code ISO 3166-2 de premier niveau",
        "écrivez le code du pays, un tiret et celui de la subdivision, par exemple FR-IDF, IT-45, KR-11 "
        "(la liste de chaque pays : https://www.iso.org/obp/ui/ ou le modèle « observatoire new »)",
    )


SubdivisionCode = Annotated[
    str, BeforeValidator(_check_subdivision), Field(json_schema_extra={"pattern": r"^[A-Z]{2}-[A-Z0-9]{1,3}$"})
]


class Population(Record):
    """How many people live in the place, as a source says, at a date."""

    nombre: int = Field(ge=0, description="Nombre d'habitants, selon la source citée.")
    annee: int | None = Field(None, ge=1800, le=2100, description="Année du chiffre (recensement, estimation).")
    source: int | None = Field(None, ge=1, description="Numéro de la source de la fiche qui donne ce chiffre.")

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, value: Any) -> Any:
        """``population: 12345`` is a number with no year nor source."""
        if isinstance(value, int) and not isinstance(value, bool):
            return {"nombre": value}
        if not isinstance(value, dict):
            raise fail(
                "population",
                f"un nombre d'habitants est attendu (trouvé : « {value} »)",
                "écrivez un nombre sans guillemets ni espaces, par exemple « population: 12000 », ou bien "
                "« population: {nombre: 12000, annee: 2020, source: 1} »",
            )
        return value


CityInEnglish = Annotated[
    str | None,
    Field(
        description=(
            "Nom de la ville en anglais, quand il diffère du nom français (Bologna, Seoul) : "
            "la version anglaise du site l'écrit ainsi."
        )
    ),
]
"""A city's English name (``commune_en``) beside its French one, in a territory or an event's place."""


class Territory(Record):
    """Where the initiative takes place, in France or abroad."""

    commune: str | None = Field(
        None, description="Nom de la ville ou de la commune, en français s'il existe (Bologne, Séoul)."
    )
    nom_local: str | None = Field(
        None, description="Nom de la ville dans la langue du lieu, quand il diffère du nom français (Bologna, 서울)."
    )
    commune_en: CityInEnglish = None
    code_insee: InseeCode | None = Field(
        None, description="Code officiel géographique INSEE de la commune (France seulement), 5 caractères."
    )
    departement: str | None = Field(None, description="Département (France seulement).")
    subdivision: SubdivisionCode | None = Field(
        None,
        description=(
            "Premier échelon sous le pays (région en France, regione en Italie, Land en Allemagne…) : "
            "son code ISO 3166-2, par exemple FR-IDF, IT-45, KR-11."
        ),
    )
    pays: CountryCode = Field(description="Pays, code ISO 3166-1 à deux lettres (FR, BE...).")
    population: Population | None = Field(
        None, description="Population de la commune ou du territoire concerné : nombre, année et source."
    )
    coordonnees: Coordinates | None = Field(None, description="Position sur la carte.")

    region: SkipJsonSchema[str | None] = Field(None, exclude=True)
    """Replaced by ``subdivision``: a record that still has it is told which code to write."""

    @field_validator("region")
    @classmethod
    def _former_region(cls, value: Any, info) -> Any:
        if value is None:
            return value
        country = info.data.get("pays") or ""
        found = [
            s.code
            for s in first_level_subdivisions(country)
            if fold(value) in (fold(s.local_name), fold(subdivision_name(s.code)))
        ]
        hint = (
            f"écrivez « subdivision: {found[0]} »"
            if found
            else (
                "écrivez le code ISO 3166-2 de la région dans « subdivision » (par exemple FR-IDF pour l'Île-de-France)"
            )
        )
        raise fail("territoire", "le champ « region » est remplacé par « subdivision » (code ISO 3166-2)", hint)


class NamedOrganisation(BaseModel):
    """An organisation named without a record of its own (a university lab, a
    foundation, a city council abroad...)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    nom: str = Field(min_length=2, description="Nom de l'organisation, tel que les sources l'écrivent.")
    site_web: Url | None = Field(None, description="Son site web.")
    pays: CountryCode | None = Field(None, description="Son pays, code ISO 3166-1.")


def _check_organisation_ref(value: Any) -> Any:
    if isinstance(value, str) and not re.match(SLUG_PATTERN, value):
        raise fail(
            "reference",
            f"« {value} » n'est pas un identifiant de fiche organisation",
            "écrivez l'identifiant d'une fiche de content/actors/ (le nom du fichier sans extension), ou, pour "
            f"une organisation qui n'a pas de fiche, son nom : « - nom: {value} »",
        )
    return value


Organisation = Annotated[
    Annotated[Annotated[str, BeforeValidator(_check_organisation_ref)], Tag("<fiche>")]
    | Annotated[NamedOrganisation, Tag("<nom>")],
    Discriminator(
        lambda value: "<nom>" if isinstance(value, dict) or isinstance(value, NamedOrganisation) else "<fiche>"
    ),
]
"""An organisation: the slug of its actor record, or its name (``nom:``) when it has none."""


class Source(Record):
    """A document that supports the facts of the record."""

    titre: str = Field(min_length=1, description="Titre du document.")
    url: Url | None = Field(None, description="Adresse web du document, si elle existe (http ou https).")
    auteur: str | None = Field(None, description="Auteur ou organisation qui publie le document.")
    date: EdtfDate | None = Field(None, description="Date de publication du document (EDTF : 2019, 2019-06~…).")
    consulte_le: PartialDate | None = Field(None, description="Date à laquelle le document a été consulté.")
    document: str | None = Field(
        None, description="Référence du document dans le fonds de l'Observatoire (nom de fichier)."
    )
