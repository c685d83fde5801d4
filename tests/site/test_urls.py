"""observatoire.site.urls: links between pages, as ``posixpath.relpath`` gives them."""

from __future__ import annotations

import posixpath
from pathlib import Path

from observatoire.site import urls


def relpath_link(from_src: str, to: str) -> str:
    """The rule written plainly (what the fast version must give)."""
    target, _, fragment = to.partition("#")
    link = posixpath.relpath(urls.html(target), posixpath.dirname(from_src) or ".")
    return link + ("#" + fragment if fragment else "")


def test_links_between_every_pair_of_pages_of_a_built_site(built_site: Path):
    pages = sorted(p.relative_to(built_site).with_suffix(".md").as_posix() for p in built_site.rglob("*.html"))
    files = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.css"))
    assert len(pages) > 50 and {p.count("/") for p in pages} >= {0, 1, 2}
    for from_src in pages:
        for to in pages + files:
            assert urls.relative(from_src, to) == relpath_link(from_src, to), (from_src, to)


def test_folders_that_only_start_alike_are_different_folders():
    # « index/territoires-x » is not below « index/territoires »
    for from_src, to in [
        ("index/territoires/fr.md", "index/territoires-x/a.md"),
        ("index/territoires/fr.md", "index/territoires.md"),
        ("index/themes/eau.md", "index/themes/eau.md#sources"),
        ("a/b/c/d.md", "a/x/y.md"),
        ("a/b/c/d.md", "index.md"),
        ("index.md", "a/b/c/d.md"),
        ("a/b.md", "a/b/c.md"),
    ]:
        assert urls.relative(from_src, to) == relpath_link(from_src, to), (from_src, to)


def test_folder_link_is_the_start_of_every_link_into_the_folder():
    for from_src in ("index.md", "initiatives/a.md", "index/themes.md", "index/themes/eau.md", "acteurs/b.md"):
        for name in ("jardins.html", "x.html", "a-b-c.html"):
            assert urls.folder_link(from_src, "initiatives") + name == relpath_link(from_src, "initiatives/" + name)
