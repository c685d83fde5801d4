"""The statistics page: counts and mean grid scores, each as a chart and a table."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from observatoire.core.formats import number
from observatoire.core.i18n import Texts
from observatoire.records.facets import FACETS, facet_values, group
from observatoire.records.kinds import INITIATIVE
from observatoire.site.charts import Bar, bar_chart
from observatoire.site.model import SiteModel


@dataclass
class Chart:
    id: str
    title: str
    svg: Markup
    headers: list[str]
    rows: list[list]
    note: str = ""


def _count_chart(chart_id: str, title: str, header: str, counts: list[tuple[str, int]], texts: Texts) -> Chart:
    top = max((n for _, n in counts), default=0)
    bars = [Bar(label, n, number(n, texts)) for label, n in counts]
    svg = bar_chart(
        bars, top, title, "; ".join(texts("chart.bar", label=b.label, value=b.text) for b in bars), chart_id
    )
    return Chart(chart_id, title, svg, [header, texts("kind.initiative.plural")], [[label, n] for label, n in counts])


def statistics(model: SiteModel) -> list[Chart]:
    """A chart per facet declared with one (initiatives per value), then the grid's means."""
    t = model.texts
    charts = []
    for facet in FACETS:
        if not facet.chart:
            continue
        found = group(facet, ((INITIATIVE.name, r, s) for s, r in model.initiatives.items()))
        values = facet_values(facet, found, model.context, t)
        counts = [(v.label, v.count) for v in values if v.count]
        if facet.chart_by_count:
            counts.sort(key=lambda c: -c[1])
        charts.append(_count_chart(facet.chart, t(f"facet.{facet.id}.chart"), t(f"facet.{facet.id}.label"), counts, t))

    scale = model.grid.echelle.max
    bars = []
    rows = []
    for criterion_id, mean, n in model.mean_scores():
        label = model.grid.criterion(criterion_id).libelle
        if mean is None:
            bars.append(Bar(label, None, t("statistics.means.none")))
            rows.append([label, "—", n])
            continue
        mean_text = number(mean, t, decimals=1)
        bars.append(Bar(label, mean, t("statistics.means.bar", mean=mean_text, n=n)))
        rows.append([label, mean_text, n])
    svg = bar_chart(
        bars,
        scale,
        t("statistics.means.title"),
        "; ".join(t("statistics.means.description", label=r[0], mean=r[1], n=r[2]) for r in rows),
        "moyennes",
    )
    charts.append(
        Chart(
            "moyennes",
            t("statistics.means.title"),
            svg,
            [t("statistics.means.criterion"), t("statistics.means.mean", max=scale), t("statistics.means.count")],
            rows,
            note=t("statistics.means.note"),
        )
    )
    return charts
