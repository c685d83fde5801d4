"""Internal links and anchors of a built site, shared by the site tests and the quality gates."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Anchors(HTMLParser):
    """The ids and the href/src links of one page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def site_pages(site: Path) -> list[Path]:
    """Every page of the site but 404.html, which the web server serves at any
    depth: its links are root-absolute by design."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def broken_links(site: Path, pages: list[Path] | None = None) -> list[str]:
    """One line per internal link of ``pages`` (default: :func:`site_pages`) whose
    target file is missing, is a folder, or lacks the anchor it names."""
    parsed: dict[Path, Anchors] = {}

    def parse(path: Path) -> Anchors:
        if path not in parsed:
            p = Anchors()
            p.feed(path.read_text("utf-8"))
            parsed[path] = p
        return parsed[path]

    broken = []
    for page in site_pages(site) if pages is None else pages:
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = page if not parts.path else Path(os.path.normpath(page.parent / unquote(parts.path)))
            if target.is_dir():
                broken.append(f"{page.relative_to(site)}: {link} (un dossier, pas un fichier)")
                continue
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} (ancre absente)")
    return broken
