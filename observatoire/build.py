"""One build of the resource centre, from content to published site and archive.

Engine-neutral: ``hooks.py`` calls :meth:`BuildSession.start` when MkDocs
reads its configuration and :meth:`BuildSession.finish` after MkDocs has
written the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from observatoire.catalog import Catalog, load_catalog
from observatoire.problems import Problem, summarize
from observatoire.project import Project
from observatoire.schemafiles import SchemaFileError
from observatoire.site.builder import SiteBuilder, SiteSettings


class ContentError(Exception):
    """The content has problems: nothing is built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(summarize(problems))


@dataclass
class BuildSession:
    project: Project
    catalog: Catalog
    site: SiteBuilder
    build_date: dt.datetime
    written: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, project_root: Path, settings: SiteSettings) -> "BuildSession":
        """Read and validate everything; raises :class:`ContentError` listing every problem."""
        project = Project(project_root)
        try:
            context = project.context
        except SchemaFileError as exc:
            raise ContentError(exc.problems) from None
        catalog = load_catalog(project.content_dir, context, base=project_root)
        if catalog.problems:
            raise ContentError(catalog.problems)
        build_date = build_datetime(project_root, catalog)
        return cls(project, catalog, SiteBuilder(project, catalog, settings, build_date), build_date)

    def extra_files(self) -> dict[str, bytes]:
        """Files to add to the site beside the pages: styles and scripts."""
        return self.site.asset_files()

    def finish(self, site_dir: Path) -> None:
        """Write what the engine does not: search data, exports, archive."""


def build_datetime(project_root: Path, catalog: Catalog) -> dt.datetime:
    try:
        from observatoire.builddate import build_datetime as from_sources

        return from_sources(project_root)
    except ImportError:  # pragma: no cover - until the exports land
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
