"""The interface text catalogs (observatoire/core/i18n/<lang>.yml): every key the
templates, the Python code and the scripts use is defined in every language, and
every defined key is used somewhere.

A key is found where a text is asked for: ``t("…")`` in templates, ``t(…)``,
``texts(…)``, ``texts.maybe(…)``, ``catalog(…)`` or ``catalog.ordinal(…)`` in Python, ``T(…)`` in scripts. A key built with
an f-string (``f"facet.{facet.id}.label"``) stands for every key of that shape."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path
from string import Formatter

import pytest

from observatoire.core.i18n import CATALOG_DIR, MissingText, Texts, languages, texts

PACKAGE = Path(__file__).resolve().parents[2] / "observatoire"
ASKED = re.compile(
    r"""(?<![\w.])(?:self\.(?:model\.)?)?(?:(?:texts|catalog)(?:\.maybe|\.ordinal)?|t|T)\(\s*(f?)(["'])([a-z0-9_.{}\-]+)\2"""
)
"""A literal key (or an f-string key) passed to a function that gives a text."""


def used_keys() -> tuple[set[str], set[str]]:
    """(literal keys, shapes of keys built from variables, as glob patterns)."""
    literal, shapes = set(), set()
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.js")]
    for path in files:
        if "vendor" in path.parts:
            continue
        for f, _, key in ASKED.findall(path.read_text("utf-8")):
            if f or "{" in key:
                shapes.add(re.sub(r"\{[^}]*\}", "*", key))
            else:
                literal.add(key)
    return literal, shapes


def test_the_default_language_comes_first_and_every_catalog_reads():
    assert languages()[0] == "fr"
    for language in languages():
        assert texts(language).entries


@pytest.mark.parametrize("language", languages())
def test_every_key_used_is_defined(language):
    literal, shapes = used_keys()
    defined = set(texts(language).entries)
    missing = sorted(literal - defined)
    assert not missing, f"absentes de {language}.yml : {missing}"
    empty_shapes = sorted(s for s in shapes if not any(fnmatchcase(k, s) for k in defined))
    assert not empty_shapes, f"aucune clé de {language}.yml n'a la forme : {empty_shapes}"


def test_every_key_defined_is_used():
    literal, shapes = used_keys()
    unused = sorted(k for k in texts().entries if k not in literal and not any(fnmatchcase(k, s) for s in shapes))
    assert not unused, f"clés définies mais jamais utilisées : {unused}"


@pytest.mark.parametrize("language", languages())
def test_every_text_is_a_string_under_string_keys(language):
    """YAML reads « yes: » or « no: » as booleans, and « 2000: » as a number."""
    import yaml

    def walk(node, path):
        for key, value in node.items():
            assert isinstance(key, str), f"{path}{key!r} : la clé n'est pas du texte (mettez-la entre guillemets)"
            if isinstance(value, dict):
                walk(value, f"{path}{key}.")
            else:
                assert isinstance(value, str), f"{path}{key} : {value!r} n'est pas du texte"

    walk(yaml.safe_load((CATALOG_DIR / f"{language}.yml").read_text("utf-8")), "")


def test_every_language_defines_the_same_keys():
    for language in languages()[1:]:
        assert catalog_differences(texts(), texts(language)) == []


def catalog_differences(reference: Texts, other: Texts) -> list[str]:
    """What ``other`` does not match in ``reference``, each naming its key: a key
    missing from either, other parameters, a text where the other has plural forms
    (or the reverse), or a plural form the language's CLDR rules do not have."""

    def params(entry) -> set[str]:
        forms = entry.values() if isinstance(entry, dict) else [entry]
        return {name for form in forms for _, name, _, _ in Formatter().parse(form) if name is not None}

    problems = []
    ref, lang = reference.language, other.language
    problems += [f"{key} : absente de {lang}.yml" for key in sorted(set(reference.entries) - set(other.entries))]
    problems += [f"{key} : absente de {ref}.yml" for key in sorted(set(other.entries) - set(reference.entries))]
    cldr = set(other.locale.plural_form.tags) | set(other.locale.ordinal_form.tags) | {"other"}
    for key in sorted(set(reference.entries) & set(other.entries)):
        mine, theirs = reference.entries[key], other.entries[key]
        if params(mine) != params(theirs):
            problems.append(
                f"{key} : paramètres {sorted(params(theirs))} dans {lang}.yml, {sorted(params(mine))} dans {ref}.yml"
            )
        if isinstance(mine, dict) != isinstance(theirs, dict):
            problems.append(f"{key} : formes du pluriel dans un seul des catalogues {ref}.yml et {lang}.yml")
        elif isinstance(theirs, dict):
            if "other" not in theirs:
                problems.append(f"{key} : pas de forme « other » dans {lang}.yml")
            if set(theirs) - cldr:
                problems.append(f"{key} : formes {sorted(set(theirs) - cldr)} inconnues en {lang}")
    return problems


def test_english_is_a_language_of_the_catalogs():
    assert "en" in languages()
    english = texts("en")
    assert english.locale.language == "en"
    assert english("page.home.title") == "Home"
    assert english("count.initiatives", n=1) == "1 initiative"
    assert english("count.initiatives", n=2) == "2 initiatives"


@pytest.mark.parametrize("language", languages()[1:])
def test_every_language_has_the_same_keys_parameters_and_plural_shapes_as_the_default(language):
    problems = catalog_differences(texts(), texts(language))
    assert not problems, "\n".join(problems)


def test_a_difference_between_catalogs_names_its_key():
    french = Texts(
        "fr", {"a.b": "{n} fiches", "a.c": {"one": "{n} fiche", "other": "{n} fiches"}, "a.d": "texte", "a.e": "seule"}
    )
    english = Texts(
        "en",
        {"a.b": "{count} records", "a.c": "{n} records", "a.d": {"one": "x", "many": "y", "other": "z"}, "a.f": "only"},
    )
    problems = catalog_differences(french, english)
    assert any(p.startswith("a.e : absente de en.yml") for p in problems)
    assert any(p.startswith("a.f : absente de fr.yml") for p in problems)
    assert any(p.startswith("a.b : paramètres ['count']") for p in problems)
    assert any(p.startswith("a.c : formes du pluriel") for p in problems)
    assert any(p.startswith("a.d : formes du pluriel") for p in problems)
    assert catalog_differences(french, french) == []


def test_a_missing_text_names_its_key_and_catalog():
    with pytest.raises(MissingText, match="page.nowhere.*en.yml"):
        texts("en")("page.nowhere")
    with pytest.raises(MissingText, match="date.nowhere.*en.yml"):
        texts("en").ordinal("date.nowhere", n=2)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", "20XX", "21e siècle"),
        ("en", "20XX", "the 21st century"),
        ("en", "19XX", "the 20th century"),
        ("en", "21XX", "the 22nd century"),
        ("en", "22XX", "the 23rd century"),
        ("en", "10XX", "the 11th century"),
        ("en", "201X", "the 2010s"),
        ("en", "2019-06-01", "1 June 2019"),
        ("en", "2019-21", "spring 2019"),
        ("en", "2019~", "around 2019"),
    ],
)
def test_dates_in_each_language(language, value, expected):
    from observatoire.core.formats import fuzzy_date

    assert fuzzy_date(value, texts(language)) == expected


def test_the_catalog_files_are_the_languages():
    assert sorted(p.stem for p in CATALOG_DIR.glob("*.yml")) == sorted(languages())
