"""The one object an engine adapter (``hooks.py`` for MkDocs) talks to: which
pages exist and what each says, the navigation, the pages written outside the
engine, the site's own stylesheets and scripts."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Callable
from functools import cached_property
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.core.i18n import texts as default_texts
from observatoire.core.serial import map_here
from observatoire.records.catalog import Catalog
from observatoire.records.english import context_in
from observatoire.records.project import Project
from observatoire.site import compare, maps, propose, shells, urls
from observatoire.site.archive_pages import ArchivePages
from observatoire.site.helpers import TemplateHelpers
from observatoire.site.model import SiteModel
from observatoire.site.pages import (
    TRANSLATED_PAGES,
    PageSpec,
    languages_with,
    navigation,
    plan_pages,
    translated_pages,
)
from observatoire.site.render import Renderer, make_environment, translator
from observatoire.site.settings import SiteSettings

ASSET_PREFIX = "assets/observatoire/"
ASSETS = (
    "site.css",
    "print.css",
    "site.js",
    maps.SCRIPT_FILE,
    maps.STYLE_FILE,
    propose.SCRIPT_FILE,
    propose.STYLE_FILE,
    compare.SCRIPT_FILE,
    compare.SELECTION_FILE,
    compare.STYLE_FILE,
)
"""The site's own files under ``observatoire/assets``, copied to :data:`ASSET_PREFIX`."""


LANGUAGE_META = "obs_language"
"""In a page's front matter: the language of a page that is not in the site's (the theme's
texts follow it: ``partials/language.html``, and ``t`` below)."""
ALTERNATES_META = "obs_alternates"
"""In a page's front matter: the page in each of its languages (language -> its file), for
the ``hreflang`` links of ``main.html``."""
HEAD_META = "obs_head"
"""In a page's front matter: its :attr:`PageSpec.head` (``main.html`` writes it after the title)."""


def theme_globals(texts: Texts | None = None) -> dict:
    """What the theme's own templates (header, 404, main) need from the site: ``t``, the
    catalog (that of the page's language, :data:`LANGUAGE_META`), ``t_in``, that of a language
    given, the address of the feed of every initiative, and the site's other languages with
    the addresses of their home page, search and list of initiatives (``obs_other_languages``, for the
    404 page)."""
    texts = texts or default_texts()
    default = translator(texts)
    others = {}

    def t_in(language: str, key: str, /, **params):
        """A catalog text in ``language`` whatever the page's (the 404 page says itself in each)."""
        if language == texts.language:
            return default(key, **params)
        if language not in others:
            others[language] = translator(default_texts(language))
        return others[language](key, **params)

    @jinja2.pass_context
    def t(context, key: str, /, **params):
        page = context.get("page")
        language = (getattr(page, "meta", None) or {}).get(LANGUAGE_META) if page else None
        return t_in(language or texts.language, key, **params)

    return {
        "t": t,
        "t_in": t_in,
        "obs_feed": urls.FEED,
        "obs_other_languages": [
            {
                "language": language,
                "home": urls.html(urls.translated(urls.HOME, language)),
                "search": urls.html(urls.translated(urls.SEARCH, language)),
                "initiatives": urls.html(urls.translated(urls.INITIATIVES, language)),
            }
            for language in TRANSLATED_PAGES
        ],
    }


class SiteEngine:
    def __init__(
        self,
        project: Project,
        catalog: Catalog,
        settings: SiteSettings,
        build_date: dt.datetime,
        search_page: Callable[[str, str], dict] = lambda language, base: {},
        texts: Texts | None = None,
    ):
        texts = texts or default_texts()
        self.project = project
        self.settings = settings
        self.build_date = build_date
        self.model = SiteModel(catalog, project.context, build_date.date(), texts)
        self.pages = plan_pages(self.model)
        self._models: dict[str, SiteModel] = {}
        self.translated = [
            spec for language in TRANSLATED_PAGES for spec in translated_pages(language, default_texts(language))
        ]
        """The static pages in another language than the site's, rendered by the engine outside the navigation."""
        self.translated_outside = [
            spec for language in TRANSLATED_PAGES for spec in plan_pages(self.model_in(language), language)
        ]
        """The other pages in another language (lists, index pages, records), written from shells."""
        self.outside_languages = sorted({spec.language for spec in self.translated_outside})
        """The languages of :attr:`translated_outside` (each its renderer, compare data, map files)."""
        self._by_uri = {p.uri: p for p in self.pages + self.translated + self.translated_outside}
        for spec in self.translated_outside:  # the French version of a page links to its translations
            french = self._by_uri[spec.alternates[DEFAULT_LANGUAGE]]
            french.alternates = {**(french.alternates or {DEFAULT_LANGUAGE: french.uri}), **spec.alternates}
        self._search_page = search_page
        self._renderers: dict[str, Renderer] = {}
        self.helpers = TemplateHelpers(project, self.model, settings, build_date, search_page)
        self.archive = ArchivePages(
            settings,
            build_date,
            {DEFAULT_LANGUAGE: texts, **{language: default_texts(language) for language in TRANSLATED_PAGES}},
        )
        self.renderer = Renderer(
            make_environment(settings.override_dir, texts),
            {
                "site": self.model,
                "grid": self.model.grid,
                "settings": settings,
                "helpers": self.helpers,
                "archive": self.archive,
            },
        )
        self.helpers.renderer = self.renderer

    def theme_globals(self) -> dict:
        return {**theme_globals(self.model.texts), "obs_translated_nav": self.translated_navigation()}

    def _links(self, language: str) -> dict[str, str]:
        """The pages that have a version in ``language``: French source -> source in ``language``."""
        return {
            spec.alternates[DEFAULT_LANGUAGE]: spec.uri
            for spec in self.translated + self.translated_outside
            if spec.language == language
        }

    @cached_property
    def _translated_navigation(self) -> dict[str, list[dict]]:
        out = {}
        for language in TRANSLATED_PAGES:
            links = self._links(language)

            def item(title: str, target, links: dict[str, str] = links) -> dict:
                if isinstance(target, list):  # a section: its first page is its index (navigation.indexes)
                    first, *children = [item(*next(iter(entry.items())), links) for entry in target]
                    return {**first, "title": title, "children": children}
                translated = links.get(target)
                return {
                    "title": title,
                    "url": urls.html(translated or target),
                    "lang": None if translated else DEFAULT_LANGUAGE,
                    "children": [],
                }

            out[language] = [item(*next(iter(entry.items()))) for entry in navigation(default_texts(language), [])]
        return out

    def translated_navigation(self) -> dict[str, list[dict]]:
        """The navigation of each other language (``partials/nav-translated.html``): the
        :data:`pages.NAVIGATION` with that language's titles, each entry leading to the page in
        that language where there is one, else to the French page (``lang``: its language);
        ``{title, url (from the site's root), lang, children}``. The pages written by hand,
        in French, are left out."""
        return self._translated_navigation

    def hand_written(self) -> list[str]:
        """The sources of the pages written by hand (``content/pages/``), as the engine names them."""
        folder = self.project.content_dir / "pages"
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))

    def page_files(self) -> list[str]:
        """Every page of the site as a file path: the generated ones and those written
        by hand (for the sitemap)."""
        return sorted(
            {urls.html(spec.uri) for spec in self.pages + self.translated + self.translated_outside}
            | {urls.html(p) for p in self.hand_written()}
        )

    def navigation(self) -> list:
        """The navigation, for the engine's configuration (see :func:`pages.navigation`)."""
        return navigation(self.model.texts, self.hand_written())

    def engine_pages(self) -> list[PageSpec]:
        """The pages the engine renders: those in the navigation, and one shell per
        folder of the others (written by :meth:`write_outside_engine`)."""
        out = [spec for spec in self.pages if spec.in_nav]
        out += self.translated
        out += [shells.shell_spec(folder, groups[0].language) for folder, groups in sorted(self._outside.items())]
        return out

    @cached_property
    def _outside(self) -> dict[str, list[PageSpec]]:
        groups: dict[str, list[PageSpec]] = {}
        for spec in self.pages + self.translated_outside:
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

    def write_outside_engine(
        self, site_dir: Path, map_chunks: Callable = map_here, written: Callable | None = None
    ) -> int:
        """Write the pages outside the navigation from their folder's shell; how many.
        ``map_chunks``: how chunks of pages are written (one process by default);
        ``written``: given the paths of each chunk once written (:func:`shells.write_pages`)."""
        for language in self.outside_languages:
            self._renderer_in(language)  # before the workers fork: each inherits it made
        return shells.write_pages(
            site_dir,
            self._outside,
            self.render,
            self.settings.site_description,
            self.helpers.public_url,
            self.settings.site_url,
            map_chunks,
            written,
        )

    def write_data_files(self, site_dir: Path, map_chunks: Callable | None = None) -> int:
        """Write the data files of the compare page (one per bucket of initiatives,
        :mod:`observatoire.site.compare`), those of its version in each other language too; how many. ``map_chunks``: as for the pages."""
        written = self.helpers.compare.write(site_dir, map_chunks)
        for language in self.outside_languages:
            written += self.helpers_in(language).compare.write(site_dir, map_chunks)
        return written

    def stub(self, spec: PageSpec) -> str:
        """The page source handed to the engine: front matter only; the body
        comes from :meth:`render`. The title is HTML-escaped because themes
        print it unescaped."""
        meta = {"title": str(escape(spec.title)), "hide": ["toc"]}
        if spec.description:
            meta["description"] = str(escape(" ".join(spec.description.split())[:300]))
        if spec.language != DEFAULT_LANGUAGE:
            meta[LANGUAGE_META] = spec.language
        if spec.head:
            meta[HEAD_META] = spec.head
        if spec.alternates:
            meta[ALTERNATES_META] = {language: urls.html(uri) for language, uri in spec.alternates.items()}
        return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n"

    def render(self, uri: str) -> str:
        spec = self._by_uri[uri]
        renderer = self.renderer if spec.language == DEFAULT_LANGUAGE else self._renderer_in(spec.language)
        body = renderer.render(spec.template, uri, spec=spec, **spec.data)
        return self._language_switch(spec) + body if spec.alternates else body

    def _language_switch(self, spec: PageSpec) -> Markup:
        """The links from a page to its versions in the other languages, before its body."""
        links = []
        for language, uri in spec.alternates.items():
            if language != spec.language:
                catalog = default_texts(language)
                links.append(
                    f'<a href="{escape(urls.relative(spec.uri, uri))}" hreflang="{language}" '
                    f'lang="{language}">{escape(catalog("language.name"))}</a>'
                )
        catalog = default_texts(spec.language)
        label = catalog("language.label")
        return Markup(f'<nav class="obs-languages" aria-label="{escape(label)}">{" · ".join(links)}</nav>\n')

    def model_in(self, language: str) -> SiteModel:
        """The site's model with the catalog, the vocabularies and the grid in ``language``."""
        if language not in self._models:
            self._models[language] = SiteModel(
                self.model.catalog,
                context_in(self.project.context, language),
                self.build_date.date(),
                default_texts(language),
            )
            self._models[language].maps.slugs_of = self.model.maps.slug_at  # its places' pages: the French ones' names
        return self._models[language]

    def _renderer_in(self, language: str) -> Renderer:
        """The renderer of the pages in ``language``: its catalog, the vocabularies and the
        grid in that language, links to the pages that have a version in it."""
        if language in self._renderers:
            return self._renderers[language]
        model = self.model_in(language)
        texts = model.texts
        links = self._links(language)
        model.maps.links = links
        helpers = TemplateHelpers(self.project, model, self.settings, self.build_date, self._search_page, links)
        renderer = Renderer(
            make_environment(self.settings.override_dir, texts, links),
            {"site": model, "grid": model.grid, "settings": self.settings, "helpers": helpers, "archive": self.archive},
        )
        helpers.renderer = self._renderers[language] = renderer
        return renderer

    def helpers_in(self, language: str) -> TemplateHelpers:
        """The template helpers of the pages in ``language``."""
        if language == DEFAULT_LANGUAGE:
            return self.helpers
        return self._renderer_in(language).globals["helpers"]

    @property
    def search_languages(self) -> tuple[str, ...]:
        """The languages other than the site's that have a search page (their own index)."""
        return languages_with("search")

    def asset_files(self) -> dict[str, bytes]:
        """Stylesheets and scripts of the site, from ``observatoire/assets``, the
        data script of the « Proposer une initiative » form (one a language it has a page in),
        and the bases of the maps."""
        root = resources.files("observatoire").joinpath("assets")
        out = {ASSET_PREFIX + name: root.joinpath(name).read_bytes() for name in ASSETS}
        for language in (DEFAULT_LANGUAGE, *languages_with("propose")):
            form = self.helpers_in(language).proposal_form()
            out[ASSET_PREFIX + form.data_file] = form.data_script()
        out.update(self.helpers.maps.files())
        for language in self.outside_languages:
            out.update(self.model_in(language).maps.language_files())
        return out
