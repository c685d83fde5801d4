"""The search's data cut into chunks that the search page loads when a state needs them.

At 10,000 initiatives the packed index (:mod:`.compact`) and the records'
display data weigh ~8 MB (~1.8 MB compressed): too much to load before the
first results, on a phone or from an archive. So the search page's first
file (``donnees.js``) holds only what its first results need (facets, each
record's facet values and grid scores, the records of the first page, where
each chunk lies, the names of the orders), and the rest is in chunks:

* **term chunks**: the sorted terms, cut into runs of about
  :data:`TERM_CHUNK_CHARACTERS` characters (a term with long postings makes a
  chunk of its own). The first file holds each chunk's first term, so the page
  knows which chunk holds a word, and which chunks hold the words starting
  with a prefix (one, or a few when a prefix spans a boundary);
* **record chunks**: the display data of :data:`RECORD_CHUNK_SIZE` records
  in a row (title, address, place, summary, status): the page loads those of
  the results it shows;
* **the sort chunk** (:data:`SORT_CHUNK`): the initiatives' sort keys
  (population, days of the last review and of the start), loaded when an order
  that needs them is chosen, from the form or the address (``tri=…``);
* **the map chunk** (:data:`MAP_CHUNK`): the map views and each record's place
  on them, loaded when the « Carte » view is shown (``vue=carte``).

At 10,000 initiatives the last two would add ~39 kB and ~28 kB (compressed) to
the first file, for the first results with the default order and the list view,
which need neither.

Every chunk is a script (``file://`` forbids fetching data) that hands its
data to the page: ``window.OBS_SEARCH_CHUNK("t3", …)``. The chunks lie in a
folder named after a digest of their content (``assets/recherche/index-<digest>/``):
a page cached from an earlier build never mixes its first file with another
build's chunks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

TERM_CHUNK_CHARACTERS = 16_000
"""Target size of a term chunk (terms and packed postings, in characters)."""
RECORD_CHUNK_SIZE = 10
"""Records per record chunk: the results of a query lie anywhere in the records,
so a page of twenty results loads up to twenty chunks; small ones keep that light."""
CHUNK_FUNCTION = "OBS_SEARCH_CHUNK"
"""The function of the search page each chunk calls with its name and data."""
FOLDER_PREFIX = "index-"
SORT_CHUNK = "sort"
"""The name of the chunk of the sort keys (``sort.js``): :meth:`.index.SearchIndex.sort_keys`."""
MAP_CHUNK = "map"
"""The name of the chunk of the places on the map (``map.js``): :meth:`.index.SearchIndex.map_data`."""


@dataclass(frozen=True)
class TermChunk:
    start: int
    """Position of its first term among all the terms."""
    terms: list[str]
    postings: list[str]


def term_chunks(terms: list[str], postings: list[str], budget: int = TERM_CHUNK_CHARACTERS) -> list[TermChunk]:
    """``terms`` (sorted) and their packed postings, cut in order into runs of about
    ``budget`` characters; every chunk holds at least one term."""
    chunks: list[TermChunk] = []
    start = size = 0
    for t, (term, packed) in enumerate(zip(terms, postings, strict=False)):
        cost = len(term) + len(packed) + 6  # quotes and commas
        if t > start and size + cost > budget:
            chunks.append(TermChunk(start, terms[start:t], postings[start:t]))
            start, size = t, 0
        size += cost
    if start < len(terms):
        chunks.append(TermChunk(start, terms[start:], postings[start:]))
    return chunks


def _js_string_literal(text: str) -> str:
    """``text`` (ASCII) as a single-quoted JavaScript string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def script(variable: str, data, banner: str) -> bytes:
    """``window.X = JSON.parse('…')``: pure ASCII (no charset to get wrong), and
    parsed faster than the same data as an object literal."""
    return f"/* {banner} */\nwindow.{variable} = JSON.parse({_js_string_literal(json_text(data))});\n".encode("ascii")


def chunk_script(name: str, data) -> bytes:
    """A chunk: a script handing its data to the search page."""
    return f"window.{CHUNK_FUNCTION}({json_text(name)}, JSON.parse({_js_string_literal(json_text(data))}));\n".encode(
        "ascii"
    )


@dataclass
class Chunks:
    """The chunk files of one build: ``files`` by name (``t0.js``, ``r0.js``…, ``sort.js``,
    ``map.js``) in ``folder``."""

    folder: str
    """Relative to the site's root, with a trailing slash."""
    files: dict[str, bytes]
    terms: list[TermChunk]
    record_chunks: int


def make_chunks(
    assets: str,
    terms: list[str],
    postings: list[str],
    records: list[list],
    term_budget: int = TERM_CHUNK_CHARACTERS,
    record_size: int = RECORD_CHUNK_SIZE,
    named: dict[str, object] | None = None,
) -> Chunks:
    """Term chunks (``t<k>.js``: the chunk's terms and postings), record chunks
    (``r<k>.js``: the display rows of records ``k * record_size`` onwards) and
    the ``named`` ones (``<name>.js``: their data, e.g. :data:`SORT_CHUNK`,
    :data:`MAP_CHUNK`), in a folder of ``assets`` named after their digest."""
    cut = term_chunks(terms, postings, term_budget)
    files: dict[str, bytes] = {}
    for k, chunk in enumerate(cut):
        files[f"t{k}.js"] = chunk_script(f"t{k}", [chunk.terms, chunk.postings])
    count = -(-len(records) // record_size)
    for k in range(count):
        files[f"r{k}.js"] = chunk_script(f"r{k}", records[k * record_size : (k + 1) * record_size])
    for name, data in (named or {}).items():
        assert not name[1:].isdigit(), f"{name} : nom d'un morceau de termes ou de fiches"
        files[f"{name}.js"] = chunk_script(name, data)
    digest = hashlib.sha256()
    for name, data in files.items():
        digest.update(name.encode("ascii") + b"\0" + data + b"\0")
    return Chunks(f"{assets}{FOLDER_PREFIX}{digest.hexdigest()[:12]}/", files, cut, count)
