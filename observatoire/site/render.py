"""Rendering page bodies with Jinja: autoescape everywhere, templates overridable.

Templates are looked up first in the project's override folder (if any), then
in ``observatoire/templates``. Record text is data passed to templates, never
template source: nothing a contributor writes is evaluated.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from observatoire.core.formats import number, partial_date
from observatoire.core.i18n import Texts, texts
from observatoire.core.richtext import MarkdownRenderer, plain
from observatoire.site import urls

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
"""The one folder of templates: page bodies (``pages/``), fragments (``partials/``)
and the theme overrides. A project's ``overrides/`` folder takes precedence."""

HTML_SUFFIX = "_html"
"""A catalog text whose key ends so is HTML (written by the association, trusted);
the values put into it are escaped. Every other text is plain, escaped on output."""


def translator(catalog: Texts):
    """The templates' ``t(key, **params)``: a catalog text (see :data:`HTML_SUFFIX`)."""

    def t(key: str, /, **params) -> str:
        if key.endswith(HTML_SUFFIX):
            return Markup(catalog(key, **{k: escape(v) for k, v in params.items()}))
        return catalog(key, **params)

    return t


def make_environment(override_dir: Path | None = None, catalog: Texts | None = None) -> jinja2.Environment:
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
    catalog = catalog or texts()
    env.filters["date"] = lambda value: partial_date(value, catalog)
    env.filters["number"] = lambda value, decimals=0: number(value, catalog, decimals)
    env.globals["t"] = translator(catalog)
    env.globals["lang"] = catalog.language

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
