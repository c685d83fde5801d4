"""Debian's chromium driven by Playwright, a local web server and axe-core, shared by the browser tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

from observatoire.core.offline import CHROMIUM, CHROMIUM_ARGS

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
AXE_MISSING = "axe-core absent : npm ci (scripts/test.sh l'installe)"
"""Why the axe tests are skipped when :data:`AXE` is not there."""

_AXE_VIOLATIONS = """async ([tags, preload]) => {
    const options = {resultTypes: ['violations']};
    if (tags) options.runOnly = {type: 'tag', values: tags};
    if (!preload) options.preload = false;
    const r = await axe.run(document, options);
    return r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)]);
}"""


def axe_violations(page, tags: list[str] | None = None, preload: bool = True) -> list:
    """axe-core run on ``page`` (added to it): ``[rule, impact, first three targets]`` of each
    violation; only the rules of ``tags`` when given; ``preload=False`` skips axe's fetching
    of the page's assets."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_VIOLATIONS, [tags, preload])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    request_queue_size = 64
    """Connections waiting to be accepted: chromium opens several at once for a page's
    scripts, and on a busy machine the listening thread may lag (the default of 5 then
    overflows and a connection is reset)."""

    def handle_error(self, request, client_address):
        """A tab closed while a file was sent: nothing to report."""


@contextlib.contextmanager
def serving(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler):
    """``http://127.0.0.1:PORT`` serving ``folder`` with ``handler``, in a thread."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
