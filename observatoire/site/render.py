"""Rendering page bodies with Jinja: autoescape everywhere, templates overridable.

Templates are looked up first in the project's override folder (if any), then
in ``observatoire/templates``. Record text is data passed to templates, never
template source: nothing a contributor writes is evaluated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
from markupsafe import Markup

from observatoire.site import urls
from observatoire.core.richtext import MarkdownRenderer, plain

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
"""The one folder of templates: page bodies (``pages/``), fragments (``partials/``)
and the theme overrides. A project's ``overrides/`` folder takes precedence."""

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


def french_date(value: str | dt.date | None) -> str:
    """``2018-04`` -> « avril 2018 »; ``2018-11-05`` -> « 5 novembre 2018 »;
    ``2017-06-27T19:00`` -> « 27 juin 2017 à 19 h 00 »."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        value = value.isoformat()
    day_part, _, time = str(value).partition("T")
    parts = day_part.split("-")
    if len(parts) == 1:
        text = parts[0]
    elif len(parts) == 2:
        text = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        day = int(parts[2])
        text = f"{'1er' if day == 1 else day} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if time:
        text += f" à {time[:2]} h {time[3:5]}"
    return text


def make_environment(override_dir: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir and override_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
        auto_reload=False,  # one build reads each template once (no mtime check per page)
    )
    markdown = MarkdownRenderer()
    env.filters["markdown"] = markdown
    env.filters["plain"] = plain
    env.filters["date_fr"] = french_date
    env.filters["nombre"] = lambda n: f"{n:,}".replace(",", "\u202f") if isinstance(n, int) else str(n)

    @jinja2.pass_context
    def url(context, target: str) -> str:
        return urls.relative(context["page_uri"], target)

    env.globals["url"] = url
    env.globals["urls"] = urls
    return env


class Renderer:
    def __init__(self, env: jinja2.Environment, globals_: dict):
        self.env = env
        self.globals = globals_

    def render(self, template: str, page_uri: str, **data) -> Markup:
        tpl = self.env.get_template(template)
        return Markup(tpl.render(page_uri=page_uri, **self.globals, **data))
