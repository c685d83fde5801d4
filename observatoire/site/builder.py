"""The one object an engine adapter (``hooks.py`` for MkDocs) talks to."""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import cached_property
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from markupsafe import Markup, escape

from observatoire.records.catalog import Catalog
from observatoire.records.project import Project
from observatoire.site import shells, urls
from observatoire.site.model import SiteModel
from observatoire.records.kinds import INITIATIVE
from observatoire.site.pages import PageSpec, navigation, plan_pages
from observatoire.site import propose
from observatoire.site.charts import Bar, bar_chart
from observatoire.site.fieldref import all_references
from observatoire.core.formats import partial_date
from observatoire.site.render import Renderer, make_environment
from observatoire.records import jsonld
from observatoire.records.columns import initiative_columns
from observatoire.records.timing import event_timing
from observatoire.site.statistics import statistics
from observatoire.core.text import fold

ASSET_PREFIX = "assets/observatoire/"
ARCHIVE_INFO_MARK = "<!--obs-archive-info-->"
"""Replaced, once the archive exists, by its size and date."""
ARCHIVE_LINK_START = "<!--obs-telechargement-->"
ARCHIVE_LINK_END = "<!--/obs-telechargement-->"
ARCHIVE_PAGES = (urls.HOME, urls.OPEN_DATA)
"""The pages that show :meth:`SiteBuilder.archive_block`."""


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Observatoire du Partage"
    site_url: str = ""
    """Public address of the site, ending with « / »; empty for an offline build."""
    edit_base: str = ""
    """Address to which a content file's path is appended to edit it on the forge,
    e.g. ``https://forge.example/org/repo/edit/main/``; empty: no edit link."""
    licence: str = "CC BY-SA 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
    override_dir: Path | None = None
    archive_name: str = "observatoire-du-partage-centre-de-ressources.zip"
    site_description: str = ""
    """As the theme prints it when a page has no description of its own."""


class SiteBuilder:
    def __init__(self, project: Project, catalog: Catalog, settings: SiteSettings, build_date: dt.datetime,
                 search_page: Callable[[], dict] = dict):
        self.project = project
        self._search_page = search_page
        """The search fragment's context (facets and their counts, scripts), from the search."""
        self.settings = settings
        self.build_date = build_date
        self.model = SiteModel(catalog, project.context, build_date.date())
        self.pages = plan_pages(self.model)
        self._by_uri = {p.uri: p for p in self.pages}
        self._items: dict[tuple[str, str], Markup] = {}
        self.renderer = Renderer(
            make_environment(settings.override_dir),
            {"site": self.model, "grid": self.model.grid, "settings": settings, "builder": self},
        )

    # --- what the engine asks -------------------------------------------------------

    def page(self, uri: str) -> PageSpec | None:
        return self._by_uri.get(uri)

    def hand_written(self) -> list[str]:
        """The sources of the pages written by hand (``content/pages/``), as the engine names them."""
        folder = self.project.content_dir / "pages"
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))

    def page_files(self) -> list[str]:
        """Every page of the site as a file path: the generated ones and those written
        by hand (for the sitemap)."""
        return sorted({urls.html(spec.uri) for spec in self.pages} | {urls.html(p) for p in self.hand_written()})

    def navigation(self) -> list:
        """The navigation, for the engine's configuration (see :func:`pages.navigation`)."""
        return navigation(self.model.texts, self.hand_written())

    def engine_pages(self) -> list[PageSpec]:
        """The pages the engine renders: those in the navigation, and one shell per
        folder of the others (written by :meth:`write_outside_engine`)."""
        out = [spec for spec in self.pages if spec.in_nav]
        out += [shells.shell_spec(folder) for folder in sorted(self._outside)]
        return out

    @cached_property
    def _outside(self) -> dict[str, list[PageSpec]]:
        groups: dict[str, list[PageSpec]] = {}
        for spec in self.pages:
            if not spec.in_nav:
                groups.setdefault(shells.folder_of(spec), []).append(spec)
        return groups

    def engine_body(self, uri: str) -> str | None:
        """The body of a page the engine renders; ``None`` for a page that is not ours."""
        if uri in self._by_uri:
            return self.render(uri)
        if posixpath.basename(uri) == shells.SHELL_NAME + ".md":
            return shells.BODY
        return None

    def write_outside_engine(self, site_dir: Path, map_chunks: Callable = shells.serial) -> int:
        """Write the pages outside the navigation from their folder's shell; how many.
        ``map_chunks``: how chunks of pages are written (one process by default)."""
        return shells.write_pages(
            site_dir, self._outside, self.render, self.settings.site_description,
            self.public_url, self.settings.site_url, map_chunks,
        )

    def stub(self, spec: PageSpec) -> str:
        """The page source handed to the engine: front matter only; the body
        comes from :meth:`render`. The title is HTML-escaped because themes
        print it unescaped."""
        meta = {"title": str(escape(spec.title)), "hide": ["toc"]}
        if spec.description:
            meta["description"] = str(escape(" ".join(spec.description.split())[:300]))
        return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n"

    def render(self, uri: str) -> str:
        spec = self._by_uri[uri]
        return self.renderer.render(spec.template, uri, spec=spec, **spec.data)

    def edit_url(self, spec: PageSpec) -> str:
        if not (self.settings.edit_base and spec.source):
            return ""
        try:
            relative = spec.source.resolve().relative_to(self.project.root.resolve()).as_posix()
        except ValueError:
            return ""
        return self.settings.edit_base + relative

    def public_url(self, uri: str) -> str:
        """The address of a page, absolute when the site has a public address."""
        return (self.settings.site_url or "") + urls.html(uri)

    # --- helpers the templates call --------------------------------------------------

    def initiative_item(self, slug: str, page_uri: str) -> Markup:
        """An initiative's entry in a list: its one link is the only part that depends
        on the page, so the entry is rendered once per way of writing that link and
        reused on every list (every index folder two levels deep shares it)."""
        return self._initiative_item(slug, page_uri, urls.folder_link(page_uri, INITIATIVE.site_folder))

    def _initiative_item(self, slug: str, page_uri: str, folder_link: str) -> str:
        key = (slug, folder_link)  # the link is folder_link + the page's file name
        item = self._items.get(key)
        if item is None:
            item = self._items[key] = self.renderer.render(
                "partials/initiative_item.html", page_uri, slug=slug, r=self.model.initiatives[slug]
            )
        return item

    def initiative_items(self, slugs, page_uri: str) -> Markup:
        """:meth:`initiative_item` of each slug, one per line (a list of thousands
        on an index page is joined here rather than item by item in the template)."""
        folder_link = urls.folder_link(page_uri, INITIATIVE.site_folder)
        item = self._initiative_item
        return Markup("".join([str.__add__(item(slug, page_uri, folder_link), "\n") for slug in slugs]))

    def grid_chart(self, slug: str) -> Markup:
        record = self.model.initiatives[slug]
        grid = self.model.grid
        bars = []
        for c in grid.criteres:
            ev = record.grille.get(c.id)
            if ev is not None and ev.evaluated:
                bars.append(Bar(c.libelle, ev.note, f"{ev.note}/{grid.echelle.max}"))
            else:
                bars.append(Bar(c.libelle, None))
        description = "; ".join(
            f"{b.label} : {b.text if b.value is not None else 'non évalué'}" for b in bars
        )
        return bar_chart(bars, grid.echelle.max, f"Grille de lecture : {record.titre}", description, f"grille-{slug}")

    def evaluated_count(self, slug: str) -> int:
        return sum(1 for ev in self.model.initiatives[slug].grille.values() if ev.evaluated)

    def alphabet_groups(self) -> list[tuple[str, list[str]]]:
        groups: dict[str, list[str]] = {}
        for slug in self.model.alphabetical:
            first = fold(self.model.initiatives[slug].titre)[:1].upper()
            groups.setdefault(first if first.isalpha() else "#", []).append(slug)
        return list(groups.items())

    def actors_by_type(self) -> list[tuple[str, list[str]]]:
        out: dict[str, list[str]] = {}
        for term in self.model.vocabularies["types_acteurs"].terms:
            slugs = sorted((s for s, a in self.model.actors.items() if a.type == term.id),
                           key=lambda s: fold(self.model.actors[s].nom))
            if slugs:
                out[term.id] = slugs
        return list(out.items())

    def statistics(self):
        return statistics(self.model)

    def jsonld(self, spec: PageSpec) -> Markup:
        """schema.org description of a record page, as a JSON-LD script block."""
        slug = spec.data.get("slug")
        writer = {"initiatives": jsonld.initiative_jsonld, "evenements": jsonld.event_jsonld,
                  "acteurs": jsonld.actor_jsonld}.get(spec.uri.split("/", 1)[0])
        if not slug or writer is None:
            return Markup("")
        data = writer(self.model.catalog, self.model.context, slug,
                      site_url=self.settings.site_url, licence_url=self.settings.licence_url)
        return Markup(f'<script type="application/ld+json">{data}</script>')

    def has_calendar(self, slug: str) -> bool:
        """Whether the event has its own .ics (a full day is known)."""
        return not isinstance(event_timing(self.model.events[slug]), str)

    def field_reference(self):
        return all_references(self.model.context)

    def data_columns(self):
        return initiative_columns(self.model.context)

    def archive_block(self, spec: PageSpec) -> Markup:
        """The download link of the offline archive, between two markers: the copy
        inside the archive says instead that it is the offline copy (an archive
        cannot hold itself), and the published page gets the archive's size and date
        once it exists (see :meth:`archived_pages` and :meth:`fill_archive_info`)."""
        link = urls.relative(spec.uri, self.settings.archive_name)
        return Markup(
            '<section class="obs-download" aria-labelledby="telecharger">'
            '<h2 id="telecharger">Télécharger le centre de ressources</h2>'
            "<p>Tout le site dans un fichier .zip : décompressez-le n'importe où et ouvrez "
            "<code>index.html</code> dans un navigateur, sans connexion. La recherche, les fiches "
            "imprimables et les données y fonctionnent.</p>"
            f'{ARCHIVE_LINK_START}<p><a class="md-button md-button--primary" href="{escape(link)}" download>'
            f"Télécharger le centre de ressources</a> {ARCHIVE_INFO_MARK}</p>{ARCHIVE_LINK_END}</section>"
        )

    def _offline_notice(self) -> str:
        when = partial_date(self.build_date.date())
        text = f"<p><strong>Vous consultez la copie hors ligne du centre de ressources</strong>, version du {when}."
        if self.settings.site_url:
            online = escape(self.settings.site_url + self.settings.archive_name)
            text += f' La version la plus récente se télécharge à l\'adresse <a href="{online}">{online}</a>.'
        return text + "</p>"

    def archived_pages(self, site_dir: Path) -> dict[Path, str]:
        """Put the offline notice in place of the download link, for the archive's copy;
        returns the published text of each page changed, to put back afterwards."""
        published = {}
        for uri in ARCHIVE_PAGES:
            page = site_dir / urls.html(uri)
            if page.is_file():
                text = published[page] = page.read_text("utf-8")
                before, _, rest = text.partition(ARCHIVE_LINK_START)
                _, _, after = rest.partition(ARCHIVE_LINK_END)
                page.write_text(before + self._offline_notice() + after, "utf-8")
        return published

    def fill_archive_info(self, published: dict[Path, str], info) -> None:
        """Write back the published pages, with the archive's size and date."""
        text = f"({escape(info.size_fr)}, version du {partial_date(self.build_date.date())})"
        for page, html in published.items():
            html = html.replace(ARCHIVE_INFO_MARK, text, 1).replace(ARCHIVE_LINK_START, "").replace(ARCHIVE_LINK_END, "")
            page.write_text(html, "utf-8")

    background = None
    """The search files and exports being computed (:class:`observatoire.build.background.BackgroundOutputs`)."""

    def search_context(self, spec: PageSpec) -> dict:
        assert posixpath.dirname(urls.html(spec.uri)) == "", "la page de recherche est à la racine du site"
        return self._search_page()

    @cached_property
    def _proposal_form(self) -> propose.ProposalForm:
        return propose.proposal_form(
            self.model.context,
            initiatives=list(self.model.initiatives),
            actors=[(slug, actor.nom) for slug, actor in self.model.actors.items()],
            edit_base=self.settings.edit_base,
        )

    def proposal_form(self) -> propose.ProposalForm:
        """The « Proposer une initiative » form, generated from the initiative JSON Schema."""
        return self._proposal_form

    def asset_files(self) -> dict[str, bytes]:
        """Stylesheets and scripts of the site, from ``observatoire/assets``, and the
        data script of the « Proposer une initiative » form."""
        out = {}
        root = resources.files("observatoire").joinpath("assets")
        for name in ("site.css", "print.css", "site.js", propose.SCRIPT_FILE, propose.STYLE_FILE):
            out[ASSET_PREFIX + name] = root.joinpath(name).read_bytes()
        out[ASSET_PREFIX + propose.DATA_FILE] = self.proposal_form().data_script()
        return out
