"""Accessibility: axe-core in chromium on one page of each type of the real site
(the shipped content/): no serious or critical violation."""

from __future__ import annotations

import pytest

from tests.quality.sites import PAGE_TYPES, open_page
from tests.quality.tally import COUNTS, NOTES

FAILING_IMPACTS = ("serious", "critical")

EXCLUDED: dict[str, list[str]] = {}
"""Rule id -> CSS selectors of the elements for which that rule's violations are ignored:
markup of Material for MkDocs that the project's templates cannot change, each entry with
a comment saying why. Empty: every violation found so far came from our templates or
stylesheets, and was fixed there."""

RUN_AXE = """
async (excluded) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  for (const violation of result.violations) {
    const selectors = excluded[violation.id] || [];
    violation.nodes = violation.nodes.filter((node) => {
      const el = document.querySelector(node.target[0]);
      return !(el && selectors.some((selector) => el.matches(selector)));
    });
  }
  result.violations = result.violations.filter((violation) => violation.nodes.length);
  return result;
}
"""


@pytest.fixture(scope="module")
def tab(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_serious_or_critical_axe_violation(page_type, real_site, real_pages, tab, axe_script):
    address = real_pages[page_type]
    open_page(tab, real_site, address)
    tab.add_script_tag(path=str(axe_script))
    result = tab.evaluate(RUN_AXE, EXCLUDED)
    COUNTS["pages vérifiées par axe-core (contenu réel)"] += 1
    failures, minor = [], []
    for violation in result["violations"]:
        lines = [f"{violation['impact']} {violation['id']} : {violation['help']} ({violation['helpUrl']})"]
        for node in violation["nodes"]:
            lines.append(f"    {node['target']} {node['html'][:200]}")
            lines.append(f"      {' | '.join(node['failureSummary'].splitlines()[1:])[:300]}")
        (failures if violation["impact"] in FAILING_IMPACTS else minor).append("\n".join(lines))
    if minor:
        NOTES[f"axe, violations modérées ou mineures ({page_type})"] = "; ".join(m.splitlines()[0] for m in minor)
    assert not failures, f"{address} :\n" + "\n".join(failures)
