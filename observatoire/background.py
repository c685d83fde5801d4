"""Work done beside the engine: the search index and the open data.

They depend only on the validated records, so a forked process computes them
while the engine renders the pages, on the machine's other core, and sends
the files when done. (The search page's facet counts need no index: the
page builder computes them itself.) Where ``fork`` is not available the same
work runs in the process.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import tempfile
import traceback
from pathlib import Path

from observatoire.catalog import Catalog
from observatoire.exports import write_exports
from observatoire.parallel import settle_before_fork
from observatoire.project import ValidationContext
from observatoire.search.index import SearchIndex


class BackgroundError(RuntimeError):
    pass


def _search_and_exports(send, catalog: Catalog, context: ValidationContext, exports_dir: Path,
                        export_options: dict) -> None:
    report = write_exports(catalog, context, exports_dir, **export_options)
    send(("fichiers", SearchIndex(catalog, context).files(), report.files))


def _worker(conn, *args) -> None:
    try:
        _search_and_exports(conn.send, *args)
    except BaseException:  # reported to the parent, which raises it
        conn.send(("erreur", traceback.format_exc()))
    finally:
        conn.close()


class BackgroundOutputs:
    """Search files and exports, being computed; ask for them when needed."""

    def __init__(self, catalog: Catalog, context: ValidationContext, *, site_url: str, licence: str,
                 licence_url: str, build_date: dt.datetime, pages: list[str]):
        self.exports_dir = Path(tempfile.mkdtemp(prefix="observatoire-exports-"))
        options = dict(site_url=site_url, licence=licence, licence_url=licence_url, build_date=build_date, pages=pages)
        self._messages: list[tuple] = []
        self._process = None
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe(duplex=False)
            self._process = ctx.Process(
                target=_worker, args=(child, catalog, context, self.exports_dir, options), daemon=True
            )
            settle_before_fork()
            self._process.start()
            child.close()
        else:  # pragma: no cover - platforms without fork
            _search_and_exports(self._messages.append, catalog, context, self.exports_dir, options)

    def _next(self, expected: str) -> tuple:
        if self._messages:
            message = self._messages.pop(0)
        else:
            try:
                message = self._conn.recv()
            except EOFError:
                raise BackgroundError("le calcul de la recherche et des exports s'est arrêté sans réponse") from None
        if message[0] == "erreur":
            raise BackgroundError("échec du calcul de la recherche et des exports :\n" + message[1])
        assert message[0] == expected, message[0]
        return message[1:]

    def collect(self, site_dir: Path) -> list[str]:
        """Write the search files and the exports into ``site_dir``; the exported paths."""
        search_files, exported = self._next("fichiers")
        if self._process is not None:
            self._process.join()
        for path, data in search_files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        shutil.copytree(self.exports_dir, site_dir, dirs_exist_ok=True)
        self.close()
        return exported

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        shutil.rmtree(self.exports_dir, ignore_errors=True)
