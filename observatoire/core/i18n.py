"""Interface text, one catalog per language: ``observatoire/core/i18n/<lang>.yml``.

A catalog is nested YAML; a text's key is its path, dotted
(``facet.theme.label``). A text may name parameters (``{n} initiatives``), and
may have plural forms (a mapping ``one:``/``other:``, chosen by the CLDR rule of
the language for the parameter ``n``; :meth:`Texts.ordinal` chooses by the
language's ordinal rule instead: « 21e », « 21st »). Templates, Python and the scripts read
the same catalogs: a test fails on a key used but missing, or defined but unused.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from babel import Locale

from observatoire.core.yamltext import load_yaml

CATALOG_DIR = Path(__file__).resolve().parent / "i18n"
DEFAULT_LANGUAGE = "fr"
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


class MissingText(KeyError):
    """A key that the catalog of a language does not define."""


def _flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) <= set(PLURAL_FORMS):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


class Texts:
    """The interface text of one language: ``texts("facet.theme.label")``,
    ``texts("statistics.means.bar", mean="2,5", n=3)``."""

    def __init__(self, language: str, entries: dict[str, Any]):
        self.language = language
        self.entries = entries
        self.locale = Locale.parse(language)

    def __call__(self, key: str, /, **params: Any) -> str:
        pattern = self.pattern(key, params.get("n"))
        return pattern.format_map(params) if params else pattern

    def pattern(self, key: str, n: Any = None) -> str:
        """The text of ``key`` before its parameters are put in (the plural form for ``n``)."""
        try:
            entry = self.entries[key]
        except KeyError:
            raise MissingText(f"texte « {key} » absent du catalogue {self.language}.yml") from None
        if isinstance(entry, dict):
            form = self.locale.plural_form(n) if n is not None else "other"
            entry = entry.get(form, entry["other"])
        return entry

    def ordinal(self, key: str, /, n: int) -> str:
        """The text of ``key`` in the form the language's ordinal rule gives ``n``
        (English ``two:`` for 22, « 22nd »), ``{n}`` put in."""
        try:
            entry = self.entries[key]
        except KeyError:
            raise MissingText(f"texte « {key} » absent du catalogue {self.language}.yml") from None
        if isinstance(entry, dict):
            entry = entry.get(self.locale.ordinal_form(n), entry["other"])
        return entry.format(n=n)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def maybe(self, key: str, fallback: str = "", /, **params: Any) -> str:
        """The text of ``key``, or ``fallback`` where the catalog has none (an optional text)."""
        return self(key, **params) if key in self.entries else fallback

    def subset(self, prefix: str) -> dict[str, Any]:
        """The entries whose key starts with ``prefix`` (for a script's data)."""
        return {key: value for key, value in self.entries.items() if key.startswith(prefix)}


@functools.cache
def texts(language: str = DEFAULT_LANGUAGE) -> Texts:
    """The catalog of ``language``, read once."""
    data = load_yaml((CATALOG_DIR / f"{language}.yml").read_text("utf-8")) or {}
    return Texts(language, _flatten(data))


def languages() -> list[str]:
    """Every language that has a catalog, the default first."""
    found = sorted(p.stem for p in CATALOG_DIR.glob("*.yml"))
    return [DEFAULT_LANGUAGE] + [lang for lang in found if lang != DEFAULT_LANGUAGE]
