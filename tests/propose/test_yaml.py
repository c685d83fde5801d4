"""The browser's YAML writer and file naming, against PyYAML/libyaml and python-slugify."""

from __future__ import annotations

import json

import pytest
import yaml
from slugify import slugify

_Loader = yaml.CSafeLoader  # libyaml, as editors and reusers read the files

NASTY = [
    "",
    " ",
    "a",
    "null",
    "~",
    "yes",
    "no",
    "on",
    "true",
    "0x1F",
    "0123",
    "1e3",
    "1.5",
    "-",
    "- a",
    "? a",
    "a: b",
    "a #b",
    "#a",
    "'",
    "''",
    '"',
    "\\",
    "\\n",
    "%a",
    "@a",
    "`a",
    "!a",
    "&a",
    "*a",
    "|",
    ">",
    "[a]",
    "{a}",
    "---",
    "...",
    " a",
    "a ",
    "\ta",
    "a\t",
    "\t",
    "é à ç Œ ß",
    "emoji 🌱🏙️",
    "\u00a0insécable\u202f",
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f",
    "\x85 \u2028 \u2029 \ufeff \ufffe",
    "\r",
    "a\rb",
    "a\r\nb",
    "\ud800 seul",
    "fin \udc00",
    "a\nb",
    "a\n",
    "a\n\n",
    "a\n\n\n",
    "\na",
    "\n",
    "\n\n",
    " a\nb",
    "a\n b",
    "a\n\tb",
    "a \nb",
    "a\n \nb",
    "a\n\nb",
    "ligne 1\n  - item\n# pas un commentaire\nclé: valeur\n---\n...",
    "a\nb ",
    "a\n\x85b",
    'a\n"b"',
    "x" * 3000,
    ("mot " * 50 + "\n") * 5,
]


@pytest.fixture(scope="module")
def page(browser, proposer_site):
    p = browser.new_page()
    p.goto((proposer_site / "proposer.html").as_uri())
    yield p
    p.close()


def emit(page, record):
    return page.evaluate("r => ObsProposer.yaml(r, ['commentaire'])", record)


def expected(value):
    """What the browser can hold: lone surrogates become U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [expected(v) for v in value]
    if isinstance(value, dict):
        return {k: expected(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("loader", [_Loader, yaml.SafeLoader], ids=["libyaml", "pyyaml"])
def test_every_string_reads_back_exactly(page, loader):
    record = {
        "scalaires": {f"k{i}": s for i, s in enumerate(NASTY)},
        "liste": NASTY,
        "cartes": [{"titre": s, "texte": s, "n": i} for i, s in enumerate(NASTY)],
        "profond": {"a": {"b": [{"c": {"d": s}} for s in NASTY[-20:]]}},
        "nombres": [0, 1, 42, 1234567],
        "flottants": {"x": 12500.5, "y": -1.5, "z": 0.000001, "w": 47.25},
    }
    # JSON carries lone surrogates to the browser as \\ud800 escapes
    text = emit(page, json.loads(json.dumps(record)))
    assert text.startswith("# commentaire\n")
    text.encode("utf-8")  # a valid UTF-8 file
    assert yaml.load(text, Loader=loader) == expected(record)


def test_multi_line_text_is_a_readable_block(page):
    text = emit(page, {"description": "Première ligne.\n\n- un point\n- un autre", "titre": 'Le "jardin"'})
    assert text == (
        '# commentaire\ndescription: |-\n  Première ligne.\n\n  - un point\n  - un autre\ntitre: "Le \\"jardin\\""\n'
    )


def test_keys_that_are_not_identifiers_are_quoted(page):
    record = {"a b": 1, "é": "x", "k: v": ["y"], "#": {"z": 2}}
    assert yaml.load(emit(page, record), Loader=_Loader) == record


TITLES = [
    "Titre de l'initiative",
    "Titre de l’initiative",
    "Œuvre « commune » & co",
    "1,000 jardins",
    "Straße Łódź Ærø",
    "&amp; test &#233;té &#x41;",
    '<script>alert("x")</script>',
    "ÉCOLE—Ville_2",
    "São Paulo: ﬁn ½",
    "Ἀθήνα",
    "Москва 2030",
    "Budget 100 € — 50 £ ; 3° ; © ® ™",
    "Ville de L'Île-Saint-Denis",
    "  espaces  ",
    "Maison des communs (Pôle Ressources) – Pantin",
    "Jardins « Pousse-Pousse » n° 3",
    "Ça ira… mieux !",
    "Ĳsselmeer ǅ ǈ",
    "ﬀ ﬃ ﬆ",
    "İstanbul ıi",
    "D’Alembert",
    "l`accent",
    "a''b",
    "&nbsp;&eacute;&Eacute;&bogus;",
]


def test_file_names_match_python_slugify(page):
    got = page.evaluate("titles => titles.map(t => ObsProposer.slugify(t))", TITLES)
    assert got == [slugify(t) for t in TITLES]
