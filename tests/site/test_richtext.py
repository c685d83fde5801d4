"""Markdown reduced to plain text (summaries on lists and in search results)."""

from __future__ import annotations

import html

import nh3
import pytest


PLAIN_CASES = [
    "Une ressourcerie municipale : réemploi, réparation.", "Saint-Denis, 2019-2024 (phase 2).",
    "  espaces   en trop ", "Tiret - au milieu", "- un élément de liste", "+ un autre", "1. premier",
    "2024) année", "---", "===", "Titre\n=====", "a\nb", "    code indenté", "\tcode", "texte {: #id}",
    "**gras** et _italique_", "[lien](https://exemple.org)", "<b>html</b>", "a &amp; b", "# titre",
    "> citation", "ligne avec deux espaces  \nsuite", "100 % des habitants", "« guillemets » et l'apostrophe",
    "*[ABC]: abréviation", "Texte[^1]", "terme\n: définition", "a | b", "~~barré~~", "^exposant^",
]


@pytest.mark.parametrize("text", PLAIN_CASES)
def test_plain_takes_a_line_as_is_only_when_markdown_would_not_change_it(text):
    from observatoire.site import richtext

    richtext.plain.cache_clear()
    richtext._PLAIN_MARKDOWN.reset()
    rendered = " ".join(html.unescape(nh3.clean(richtext._PLAIN_MARKDOWN.convert(text), tags=set())).split())
    assert richtext.plain(text) == rendered
