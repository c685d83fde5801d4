"""Content is data: markup and template code in a record never run in the reader's browser."""

from __future__ import annotations

from html.parser import HTMLParser

PAGE = "initiatives/fiche-hostile-fictive.html"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _article(built_site) -> str:
    html = (built_site / PAGE).read_text("utf-8")
    return html.split('<article class="obs-sheet"', 1)[1].split("</article>", 1)[0]


def test_no_script_handler_or_javascript_link_comes_from_the_record(built_site):
    parser = _Tags()
    parser.feed("<article " + _article(built_site))
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    # the only script of the article is the JSON-LD data block, if any
    assert all(a.get("type") == "application/ld+json" for a in scripts)
    for tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), (tag, attrs)
        assert tag not in ("img", "svg", "iframe", "object", "embed") or attrs.get("class") == "obs-chart", (tag, attrs)


def test_template_code_in_a_record_is_not_evaluated(built_site):
    article = _article(built_site)
    title = article.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert title.endswith("Fiche hostile {{ 7*7 }}")
    assert "justification {{ 6*7 }}" in article
    assert "{{ 7*7 }} et {% if true %}bloc{% endif %}" in article


def test_nothing_runs_in_chromium_and_the_title_shows_as_text(built_site, browser):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((built_site / PAGE).as_uri())
    page.hover("article h1")
    page.hover(".obs-facts dd")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert (
        page.locator("article.obs-sheet h1").inner_text()
        == '<img src=x onerror="window.__pwned=1">Fiche hostile {{ 7*7 }}'
    )
    assert page.title().startswith('<img src=x onerror="window.__pwned=1">Fiche hostile')
    assert page.locator("article.obs-sheet img").count() == 0
    assert "<script>window.__pwned=4</script>Source fictive" in page.locator("#source-1").inner_text()
    page.close()
