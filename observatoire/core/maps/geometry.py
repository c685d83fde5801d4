"""The boundaries (Natural Earth's countries, simplified: ``boundaries.json``,
made by ``scripts/map_data.py`` from the npm package world-atlas), clipping
to a rectangle, and SVG path data."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "boundaries.json"
LICENCE = Path(__file__).resolve().parent / "LICENSE-world-atlas.txt"
SETS = ("world", "detail")
"""``world``: Natural Earth 1:110m, for the world view; ``detail``: 1:10m,
simplified (finer around France and its overseas départements), for the France
view and the maps of one country."""


@dataclass(frozen=True)
class Polygon:
    code: str
    """ISO 3166-1 alpha-2 code of its country."""
    rings: tuple[np.ndarray, ...]
    """The outer ring, then the holes; each an (n, 2) array of longitude, latitude."""
    box: tuple[float, float, float, float]
    """Longitude and latitude, least and greatest."""


def _decode(values: list[int], q: int) -> np.ndarray:
    return np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0) / q


@functools.cache
def polygons(set_name: str) -> tuple[Polygon, ...]:
    """Every polygon of a set, read once."""
    data = json.loads(DATA.read_text("utf-8"))
    q = data["q"]
    out = []
    for code, items in data[set_name].items():
        for rings in items:
            arrays = tuple(_decode(r, q) for r in rings)
            outer = arrays[0]
            low, high = outer.min(axis=0), outer.max(axis=0)
            box = (float(low[0]), float(low[1]), float(high[0]), float(high[1]))
            out.append(Polygon(code, arrays, box))
    return tuple(out)


def country_box(code: str, set_name: str = "detail") -> tuple[float, float, float, float] | None:
    """The box of a country's largest polygon (its mainland), or None when the set has no such country."""
    found = [p for p in polygons(set_name) if p.code == code]
    if not found:
        return None
    return max(found, key=lambda p: (p.box[2] - p.box[0]) * (p.box[3] - p.box[1])).box


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] <= b[2] and a[2] >= b[0] and a[1] <= b[3] and a[3] >= b[1]


def clip(x: np.ndarray, y: np.ndarray, rect: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """A closed ring clipped to a rectangle (x0, y0, x1, y1), Sutherland-Hodgman;
    empty arrays when nothing is left."""
    x0, y0, x1, y1 = rect
    if x.size and x.min() >= x0 and x.max() <= x1 and y.min() >= y0 and y.max() <= y1:
        return x, y
    points = list(zip(x.tolist(), y.tolist(), strict=True))
    for axis, bound, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if points:
            points = _clip_side(points, axis, bound, keep_above)
    if len(points) < 3:
        return np.empty(0), np.empty(0)
    array = np.asarray(points)
    return array[:, 0], array[:, 1]


def _clip_side(points: list, axis: int, bound: float, keep_above: bool) -> list:
    """One step of Sutherland-Hodgman: the ring cut by the line ``axis = bound``."""

    def inside(p) -> bool:
        return p[axis] >= bound if keep_above else p[axis] <= bound

    def cut(p, q) -> tuple:
        t = (bound - p[axis]) / (q[axis] - p[axis])
        point = [0.0, 0.0]
        point[axis] = bound
        point[1 - axis] = p[1 - axis] + t * (q[1 - axis] - p[1 - axis])
        return tuple(point)

    out = []
    previous = points[-1]
    for current in points:
        if inside(current):
            if not inside(previous):
                out.append(cut(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cut(previous, current))
        previous = current
    return out


def _number(tenths: int) -> str:
    """A number of tenths, written as short as SVG reads it: 15 -> 1.5, -5 -> -.5, 20 -> 2."""
    if tenths % 10 == 0:
        return str(tenths // 10)
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    return f"{sign}{whole or ''}.{tenth}"


def numbers(values) -> str:
    """Numbers (tenths) separated as SVG path data allows: no space before a minus sign."""
    out = []
    for v in values:
        text = _number(int(v))
        if out and not text.startswith("-"):
            out.append(" ")
        out.append(text)
    return "".join(out)


def path_data(x: np.ndarray, y: np.ndarray) -> str:
    """A closed ring as relative SVG path data, to a tenth of a unit; '' when it
    shrinks below a triangle once rounded."""
    xi, yi = np.rint(x * 10).astype(np.int64), np.rint(y * 10).astype(np.int64)
    keep = np.ones(xi.size, dtype=bool)
    keep[1:] = (xi[1:] != xi[:-1]) | (yi[1:] != yi[:-1])
    xi, yi = xi[keep], yi[keep]
    if xi.size and xi[0] == xi[-1] and yi[0] == yi[-1]:
        xi, yi = xi[:-1], yi[:-1]
    if xi.size < 3:
        return ""
    deltas = np.empty(2 * (xi.size - 1), dtype=np.int64)
    deltas[0::2] = np.diff(xi)
    deltas[1::2] = np.diff(yi)
    return f"M{numbers([xi[0], yi[0]])}l{numbers(deltas)}z"
