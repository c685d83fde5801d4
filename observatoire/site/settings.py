"""The site's settings, as the engine's configuration gives them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
