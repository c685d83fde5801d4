"""Hostile content: script and template payloads in every field of every kind of record.

* Free-text fields (found by walking the models) get each payload variant of
  :data:`tests.quality.hostile.VARIANTS`; the site builds, and chromium opens every
  page (and the search page's results): nothing runs, nothing is evaluated.
* Constrained fields (vocabularies, URLs, dates, numbers, references...) refuse the
  payloads with one line naming the field.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from observatoire.records.catalog import load_catalog
from observatoire.records.kinds import KINDS
from tests.linkcheck import broken_links, site_pages
from tests.quality.fields import TEXT, URL, all_leaves
from tests.quality.hostile import TEMPLATE_CODE, record_for, set_path, slug, write_record
from tests.quality.sites import SEARCH_NOT_READY, search_page_ready
from tests.quality.tally import COUNTS, NOTES

# --- constrained fields: the validator refuses payloads ------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "javascript:alert(1)",
    "<script>\nalert(1)\n</script>",
]
URL_PAYLOADS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//exemple.org/<script>",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
]
HTTP_ONLY = "seules les adresses http:// et https:// sont acceptées"
PLAIN = "Texte ordinaire d'une fiche d'essai, assez long pour chaque champ."


def test_every_model_field_is_classified(context):
    leaves = all_leaves([c.id for c in context.grid.criteres])
    labels = {(leaf.kind.name, leaf.label): leaf.category for leaf in leaves}
    assert labels[("initiative", "titre")] == TEXT
    assert labels[("initiative", "description")] == TEXT
    assert labels[("initiative", "sources[0].url")] == URL
    assert labels[("event", "lieu.adresse")] == TEXT
    assert labels[("actor", "type")] == "vocabulaire"
    assert {leaf.kind.name for leaf in leaves if leaf.is_text} == {k.name for k in KINDS}


def test_payloads_in_constrained_fields_are_refused_with_one_line_naming_the_field(tmp_path, context):
    leaves = all_leaves([c.id for c in context.grid.criteres])
    content = tmp_path / "content"
    expected: dict[str, tuple] = {}
    # targets of the references, valid, and one valid record of each kind: their absence
    # of problems shows that a refusal below comes from the payload alone
    for kind in KINDS:
        record = record_for(kind, leaves, context, "base", lambda leaf: PLAIN)
        record.pop("initiatives_liees", None)  # a record may not cite itself
        write_record(content, kind, slug(kind, "base"), record)
    n = 0
    for leaf in leaves:
        if leaf.is_text:
            continue
        for payload in URL_PAYLOADS if leaf.category == URL else PAYLOADS:
            n += 1
            record = record_for(leaf.kind, leaves, context, "base", lambda leaf: PLAIN)
            set_path(record, leaf.path, payload)
            path = write_record(content, leaf.kind, f"rejet-{n:04d}", record)
            expected[path.resolve().as_posix()] = (leaf, payload)
    COUNTS["charges refusées par le validateur (champs contraints × charges)"] = n
    COUNTS["champs contraints essayés"] = len({(leaf.kind.name, leaf.label) for leaf, _ in expected.values()})

    catalog = load_catalog(content, context, base=Path("/"))
    by_file: dict[str, list] = defaultdict(list)
    for problem in catalog.problems:
        by_file["/" + problem.path.lstrip("/")].append(problem)
    base_files = [p for p in by_file if "-base.md" in p]
    assert not base_files, "\n".join(str(p) for f in base_files for p in by_file[f])

    failures = []
    for path, (leaf, payload) in expected.items():
        what = f"{leaf.kind.name} {leaf.label} = {payload!r}"
        problems = by_file.get(path, [])
        if not problems:
            failures.append(f"{what} : accepté")
            continue
        naming = [p for p in problems if p.field == leaf.label]
        if not naming:
            failures.append(f"{what} : aucun message ne nomme le champ : {[str(p) for p in problems]}")
            continue
        for problem in naming:
            line = str(problem)
            if "\n" in line or "\r" in line:
                failures.append(f"{what} : message sur plusieurs lignes : {line!r}")
            if not problem.hint:
                failures.append(f"{what} : message sans correction : {line}")
            if leaf.category == URL and HTTP_ONLY not in problem.message:
                failures.append(f"{what} : le message ne dit pas que seules http et https sont acceptées : {line}")
        others = [p for p in problems if p.field != leaf.label]
        if others:
            failures.append(f"{what} : messages en trop : {[str(p) for p in others]}")
    assert not failures, f"{len(failures)} problème(s) :\n" + "\n".join(failures)


# --- free-text fields: nothing runs in the built site --------------------------------------------

INIT_SCRIPT = """
(() => {
  const record = (what) => {
    let w = window;
    try { w = window.top; w.__obsHits; } catch (e) { w = window; }
    (w.__obsHits = w.__obsHits || []).push(String(what));
  };
  window.__hit = (n) => record('__hit(' + n + ')');
  window.alert = (m) => record('alert(' + m + ')');
  window.confirm = (m) => { record('confirm(' + m + ')'); return false; };
  window.prompt = (m) => { record('prompt(' + m + ')'); return null; };
})();
"""

DOM_DANGERS = """
() => {
  const bad = [];
  const show = (el) => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push('attribut ' + name + ' : ' + show(el));
      if (['href', 'src', 'data', 'action', 'formaction', 'xlink:href', 'srcdoc', 'poster'].includes(name)
          && /^(javascript|vbscript|data:text\\/html)/.test(value)) bad.push('adresse ' + name + ' : ' + show(el));
    }
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) bad.push('élément ' + tag + ' : ' + show(el));
    if (tag === 'meta' && el.getAttribute('http-equiv')) bad.push('meta http-equiv : ' + show(el));
    if ((tag === 'script' || tag === 'style') && /__hit|__obsPwned|alert\\(|confirm\\(|prompt\\(|javascript:/.test(el.textContent)
        && !['application/ld+json', 'application/json'].includes(el.type)) bad.push(tag + ' : ' + show(el));
    if ((tag === 'img' || tag === 'svg') && el.closest('article, .md-content') && !el.closest('.obs-chart, .obs-figure, .obs-map, .obs-locator')
        && /__hit|piège/.test(el.outerHTML)) bad.push('élément ' + tag + ' venu d\\'une fiche : ' + show(el));
  }
  return bad;
}
"""

TRIGGER = """
() => {
  // handlers that would need the reader's hand: hovering, focusing, opening
  for (const el of document.querySelectorAll('.md-content *')) {
    for (const type of ['mouseover', 'focus', 'toggle']) el.dispatchEvent(new Event(type));
  }
}
"""


@dataclass
class Visit:
    """What one page showed and did in chromium."""

    url: str
    kind: str
    hits: list = field(default_factory=list)
    flag: object = None
    dialogs: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    dangers: list = field(default_factory=list)
    text: str = ""
    html: str = ""
    title: str = ""
    h1: str = ""
    results: int = 0


def page_kind(rel: str) -> str:
    folder, _, name = rel.partition("/")
    if folder in ("initiatives", "evenements", "acteurs") and name != "index.html":
        return {"initiatives": "initiative", "evenements": "événement", "acteurs": "acteur"}[folder]
    if folder == "index" or name == "index.html":
        return "index"
    return {"index.html": "accueil", "recherche.html": "recherche"}.get(rel, rel.removesuffix(".html"))


class Tab:
    """One chromium tab that opens page after page, recording what each one does."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.context.route("**/*", self._route)
        self.context.add_init_script(INIT_SCRIPT)
        self.page = self.context.new_page()
        self.current = Visit("", "")
        self.page.on("dialog", lambda d: (self.current.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.current.errors.append(str(e)))
        self.page.on("console", lambda m: self.current.errors.append(m.text) if m.type == "error" else None)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.current.outside.append(route.request.url)
            route.abort()

    def visit(self, url: str, kind: str, search: bool = False, wait: str = "") -> Visit:
        """``wait``: a script condition to wait for after loading (a page its script lays out)."""
        v = self.current = Visit(url, kind)
        page = self.page
        page.goto(url)
        if wait:
            page.wait_for_function(wait, timeout=15_000)
        if search:
            page.wait_for_function(
                "window.__obsSearchReady !== undefined || document.querySelector('[data-obs-results] > *')",
                timeout=15_000,
            )
            more = page.locator("[data-obs-more]")
            for _ in range(20):
                if not more.count() or not more.is_visible():
                    break
                more.click()
            v.results = page.locator("[data-obs-results] > *").count()
        page.evaluate(TRIGGER)
        v.hits = page.evaluate("window.__obsHits || []")
        v.flag = page.evaluate("window.__obsPwned")
        v.dangers = page.evaluate(DOM_DANGERS)
        v.text = " ".join(page.evaluate("document.body.innerText").split())
        v.html = page.content()
        v.title = page.title()
        h1 = page.locator("article h1, .md-content h1").first
        v.h1 = h1.inner_text() if h1.count() else ""
        return v

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visits(hostile, browser) -> list[Visit]:
    """Every page of the hostile site, then the search page with a query that finds every record."""
    _, site = hostile
    tab = Tab(browser)
    out = [tab.visit(path.as_uri(), page_kind(path.relative_to(site).as_posix())) for path in site_pages(site)]
    if search_page_ready(site):
        out.append(tab.visit((site / "recherche.html").as_uri() + "?q=piege", "recherche (résultats)", search=True))
    # the compare page with every hostile initiative, four at a time, with its justifications open
    initiatives = sorted(
        p.stem for p in (site / "initiatives").glob("*.html") if p.stem != "index" and "." not in p.stem
    )
    for start in range(0, len(initiatives), 4):
        address = (site / "comparer.html").as_uri() + "?i=" + ",".join(initiatives[start : start + 4])
        out.append(tab.visit(address, "comparaison", wait="window.__obsCompareReady !== undefined"))
    tab.close()
    COUNTS["pages ouvertes dans chromium (contenu hostile)"] = len(out)
    return out


def test_the_hostile_payloads_reach_the_site(hostile):
    written, site = hostile
    text_payloads = [p for p in written.payloads if p.variant != "url"]
    COUNTS["charges hostiles dans les champs texte (champs × variantes)"] = len(text_payloads)
    COUNTS["adresses http(s) hostiles (champs URL)"] = len(written.payloads) - len(text_payloads)
    COUNTS["champs texte couverts"] = len({(p.leaf.kind.name, p.leaf.label) for p in text_payloads})
    assert len(site_pages(site)) > 40


def test_no_payload_runs_on_any_page(visits):
    failures = []
    for v in visits:
        for what, found in (
            ("exécuté", v.hits),
            ("dialogue", v.dialogs),
            ("erreur console", v.errors),
            ("requête hors du site", v.outside),
        ):
            if found:
                failures.append(f"{v.url} : {what} : {found}")
        if v.flag is not None:
            failures.append(f"{v.url} : window.__obsPwned = {v.flag}")
    assert not failures, "\n".join(failures)


def test_no_script_handler_frame_or_javascript_address_reaches_the_dom(visits):
    failures = [f"{v.url} : {d}" for v in visits for d in v.dangers]
    assert not failures, "\n".join(failures[:60])


MARKER = re.compile(r"⟦modele·([^⟧]*)⟧ piège ")


def _template_problems(text: str) -> list[str]:
    """Every place where the template payload is not shown as written."""
    out = []
    expected = TEMPLATE_CODE + " fin"
    for m in MARKER.finditer(text):
        after = text[m.end() : m.end() + len(expected)]
        shown = after.split("…")[0]  # a summary may be cut
        if not (expected.startswith(shown) or after.startswith(expected)) or "49" in after:
            out.append(f"{m.group(1)} : « {after} »")
    return out


def test_the_template_check_tells_evaluated_code_from_code_shown_as_written():
    assert _template_problems("⟦modele·initiative.titre⟧ piège 49 SI fin")
    assert _template_problems("⟦modele·initiative.titre⟧ piège {{ 7*7 }} SI fin")
    assert not _template_problems("⟦modele·initiative.titre⟧ piège " + TEMPLATE_CODE + " fin")
    assert not _template_problems("⟦modele·initiative.resume⟧ piège {{ 7*7 }} {% if tr…")


def test_template_code_is_shown_as_written_never_evaluated(visits):
    failures = []
    seen = 0
    for v in visits:
        for where, text in (("texte", v.text), ("HTML", v.html), ("titre", v.title)):
            seen += len(MARKER.findall(text))
            failures += [f"{v.url} ({where}) : {p}" for p in _template_problems(text)]
    assert seen > 50, "la charge de modèle n'apparaît presque nulle part : le test ne teste rien"
    assert not failures, "\n".join(failures[:60])


def test_record_pages_show_the_titles_as_text(hostile, visits):
    written, site = hostile
    by_url = {v.url: v for v in visits}
    folders = {"initiatives": "initiatives", "events": "evenements", "actors": "acteurs"}
    failures = []
    for (kind_folder, name), record in written.records.items():
        v = by_url[(site / folders[kind_folder] / f"{name}.html").as_uri()]
        title = record.get("titre") or record["nom"] + (f" ({record['sigle']})" if record.get("sigle") else "")
        if " ".join(v.h1.split()) != " ".join(title.split()):
            failures.append(f"{v.url} : h1 « {v.h1} » au lieu de « {title} »")
        if not v.title.startswith(" ".join((record.get("titre") or record["nom"]).split())[:40]):
            failures.append(f"{v.url} : <title> « {v.title} »")
    assert not failures, "\n".join(failures)


def test_every_text_field_shows_on_some_page(hostile, visits):
    """Where each field shows (visible text or markup), by page type; a text field
    that shows nowhere would not be tested by the checks above."""
    written, _ = hostile
    shown: dict[tuple[str, str], set[str]] = defaultdict(set)
    for v in visits:
        for mark in set(re.findall(r"⟦[^⟧]*⟧", v.text + v.html)):
            shown[mark].add(v.kind)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in written.payloads:
        if p.variant == "url":
            continue
        where[(p.leaf.kind.name, p.leaf.label)] |= shown.get(f"⟦{p.variant}·{p.leaf.kind.name}.{p.leaf.label}⟧", set())
    kinds = sorted({k for ks in where.values() for k in ks})
    COUNTS["types de pages où des charges s'affichent"] = len(kinds)
    NOTES["types de pages vérifiés"] = ", ".join(kinds)
    nowhere = sorted(f"{k}.{label}" for (k, label), ks in where.items() if not ks)
    NOTES["champs texte affichés sur aucune page"] = ", ".join(nowhere) or "aucun"
    important = [f"{k}.{label}" for (k, label) in where if label in ("titre", "nom", "resume", "description")]
    assert not [f for f in important if f in nowhere], nowhere


def test_search_results_of_hostile_records_are_inert(hostile, visits):
    _, site = hostile
    if not search_page_ready(site):
        pytest.skip(SEARCH_NOT_READY)
    search = [v for v in visits if v.kind == "recherche (résultats)"]
    assert search and search[0].results >= len(hostile[0].records) // 2, (
        "la recherche « piege » ne trouve pas les fiches hostiles"
    )
    assert "<script>top.__obsPwned" in search[0].text, "les titres des résultats doivent s'afficher comme du texte"


def test_links_of_the_hostile_site_resolve(hostile):
    _, site = hostile
    broken = broken_links(site)
    assert not broken, "\n".join(broken)
