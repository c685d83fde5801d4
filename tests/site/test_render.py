"""The templates' t(): catalog texts as HTML, values escaped, attributes quoted with « " »."""

from __future__ import annotations

import re
from pathlib import Path

from observatoire.core.i18n import Texts
from observatoire.site.render import TEMPLATES_DIR, translator

CATALOG = Texts(
    "fr",
    {
        "plain": "L'atelier de {name}",
        "rich_html": 'Voir <a href="{link}">{name}</a>',
        "count": {"one": "{n} fiche", "other": "{n} fiches"},
    },
)


def test_values_are_escaped_in_plain_and_html_texts():
    t = translator(CATALOG)
    assert t("plain", name='<b>"x"</b> & l\'y') == "L'atelier de &lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; l&#39;y"
    assert t("rich_html", link='"><script>', name="<i>") == 'Voir <a href="&#34;&gt;&lt;script&gt;">&lt;i&gt;</a>'
    assert t("count", n=1) == "1 fiche" and t("count", n=3) == "3 fiches"


def test_templates_quote_every_attribute_that_holds_an_expression_with_double_quotes():
    """A plain catalog text keeps its apostrophes: an attribute quoted with « ' » would end there."""
    single = re.compile(r"""=\s*'[^']*\{\{""")
    found = [
        f"{p.relative_to(TEMPLATES_DIR)}: {m.group(0)}"
        for p in Path(TEMPLATES_DIR).rglob("*.html")
        for m in single.finditer(p.read_text("utf-8"))
    ]
    assert not found, found
