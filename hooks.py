"""MkDocs adapter of the Observatoire du Partage resource centre.

Only wiring: every decision (which pages exist, what they say, what else is
written) is taken by the ``observatoire`` package, which knows nothing of
MkDocs. Another engine would need another adapter like this one, not a rewrite.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from observatoire.build.session import BuildSession, ContentError, write_problem_pages
from observatoire.site.engine import theme_globals
from observatoire.site.render import TEMPLATES_DIR
from observatoire.site.settings import SiteSettings

_state: dict = {}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    extra = config.extra.get("observatoire", {}) or {}
    # Theme templates: the project's overrides/ first, then the package's own folder.
    overrides = root / "overrides"
    config.theme.dirs.insert(0, str(TEMPLATES_DIR))
    if overrides.is_dir():
        config.theme.dirs.insert(0, str(overrides))
    settings = SiteSettings(
        site_name=config.site_name,
        site_url=config.site_url or "",
        edit_base=extra.get("edition", ""),
        licence=extra.get("licence", SiteSettings.licence),
        licence_url=extra.get("licence_url", SiteSettings.licence_url),
        override_dir=overrides,
        site_description=config.site_description or "",
    )
    publish = _state.get("command") == "build"
    _state["session"] = _state["problems"] = None
    try:
        session = _state["session"] = BuildSession.start(root, settings, Path(config.site_dir), publish=publish)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        if publish:
            raise PluginError(f"{exc} : rien n'a été construit, corrigez les fiches puis relancez") from None
        _state["problems"] = exc.problems  # the preview shows them on every page (on_post_build)
        return config
    # MkDocs' and Material's own dates follow the same reproducible build date.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(session.build_date.timestamp()))
    config.site_dir = str(session.output_dir)
    config.nav = session.site.navigation()
    return config


def on_files(files, config):
    session: BuildSession | None = _state["session"]
    if session is None:  # a preview of content with problems: its pages are written after the build
        return files
    for spec in session.site.engine_pages():
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, spec.uri, content=session.site.stub(spec), inclusion=inclusion))
    for path, data in session.extra_files().items():
        files.append(File.generated(config, path, content=data))
    return files


def on_env(env, config, files):
    # Material's navigation, rendered once per folder for pages outside it (partials/nav.html).
    env.globals["obs_nav_cache"] = {}
    session = _state["session"]
    env.globals.update(session.site.theme_globals() if session else theme_globals())
    return env


def on_page_content(html, page, config, files):
    if _state["session"] is None:
        return html
    body = _state["session"].site.engine_body(page.file.src_uri)
    return html if body is None else body


def on_post_build(config):
    session: BuildSession | None = _state["session"]
    if session is None:
        overrides = Path(config.config_file_path).resolve().parent / "overrides"
        write_problem_pages(Path(config.site_dir), _state["problems"], _state.get("pages", []), overrides)
        return
    session.finish(Path(config.site_dir), archive=_state.get("command") == "build")
    _state["pages"] = session.site.page_files()
    print(session.translation_summary())


def on_build_error(error):
    if _state.get("session") is not None:
        _state["session"].abort()


def on_serve(server, config, builder):
    root = Path(config.config_file_path).resolve().parent
    for folder in ("content", "schema"):
        server.watch(str(root / folder))
    return server
