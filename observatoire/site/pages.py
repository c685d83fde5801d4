"""Which pages the site has. One :class:`PageSpec` a page; record pages are
never in the navigation, so a page's size does not grow with the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from observatoire.site import urls
from observatoire.site.model import SiteModel


@dataclass
class PageSpec:
    uri: str
    """Source path of the page, e.g. ``initiatives/jardins.md``."""
    title: str
    template: str
    """Body template, under ``templates/pages/``."""
    data: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False
    source: Path | None = None
    """The content file the page shows, for the « Modifier cette fiche » link."""
    description: str = ""


def plan_pages(model: SiteModel) -> list[PageSpec]:
    pages = [
        PageSpec(urls.HOME, "Accueil", "pages/home.html", in_nav=True,
                 description="Centre de ressources des politiques publiques du partage et des communs à l'échelle des villes."),
        PageSpec(urls.INITIATIVES, "Toutes les initiatives (A–Z)", "pages/initiatives.html", in_nav=True),
        PageSpec(urls.TERRITORIES, "Par territoire", "pages/territories.html", in_nav=True),
        PageSpec(urls.EVENTS, "Événements", "pages/events.html", in_nav=True),
        PageSpec(urls.ACTORS, "Organisations", "pages/actors.html", in_nav=True),
        PageSpec(urls.STATISTICS, "Statistiques", "pages/statistics.html", in_nav=True),
        PageSpec(urls.GRID, "La grille de lecture", "pages/grid.html", in_nav=True),
        PageSpec(urls.GLOSSARY, "Glossaire", "pages/glossary.html", in_nav=True),
        PageSpec(urls.OPEN_DATA, "Données ouvertes et téléchargement", "pages/open_data.html", in_nav=True),
        PageSpec(urls.CONTRIBUTE, "Contribuer", "pages/contribute.html", in_nav=True),
        PageSpec(urls.PROPOSE, "Proposer une initiative", "pages/propose.html", in_nav=True,
                 description="Un formulaire qui prépare, dans votre navigateur, le fichier d'une nouvelle fiche d'initiative."),
    ]
    for facet in model.facets.values():
        pages.append(PageSpec(urls.facet(facet.name), facet.title, "pages/facet.html", {"facet": facet}, in_nav=True))
        for value in facet.values:
            if value.slugs:
                pages.append(
                    PageSpec(urls.facet_value(facet.name, value.id), f"{facet.singular} : {value.label}",
                             "pages/facet_value.html", {"facet": facet, "value": value})
                )
    for place, parents in model.places():
        pages.append(PageSpec(place.uri, place.name, "pages/place.html", {"place": place, "parents": parents}))
    for slug, record in model.initiatives.items():
        pages.append(
            PageSpec(urls.initiative(slug), record.titre, "pages/initiative.html", {"slug": slug, "record": record},
                     source=model.paths[("initiatives", slug)], description=record.resume)
        )
    for slug, record in model.events.items():
        pages.append(
            PageSpec(urls.event(slug), record.titre, "pages/event.html", {"slug": slug, "record": record},
                     source=model.paths[("evenements", slug)], description=record.resume)
        )
    for slug, record in model.actors.items():
        pages.append(
            PageSpec(urls.actor(slug), record.nom, "pages/actor.html", {"slug": slug, "record": record},
                     source=model.paths[("acteurs", slug)])
        )
    # Last: its facet counts come from the search index, computed meanwhile beside the engine.
    pages.append(PageSpec(urls.SEARCH, "Rechercher", "pages/search.html", in_nav=True))
    return pages
