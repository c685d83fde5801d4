"""The interface text catalogs (observatoire/core/i18n/<lang>.yml): every key the
templates, the Python code and the scripts use is defined in every language, and
every defined key is used somewhere.

A key is found where a text is asked for: ``t("…")`` in templates, ``t(…)``,
``texts(…)``, ``texts.maybe(…)`` or ``catalog(…)`` in Python, ``T(…)`` in scripts. A key built with
an f-string (``f"facet.{facet.id}.label"``) stands for every key of that shape."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from observatoire.core.i18n import CATALOG_DIR, languages, texts

PACKAGE = Path(__file__).resolve().parents[2] / "observatoire"
ASKED = re.compile(r"""(?<![\w.])(?:self\.(?:model\.)?)?(?:texts(?:\.maybe)?|catalog|t|T)\(\s*(f?)(["'])([a-z0-9_.{}\-]+)\2""")
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
    reference = set(texts().entries)
    for language in languages()[1:]:
        assert set(texts(language).entries) == reference, language


def test_the_catalog_files_are_the_languages():
    assert sorted(p.stem for p in CATALOG_DIR.glob("*.yml")) == sorted(languages())
