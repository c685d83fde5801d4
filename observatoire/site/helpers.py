"""What the page templates ask of the site beyond the model (``helpers.*`` in
templates): list items rendered once and reused, the grid's chart, groups A–Z,
statistics, JSON-LD, the field reference, the « Proposer » form..."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from functools import cached_property

from markupsafe import Markup

from observatoire.core.formats import partial_date
from observatoire.core.text import fold
from observatoire.records import jsonld
from observatoire.records.columns import initiative_columns
from observatoire.records.kinds import ACTOR, EVENT, INITIATIVE
from observatoire.records.project import Project
from observatoire.records.timing import event_timing
from observatoire.site import propose, urls
from observatoire.site.charts import Bar, bar_chart
from observatoire.site.compare import CompareData
from observatoire.site.fieldref import all_references
from observatoire.site.maps import SiteMaps
from observatoire.site.model import SiteModel
from observatoire.site.pages import PageSpec, title_in
from observatoire.site.paging import ListPage, page_of, page_uri
from observatoire.site.render import Renderer
from observatoire.site.settings import SiteSettings
from observatoire.site.statistics import statistics

JSONLD_WRITERS = {
    INITIATIVE.name: jsonld.initiative_jsonld,
    EVENT.name: jsonld.event_jsonld,
    ACTOR.name: jsonld.actor_jsonld,
}


class TemplateHelpers:
    def __init__(
        self,
        project: Project,
        model: SiteModel,
        settings: SiteSettings,
        build_date: dt.datetime,
        search_page: Callable[[str, str], dict],
        links: dict[str, str] | None = None,
    ):
        self.project = project
        self.links = links or {}
        """The pages that have a version in the language of ``model`` (French source -> its source)."""
        self.model = model
        self.settings = settings
        self.build_date = build_date
        self._search_page = search_page
        """The search fragment's context (facets and their counts, scripts), from the search."""
        self._items: dict[tuple[str, str], Markup] = {}
        self.renderer: Renderer | None = None
        """Set by the engine: list items are rendered with the page templates."""
        self.maps: SiteMaps = model.maps
        """The map page, the places' pages, the records' locator maps, the territories' maps."""

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
        t = self.model.texts
        bars = []
        for c in grid.criteres:
            ev = record.grille.get(c.id)
            if ev is not None and ev.evaluated:
                bars.append(Bar(c.libelle, ev.note, t("grid.score", score=ev.note, max=grid.echelle.max)))
            else:
                bars.append(Bar(c.libelle, None, t("grid.not_evaluated")))
        description = "; ".join(t("chart.bar", label=b.label, value=b.text) for b in bars)
        title = title_in(record, t.language)
        # A title in another language than the page's would be read in the page's: the chart is named without it.
        name = (
            t("grid.title")
            if title == record.titre and record.langue != t.language
            else t("grid.chart_title", title=title)
        )
        return bar_chart(bars, grid.echelle.max, name, description, f"grille-{slug}")

    def evaluated_count(self, slug: str) -> int:
        return sum(1 for ev in self.model.initiatives[slug].grille.values() if ev.evaluated)

    def letter(self, slug: str) -> str:
        """The letter an initiative is listed under A–Z: its title's first, accents
        folded; « # » for a title that does not start with a letter."""
        first = fold(self.model.initiatives[slug].titre)[:1].upper()
        return first if first.isalpha() else "#"

    @staticmethod
    def letter_anchor(letter: str) -> str:
        """« # » cannot be in a fragment: its anchor is « lettre-autres »."""
        return "lettre-" + ("autres" if letter == "#" else letter.lower())

    @cached_property
    def letters(self) -> list[tuple[str, str, str]]:
        """Every letter of the A–Z list with the page where it starts and its anchor
        there: ``(letter, page source, anchor)``."""
        out: dict[str, tuple[str, str, str]] = {}
        for position, slug in enumerate(self.model.alphabetical):
            letter = self.letter(slug)
            if letter not in out:
                uri = page_uri(urls.INITIATIVES, page_of(position))
                out[letter] = (letter, uri, self.letter_anchor(letter))
        return list(out.values())

    def letter_groups(self, paging: ListPage) -> list[tuple[str, str | None, list[str]]]:
        """The initiatives of one page of the A–Z list, by letter: ``(letter, anchor,
        slugs)``; the anchor is ``None`` for a letter that began on an earlier page."""
        groups: dict[str, list[str]] = {}
        for slug in paging.items:
            groups.setdefault(self.letter(slug), []).append(slug)
        begun = {letter for letter, uri, _ in self.letters if uri == paging.uri}
        return [
            (letter, self.letter_anchor(letter) if letter in begun else None, slugs) for letter, slugs in groups.items()
        ]

    def actors_by_type(self, paging: ListPage) -> list[tuple[str, bool, list[str]]]:
        """The organisations of one page of their list (:attr:`SiteModel.actors_listed`),
        by type: ``(type id, whether the type begins on this page, slugs)``."""
        model = self.model
        groups: dict[str, list[str]] = {}
        for slug in paging.items:
            groups.setdefault(model.actors[slug].type, []).append(slug)
        previous = model.actors[model.actors_listed[paging.start - 1]].type if paging.start else None
        return [(type_id, type_id != previous, slugs) for type_id, slugs in groups.items()]

    def statistics(self):
        return statistics(self.model)

    def jsonld(self, spec: PageSpec) -> Markup:
        """schema.org description of a record page, as a JSON-LD script block."""
        slug = spec.data.get("slug")
        writer = JSONLD_WRITERS.get(spec.data.get("kind", ""))
        if not slug or writer is None:
            return Markup("")
        data = writer(
            self.model.catalog,
            self.model.context,
            slug,
            site_url=self.settings.site_url,
            licence_url=self.settings.licence_url,
        )
        return Markup(f'<script type="application/ld+json">{data}</script>')

    def has_calendar(self, slug: str) -> bool:
        """Whether the event has its own .ics (a full day is known)."""
        return not isinstance(event_timing(self.model.events[slug]), str)

    def field_reference(self):
        return all_references(self.model.context, self.model.texts)

    def kind_word(self, kind) -> str:
        """The name of a kind of record in the field reference (« Fiche acteur »)."""
        return self.model.texts(f"contribute.fields.kind.{kind.name}")

    def data_columns(self):
        return initiative_columns(self.model.context, self.model.texts)

    def search_context(self, spec: PageSpec) -> dict:
        """The search fragment's context of the search page ``spec``, in its language."""
        base = posixpath.relpath(".", posixpath.dirname(spec.uri) or ".")
        return self._search_page(spec.language, base)

    @cached_property
    def _proposal_form(self) -> propose.ProposalForm:
        return propose.proposal_form(
            self.model.context,
            initiatives=list(self.model.initiatives),
            actors=[(slug, actor.nom) for slug, actor in self.model.actors.items()],
            edit_base=self.settings.edit_base,
            texts=self.model.texts,
        )

    def proposal_form(self) -> propose.ProposalForm:
        """The « Proposer une initiative » form, generated from the initiative JSON Schema."""
        return self._proposal_form

    @cached_property
    def compare(self) -> CompareData:
        """The « Comparer des initiatives » page's data and settings, and the selection's texts."""
        return CompareData(self.model, self.links)

    def build_day(self) -> str:
        return partial_date(self.build_date.date(), self.model.texts)
