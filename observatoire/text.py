"""Small text helpers shared by validation and pages."""

from __future__ import annotations

import difflib
import unicodedata


def fold(text: str) -> str:
    """Lowercase, accents removed: « Énergie » -> « energie »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, candidates: list[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None
