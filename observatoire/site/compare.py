"""« Comparer des initiatives »: what the compare page's script needs of each initiative,
written at build time as script files, and the page's own settings.

The page (``comparer.html?i=slug1,slug2``) shows up to :data:`MAX_SELECTED` initiatives
side by side. Its script (``assets/observatoire/comparer.js``) only lays out what is
written here: every value is a text as the record pages show it (vocabulary labels,
dates and numbers formatted in the catalog's language, places named), or ``None`` for a
fact the record does not give (shown « Non renseigné »). Record text is plain text,
put in the page with ``textContent``, never as HTML.

The records are split into :func:`bucket_count` files of about :data:`RECORDS_PER_FILE`
records each (``assets/observatoire/comparer/<n>.js``): a record's file is
:func:`bucket_of` its slug, a hash the script computes the same way, so that the page
loads no more than one file per initiative compared, however many initiatives the site
has. The files are scripts, not JSON to fetch, so that the page works opened from
``file://``. The selection itself is kept in the browser by
``assets/observatoire/comparer-selection.js``.
"""

from __future__ import annotations

import json
import math
import posixpath
from collections.abc import Callable
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import escape

from observatoire.core.formats import date_text, number
from observatoire.core.i18n import DEFAULT_LANGUAGE
from observatoire.core.jsdata import assignment_script
from observatoire.records.facets import FACETS_BY_ID
from observatoire.records.kinds import INITIATIVE
from observatoire.records.models import Initiative
from observatoire.records.translation import record_text
from observatoire.site import urls
from observatoire.site.model import SiteModel

MAX_SELECTED = 4
"""Initiatives compared at once: four columns still fit an A4 landscape page."""
RECORDS_PER_FILE = 10
"""About this many records in each data file (see :func:`bucket_count`). A record with its
grid, justifications and « reproduire » weighs ~2.4 kB: four initiatives compared load four
files, ~100 kB at 10 a file instead of ~390 kB at 40 (what a phone downloads). From file://
the time to the page laid out did not change with it (bench at 10,000: 360 ms at 40, 367 ms
at 10): the data is not what takes the time there."""
FOLDER = "assets/observatoire/comparer"
"""The data files, ``<n>.js`` for bucket n; those of the page in another language than the
site's in a folder of its own (:func:`folder`)."""
SCRIPT_FILE = "comparer.js"
SELECTION_FILE = "comparer-selection.js"
STYLE_FILE = "comparer.css"
"""The page's script and styles and the selection's script, under ``assets/observatoire/``."""
LOADER_FILE = "comparer-donnees.js"
"""The loader of the data files, written in the page's head (:func:`loader_tag`)."""
OWN_TEXT = ("prerequis", "etapes", "couts", "ecueils")
"""The rows whose values are the record's own text (in its language, ``langue``), not the site's."""
GLOBAL = "OBS_COMPARER_LOTS"
"""``window.OBS_COMPARER_LOTS[n]``: the records of bucket n, by slug, once its file is loaded."""


def fnv1a(text: str) -> int:
    """FNV-1a, 32 bits, over the UTF-16 code units of ``text``: what JavaScript's
    ``charCodeAt`` reads, so that comparer-donnees.js finds the same number."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_count(n: int) -> int:
    """How many data files ``n`` initiatives take: about :data:`RECORDS_PER_FILE` each."""
    return max(1, math.ceil(n / RECORDS_PER_FILE))


def bucket_of(slug: str, buckets: int) -> int:
    return fnv1a(slug) % buckets


def folder(language: str = DEFAULT_LANGUAGE) -> str:
    """The folder of the data files of the compare page in ``language``: its values are
    texts in that language (``assets/observatoire/comparer/en`` for English)."""
    return FOLDER if language == DEFAULT_LANGUAGE else f"{FOLDER}/{language}"


def data_file(bucket: int, language: str = DEFAULT_LANGUAGE) -> str:
    """The data file of a bucket, from the site's root."""
    return f"{folder(language)}/{bucket}.js"


def loader_tag(page_uri: str, initiatives: int, language: str = DEFAULT_LANGUAGE) -> str:
    """:data:`LOADER_FILE` written in the head of the page ``page_uri``, before the theme's style
    sheets (a script file of its own would first have to load), with its settings: the number
    of data files, their folder, the object they fill, the most initiatives compared. The data
    files of the address then load with the style sheets: asked for by comparer.js, which
    runs once those are read, they were the last thing the page waited for."""
    code = resources.files("observatoire").joinpath("assets", LOADER_FILE).read_text("utf-8")
    attributes = {
        "data-lots": str(bucket_count(initiatives)),
        "data-donnees": urls.folder_link(page_uri, folder(language)),
        "data-global": GLOBAL,
        "data-max": str(MAX_SELECTED),
    }
    return (
        '<script id="obs-comparer-donnees"'
        + "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
        + f">{code}</script>"
    )


class CompareData:
    """The compare page's data: :meth:`files` to write, :meth:`config` for the page."""

    def __init__(self, model: SiteModel, links: dict[str, str] | None = None):
        self.model = model
        self.texts = model.texts
        self.language = model.texts.language
        self.links = links or {}
        """The pages that have a version in the page's language (French source -> its source)."""

    max = MAX_SELECTED

    @cached_property
    def buckets(self) -> int:
        return bucket_count(len(self.model.initiatives))

    # --- one record ---------------------------------------------------------------------

    def record(self, slug: str) -> dict[str, Any]:
        """What the page shows of one initiative, as the site shows it."""
        r: Initiative = self.model.initiatives[slug]
        t = self.texts
        model = self.model
        where = r.territoire
        population = None
        if where.population is not None:
            pop = where.population
            shown = number(pop.nombre, t)
            population = (
                t("compare.population.in_year", n=pop.nombre, number=shown, year=pop.annee)
                if pop.annee
                else t("compare.population.count", n=pop.nombre, number=shown)
            )
        reproduce = r.reproduire
        label = self._label
        titre, titre_language = record_text(r, "titre", self.language)
        own = {}  # the languages of the record's own texts and of its title, where not the page's
        if r.langue != self.language:
            own["langue"] = r.langue
        if titre_language != self.language:
            own["langue_titre"] = titre_language
        # the city's name in the place's language, unless it is the one shown (Bologna in English)
        local = where.nom_local if where.nom_local != model.city(where) else None
        return {
            "titre": titre,
            **own,
            "lieu": {
                "texte": model.place_text(where),
                "local": local or "",
                "langue": model.local_language(where) if local else "",
            },
            "population": population,
            "echelon": label("echelon", r.echelon) or None,
            "statut": label("statut", r.statut) or None,
            "debut": date_text(r.debut, t) if r.debut else None,
            "fin": date_text(r.fin, t) if r.fin else None,
            "budget": model.budget_text(r.budget) if r.budget else None,
            "instruments": [label("instrument", i) for i in r.instruments],
            "objets": [label("objet", o) for o in r.objets_communs],
            "themes": [label("theme", th) for th in r.themes],
            "grille": {
                cid: [ev.note, ev.justification or "", list(ev.sources)] for cid, ev in r.grille.items() if ev.evaluated
            },
            "prerequis": list(reproduce.prerequis) if reproduce else [],
            "etapes": list(reproduce.etapes) if reproduce else [],
            "couts": (reproduce.couts or None) if reproduce else None,
            "ecueils": list(reproduce.ecueils) if reproduce else [],
            "sources": [self._source(s) for s in r.sources],
        }

    def _label(self, facet_id: str, term_id: str | None) -> str:
        """The label of a term of the vocabulary of the facet ``facet_id``."""
        return self.model.label(FACETS_BY_ID[facet_id].vocabulary, term_id)

    def _source(self, s) -> dict[str, str]:
        """A source as the record page writes it: its title (a link when it has an
        address), then author, date, the Observatoire's document, when consulted."""
        t = self.texts
        rest = ""
        if s.auteur:
            rest += ", " + s.auteur
        if s.date:
            rest += ", " + date_text(s.date, t)
        if s.document:
            rest += " " + t("compare.source_document", document=s.document)
        if s.consulte_le:
            rest += " " + t("record.consulted", date=date_text(s.consulte_le, t))
        return {"titre": s.titre, "url": s.url or "", "suite": rest + "."}

    # --- the files ----------------------------------------------------------------------

    def slugs_by_bucket(self) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in range(self.buckets)]
        for slug in self.model.initiatives:
            out[bucket_of(slug, self.buckets)].append(slug)
        return out

    def bucket_file(self, bucket: int, slugs: list[str]) -> bytes:
        data = {slug: self.record(slug) for slug in slugs}
        target = f"(window.{GLOBAL} = window.{GLOBAL} || {{}})[{bucket}]"
        banner = f"Fiches a comparer, lot {bucket} sur {self.buckets}, generees a la construction"
        return assignment_script(target, data, banner)

    def files(self) -> dict[str, bytes]:
        """Every data file, by path from the site's root."""
        return {
            data_file(b, self.language): self.bucket_file(b, slugs) for b, slugs in enumerate(self.slugs_by_bucket())
        }

    def write(self, site_dir: Path, map_chunks: Callable | None = None) -> int:
        """Write every data file into ``site_dir``; how many. ``map_chunks``: how
        chunks of buckets are computed (in this process by default)."""
        groups = self.slugs_by_bucket()
        (site_dir / folder(self.language)).mkdir(parents=True, exist_ok=True)

        def write(chunk: list[int]) -> int:
            for b in chunk:
                (site_dir / data_file(b, self.language)).write_bytes(self.bucket_file(b, groups[b]))
            return len(chunk)

        numbers = list(range(len(groups)))
        if map_chunks is None or len(numbers) < 8:
            return write(numbers)
        size = max(1, len(numbers) // 16)
        return sum(map_chunks(write, [numbers[i : i + size] for i in range(0, len(numbers), size)]))

    # --- the page -------------------------------------------------------------------------

    @cached_property
    def selection_texts(self) -> str:
        """The words of the selection's widget (``compare.selection.*``), as JSON for
        comparer-selection.js (``data-obs-texts``)."""
        return json.dumps(self.texts.subset("compare.selection."), ensure_ascii=False, separators=(",", ":"))

    def rows(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """The table's rows, in groups: (title, rows), a row being (its key in a record,
        its label, how the script lays it out: ``texte``, ``liste``, ``etapes`` (numbered),
        ``lieu``, ``critere`` (key ``grille.<criterion>``) or ``sources``)."""
        t = self.texts
        return [
            (
                t("initiative.facts"),
                [
                    ("lieu", t("initiative.territory"), "lieu"),
                    ("population", t("compare.population.label"), "texte"),
                    ("echelon", t("facet.echelon.label"), "texte"),
                    ("statut", t("facet.statut.label"), "texte"),
                    ("debut", t("initiative.start"), "texte"),
                    ("fin", t("initiative.end"), "texte"),
                    ("budget", t("initiative.budget"), "texte"),
                    ("instruments", t("initiative.instruments"), "liste"),
                    ("objets", t("initiative.objects"), "liste"),
                    ("themes", t("initiative.themes"), "liste"),
                ],
            ),
            (t("grid.title"), [(f"grille.{c.id}", c.libelle, "critere") for c in self.model.grid.criteres]),
            (
                t("initiative.reproduce.title"),
                [
                    ("prerequis", t("initiative.reproduce.prerequisites"), "liste"),
                    ("etapes", t("initiative.reproduce.steps"), "etapes"),
                    ("couts", t("initiative.reproduce.costs"), "texte"),
                    ("ecueils", t("initiative.reproduce.pitfalls"), "liste"),
                ],
            ),
            (t("record.sources"), [("sources", t("record.sources"), "sources")]),
        ]

    def _records_folder(self, page_uri: str) -> str:
        """The link from ``page_uri`` to the folder of the initiatives' pages in its language."""
        first = next(iter(self.model.initiatives), None)
        if first is None or INITIATIVE.page_source(first) not in self.links:
            return urls.folder_link(page_uri, INITIATIVE.site_folder)
        return urls.folder_link(page_uri, posixpath.dirname(self.links[INITIATIVE.page_source(first)]))

    def _row(self, key: str, label: str, kind: str) -> dict[str, Any]:
        """A row of the table for the script; ``propre``: its values are the record's own text,
        marked with their language where it is not the page's (``langue`` of a record's data)."""
        row: dict[str, Any] = {"id": key, "libelle": label, "type": kind}
        if key in OWN_TEXT:
            row["propre"] = True
        return row

    def config(self, page_uri: str) -> dict[str, Any]:
        """The page's settings for its script: where the data and the record pages are,
        how many buckets, the grid, the rows, the texts (``compare.script.*``)."""
        t = self.texts
        grid = self.model.grid
        return {
            "fiches": self._records_folder(page_uri),
            "max": MAX_SELECTED,
            "langue": t.language,
            "inconnu": t("facet.unknown"),
            "non_evalue": t("grid.not_evaluated"),
            "echelle": {"min": grid.echelle.min, "max": grid.echelle.max},
            "criteres": [
                {
                    "id": c.id,
                    "libelle": c.libelle,
                    "question": c.question,
                    "niveaux": {str(k): v for k, v in c.niveaux.items()},
                }
                for c in grid.criteres
            ],
            "groupes": [
                {"titre": title, "lignes": [self._row(key, label, kind) for key, label, kind in rows]}
                for title, rows in self.rows()
            ],
            "textes": t.subset("compare.script."),
        }
