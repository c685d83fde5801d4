"""Pages outside the navigation, written from one engine-rendered shell per folder.

An initiative, an event, an organisation or an index value is not in the
navigation: within one folder, the theme's HTML around its body is the same for
every such page but for its title, description and address. The engine renders
one shell page per folder, with markers in those places; every page of the
folder is then the shell with its own title, description, address and body,
written by the ``map_chunks`` the build gives (every core). This keeps the build close to what the engine itself
costs, however many records there are.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from observatoire.core.serial import map_here
from observatoire.site import urls
from observatoire.site.pages import PageSpec

SHELL_NAME = "gabarit-de-page"
TITLE = "OBSGABARITTITRE"
DESCRIPTION = "OBSGABARITDESCRIPTION"
BODY = "<h1>OBSGABARITCORPS</h1>"
"""An ``h1``, so that the theme adds no title of its own."""


def folder_of(spec: PageSpec) -> str:
    return posixpath.dirname(spec.uri)


def shell_uri(folder: str) -> str:
    return posixpath.join(folder, f"{SHELL_NAME}.md")


def shell_spec(folder: str, language: str | None = None) -> PageSpec:
    """The shell of ``folder``, in the language of its pages (the theme's texts, ``lang``)."""
    spec = PageSpec(shell_uri(folder), TITLE, "", description=DESCRIPTION)
    spec.language = language or spec.language
    return spec


@dataclass(frozen=True)
class Shell:
    """The theme's page around a body, split at the markers."""

    before_title: str
    between_titles: str
    after_header_title: str
    after_body: str
    canonical: str

    @classmethod
    def parse(cls, html: str, canonical: str) -> Shell:
        head, _, rest = html.partition(f"<title>{TITLE}")
        middle, _, rest = rest.partition(TITLE)
        header, _, after = rest.partition(BODY)
        if not (rest and after) or TITLE in after:
            raise ValueError("gabarit de page inattendu : le thème a changé ?")
        return cls(head, middle, header, after, canonical)

    @functools.cached_property
    def _head_pieces(self) -> list[list[str]]:
        """The head cut at the description's and the canonical address's markers."""
        canonical = f'href="{self.canonical}"' if self.canonical else None
        return [part.split(canonical) if canonical else [part] for part in self.before_title.split(_DESCRIPTION_ATTR)]

    def page(self, spec: PageSpec, body: str, site_description: str, public_url: str, site_url: str = "") -> str:
        escaped = str(escape(spec.title))
        # As the theme prints them: <title> gets the title with tags stripped (an escaped
        # title has none: stripping only joins its white space), the header the escaped title.
        title_text = str(escape(" ".join(spec.title.split())))
        description = str(escape(" ".join(spec.description.split())[:300])) if spec.description else site_description
        canonical = f'href="{public_url}"'
        head = f'content="{description}"'.join([canonical.join(part) for part in self._head_pieces])
        between = self.between_titles
        if spec.head:  # the page's own head markup, before the theme's style sheets
            between = between.replace("</title>", "</title>" + spec.head, 1)
        if site_url and spec.alternates:  # as main.html writes them for the pages MkDocs renders
            links = "".join(
                f'\n<link rel="alternate" hreflang="{language}" href="{site_url}{urls.html(uri)}">'
                for language, uri in sorted(spec.alternates.items())
            )
            between = between.replace("</title>", "</title>" + links, 1)
        return "".join((head, "<title>", title_text, between, escaped, self.after_header_title, body, self.after_body))


_DESCRIPTION_ATTR = f'content="{DESCRIPTION}"'


PARALLEL_FROM = 200
"""Below this many pages one process is quicker than starting helpers."""
CHUNK_PAGES = 100
"""Pages per chunk of work: small, so that the cores finish together."""


def write_pages(
    site_dir: Path,
    groups: dict[str, list[PageSpec]],
    render: Callable[[str], str],
    site_description: str,
    public_url: Callable[[str], str],
    site_url: str,
    map_chunks: Callable = map_here,
    written: Callable[[list[str]], object] | None = None,
) -> int:
    """Write every page of ``groups`` (folder -> pages) from its folder's shell; removes the shells.
    ``written``: given the paths (relative to ``site_dir``) of each chunk of pages once they are
    on disk, in an order that depends only on the pages (the build archives them meanwhile)."""
    shells = {}
    for folder in groups:
        path = site_dir / urls.html(shell_uri(folder))
        canonical = (site_url + urls.html(shell_uri(folder))) if site_url else ""
        shells[folder] = Shell.parse(path.read_text("utf-8"), canonical)
        path.unlink()
    jobs = [spec for folder in sorted(groups) for spec in groups[folder]]

    made: set[str] = set()

    def write(chunk: list[PageSpec]) -> list[str]:
        paths = []
        for spec in chunk:
            html = shells[folder_of(spec)].page(
                spec, render(spec.uri), site_description, public_url(spec.uri), site_url
            )
            paths.append(urls.html(spec.uri))
            target = os.path.join(site_dir, paths[-1])
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(target, "wb") as file:
                file.write(html.encode("utf-8"))
        return paths

    if len(jobs) < PARALLEL_FROM:
        return len(map_here(write, [jobs], written)[0])
    chunks = [jobs[i : i + CHUNK_PAGES] for i in range(0, len(jobs), CHUNK_PAGES)]
    return sum(map(len, map_chunks(write, chunks, on_result=written)))
