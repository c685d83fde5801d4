"""Rendering page bodies with Jinja: autoescape everywhere, templates overridable.

Templates are looked up first in the project's override folder (if any), then
in ``observatoire/templates``. Record text is data passed to templates, never
template source: nothing a contributor writes is evaluated.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from observatoire.core.formats import date_text, machine_date, number, partial_time
from observatoire.core.i18n import DEFAULT_LANGUAGE, Texts, texts
from observatoire.core.richtext import MarkdownRenderer, plain
from observatoire.records.descriptions import description_html
from observatoire.site import urls

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
"""The one folder of templates: page bodies (``pages/``), fragments (``partials/``)
and the theme overrides. A project's ``overrides/`` folder takes precedence."""

HTML_SUFFIX = "_html"
"""A catalog text whose key ends so is HTML (written by the association, trusted);
the values put into it are escaped. Every other text is plain: escaped too."""

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;"})


def translator(catalog: Texts):
    """The templates' ``t(key, **params)``: a catalog text, as HTML (see :data:`HTML_SUFFIX`).
    The values put into a text are escaped as markupsafe does; a plain text itself
    keeps its apostrophes (the templates quote attributes with « " »)."""

    without_params: dict[str, Markup] = {}  # the texts asked for most, each made once

    def html_pattern(key: str, n=None) -> str:
        pattern = catalog.pattern(key, n)
        return pattern if key.endswith(HTML_SUFFIX) else pattern.translate(_TEXT_ESCAPES)

    def t(key: str, /, **params) -> Markup:
        if not params:
            text = without_params.get(key)
            if text is None:
                text = without_params[key] = Markup(html_pattern(key))
            return text
        pattern = html_pattern(key, params.get("n"))
        values = {k: escape(v) if isinstance(v, str) else v for k, v in params.items()}
        return Markup(pattern.format_map(values))

    return t


def make_environment(
    override_dir: Path | None = None, catalog: Texts | None = None, links: dict[str, str] | None = None
) -> jinja2.Environment:
    """The page templates' environment, in the language of ``catalog``. ``links``: the
    pages a link goes to instead of another (a page of the English version links to
    the English version of a page that has one)."""
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
    catalog = catalog or texts()
    env.filters["markdown"] = MarkdownRenderer(catalog("lists.table_alone"))
    env.filters["plain"] = plain
    env.filters["date"] = functools.cache(lambda value: date_text(value, catalog))  # records share their dates
    env.filters["machine_date"] = machine_date
    env.filters["time"] = lambda value: partial_time(value, catalog)
    env.filters["number"] = lambda value, decimals=0: number(value, catalog, decimals)
    env.filters["field_text"] = description_html
    env.globals["t"] = translator(catalog)
    env.globals["lang"] = catalog.language
    env.globals["site_language"] = DEFAULT_LANGUAGE
    """The language of the records that do not say theirs (events, organisations)."""

    @jinja2.pass_context
    def url(context, target: str) -> str:
        return urls.relative(context["page_uri"], links.get(target, target) if links else target)

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
