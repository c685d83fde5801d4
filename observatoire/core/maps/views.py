"""The views a map can show: the world, France (metropolitan France in Lambert-93's
conformal conic, its five overseas départements as insets), and one country.
A view is one or more panels, each a projection fitted into a rectangle of the
view's coordinates (SVG user units, ``y`` downwards)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from observatoire.core.maps.geometry import country_box
from observatoire.core.maps.projections import Projection, conformal_conic, equal_earth, mercator

Box = tuple[float, float, float, float]
"""Longitude and latitude, least and greatest."""
Rect = tuple[float, float, float, float]
"""x, y, width, height in a view's units."""


@dataclass
class Panel:
    name: str
    project: Projection
    box: Box
    """What the panel is made to show; an inset shows the points inside it."""
    frame: Rect
    inset: bool = False
    label: str = ""
    """Code of the place an inset shows (its name is the reader's language's)."""
    scale: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    def xy(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        px, py = self.project(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return px * self.scale + self.tx, -py * self.scale + self.ty

    def holds(self, lon: float, lat: float) -> bool:
        if self.inset:
            x0, y0, x1, y1 = self.box
            return x0 <= lon <= x1 and y0 <= lat <= y1
        x, y = self.xy([lon], [lat])
        fx, fy, fw, fh = self.frame
        return bool(fx <= x[0] <= fx + fw and fy <= y[0] <= fy + fh)

    def search_box(self) -> Box:
        """Where polygons drawn in this panel may come from (wider than the box: a
        conic's rectangle shows more than its box's corners)."""
        x0, y0, x1, y1 = self.box
        dx, dy = (x1 - x0) * 0.5 + 1, (y1 - y0) * 0.5 + 1
        return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def _fit(panel: Panel, shrink: bool = False) -> Panel:
    """Scale and centre ``panel.box`` into ``panel.frame``; with ``shrink``, the
    frame is then cut to the fitted box (no empty band)."""
    x0, y0, x1, y1 = panel.box
    t = np.linspace(0, 1, 64)
    lon = np.concatenate([x0 + (x1 - x0) * t, np.full(64, x1), x1 - (x1 - x0) * t, np.full(64, x0)])
    lat = np.concatenate([np.full(64, y0), y0 + (y1 - y0) * t, np.full(64, y1), y1 - (y1 - y0) * t])
    px, py = panel.project(lon, lat)
    bw, bh = float(px.max() - px.min()), float(py.max() - py.min())
    fx, fy, fw, fh = panel.frame
    scale = min(fw / bw, fh / bh)
    if shrink:
        fw, fh = bw * scale, bh * scale
        panel.frame = (fx, fy, fw, fh)
    panel.scale = scale
    panel.tx = fx + fw / 2 - (float(px.max() + px.min()) / 2) * scale
    panel.ty = fy + fh / 2 + (float(py.max() + py.min()) / 2) * scale
    return panel


@dataclass
class View:
    id: str
    width: float
    height: float
    panels: list[Panel]
    set_name: str
    """Which boundaries it draws (see :data:`observatoire.core.maps.geometry.SETS`)."""
    home: frozenset[str] = field(default_factory=frozenset)
    """Countries drawn as the view's own (the others are drawn as neighbours)."""

    def position(self, lon: float, lat: float) -> tuple[float, float] | None:
        """Where a point is drawn, or None when the view does not show it."""
        for panel in self.panels:
            if panel.holds(lon, lat):
                x, y = panel.xy([lon], [lat])
                return float(x[0]), float(y[0])
        return None


WORLD_BOX: Box = (-180.0, -58.0, 180.0, 84.0)
"""Antarctica left out."""


@functools.cache
def world() -> View:
    panel = _fit(Panel("monde", equal_earth, WORLD_BOX, (0, 0, 1000, 1000)), shrink=True)
    return View("monde", 1000, round(panel.frame[3], 1), [panel], "world")


METROPOLE: Box = (-5.3, 41.25, 9.9, 51.2)
INSETS: tuple[tuple[str, Box], ...] = (
    ("GP", (-61.85, 15.83, -60.99, 16.53)),
    ("MQ", (-61.24, 14.39, -60.81, 14.89)),
    ("GF", (-54.62, 2.11, -51.62, 5.78)),
    ("RE", (55.21, -21.39, 55.84, -20.87)),
    ("YT", (45.01, -13.01, 45.30, -12.63)),
)
"""The overseas départements, by ISO 3166-1 code, each with its box."""
INSET_WIDTH, GAP = 130.0, 12.0


@functools.cache
def france() -> View:
    """Metropolitan France in Lambert-93's projection (conformal conic, parallels 44°
    and 49°, meridian 3° E) and the overseas départements (Mercator, conformal) in
    a column of insets on the left, each at its own scale."""
    left = INSET_WIDTH + GAP
    main = _fit(Panel("metropole", conformal_conic(3, 44, 49), METROPOLE, (left, 0, 620, 620)), shrink=True)
    height = main.frame[3]
    inset_height = (height - GAP * (len(INSETS) - 1)) / len(INSETS)
    panels = [main]
    for i, (code, box) in enumerate(INSETS):
        lon0 = (box[0] + box[2]) / 2
        frame = (0.0, i * (inset_height + GAP), INSET_WIDTH, inset_height)
        panels.append(_fit(Panel(code, mercator(lon0), box, frame, inset=True, label=code)))
    return View("france", round(left + main.frame[2], 1), round(height, 1), panels, "detail", frozenset({"FR"}))


def country(code: str, points: list[tuple[float, float]] = ()) -> View:
    """One country (France: :func:`france`), in Mercator, showing its mainland and
    the given points (lon, lat) of its records."""
    if code == "FR":
        return france()
    boxes = [b for b in [country_box(code)] if b] + [(lon, lat, lon, lat) for lon, lat in points]
    if not boxes:
        return world()
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin_x, margin_y = max((x1 - x0) * 0.08, 0.5), max((y1 - y0) * 0.08, 0.5)
    box = (max(x0 - margin_x, -180), max(y0 - margin_y, -80), min(x1 + margin_x, 180), min(y1 + margin_y, 84))
    panel = _fit(Panel(code, mercator((box[0] + box[2]) / 2), box, (0, 0, 640, 560)), shrink=True)
    width, height = panel.frame[2], panel.frame[3]
    return View(f"pays-{code.lower()}", round(width, 1), round(height, 1), [panel], "detail", frozenset({code}))


def crop(view: View, points: list[tuple[float, float]], least: float = 0.2, aspect: float = 4 / 3) -> Rect:
    """The part of a view (x, y, width, height) that shows the given positions with a
    margin: at least ``least`` of the view's width across, ``aspect`` wide for one high."""
    if not points:
        return 0.0, 0.0, view.width, view.height
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w = max(max(xs) - min(xs), view.width * least) * 1.25
    h = max(max(ys) - min(ys), 0.0) * 1.25
    w, h = max(w, h * aspect), max(h, w / aspect)
    w, h = min(w, view.width), min(h, view.height)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - w / 2, 0.0), view.width - w)
    y = min(max(cy - h / 2, 0.0), view.height - h)
    return round(x, 1), round(y, 1), round(w, 1), round(h, 1)
