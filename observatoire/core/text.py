"""Small text helpers shared by validation and pages."""

from __future__ import annotations

import difflib
import functools
import unicodedata

from slugify import slugify


def fold(text: str) -> str:
    """Lowercase, accents removed: « Énergie » -> « energie »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


@functools.lru_cache(maxsize=65536)
def slugged(text: str) -> str:
    """python-slugify's ``slugify(text)``, remembered: the same names (régions,
    communes, vocabulary terms) are slugged on thousands of pages, and each call
    on accented text looks again for the optional ``unidecode`` module."""
    return slugify(text)
