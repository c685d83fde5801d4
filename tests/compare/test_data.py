"""The compare page's data, written at build time (observatoire/site/compare.py): the
bucket of a slug, the files, and values as the record pages show them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from observatoire.site.compare import FOLDER, RECORDS_PER_FILE, bucket_count, bucket_of, data_file, fnv1a
from tests.compare.conftest import BOLOGNE, HOSTILE, JARDINS, SEOUL

NBSP = "\u202f"  # French thousands separator


def read_data_file(path: Path) -> dict:
    """The records of a data file: the JSON inside its ``JSON.parse('…')``."""
    text = path.read_text("ascii")
    literal = re.search(r"JSON\.parse\('(.*)'\);\s*$", text, re.S).group(1)
    return json.loads(re.sub(r"\\(.)", r"\1", literal))


def page_config(site: Path) -> dict:
    html = (site / "comparer.html").read_text("utf-8")
    return json.loads(
        html.split('<script type="application/json" id="obs-comparer-config">', 1)[1].split("</script>", 1)[0]
    )


def loader_settings(site: Path) -> dict:
    """The settings of the compare page's data loader: the data-* attributes of its tag,
    which stands in the head right after the title (before the style sheets)."""
    html = (site / "comparer.html").read_text("utf-8")
    head = html.split("</head>", 1)[0]
    tag = re.search(r'</title><script id="obs-comparer-donnees"([^>]*)>', head)
    assert tag, "the loader is not right after the title"
    assert head.index("obs-comparer-donnees") < head.index('rel="stylesheet"')
    settings = dict(re.findall(r' data-([a-z]+)="([^"]*)"', tag.group(1)))
    return {**settings, "lots": int(settings["lots"]), "max": int(settings["max"])}


def all_records(site: Path) -> dict:
    out = {}
    for path in (site / FOLDER).glob("*.js"):
        out.update(read_data_file(path))
    return out


def test_fnv1a_is_the_32_bit_fnv1a_over_utf16_code_units():
    # the published FNV-1a test vectors (ASCII: one code unit per byte)
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968

    def by_hand(text):
        h = 0x811C9DC5
        for char in text:
            h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
        return h

    assert fnv1a("é서울") == by_hand("é서울")  # one code unit each, XORed whole as JavaScript's charCodeAt reads it


def test_bucket_count_follows_the_catalog():
    assert [bucket_count(n) for n in (0, 1, RECORDS_PER_FILE, RECORDS_PER_FILE + 1, 10_000)] == [1, 1, 1, 2, 1000]


def test_buckets_share_the_records_evenly():
    slugs = [f"initiative-fictive-{n:05d}" for n in range(1, 10_001)]
    sizes = [0] * bucket_count(len(slugs))
    for slug in slugs:
        sizes[bucket_of(slug, len(sizes))] += 1
    # a hash spreads them as chance would: no file holds more than three times the mean
    assert sum(sizes) == len(slugs) and max(sizes) <= 3 * RECORDS_PER_FILE, (min(sizes), max(sizes))


def test_the_page_knows_the_files_and_every_record_is_in_its_bucket(site):
    config = {**page_config(site), **loader_settings(site)}
    initiatives = sorted(
        p.stem for p in (site / "initiatives").glob("*.html") if p.stem != "index" and "." not in p.stem
    )
    assert config["lots"] == bucket_count(len(initiatives))
    assert config["max"] == 4 and config["global"] == "OBS_COMPARER_LOTS"
    assert config["donnees"] == FOLDER + "/" and config["fiches"] == "initiatives/"
    assert sorted((site / FOLDER).glob("*.js")) == sorted(site / data_file(b) for b in range(config["lots"]))
    found = {}
    for bucket in range(config["lots"]):
        for slug in read_data_file(site / data_file(bucket)):
            assert bucket_of(slug, config["lots"]) == bucket
            found[slug] = bucket
    assert sorted(found) == initiatives


def test_synthetic_records_spread_over_several_files(synthetic_site):
    config = loader_settings(synthetic_site)
    assert config["lots"] == 3
    records = all_records(synthetic_site)
    assert len(records) == 30


class _Facts(HTMLParser):
    """The « En bref » list of a record page: dt text -> dd text."""

    def __init__(self):
        super().__init__()
        self.facts: dict[str, str] = {}
        self._tag, self._dt, self._text = None, "", ""

    def handle_starttag(self, tag, attrs):
        if tag in ("dt", "dd"):
            self._tag, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag == "dt" and self._tag == "dt":
            self._dt = " ".join(self._text.split())
        elif tag == "dd" and self._tag == "dd":
            self.facts[self._dt] = " ".join(self._text.split())
        if tag in ("dt", "dd"):
            self._tag = None

    def handle_data(self, data):
        if self._tag:
            self._text += data


def facts(site: Path, slug: str) -> dict[str, str]:
    parser = _Facts()
    parser.feed((site / "initiatives" / f"{slug}.html").read_text("utf-8"))
    return parser.facts


@pytest.mark.parametrize("slug", [JARDINS, BOLOGNE, SEOUL])
def test_values_are_those_the_record_page_shows(site, slug):
    record = all_records(site)[slug]
    shown = facts(site, slug)
    unknown = "Non renseigné"
    assert (record["debut"] or unknown) == shown["Début"]
    assert (record["statut"] or unknown) == shown["Statut"]
    assert (record["echelon"] or unknown) == shown["Échelon"]
    if "Budget" in shown:
        assert " ".join(record["budget"].split()) == shown["Budget"]  # (spaces joined on both sides)
    else:
        assert record["budget"] is None
    assert " ".join(record["themes"]) == shown["Thèmes"]
    assert (" ".join(record["instruments"]) or unknown) == shown["Instruments"]


def test_values_of_the_whole_world(site):
    records = all_records(site)
    bologne, seoul, jardins = records[BOLOGNE], records[SEOUL], records[JARDINS]
    assert bologne["debut"] == "2015–2016" and seoul["debut"] == "vers 2012"
    assert bologne["statut"] is None and bologne["fin"] is None
    assert bologne["population"] == f"111{NBSP}111 habitants en 2014"
    assert jardins["population"] == f"12{NBSP}345 habitants"
    assert bologne["lieu"] == {"texte": "Bologne, Émilie-Romagne, Italie", "local": "Bologna", "langue": "it"}
    assert seoul["lieu"]["local"] == "서울" and seoul["lieu"]["langue"] == "ko"
    assert jardins["budget"] == f"15{NBSP}000 EUR (par an, 2023)"
    assert jardins["grille"]["co_gouvernance"] == [
        3,
        "Un comité fictif réunit la ville et le collectif chaque mois.",
        [1],
    ]
    assert "experimentalisme" not in jardins["grille"]  # non évalué
    assert jardins["sources"][0] == {
        "titre": "Délibération fictive sur les jardins",
        "url": "https://exemple.org/deliberation-jardins",
        "suite": ", 12 mars 2019.",
    }


def test_record_text_is_data_never_markup(site):
    """The hostile record's text is in the data as it was written, inside a JSON string (the
    script puts it in the page as text)."""
    hostile = all_records(site)[HOSTILE]
    assert hostile["titre"] == '<img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }}'
    assert hostile["sources"][0]["titre"] == "<script>window.__pwned=4</script>Source fictive"
    for path in (site / FOLDER).glob("*.js"):
        text = path.read_text("ascii")  # pure ASCII: no charset to get wrong
        assert text.count("\n") == 2 and text.startswith("/* ") and "JSON.parse('" in text
