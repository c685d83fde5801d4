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

from observatoire.build import BuildSession, ContentError
from observatoire.site.builder import SiteSettings
from observatoire.site.render import TEMPLATES_DIR

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
    try:
        session = _state["session"] = BuildSession.start(root, settings)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        raise PluginError(f"{exc} : rien n'a été construit, corrigez les fiches puis relancez") from None
    # MkDocs' and Material's own dates follow the same reproducible build date.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(session.build_date.timestamp()))
    if _state.get("command") == "build":
        config.site_dir = str(session.stage(Path(config.site_dir)))
    return config


def on_files(files, config):
    session: BuildSession = _state["session"]
    for spec in session.site.engine_pages():
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, spec.uri, content=session.site.stub(spec), inclusion=inclusion))
    for path, data in session.extra_files().items():
        files.append(File.generated(config, path, content=data))
    return files


def on_env(env, config, files):
    # Material's navigation, rendered once per folder for pages outside it (partials/nav.html).
    env.globals["obs_nav_cache"] = {}
    return env


def on_page_content(html, page, config, files):
    body = _state["session"].site.engine_body(page.file.src_uri)
    return html if body is None else body


def on_post_build(config):
    _state["session"].finish(Path(config.site_dir), archive=_state.get("command") == "build")


def on_build_error(error):
    if "session" in _state:
        _state["session"].abort()


def on_serve(server, config, builder):
    root = Path(config.config_file_path).resolve().parent
    for folder in ("content", "schema"):
        server.watch(str(root / folder))
    return server
