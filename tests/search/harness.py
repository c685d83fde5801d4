"""A standalone search page, without the site: for the tests.

``write_harness(dest, search_index)`` writes ``dest/recherche.html`` (the
fragment ``partials/recherche.html`` in a bare HTML page, with a plain header
search form and ``entete.js`` as on the site's pages) and every file of
``search_index.files()``, and the bases of the map views the « Carte » view
draws (the site writes them with its maps); open it over http or from ``file://``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from observatoire.core.formats import number
from observatoire.core.i18n import texts
from observatoire.core.maps import draw, views
from observatoire.core.places import country_name
from observatoire.search.index import SEARCH_PAGE, SearchIndex
from observatoire.site.render import TEMPLATES_DIR, translator

PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rechercher — Observatoire du Partage (page d'essai)</title>
</head>
<body>
<header>
<form class="obs-header-search" action="recherche.html" method="get" role="search">
<label for="obs-entete-q">Rechercher dans le centre de ressources</label>
<input id="obs-entete-q" type="search" name="q">
<button type="submit">Rechercher</button>
</form>
</header>
<main>
<h1>Rechercher</h1>
{% include "partials/recherche.html" %}
</main>
<script src="assets/recherche/entete.js"></script>
</body>
</html>
"""


def environment() -> jinja2.Environment:
    """Like the site's: autoescape, strict undefined, the package's templates, ``t()``."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader({"harness.html": PAGE}),
                jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = translator(texts())
    env.filters["number"] = lambda value, decimals=0: number(value, texts(), decimals)
    return env


def render_page(search_index: SearchIndex, base_url: str = ".") -> str:
    return environment().get_template("harness.html").render(recherche=search_index.page_context(base_url))


def write_harness(dest: Path, search_index: SearchIndex) -> Path:
    """Write the page and the search files under ``dest``; returns the page's path."""
    dest.mkdir(parents=True, exist_ok=True)
    for path, data in search_index.files().items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    names = {code: country_name(code, "fr") for code, _ in views.INSETS}
    for name, path, _, _ in search_index.map_data()["views"]:
        view = views.france() if name == "france" else views.world()
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(draw.base_svg(view, names), "utf-8")
    page = dest / SEARCH_PAGE
    page.write_text(render_page(search_index), "utf-8")
    return page
