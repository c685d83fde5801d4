"""The Atom feeds of new and updated initiatives and the sitemap.

Atom (RFC 4287): ``flux.xml`` follows every initiative, ``flux/<facet>/<value>.xml``
those of one theme, one country or one subdivision (the facets declared with
``feed``, see :mod:`observatoire.records.facets`). Each lists the :data:`FEED_LIMIT`
initiatives with the most recent ``derniere_revision``, newest first (then by identifier). An entry's
``updated`` is its ``derniere_revision`` at midnight UTC (a year or a month
counts as its first day); the feed's ``updated`` is the newest of them, or
the build date for an empty feed. Entry ids are the page addresses when the
site has one, else a name-based ``urn:uuid`` derived from the identifier (so
they never change). The licence is in ``<rights>``. The feed's texts are the
catalog's ``flux.*``, in the language of the :class:`~observatoire.core.i18n.Texts`
passed (default: French), which is also the feed's ``xml:lang``.

Sitemap (sitemaps.org 0.9): written only when the site has an address; lists
every ``.html`` page found in the site folder (or the pages given), with
``lastmod`` the ``derniere_revision`` of record pages.
"""

from __future__ import annotations

import datetime as dt
import gzip
import posixpath
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from observatoire.core.i18n import Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.exports._common import (
    SITE_NAME,
    Writer,
    iso_utc,
    partial_date_utc,
    site_address,
)
from observatoire.records.facets import FACETS, FEED_FILE, UNKNOWN, facet_values, feed_file, group
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE
from observatoire.records.models.types import date_key

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "xml:lang"
SITEMAP_FILE = "sitemap.xml"
FEED_LIMIT = 50
_ID_NAMESPACE = uuid.UUID("5b1b4b4e-7c1e-5d0e-9f51-6f6273657276")
"""Fixed namespace of the ``urn:uuid`` entry ids of offline builds (never change it)."""
SITEMAP_EXCLUDED = {"404.html"}


def _a(tag: str) -> str:
    # Plain names, the namespace being declared by an ``xmlns`` attribute on the
    # root: ElementTree cannot write a default namespace with unqualified attributes.
    return tag


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _a(tag), {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def feed_order(catalog, slugs: Iterable[str] | None = None) -> list[str]:
    """Identifiers of the initiatives in a feed (all, or ``slugs``), newest ``derniere_revision`` first."""
    chosen = sorted(catalog.initiatives if slugs is None else slugs)
    chosen.sort(key=lambda s: date_key(catalog.initiatives[s].record.derniere_revision), reverse=True)
    return chosen[:FEED_LIMIT]


def _offline_id(name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(_ID_NAMESPACE, name))


def entry_id(site_url: str, slug: str) -> str:
    """The Atom id of an initiative: its page address, or a fixed ``urn:uuid`` offline."""
    if site_url:
        return site_address(site_url, INITIATIVE.page(slug))
    return _offline_id(INITIATIVE.page(slug))


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it is written, what it is called, which initiatives it follows."""

    path: str
    """Relative to the site root: ``flux.xml``, ``flux/theme/energie.xml``."""
    title: str
    subtitle: str
    slugs: tuple[str, ...] | None = None
    """The initiatives it follows; None: all of them."""


def feeds(catalog, context, texts: Texts | None = None) -> list[Feed]:
    """The feed of all initiatives, then one per value of each facet declared with
    ``feed`` (a theme, a country, a subdivision) that some initiative holds."""
    texts = texts or default_texts()
    out = [Feed(FEED_FILE, texts("flux.title", site=SITE_NAME), texts("flux.subtitle"))]
    for facet in FACETS:
        if not facet.feed:
            continue
        found = group(facet, ((INITIATIVE.name, e.record, slug) for slug, e in catalog.initiatives.items()))
        for value in facet_values(facet, found, context, texts):
            if value.id == UNKNOWN:
                continue
            name = texts(f"facet.{facet.id}.label")
            out.append(
                Feed(
                    feed_file(facet, value.id),
                    texts("flux.value_title", site=SITE_NAME, facet=name, value=value.label),
                    texts("flux.value_subtitle", facet=name.lower(), value=value.label),
                    tuple(value.members),
                )
            )
    return out


def atom_feed(
    catalog,
    context,
    *,
    site_url: str,
    licence: str,
    licence_url: str,
    build_date: dt.datetime,
    texts: Texts | None = None,
    feed: Feed | None = None,
) -> bytes:
    """The bytes of one feed (by default ``flux.xml``, every initiative). Offline, the
    links are relative to the feed's own folder."""
    texts = texts or default_texts()
    feed = feed or feeds(catalog, context, texts)[0]
    slugs = feed_order(catalog, feed.slugs)

    def href(path: str) -> str:
        return (
            site_address(site_url, path) if site_url else posixpath.relpath(path, posixpath.dirname(feed.path) or ".")
        )

    root = ET.Element(_a("feed"), {"xmlns": ATOM_NS, XML_LANG: texts.language})
    _sub(root, "id", site_address(site_url, feed.path) if site_url else _offline_id(feed.path))
    _sub(root, "title", feed.title)
    _sub(root, "subtitle", feed.subtitle)
    newest = [partial_date_utc(catalog.initiatives[s].record.derniere_revision) for s in slugs]
    _sub(root, "updated", iso_utc(max(newest) if newest else build_date))
    if site_url:
        _sub(root, "link", rel="self", type="application/atom+xml", href=site_address(site_url, feed.path))
        _sub(root, "link", rel="alternate", type="text/html", href=site_url)
    else:
        _sub(root, "link", rel="alternate", type="text/html", href=href("index.html"))
    author = _sub(root, "author")
    _sub(author, "name", SITE_NAME)
    _sub(root, "rights", texts("flux.rights", licence=licence, licence_url=licence_url))
    _sub(root, "generator", "observatoire")
    themes = context.vocabularies.get("themes")
    for slug in slugs:
        record = catalog.initiatives[slug].record
        entry = _sub(root, "entry")
        _sub(entry, "id", entry_id(site_url, slug))
        _sub(entry, "title", record.titre)
        _sub(entry, "link", rel="alternate", type="text/html", href=href(INITIATIVE.page(slug)))
        _sub(entry, "updated", iso_utc(partial_date_utc(record.derniere_revision)))
        _sub(entry, "summary", record.resume, type="text")
        for theme in record.themes:
            _sub(entry, "category", term=theme, label=themes.label(theme) if themes else theme)
    return _serialize(root)


# --- sitemap --------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapPage:
    path: str
    """Relative to the site root: ``initiatives/x.html``."""
    lastmod: str | None = None
    """W3C date (``AAAA-MM-JJ``), or none."""


def site_pages(out_dir: Path) -> list[str]:
    """Every ``.html`` file of the built site, relative, sorted."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    return sorted(
        p.relative_to(out_dir).as_posix()
        for p in out_dir.rglob("*.html")
        if p.is_file() and p.relative_to(out_dir).as_posix() not in SITEMAP_EXCLUDED
    )


def record_lastmods(catalog) -> dict[str, str]:
    """Page path -> ``derniere_revision`` (completed to a full day) for every record page."""
    out = {}
    for kind in (INITIATIVE, EVENT, ACTOR):
        for slug, entry in catalog.of_kind(kind).items():
            year, month, day = date_key(entry.record.derniere_revision)
            out[kind.page(slug)] = f"{year:04d}-{month:02d}-{day:02d}"
    return out


def sitemap_xml(site_url: str, pages: Iterable[SitemapPage]) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for page in sorted(pages, key=lambda p: p.path):
        url = ET.SubElement(urlset, "url")
        loc_path = "" if page.path == "index.html" else page.path
        ET.SubElement(url, "loc").text = site_address(site_url, loc_path)
        if page.lastmod:
            ET.SubElement(url, "lastmod").text = page.lastmod
    return _serialize(urlset)


def write_feeds(
    catalog,
    context,
    out_dir: Path,
    *,
    site_url: str,
    licence: str,
    licence_url: str,
    build_date: dt.datetime,
    pages: Iterable[str] | None = None,
    texts: Texts | None = None,
) -> list[str]:
    """Write ``flux.xml`` and, when the site has an address, ``sitemap.xml``
    (``pages``: page paths for the sitemap; by default every ``.html`` file of
    ``out_dir``). When ``out_dir`` already holds a ``sitemap.xml.gz`` (MkDocs
    writes one), it is rewritten from the new sitemap, deterministically.
    Returns the written paths."""
    writer = Writer(Path(out_dir))
    for feed in feeds(catalog, context, texts):
        writer.write(
            feed.path,
            atom_feed(
                catalog,
                context,
                site_url=site_url,
                licence=licence,
                licence_url=licence_url,
                build_date=build_date,
                texts=texts,
                feed=feed,
            ),
        )
    if site_url:
        lastmods = record_lastmods(catalog)
        paths = sorted(set(pages if pages is not None else site_pages(Path(out_dir))))
        data = sitemap_xml(site_url, [SitemapPage(p, lastmods.get(p)) for p in paths])
        writer.write(SITEMAP_FILE, data)
        if (Path(out_dir) / (SITEMAP_FILE + ".gz")).exists():
            writer.write(SITEMAP_FILE + ".gz", gzip.compress(data, compresslevel=9, mtime=0))
    return sorted(writer.written)
