"""Where every page lives in the site (``use_directory_urls: false``: plain
``.html`` files, so the site also works opened from ``file://``)."""

from __future__ import annotations

import functools
import hashlib

from observatoire.core.text import slugged
from observatoire.records.facets import FEED_FILE
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE, KINDS_BY_NAME

HOME = "index.md"
SEARCH = "recherche.md"
MAP = "carte.md"
MAP_WORLD = "carte/monde.md"
"""The map's world view (its France view is on :data:`MAP`); no place's page has this name (theirs start with a country code and a hyphen)."""
MAP_WITHOUT = "carte/sans-coordonnees.md"
"""The records that have no coordinates, in pages."""
INITIATIVES = "initiatives/index.md"
EVENTS = "evenements/index.md"
ACTORS = "acteurs/index.md"
STATISTICS = "statistiques.md"
GRID = "grille.md"
GLOSSARY = "glossaire.md"
OPEN_DATA = "donnees.md"
ABOUT = "a-propos.md"
CONTRIBUTE = "contribuer.md"
PROPOSE = "proposer.md"
REVIEW = "a-revoir.md"
COMPARE = "comparer.md"
TERRITORIES = "index/territoires.md"
FEED = FEED_FILE


initiative = INITIATIVE.page_source
event = EVENT.page_source
actor = ACTOR.page_source


def record(kind_name: str, slug: str) -> str:
    """The page of a record of the kind named ``kind_name``."""
    return KINDS_BY_NAME[kind_name].page_source(slug)


def facet(page: str) -> str:
    """The overview page of one facet (``Facet.page``: themes, statuts...)."""
    return f"index/{page}.md"


def facet_value(page: str, value: str) -> str:
    return f"index/{page}/{slugged(value) or 'vide'}.md"


PLACE_SLUG_MAX = 60
"""Longest slug of a region or commune name in a file name: names are free text,
and a file name has at most 255 bytes."""


def _place_slug(name: str) -> str:
    """``slugged(name)``; a longer one is cut and given a hash of the whole, so two
    long names that start alike still get two pages."""
    full = slugged(name)
    if len(full) <= PLACE_SLUG_MAX:
        return full
    digest = hashlib.sha1(full.encode("utf-8")).hexdigest()[:8]
    return full[: PLACE_SLUG_MAX - 9].rstrip("-") + "-" + digest


def map_place(slug: str) -> str:
    """The page of one place of the maps: the records at its coordinates."""
    return f"carte/{slug}.md"


def country(code: str) -> str:
    return f"index/territoires/{code.lower()}.md"


def subdivision(code: str) -> str:
    """A first-level subdivision by its ISO 3166-2 code: ``index/territoires/fr-idf.md``."""
    return f"index/territoires/{code.lower()}.md"


def city(parent: str, name: str) -> str:
    """A city under its subdivision (``fr-idf-montreuil``), or under its country when
    it has none (``kr-seoul``): ``parent`` is the code of either."""
    return f"index/territoires/{parent.lower()}-{_place_slug(name)}.md"


def translated(src_uri: str, language: str) -> str:
    """The source of the page ``src_uri`` in ``language`` (another than the site's):
    ``grille.md`` -> ``en/grille.md``."""
    return f"{language}/{src_uri}"


def html(src_uri: str) -> str:
    """The file a page source becomes: ``a/b.md`` -> ``a/b.html``."""
    return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri


def relative(from_src: str, to: str) -> str:
    """The link from the page ``from_src`` to ``to`` (a page source or a site file):
    what ``posixpath.relpath`` gives, for site paths (relative, normalised).

    ``to`` may carry a ``#fragment``.
    """
    target, _, fragment = to.partition("#")
    target = html(target)
    cut = from_src.rfind("/")
    if cut < 0:  # a page at the root of the site: the most common case by far
        link = target
    elif target.startswith(from_src[: cut + 1]):  # in the same folder, or below
        link = target[cut + 1 :]
    else:
        link = _relative(from_src[:cut], target)
    return link + ("#" + fragment if fragment else "")


def folder_link(from_src: str, folder: str) -> str:
    """What the link from the page ``from_src`` to any file of ``folder`` starts
    with: ``relative(from_src, folder + "/x")`` is ``folder_link(from_src, folder) + "x"``."""
    return relative(from_src, folder + "/x")[:-1]


@functools.lru_cache(maxsize=4096)
def _relative(start: str, target: str) -> str:
    """From the folder ``start`` to ``target`` elsewhere: « ../ » up to the
    folder they share, then down to ``target``."""
    here, there = start.split("/"), target.split("/")
    shared = 0
    while shared < min(len(here), len(there) - 1) and here[shared] == there[shared]:
        shared += 1
    return "../" * (len(here) - shared) + "/".join(there[shared:])
