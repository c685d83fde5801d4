"""Data handed to the site's scripts as script files, not JSON to fetch: a page opened
from ``file://`` cannot ``fetch()`` a file in Chromium, but it can load a ``<script>``.

(The search's and the « Proposer » form's data scripts have their own writers, older
than this module: :mod:`observatoire.search.index`, :mod:`observatoire.site.propose`.)
"""

from __future__ import annotations

import json


def js_string_literal(text: str) -> str:
    """``text`` (ASCII) as a single-quoted JavaScript string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def assignment_script(target: str, data, banner: str) -> bytes:
    """``<target> = JSON.parse('…');``: pure ASCII (no charset to get wrong), and parsed
    faster than the same data as an object literal. ``target`` is written as given
    (``window.X``, ``window.X[3]``); ``banner`` is a comment without ``*/``."""
    if "*/" in banner:
        raise ValueError("banner must not close the comment")
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return f"/* {banner} */\n{target} = JSON.parse({js_string_literal(text)});\n".encode("ascii")
