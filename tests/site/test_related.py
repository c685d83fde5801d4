"""« Initiatives liées »: declared ones, then the best scored by shared values."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from pathlib import Path

import pytest

from observatoire.records.catalog import load_catalog
from observatoire.records.project import Project
from observatoire.records.synthetic import write_synthetic
from observatoire.site.model import DECLARED, SiteModel

ROOT = Path(__file__).resolve().parents[2]


def reference_related(model: SiteModel, slug: str, limit: int = 5) -> list[tuple[str, str]]:
    """The rule written plainly: each shared value adds its weight (divided as the
    value is common), the record itself and the declared ones left out, then the
    best scores, then A–Z."""
    record = model.initiatives[slug]
    out = [(s, DECLARED) for s in record.initiatives_liees if s in model.initiatives]
    scores: dict[str, float] = defaultdict(float)
    keys = model._keys(record)
    for key in keys:
        members = model._buckets[key]
        weight = model._WEIGHTS[key[0]] / (1 + len(members) / 50)
        for other in members[: model._BUCKET_LIMIT]:
            scores[other] += weight
    for other in {slug, *record.initiatives_liees}:
        scores.pop(other, None)
    best = [s for _, s in heapq.nsmallest(limit, ((-score, s) for s, score in scores.items()))]
    return out + [(s, model._reasons(keys, s)) for s in best]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    context = Project.find(ROOT).context
    content = tmp_path_factory.mktemp("liees") / "content"
    write_synthetic(content, 600, seed=5, context=context)
    out = []
    for folder in (content, ROOT / "content"):
        catalog = load_catalog(folder, context)
        assert catalog.problems == []
        out.append(SiteModel(catalog, context, dt.date(2026, 1, 1)))
    return out


def test_related_initiatives_follow_the_scoring_rule_for_every_record(models, monkeypatch):
    synthetic, real = models
    for model in (synthetic, real):
        for slug in model.initiatives:
            assert model.related(slug) == reference_related(model, slug), slug
    # with a value shared by more records than are looked at
    monkeypatch.setattr(SiteModel, "_BUCKET_LIMIT", 40)
    fresh = SiteModel(synthetic.catalog, synthetic.context, dt.date(2026, 1, 1))
    for slug in list(fresh.initiatives)[:200]:
        assert fresh.related(slug) == reference_related(fresh, slug), slug


def test_related_never_lists_the_record_itself_nor_more_than_the_limit(models):
    synthetic, _ = models
    for slug in list(synthetic.initiatives)[:100]:
        found = synthetic.related(slug)
        declared = [s for s, why in found if why == DECLARED]
        computed = [s for s, why in found if why != DECLARED]
        assert slug not in computed and len(computed) == 5
        assert not set(declared) & set(computed)
        assert all(why for s, why in found if s in computed)  # a computed one says why
