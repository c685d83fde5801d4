from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from observatoire.exports.feeds import FEED_LIMIT, atom_feed
from observatoire.records.catalog import Catalog

from .conftest import BUILD_DATE, LICENCE, LICENCE_URL, SITE_URL, build

A = "{http://www.w3.org/2005/Atom}"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_atom_parses_and_is_ordered(site):
    out, report = site
    root = ET.parse(out / "flux.xml").getroot()
    assert root.tag == f"{A}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.findtext(f"{A}id") == SITE_URL + "flux.xml"
    assert root.find(f"{A}link[@rel='self']").get("href") == SITE_URL + "flux.xml"
    assert LICENCE in root.findtext(f"{A}rights") and LICENCE_URL in root.findtext(f"{A}rights")
    entries = root.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == [
        "Atelier de réparation fictif",
        "Jardins partagés fictifs de Valcourt",
        '<img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }}',  # the hostile record, as text
        "Données ouvertes imaginaires",
    ]
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert updated == ["2025-06-01T00:00:00Z", "2025-03-10T00:00:00Z", "2025-01-01T00:00:00Z", "2024-01-01T00:00:00Z"]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{A}updated") == updated[0]
    first = entries[0]
    assert first.findtext(f"{A}id") == SITE_URL + "initiatives/atelier-de-reparation-fictif.html"
    assert first.find(f"{A}link").get("href") == first.findtext(f"{A}id")
    assert first.find(f"{A}category").get("label") == "Déchets et réemploi"
    assert "flux.xml" in report.files


def test_atom_limit_and_tie_order(catalog, context):
    base = catalog.initiatives["jardins-partages-fictifs"]
    many = Catalog()
    for i in range(FEED_LIMIT + 5):
        record = base.record.model_copy(update={"derniere_revision": f"2024-{1 + i % 12:02d}-15"})
        slug = f"fiche-{i:03d}"
        many.initiatives[slug] = replace(base, slug=slug, record=record)
    root = ET.fromstring(
        atom_feed(many, context, site_url="", licence=LICENCE, licence_url=LICENCE_URL, build_date=BUILD_DATE)
    )
    entries = root.findall(f"{A}entry")
    assert len(entries) == FEED_LIMIT
    keys = [(e.findtext(f"{A}updated"), e.find(f"{A}link").get("href")) for e in entries]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)
    december = [href for updated, href in keys if updated.startswith("2024-12")]
    assert december == sorted(december)  # same date: by identifier
    assert all(e.findtext(f"{A}id").startswith("urn:uuid:") for e in entries)


def test_offline_feed(offline_site):
    out, report = offline_site
    root = ET.parse(out / "flux.xml").getroot()
    assert root.find(f"{A}link[@rel='self']") is None
    assert root.find(f"{A}entry/{A}link").get("href") == "initiatives/atelier-de-reparation-fictif.html"
    assert not report.sitemap and not (out / "sitemap.xml").exists()


def test_sitemap_lists_pages(site):
    out, report = site
    assert report.sitemap
    root = ET.parse(out / "sitemap.xml").getroot()
    urls = {u.findtext(f"{S}loc"): u.findtext(f"{S}lastmod") for u in root.findall(f"{S}url")}
    assert urls == {
        SITE_URL: None,
        SITE_URL + "initiatives/jardins-partages-fictifs.html": "2025-03-10",
    }


# --- one feed per theme, country and subdivision ---------------------------------------------------------

FEEDS = {
    # path: (title, entries' titles, newest first)
    "flux/theme/alimentation.xml": ("Thème : Alimentation", ["Jardins partagés fictifs de Valcourt"]),
    "flux/theme/environnement.xml": ("Thème : Environnement", ["Jardins partagés fictifs de Valcourt"]),
    "flux/theme/dechets-et-reemploi.xml": ("Thème : Déchets et réemploi", ["Atelier de réparation fictif"]),
    "flux/theme/numerique.xml": ("Thème : Numérique", ["Données ouvertes imaginaires"]),
    "flux/theme/culture.xml": ("Thème : Culture", ['<img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }}']),
    "flux/pays/fr.xml": (
        "Pays : France",
        [
            "Atelier de réparation fictif",
            "Jardins partagés fictifs de Valcourt",
            '<img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }}',
        ],
    ),
    "flux/pays/be.xml": ("Pays : Belgique", ["Données ouvertes imaginaires"]),
    "flux/region/fr-ara.xml": ("Région : Auvergne-Rhône-Alpes", ["Jardins partagés fictifs de Valcourt"]),
}


def test_one_valid_atom_feed_per_theme_country_and_subdivision(site):
    import feedparser

    out, report = site
    assert sorted(p for p in report.files if p.startswith("flux/")) == sorted(FEEDS)
    for path, (title, entries) in FEEDS.items():
        parsed = feedparser.parse((out / path).read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        assert parsed.feed.title == f"Observatoire du Partage — {title}"
        assert parsed.feed.id == SITE_URL + path
        assert next(link.href for link in parsed.feed.links if link.rel == "self") == SITE_URL + path
        assert [e.title for e in parsed.entries] == entries, path
        updated = [e.updated for e in parsed.entries]
        assert updated == sorted(updated, reverse=True) and parsed.feed.updated == updated[0]
        assert all(e.link.startswith(SITE_URL + "initiatives/") and e.id == e.link for e in parsed.entries)


def test_offline_feeds_link_from_their_own_folder(offline_site):
    out, _ = offline_site
    root = ET.parse(out / "flux" / "pays" / "be.xml").getroot()
    assert root.find(f"{A}entry/{A}link").get("href") == "../../initiatives/donnees-ouvertes-imaginaires.html"
    assert root.find(f"{A}link[@rel='alternate']").get("href") == "../../index.html"
    assert root.findtext(f"{A}id").startswith("urn:uuid:")


def test_feeds_are_reproducible(catalog, context, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(catalog, context, first)
    build(catalog, context, second)
    for path in FEEDS:
        assert (first / path).read_bytes() == (second / path).read_bytes()
