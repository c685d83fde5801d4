"""Markdown reduced to plain text (summaries on lists and in search results)."""

from __future__ import annotations

import html

import nh3
import pytest

PLAIN_CASES = [
    "Une ressourcerie municipale : réemploi, réparation.",
    "Saint-Denis, 2019-2024 (phase 2).",
    "  espaces   en trop ",
    "Tiret - au milieu",
    "- un élément de liste",
    "+ un autre",
    "1. premier",
    "2024) année",
    "---",
    "===",
    "Titre\n=====",
    "a\nb",
    "    code indenté",
    "\tcode",
    "texte {: #id}",
    "**gras** et _italique_",
    "[lien](https://exemple.org)",
    "<b>html</b>",
    "a &amp; b",
    "# titre",
    "> citation",
    "ligne avec deux espaces  \nsuite",
    "100 % des habitants",
    "« guillemets » et l'apostrophe",
    "*[ABC]: abréviation",
    "Texte[^1]",
    "terme\n: définition",
    "a | b",
    "~~barré~~",
    "^exposant^",
    "~300 € par an",
    "www.exemple.org",
    "https://exemple.org/a_b",
    "1) premier",
    "*",
    "texte\\",
    "a\u00a0b",
]


@pytest.mark.parametrize("text", PLAIN_CASES)
def test_plain_takes_a_line_as_is_only_when_markdown_would_not_change_it(text):
    from observatoire.core import richtext

    richtext.plain.cache_clear()
    rendered = " ".join(html.unescape(nh3.clean(richtext.to_html(text), tags=set())).split())
    assert richtext.plain(text) == rendered


def test_descriptions_are_github_flavored_markdown_then_sanitised():
    from observatoire.core.richtext import MarkdownRenderer

    text = (
        "Un **budget** de ~300 € par an, voir www.exemple.org.\n\n"
        "| Année | Budget |\n|:--|--:|\n| 2019 | 300 |\n\n"
        "- un\n- deux\n\n~~abandonné~~ <sup>2</sup> <script>alert(1)</script>\n\n"
        "# Titre\n\n[piège](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    out = str(MarkdownRenderer()(text))
    assert "<strong>budget</strong> de ~300 € par an" in out  # a single « ~ » strikes nothing
    assert '<a href="http://www.exemple.org" rel="noopener noreferrer nofollow">www.exemple.org</a>' in out
    assert '<th align="left">Année</th>' in out and '<td align="right">300</td>' in out
    # a table scrolls sideways in a box that the keyboard reaches (site.css)
    assert '<div class="obs-table-scroll" role="region" aria-label="Tableau" tabindex="0"><table>' in out
    assert out.count("<table>") == out.count("</table></div>") == 1
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in out
    assert "<del>abandonné</del> <sup>2</sup>" in out
    assert "<h2>Titre</h2>" in out  # demoted below the page title
    assert "<script" not in out and "onerror" not in out and "javascript:" not in out and "<img" not in out


def test_only_real_tables_get_the_scrolling_box():
    """« <table> » written in text or in an attribute stays escaped: no box is opened there."""
    from observatoire.core.richtext import MarkdownRenderer

    text = (
        '`<table>` et &lt;table&gt; <abbr title="<table>">t</abbr> [l](https://e.org/?<table>)\n\n'
        "| a |\n|--|\n| <table><tr><td>imbriqué</td></tr></table> |"
    )
    out = str(MarkdownRenderer()(text))
    assert out.count('class="obs-table-scroll"') == out.count("<table>") == out.count("</table></div>")
    assert 'title="&lt;table&gt;"' in out
