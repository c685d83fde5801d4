"""Every internal link and anchor of the real site (the shipped content/) resolves."""

from __future__ import annotations

from tests.linkcheck import broken_links, site_pages
from tests.quality.tally import COUNTS


def test_every_internal_link_and_anchor_of_the_real_site_resolves(real_site):
    pages = site_pages(real_site)
    assert len(pages) > 50
    COUNTS["pages dont les liens sont suivis (contenu réel)"] = len(pages)
    broken = broken_links(real_site, pages)
    assert not broken, "\n".join(broken)
