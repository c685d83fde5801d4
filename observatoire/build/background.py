"""Work done beside the engine: the search index and the open data.

They depend only on the validated records, so a forked worker computes them
while the engine renders the pages, on the machine's other core (see
:class:`observatoire.build.workers.Background`). (The search page's facet counts
need no index: the page builder computes them itself.)
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from observatoire.build.workers import Background
from observatoire.core.i18n import DEFAULT_LANGUAGE
from observatoire.core.i18n import texts as default_texts
from observatoire.exports import write_exports
from observatoire.records.catalog import Catalog
from observatoire.records.english import context_in
from observatoire.records.project import ValidationContext
from observatoire.search.index import SearchIndex
from observatoire.site import urls


def search_index_in(catalog: Catalog, context: ValidationContext, language: str = DEFAULT_LANGUAGE) -> SearchIndex:
    """The search of the site's version in ``language``: its labels, its pipelines, its pages."""
    if language == DEFAULT_LANGUAGE:
        return SearchIndex(catalog, context)
    return SearchIndex(
        catalog, context_in(context, language), texts=default_texts(language), pages=urls.translated("", language)
    )


class BackgroundOutputs:
    """Search files and exports, being computed into ``exports_dir``; ask for them when needed."""

    def __init__(
        self,
        catalog: Catalog,
        context: ValidationContext,
        exports_dir: Path,
        *,
        site_url: str,
        licence: str,
        licence_url: str,
        build_date: dt.datetime,
        pages: list[str],
        languages: tuple[str, ...] = (),
    ):
        """``languages``: the other languages that have a search page (each its own index)."""
        self.exports_dir = exports_dir

        def search_and_exports() -> tuple[dict[str, bytes], list[str]]:
            report = write_exports(
                catalog,
                context,
                exports_dir,
                site_url=site_url,
                licence=licence,
                licence_url=licence_url,
                build_date=build_date,
                pages=pages,
            )
            files: dict[str, bytes] = {}
            for language in (DEFAULT_LANGUAGE, *languages):
                files.update(search_index_in(catalog, context, language).files())
            return files, report.files

        self._work = Background(search_and_exports)

    def collect(self, site_dir: Path) -> list[str]:
        """Write the search files and the exports into ``site_dir``; the exported paths."""
        search_files, exported = self._work.result()
        for path, data in search_files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        shutil.copytree(self.exports_dir, site_dir, dirs_exist_ok=True)
        return exported

    def close(self) -> None:
        self._work.close()
