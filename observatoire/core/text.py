"""Small text helpers shared by validation and pages."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from slugify import slugify

_COMBINING = re.compile("[\u0300-\u036f]")
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
_LIGATURE_RE = re.compile("[" + "".join(_LIGATURES) + "]")


def fold_accents(text: str) -> str:
    """Accents removed, ligatures split, case kept: the one accent folding of the
    project, the same as ``foldAccents`` in the search page's script
    (``text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")`` then the ligatures)."""
    text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    return _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group(0)], text)


def fold(text: str) -> str:
    """Lowercase, accents folded: « Énergie » -> « energie », « Œuvre » -> « oeuvre ».
    The key of every A–Z order and of every comparison that ignores accents."""
    return fold_accents(text.casefold())


def closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


@functools.lru_cache(maxsize=65536)
def slugged(text: str) -> str:
    """python-slugify's ``slugify(text)``, remembered: the same names (régions,
    communes, vocabulary terms) are slugged on thousands of pages, and each call
    on accented text looks again for the optional ``unidecode`` module."""
    return slugify(text)
