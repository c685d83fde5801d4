"""The French interface texts left on a page of the English version (#18): every text of
``fr.yml`` that differs from its English in ``en.yml``, cut at its parameters and tags,
looked for in the page's interface text, that is its text and its labels
(``aria-label``, ``title``, ``placeholder``, ``alt``) without the elements marked with
another language than English (a record's own text, ``lang="fr"``) and the scripts."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from observatoire.core.i18n import texts

MIN_LENGTH = 5
"""Shorter pieces (« Date », « Total », « Sources ») are often words of both languages."""
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LABELS = ("aria-label", "title", "placeholder", "alt")


def _forms(value) -> list[str]:
    return [str(v) for v in value.values()] if isinstance(value, dict) else [str(value)]


def _pieces(text: str) -> list[str]:
    out = []
    for piece in re.split(r"\{[^}]*\}|<[^>]*>|\s[—·:;]\s|[«»“”…]", text):
        piece = " ".join(piece.split()).strip(" ,.;:·—()[]'’!?")
        if len(piece) >= MIN_LENGTH and not piece.isdigit():
            out.append(piece)
    return out


@functools.cache
def french_pieces() -> frozenset[str]:
    """The pieces of French interface text that an English page must not show."""
    french, english = texts("fr").entries, texts("en").entries
    every_english = " ".join(form for value in english.values() for form in _forms(value))
    out = set()
    for key, value in french.items():
        if key.startswith("place.") or _forms(value) == _forms(english.get(key, "")):  # (place names: data)
            continue
        out.update(piece for form in _forms(value) for piece in _pieces(form) if piece not in every_english)
    return frozenset(out)


class _Interface(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: whether its text is another language's or a script's
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        hidden = self._hidden() or tag in ("script", "style") or bool(lang and not lang.startswith("en"))
        if not hidden:
            self.parts += [attrs[name] for name in LABELS if attrs.get(name)]
        if tag not in VOID:
            self.stack.append(hidden)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def interface_text(html: str) -> str:
    parser = _Interface()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def french_left(html: str) -> list[str]:
    """The French interface pieces found in ``html`` (an English page or part of one)."""
    text = interface_text(html)
    return sorted(
        piece
        for piece in french_pieces()
        if piece in text and re.search(rf"(?<![\w/.-]){re.escape(piece)}(?![\w/.-])", text)
    )
    # (as whole words: not a part of an address, « en/initiatives/fiche-… »)
