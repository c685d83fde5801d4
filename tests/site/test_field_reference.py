"""The « Contribuer » page documents every field the validator accepts."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from observatoire.records.project import Project
from observatoire.site.fieldref import all_references

ROOT = Path(__file__).resolve().parents[2]


def test_every_field_of_every_record_has_a_description():
    undocumented = [
        f"{kind.name}.{doc.path}"
        for kind, docs in all_references(Project(ROOT).context)
        for doc in docs
        if len(doc.description.strip()) < 5
    ]
    assert undocumented == [], "ajoutez description=... au Field de : " + ", ".join(undocumented)


def test_every_type_is_said_in_words():
    from observatoire.core.i18n import texts

    for language, either in (("fr", "liste de texte ou groupe de champs"), ("en", "list of text or group of fields")):
        types = {
            f"{kind.name}.{doc.path}": doc.type
            for kind, docs in all_references(Project(ROOT).context, texts(language))
            for doc in docs
        }
        assert types["initiative.porteurs"] == either  # a slug or an organisation without a record
        assert not [path for path, words in types.items() if "Union" in words or "Optional" in words], language


def test_contribute_page_lists_every_field_with_its_vocabulary(built_site):
    html = (built_site / "contribuer.html").read_text("utf-8")
    for _kind, docs in all_references(Project(ROOT).context):
        for doc in docs:
            assert f"<code>{escape(doc.path)}</code>" in html, doc.path
            for value, _label in doc.values:
                assert f"<code>{value}</code>" in html
    assert "<code>grille.&lt;critère&gt;.justification</code>" in html
