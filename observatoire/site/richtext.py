"""Markdown written by contributors, rendered then sanitised with an allow-list.

Whatever a record holds, the HTML that reaches the reader has no script, no
event handler, no style and no link other than http(s) and mailto.
"""

from __future__ import annotations

import functools
import html
import re

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "a", "em", "strong", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "abbr", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


class MarkdownRenderer:
    def __init__(self) -> None:
        self._md = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")

    def __call__(self, text: str | None, demote: int = 1) -> Markup:
        """Render ``text`` and sanitise it; headings are shifted down by ``demote``
        so that a contributor's ``#`` never competes with the page title."""
        if not text:
            return Markup("")
        self._md.reset()
        html = self._md.convert(text)
        for level in range(6, 0, -1):
            new = min(level + demote, 6)
            html = html.replace(f"<h{level}", f"<h{new}").replace(f"</h{level}>", f"</h{new}>")
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
        return Markup(clean)


_PLAIN_MARKDOWN = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
_MARKDOWN_CHARACTERS = frozenset("*_`[]{}<>&#\\\n\r")
_BLOCK_START = re.compile(r"\s*(?:[-+]\s|\d+[.)]\s|[-=]{3,}\s*$)")


def is_plain_line(text: str) -> bool:
    """Whether Markdown would render ``text`` as one paragraph of the same text:
    one line, no character Markdown gives a meaning to, no list or rule marker."""
    return not any(c in _MARKDOWN_CHARACTERS for c in text) and not _BLOCK_START.match(text)


@functools.lru_cache(maxsize=65536)
def plain(text: str | None, limit: int | None = None) -> str:
    """Markdown reduced to plain text (for summaries, titles, search).

    A line with nothing Markdown would change is taken as it is (most summaries:
    the same text, without running Markdown). Cached: the same summary is shown
    on many index pages."""
    if not text:
        return ""
    if is_plain_line(text):
        out = text
    else:
        _PLAIN_MARKDOWN.reset()
        out = html.unescape(nh3.clean(_PLAIN_MARKDOWN.convert(text), tags=set()))
    out = out.strip()
    out = " ".join(out.split())
    if limit and len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out
