"""Static SVG charts drawn at build time: no chart library runs in the browser.

Each chart is an image with a title and a description; the page always shows
the same figures in a table beside it, which is the text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    """``None``: no value (e.g. « non évalué »), drawn as a dashed outline."""
    text: str
    """What is written after the bar: the value as a reader reads it, or why there is none."""


def bar_chart(
    bars: list[Bar],
    maximum: float,
    title: str,
    description: str,
    chart_id: str,
    label_width: int = 260,
    bar_width: int = 300,
) -> Markup:
    """A horizontal bar chart, one bar a row; every text comes from the caller."""
    row = 26
    height = row * len(bars) + 8
    width = label_width + bar_width + 90
    parts = [
        f'<svg class="obs-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * row
        label = bar.label if len(bar.label) <= 38 else bar.label[:36] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" class="obs-chart__label">{escape(label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="16" class="obs-chart__empty"/>'
            )
            parts.append(f'<text x="{label_width + 8}" y="{y + 17}" class="obs-chart__na">{escape(bar.text)}</text>')
            continue
        length = 0 if maximum <= 0 else max(bar.value / maximum * bar_width, 2 if bar.value else 0)
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="16" class="obs-chart__bar"/>')
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" class="obs-chart__value">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
