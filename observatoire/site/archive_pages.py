"""The pages that offer the offline archive for download (home, open data).

The download block sits between two markers. The copy of those pages inside
the archive says instead that it is the offline copy (an archive cannot hold
itself); the published pages get the archive's size and date once it exists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup, escape

from observatoire.core.formats import file_size, partial_date
from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts
from observatoire.site import urls
from observatoire.site.pages import PageSpec
from observatoire.site.settings import SiteSettings

INFO_MARK = "<!--obs-archive-info-->"
"""Replaced, once the archive exists, by its size and date."""
LINK_START = "<!--obs-telechargement-->"
LINK_END = "<!--/obs-telechargement-->"
PAGES = (urls.HOME, urls.OPEN_DATA)
"""The pages that show :meth:`ArchivePages.block`."""


class ArchivePages:
    """The download block in every language the site has (``texts``: each language's catalog)."""

    def __init__(self, settings: SiteSettings, build_date: dt.datetime, texts: dict[str, Texts]):
        self.settings = settings
        self.texts = texts
        self.days = {language: partial_date(build_date.date(), t) for language, t in texts.items()}

    def block(self, spec: PageSpec) -> Markup:
        """The download block of the offline archive (templates: ``archive.block(spec)``), in the page's language."""
        t = self.texts[spec.language]
        link = urls.relative(spec.uri, self.settings.archive_name)
        return Markup(
            '<section class="obs-download" aria-labelledby="telecharger">'
            f'<h2 id="telecharger">{escape(t("archive.title"))}</h2>'
            f"<p>{t('archive.explanation_html')}</p>"
            f'{LINK_START}<p><a class="md-button md-button--primary" href="{escape(link)}" download>'
            f"{escape(t('archive.download'))}</a> {INFO_MARK}</p>{LINK_END}</section>"
        )

    def _offline_notice(self, language: str) -> str:
        t = self.texts[language]
        text = t("archive.offline_html", day=escape(self.days[language]))
        if self.settings.site_url:
            text += t("archive.latest_html", address=escape(self.settings.site_url + self.settings.archive_name))
        return f"<p>{text}</p>"

    def _pages(self, site_dir: Path) -> list[tuple[Path, str]]:
        """(file, its language) of every page that shows the block: :data:`PAGES` in each language."""
        out = []
        for language in self.texts:
            for uri in PAGES:
                page = site_dir / urls.html(uri if language == DEFAULT_LANGUAGE else urls.translated(uri, language))
                if page.is_file():
                    out.append((page, language))
        return out

    def for_archive(self, site_dir: Path) -> dict[Path, tuple[str, str]]:
        """Put the offline notice in place of the download link, for the archive's copy;
        returns the published text of each page changed and its language, to put back afterwards."""
        published = {}
        for page, language in self._pages(site_dir):
            text = page.read_text("utf-8")
            published[page] = (text, language)
            before, _, rest = text.partition(LINK_START)
            _, _, after = rest.partition(LINK_END)
            page.write_text(before + self._offline_notice(language) + after, "utf-8")
        return published

    def published(self, pages: dict[Path, tuple[str, str]], size: int) -> None:
        """Write back the published pages, with the archive's size (``size`` bytes) and date."""
        for page, (html, language) in pages.items():
            t = self.texts[language]
            text = escape(t("archive.info", size=file_size(size, t), day=self.days[language]))
            html = html.replace(INFO_MARK, text, 1).replace(LINK_START, "").replace(LINK_END, "")
            page.write_text(html, "utf-8")
