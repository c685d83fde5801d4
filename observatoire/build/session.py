"""One build of the resource centre, from content to published site and archive.

Engine-neutral: ``hooks.py`` calls :meth:`BuildSession.start` when MkDocs
reads its configuration and :meth:`BuildSession.finish` after MkDocs has
written the pages.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

from observatoire.build import builddate as dates
from observatoire.build.archive import ArchiveWriter
from observatoire.build.background import BackgroundOutputs, search_index_in
from observatoire.build.publish import Publication
from observatoire.build.workers import load_catalog, map_chunks
from observatoire.core.problems import Problem, summarize
from observatoire.records.advice import advise_reviews
from observatoire.records.catalog import Catalog
from observatoire.records.english import translation_summary
from observatoire.records.project import Project
from observatoire.records.schemafiles import SchemaFileError
from observatoire.site.engine import SiteEngine
from observatoire.site.settings import SiteSettings


class ContentError(Exception):
    """The content has problems: nothing is built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(summarize(problems))


@dataclass
class BuildSession:
    project: Project
    catalog: Catalog
    site: SiteEngine
    """The pages: what the engine renders, and what is written beside it."""
    background: BackgroundOutputs
    """The search files and the open data, computed meanwhile by another process."""
    build_date: dt.datetime
    publication: Publication
    """What this build publishes when it succeeds, and its scratch folder."""
    output_dir: Path
    """Where the engine writes: a staging folder swapped in by :meth:`finish`
    when publishing, so that a failed build leaves the last good site."""
    written: list[str] = field(default_factory=list)

    def translation_summary(self) -> str:
        """One line for the end of the build: how many texts of ``schema/`` (vocabularies,
        grid) still have no English version."""
        return translation_summary(self.project.schema_dir)

    @classmethod
    def start(cls, project_root: Path, settings: SiteSettings, site_dir: Path, *, publish: bool) -> BuildSession:
        """Read and validate everything; raises :class:`ContentError` listing every problem.
        ``publish``: stage the site beside ``site_dir`` (a build), or write it in place (a preview)."""
        gc.unfreeze()  # a new build (``mkdocs serve``): the last one's objects may be collected
        project = Project(project_root)
        try:
            context = project.context
        except SchemaFileError as exc:
            raise ContentError(exc.problems) from None
        catalog = load_catalog(project.content_dir, context, base=project_root)
        if catalog.problems:
            raise ContentError(catalog.problems)
        build_date = dates.build_datetime(project_root, catalog)
        catalog.advice = sorted(catalog.advice + advise_reviews(catalog, build_date.date()))
        publication = Publication()
        try:
            output_dir = publication.directory(site_dir) if publish else site_dir
            # The search page needs only the facets and their counts: quick (the
            # index itself is built in the background).
            searches = {}

            def search_page(language: str, base: str) -> dict:
                if language not in searches:
                    searches[language] = search_index_in(catalog, context, language)
                return searches[language].page_context(base)

            site = SiteEngine(project, catalog, settings, build_date, search_page=search_page)
            background = BackgroundOutputs(
                catalog,
                context,
                publication.scratch(site_dir),
                site_url=settings.site_url,
                licence=settings.licence,
                licence_url=settings.licence_url,
                build_date=build_date,
                pages=site.page_files(),
                languages=site.search_languages,
            )
        except BaseException:
            publication.abort()
            raise
        return cls(project, catalog, site, background, build_date, publication, output_dir)

    def extra_files(self) -> dict[str, bytes]:
        """Files to add to the site beside the pages: styles and scripts."""
        return self.site.asset_files()

    # --- output ---------------------------------------------------------------------

    def abort(self) -> None:
        self.background.close()
        self.publication.abort()

    def finish(self, site_dir: Path, archive: bool = True) -> None:
        """Write what the engine does not (search data, exports, archive), then publish."""
        settings = self.site.settings
        # The archive is begun first: the pages outside the navigation go in as they are written.
        writer = (
            ArchiveWriter(
                site_dir, site_dir / settings.archive_name, settings.archive_name.removesuffix(".zip"), self.build_date
            )
            if archive
            else None
        )
        try:
            self.site.write_outside_engine(site_dir, map_chunks, writer.add if writer else None)
            self.site.write_data_files(site_dir, map_chunks)
            self.written = self.background.collect(site_dir)
            if not settings.site_url:  # the engine's own sitemap would list addresses with no host
                for name in ("sitemap.xml", "sitemap.xml.gz"):
                    (site_dir / name).unlink(missing_ok=True)
            if writer:
                published = self.site.archive.for_archive(site_dir)
                info = writer.close()
                self.site.archive.published(published, info.bytes)
        except BaseException:
            if writer:
                writer.abort()
            raise
        self.publication.commit()


# --- live preview of a broken content -------------------------------------------------

PREVIEW_TEMPLATE = "problemes.html"


def write_problem_pages(
    site_dir: Path, problems: list[Problem], pages: list[str], override_dir: Path | None = None
) -> None:
    """While previewing (``mkdocs serve``), content with problems gives a site whose
    every page (``pages``, the last good build's, and the home and error pages)
    lists the problems as ``observatoire check`` prints them; the preview server
    reloads it into the site once they are fixed."""
    from observatoire.site.render import make_environment

    html = (
        make_environment(override_dir)
        .get_template(PREVIEW_TEMPLATE)
        .render(
            problems=[str(p) for p in problems],
            summary=summarize(problems),
        )
    )
    for page in sorted({*pages, "index.html", "404.html"}):
        target = site_dir / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")
