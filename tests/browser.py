"""Debian's chromium driven by Playwright, and a local web server, shared by the browser tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

from observatoire.core.offline import CHROMIUM, CHROMIUM_ARGS


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A tab closed while a file was sent: nothing to report."""


@contextlib.contextmanager
def serving(folder: Path):
    """``http://127.0.0.1:PORT`` serving ``folder``, in a thread."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
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
