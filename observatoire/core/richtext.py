"""Markdown written by contributors, rendered then sanitised with an allow-list.

The fields of records are GitHub Flavored Markdown (CommonMark with tables,
``~~strikethrough~~``, links written as bare addresses, and footnotes), as on
the forge where contributors write them, rendered by cmark-gfm. Whatever a
record holds, the HTML that reaches the reader has no script, no event
handler, no style and no link other than http(s) and mailto: nh3 keeps only
the allow-list below (raw HTML goes through cmark unchanged, to be judged there).

(The hand-written pages of ``content/pages/`` are rendered by the site engine,
MkDocs, with its own Markdown.)
"""

from __future__ import annotations

import functools
import html
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "abbr",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
"""Raw HTML is passed to nh3, the one sanitiser; a single « ~ » (« ~300 € ») strikes nothing."""
_EXTENSIONS = ["table", "strikethrough", "autolink"]


def to_html(text: str) -> str:
    """GitHub Flavored Markdown to HTML, not yet sanitised."""
    return cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=_EXTENSIONS)


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
"""The allow-list, built once (rather than at every call of ``nh3.clean``)."""

TABLE_BOX = '<div class="obs-table-scroll" role="region" aria-label="{label}" tabindex="0">'
"""Around each table of a contributor's text, as around the templates' tables (macro
``table_scroll``): a table wider than a phone's screen scrolls sideways in this box, which
the keyboard can reach. Added to the sanitised HTML, where ``<table>`` can only be a tag:
the sanitiser escapes « < » and « > » in text and in attribute values, and lets a table
keep no attribute."""

TEXT_ONLY = nh3.Cleaner(tags=set())
"""Keeps the text of HTML, without tags (nor what scripts and styles hold)."""


class MarkdownRenderer:
    def __init__(self, table_label: str = "Tableau"):
        self.table_box = TABLE_BOX.format(label=escape(table_label))
        """What a table is called for screen readers, in the page's language (its box's name)."""

    def __call__(self, text: str | None, demote: int = 1) -> Markup:
        """Render ``text`` and sanitise it; headings are shifted down by ``demote``
        so that a contributor's ``#`` never competes with the page title."""
        if not text:
            return Markup("")
        html = to_html(text).rstrip("\n")
        for level in range(6, 0, -1):
            new = min(level + demote, 6)
            html = html.replace(f"<h{level}", f"<h{new}").replace(f"</h{level}>", f"</h{new}>")
        clean = _CLEANER.clean(html)
        if "<table>" in clean:
            clean = clean.replace("<table>", self.table_box + "<table>").replace("</table>", "</table></div>")
        return Markup(clean)


_MARKDOWN_CHARACTERS = frozenset("*_`[]<>&#~\\\n\r")
_MARKDOWN_CHARACTER = re.compile("[" + re.escape("".join(sorted(_MARKDOWN_CHARACTERS))) + "]")
_BLOCK_START = re.compile(r"\s*(?:[-+]\s|\d+[.)]\s|[-=]{3,}\s*$)")


def is_plain_line(text: str) -> bool:
    """Whether Markdown would render ``text`` as one paragraph of the same text:
    one line, no character Markdown gives a meaning to, no list or rule marker."""
    return not _MARKDOWN_CHARACTER.search(text) and not _BLOCK_START.match(text)


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
        out = html.unescape(TEXT_ONLY.clean(to_html(text)))
    out = out.strip()
    out = " ".join(out.split())
    if limit and len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out
