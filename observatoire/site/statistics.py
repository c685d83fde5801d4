"""The statistics page: counts and mean grid scores, each as a chart and a table."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from observatoire.core.formats import number
from observatoire.site.charts import Bar, bar_chart
from observatoire.records.facets import FACETS, facet_values, group
from observatoire.records.kinds import INITIATIVE
from observatoire.site.model import SiteModel


@dataclass
class Chart:
    id: str
    title: str
    svg: Markup
    headers: list[str]
    rows: list[list]
    note: str = ""


def _count_chart(chart_id: str, title: str, header: str, counts: list[tuple[str, int]]) -> Chart:
    top = max((n for _, n in counts), default=0)
    svg = bar_chart(
        [Bar(label, n) for label, n in counts], top, title,
        "; ".join(f"{label} : {n}" for label, n in counts), chart_id,
    )
    return Chart(chart_id, title, svg, [header, "Initiatives"], [[label, n] for label, n in counts])


def statistics(model: SiteModel) -> list[Chart]:
    """A chart per facet declared with one (initiatives per value), then the grid's means."""
    texts = model.texts
    charts = []
    for facet in FACETS:
        if not facet.chart:
            continue
        found, spellings = group(facet, ((INITIATIVE.name, r, s) for s, r in model.initiatives.items()))
        values = facet_values(facet, found, model.context, texts, spellings)
        counts = [(v.label, v.count) for v in values if v.count]
        if facet.chart_by_count:
            counts.sort(key=lambda c: -c[1])
        charts.append(_count_chart(facet.chart, texts(f"facet.{facet.id}.chart"), texts(f"facet.{facet.id}.label"), counts))

    means = model.mean_scores()
    bars = []
    rows = []
    for criterion_id, mean, n in means:
        label = model.grid.criterion(criterion_id).libelle
        mean_text = number(mean, decimals=1) if mean is not None else "—"
        bars.append(Bar(label, mean, f"{mean_text} ({n} fiche{'s' if n > 1 else ''})" if mean is not None else "aucune fiche évaluée"))
        rows.append([label, mean_text, n])
    svg = bar_chart(
        bars, model.grid.echelle.max, "Note moyenne par critère de la grille",
        "; ".join(f"{r[0]} : {r[1]} sur {r[2]} fiches évaluées" for r in rows), "moyennes",
    )
    charts.append(
        Chart("moyennes", "Note moyenne par critère de la grille", svg,
              ["Critère", f"Note moyenne (sur {model.grid.echelle.max})", "Fiches évaluées"], rows,
              note="La moyenne ne porte que sur les fiches où le critère est évalué ; « non évalué » ne compte pas comme zéro.")
    )
    return charts
