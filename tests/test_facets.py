"""The facets' declarations (observatoire/records/facets.py): what each reads, and
that the site, the search and the open data all follow them."""

from __future__ import annotations

import pytest

from observatoire.core.i18n import texts
from observatoire.records.columns import initiative_columns
from observatoire.records.facets import BUDGET_BANDS, FACETS, FACETS_BY_ID, UNKNOWN, band_of
from observatoire.records.models.initiative import Budget
from observatoire.records.project import Project
from tests.sitebuild import ROOT


@pytest.mark.parametrize(
    "amount, currency, band",
    [
        (9_999, "EUR", "moins-de-10000"),
        (10_000, "EUR", "10000-100000"),
        (99_999.5, "EUR", "10000-100000"),
        (250_000, "EUR", "100000-1000000"),
        (1_000_000, "EUR", "plus-de-1000000"),
        (50_000, "USD", UNKNOWN),
    ],
)
def test_budget_band(amount, currency, band):
    budget = Budget(montant=amount, devise=currency)
    assert band_of(budget.montant if budget.devise == "EUR" else None, BUDGET_BANDS) == band
    assert FACETS_BY_ID["budget"].values("initiative", type("R", (), {"budget": budget})()) == [band]


def test_every_facet_is_named_and_its_values_labelled_in_the_catalog():
    t = texts()
    for facet in FACETS:
        assert t(f"facet.{facet.id}.label")
        for band in facet.bands:
            assert t(f"facet.{facet.id}.values.{band.id}")
        if facet.page:
            assert t(f"facet.{facet.id}.index")
        if facet.chart:
            assert t(f"facet.{facet.id}.chart")


def test_every_facet_column_is_a_column_of_the_open_data():
    columns = {c.name for c in initiative_columns(Project(ROOT).context)}
    assert {f.column for f in FACETS if f.column} <= columns


def test_ids_and_pages_are_unique():
    assert len({f.id for f in FACETS}) == len(FACETS)
    pages = [f.page for f in FACETS if f.page]
    assert len(set(pages)) == len(pages)
