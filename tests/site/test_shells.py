"""observatoire.site.shells: a page outside the navigation is its folder's shell
with its own title, description, canonical address and body."""

from __future__ import annotations

from markupsafe import Markup, escape

from observatoire.site import shells
from observatoire.site.pages import PageSpec

THEME_PAGE = (
    '<html><head><meta name="description" content="OBSGABARITDESCRIPTION">'
    '<meta property="og:description" content="OBSGABARITDESCRIPTION">'
    '<link rel="canonical" href="https://exemple.org/initiatives/gabarit-de-page.html">'
    "<title>OBSGABARITTITRE - Observatoire</title></head><body><header>OBSGABARITTITRE</header>"
    "<main><h1>OBSGABARITCORPS</h1></main></body></html>"
)


def test_a_page_is_the_shell_with_its_title_description_address_and_body():
    shell = shells.Shell.parse(THEME_PAGE, "https://exemple.org/initiatives/gabarit-de-page.html")
    spec = PageSpec("initiatives/x.md", "Jardins  <b>partagés</b>\n& l'eau", "", description="Un  résumé\n« cité »")
    html = shell.page(spec, "<p>corps</p>", "description du site", "https://exemple.org/initiatives/x.html")
    title = spec.title
    # as the theme prints them: <title> with tags stripped from the escaped title, the header escaped
    assert f"<title>{escape(Markup(escape(title)).striptags())} - Observatoire</title>" in html
    assert f"<header>{escape(title)}</header>" in html
    assert html.count('content="Un résumé « cité »"') == 2 and "OBSGABARIT" not in html
    assert '<link rel="canonical" href="https://exemple.org/initiatives/x.html">' in html
    assert "<main><p>corps</p></main>" in html


def test_a_page_without_description_gets_the_site_s_and_no_address_without_a_site_url():
    shell = shells.Shell.parse(THEME_PAGE.replace("https://exemple.org/initiatives/gabarit-de-page.html", ""), "")
    html = shell.page(PageSpec("a/x.md", "T", ""), "", "description du site", "a/x.html")
    assert html.count('content="description du site"') == 2 and 'href=""' in html
