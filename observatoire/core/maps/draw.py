"""Drawing maps as SVG at build time.

A map is two layers: the **base** (sea, countries, inset frames), one SVG file
per view shared by every page that shows that view (:func:`base_svg`), and the
**marks** of a page, inline in its HTML over an ``<image>`` of the base
(:func:`map_svg`): each mark a link with an accessible name, so the map works
with no script, from ``file://`` and printed. What a mark stands for (a record,
a place with several records) is the caller's: this module knows nothing of the
records."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from markupsafe import Markup, escape

from observatoire.core.maps.geometry import clip, overlaps, path_data, polygons
from observatoire.core.maps.projections import equal_earth
from observatoire.core.maps.views import WORLD_BOX, Rect, View

KINDS = ("i", "e", "a")
"""Mark shapes: ``i`` a circle, ``e`` a square, ``a`` a diamond; a mark standing for
several records is a larger circle with their number (coloured by their kind
when they share one)."""

STYLE = (
    ".s{fill:#d6e4f0}.l{fill:#ecebe6;stroke:#fff;stroke-width:.6;stroke-linejoin:round}"
    ".h{fill:#fbf9f1;stroke:#8d8a80;stroke-width:.6;stroke-linejoin:round}"
    ".f{fill:none;stroke:#8d8a80;stroke-width:.8}"
    "text{font:11px sans-serif;fill:#4a4a4a}"
)


def _sea_outline(view: View) -> str:
    """The world view's sea: the outline of the projected globe, Antarctica cut off."""
    panel = view.panels[0]
    x0, y0, x1, y1 = WORLD_BOX
    t = np.linspace(0, 1, 90)
    lon = np.concatenate([np.full(90, x0), x0 + (x1 - x0) * t, np.full(90, x1), x1 - (x1 - x0) * t])
    lat = np.concatenate([y0 + (y1 - y0) * t, np.full(90, y1), y1 - (y1 - y0) * t, np.full(90, y0)])
    px, py = equal_earth(lon, lat)
    return path_data(px * panel.scale + panel.tx, -py * panel.scale + panel.ty)


def base_svg(view: View, inset_names: dict[str, str] | None = None) -> str:
    """The base of a view as a standalone SVG document: sea, the view's own
    countries (``view.home``), their neighbours, and each inset's frame and name
    (``inset_names``: code -> name)."""
    inset_names = inset_names or {}
    home, others, sea, frames, labels = [], [], [], [], []
    for panel in view.panels:
        fx, fy, fw, fh = panel.frame
        rect = (fx, fy, fx + fw, fy + fh)
        if view.id == "monde":
            sea.append(_sea_outline(view))
        else:
            sea.append(f"M{fx:.1f} {fy:.1f}h{fw:.1f}v{fh:.1f}h{-fw:.1f}z")
        if panel.inset:
            frames.append(f'<rect class="f" x="{fx:.1f}" y="{fy:.1f}" width="{fw:.1f}" height="{fh:.1f}"/>')
            name = inset_names.get(panel.label, panel.label)
            labels.append(f'<text x="{fx + 4:.1f}" y="{fy + 13:.1f}">{escape(name)}</text>')
        wanted = panel.search_box()
        for polygon in polygons(view.set_name):
            if not overlaps(polygon.box, wanted):
                continue
            target = home if polygon.code in view.home else others
            for ring in polygon.rings:
                x, y = panel.xy(ring[:, 0], ring[:, 1])
                x, y = clip(x, y, rect)
                if x.size:
                    data = path_data(x, y)
                    if data:
                        target.append(data)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
        f'width="{view.width}" height="{view.height}">',
        f"<style>{STYLE}</style>",
        f'<path class="s" d="{"".join(sea)}"/>',
    ]
    if others:
        parts.append(f'<path class="l" fill-rule="evenodd" d="{"".join(others)}"/>')
    if home:
        parts.append(f'<path class="h" fill-rule="evenodd" d="{"".join(home)}"/>')
    parts += frames + labels + ["</svg>\n"]
    return "".join(parts)


@dataclass(frozen=True)
class Mark:
    """Something drawn on a map at a place: a link with an accessible name."""

    lon: float
    lat: float
    label: str
    """Its accessible name (a record's title and place, or a place and its count)."""
    href: str
    kind: str = ""
    """One of :data:`KINDS`, or '' for records of several kinds."""
    count: int = 1


@dataclass(frozen=True)
class Placed:
    mark: Mark
    x: float
    y: float


def place(view: View, marks: list[Mark]) -> tuple[list[Placed], list[Mark]]:
    """The marks the view shows, at their positions (in :func:`drawing_order`), and those it does not show."""
    placed, outside = [], []
    for mark in marks:
        at = view.position(mark.lon, mark.lat)
        if at is None:
            outside.append(mark)
        else:
            placed.append(Placed(mark, round(at[0], 1), round(at[1], 1)))
    placed.sort(key=drawing_order)
    return placed, outside


def drawing_order(p: Placed) -> tuple:
    """Larger marks first, so that a smaller one drawn near them stays in sight; then
    top to bottom, left to right (the order of the keyboard among equals)."""
    return -p.mark.count, p.y, p.x


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def mark_svg(p: Placed) -> str:
    """One mark: ``<a>`` around its shape (and its number, for several records)."""
    m = p.mark
    x, y = _n(p.x), _n(p.y)
    if m.count > 1:
        r = _n(min(5 + 2.2 * np.log2(m.count), 16))
        shape = f'<circle cx="{x}" cy="{y}" r="{r}"/><text x="{x}" y="{y}">{m.count}</text>'
        css = f"g {m.kind}".rstrip()
    elif m.kind == "e":
        shape = f'<rect x="{_n(p.x - 4)}" y="{_n(p.y - 4)}" width="8" height="8"/>'
        css = "e"
    elif m.kind == "a":
        shape = f'<path d="M{x} {_n(p.y - 5.5)}l5.5 5.5-5.5 5.5-5.5-5.5z"/>'
        css = "a"
    else:
        shape = f'<circle cx="{x}" cy="{y}" r="4.5"/>'
        css = m.kind or "i"
    return f'<a href="{escape(m.href)}" class="{css}" aria-label="{escape(m.label)}">{shape}</a>'


def map_svg(
    view: View,
    placed: list[Placed],
    base_href: str,
    label: str,
    crop: Rect | None = None,
    css_class: str = "obs-map__svg",
    extra: str = "",
) -> Markup:
    """A map of a page: the view's base as an image and the placed marks, all inside
    one ``<svg>`` named ``label`` for assistive technologies; ``crop``: the part
    of the view shown (x, y, width, height). ``extra``: more SVG drawn over the marks."""
    x, y, w, h = crop or (0.0, 0.0, view.width, view.height)
    marks = "".join(mark_svg(p) for p in placed)
    return Markup(
        f'<svg class="{css_class}" viewBox="{_n(x)} {_n(y)} {_n(w)} {_n(h)}" role="group" '
        f'aria-label="{escape(label)}" data-view="{view.id}">'
        f'<image href="{escape(base_href)}" width="{view.width}" height="{view.height}" aria-hidden="true"/>'
        f'<g class="obs-map__marks">{marks}</g>{extra}</svg>'
    )
