"""Rendering page bodies with Jinja: autoescape everywhere, templates overridable.

Templates are looked up first in the project's override folder (if any), then
in ``observatoire/templates``. Record text is data passed to templates, never
template source: nothing a contributor writes is evaluated.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from observatoire.site import urls
from observatoire.core.formats import number, partial_date
from observatoire.core.richtext import MarkdownRenderer, plain

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
"""The one folder of templates: page bodies (``pages/``), fragments (``partials/``)
and the theme overrides. A project's ``overrides/`` folder takes precedence."""

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
    env.filters["date_fr"] = partial_date
    env.filters["nombre"] = number

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
