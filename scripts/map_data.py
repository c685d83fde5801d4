"""Regenerates observatoire/core/maps/boundaries.json from the npm package
world-atlas (Natural Earth's countries as TopoJSON), at development time only:
the build reads the JSON this writes and never needs node or the network.

    npm ci                                   # installs world-atlas (package.json)
    .venv/bin/python scripts/map_data.py     # rewrites the JSON and the licence

What it does: decodes the TopoJSON arcs (shared by two neighbouring countries,
so that simplifying an arc once keeps both borders the same line), simplifies
each arc (Douglas-Peucker) to what the site's views show, drops islands too small
to see at world scale, and writes each country's polygons as delta-encoded
integers (thousandths of a degree), by ISO 3166-1 alpha-2 code:

- ``world``: from countries-110m, for the world view;
- ``detail``: from countries-10m, finer around France and its overseas
  départements (the France view and its insets), coarser elsewhere (country maps).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from observatoire.core.maps.geometry import clip  # noqa: E402  (the project's own clipping)

ATLAS = ROOT / "node_modules" / "world-atlas"
OUT = ROOT / "observatoire" / "core" / "maps"
Q = 1000
"""Coordinates are stored as integers in thousandths of a degree."""

FINE_BOXES = [
    (-6.5, 40.5, 11.0, 52.5),  # metropolitan France and its neighbours (the France view)
    (-62.0, 15.7, -60.9, 16.6),  # Guadeloupe
    (-61.4, 14.3, -60.7, 15.0),  # Martinique
    (-55.0, 1.9, -51.4, 6.0),  # Guyane
    (55.1, -21.5, 56.0, -20.7),  # La Réunion
    (44.9, -13.1, 45.4, -12.5),  # Mayotte
]
"""Where the detail set keeps more points (lon/lat boxes)."""
TOLERANCE = {"world": 0.08, "detail_fine": 0.004}
"""Douglas-Peucker tolerance in degrees."""
DETAIL_SHARE = 1 / 500
"""Elsewhere, the detail set's tolerance is this share of the extent of the largest
country an arc borders (a country map is fitted to its country)."""
DETAIL_MIN_AREA_SHARE = 1 / 150
"""Islands whose side is under this share of their country's extent are dropped
from the detail set (outside the fine boxes)."""
WORLD_MIN_AREA = 0.08
"""Square degrees: smaller islands are dropped from the world set (under a pixel)."""
NAMES_WITHOUT_CODE = {"Kosovo": "XK", "N. Cyprus": "ZN", "Somaliland": "ZS"}
"""Features world-atlas gives no ISO code: a private code, so they are drawn."""


def decode(path: Path) -> tuple[list[list[tuple[float, float]]], list[dict]]:
    data = json.loads(path.read_text("utf-8"))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs = []
    for arc in data["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs, data["objects"]["countries"]["geometries"]


def perpendicular(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float, fine_tolerance: float | None = None) -> list:
    """Douglas-Peucker, iterative; the ends are kept (they are junctions of arcs).
    With ``fine_tolerance``, a point inside one of the :data:`FINE_BOXES` is kept
    from that smaller distance on."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        if points[first] == points[last]:  # a closed arc: split at its farthest point
            far = max(
                range(first + 1, last),
                key=lambda i: (points[i][0] - points[first][0]) ** 2 + (points[i][1] - points[first][1]) ** 2,
            )
            keep[far] = True
            stack += [(first, far), (far, last)]
            continue
        best, index = -1.0, first
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        limit = fine_tolerance if fine_tolerance is not None and fine([points[index]]) else tolerance
        if best > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def fine(points: list) -> bool:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return any(min(xs) <= x2 and max(xs) >= x1 and min(ys) <= y2 and max(ys) >= y1 for x1, y1, x2, y2 in FINE_BOXES)


def area(ring: list) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def rings_of(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    polygons = (
        geometry["arcs"]
        if geometry["type"] == "MultiPolygon"
        else ([geometry["arcs"]] if geometry["type"] == "Polygon" else [])
    )
    out = []
    for polygon in polygons:
        rings = []
        for ring_arcs in polygon:
            ring: list = []
            for i in ring_arcs:
                points = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(points if not ring else points[1:])
            rings.append(ring)
        out.append(rings)
    return out


def split_at_antimeridian(ring: list) -> list[list]:
    """A ring that crosses the 180th meridian (Russia's Chukotka, Fiji) as the two
    rings on either side of it; other rings as they are."""
    lon = np.array([p[0] for p in ring])
    if not len(lon) or np.abs(np.diff(lon)).max() <= 180:
        return [ring]
    steps = np.diff(lon)
    unwrapped = np.concatenate([[lon[0]], lon[0] + np.cumsum(steps - 360 * np.round(steps / 360))])
    lat = np.array([p[1] for p in ring])
    east = unwrapped.max() > 180  # it runs past 180° E (else past 180° W)
    if east:
        inside, beyond = (-540, -90, 180, 90), (180, -90, 540, 90)
    else:
        inside, beyond = (-180, -90, 540, 90), (-540, -90, -180, 90)
    out = []
    for offset, rect in ((0, inside), (-360 if east else 360, beyond)):
        x, y = clip(unwrapped, lat, rect)
        if x.size >= 3:
            out.append(
                list(zip((x + offset).tolist(), y.tolist(), strict=True)) + [(float(x[0] + offset), float(y[0]))]
            )
    return out


def code_of(geometry: dict) -> str | None:
    numeric = geometry.get("id")
    if numeric:
        country = pycountry.countries.get(numeric=numeric)
        if country:
            return country.alpha_2
    return NAMES_WITHOUT_CODE.get(geometry["properties"]["name"])


def encode(ring: list) -> list[int]:
    """Delta-encoded integers: x0, y0, dx1, dy1... (the closing point is implied)."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    out, px, py = [], 0, 0
    for x, y in ring:
        ix, iy = round(x * Q), round(y * Q)
        out += [ix - px, iy - py]
        px, py = ix, iy
    return out


def extents(geometries: list, arcs: list) -> tuple[dict[int, float], list[float]]:
    """The extent (largest side of the box, degrees) of each country, and for each
    arc the largest extent of the countries it borders."""
    by_arc: dict[int, float] = {}
    out = []
    for geometry in geometries:
        points = [p for rings in rings_of(geometry, arcs) for ring in rings for p in ring]
        if not points:
            out.append(0.0)
            continue
        xs, ys = sorted({round(p[0], 1) for p in points}), [p[1] for p in points]
        gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)] + [xs[0] + 360 - xs[-1]]
        extent = max(360 - max(gaps), max(ys) - min(ys))  # across the 180th meridian for Fiji
        out.append(extent)
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry.get("arcs", [])]
        for polygon in polygons:
            for ring in polygon:
                for i in ring:
                    index = i if i >= 0 else ~i
                    by_arc[index] = max(by_arc.get(index, 0.0), extent)
    return by_arc, out


def build_set(path: Path, detail: bool) -> dict[str, list]:
    arcs, geometries = decode(path)
    by_arc, extent_of = extents(geometries, arcs)
    if detail:
        fine_tolerance = TOLERANCE["detail_fine"]
        simplified = [
            simplify(arc, max(fine_tolerance, by_arc.get(i, 1) * DETAIL_SHARE), fine_tolerance)
            for i, arc in enumerate(arcs)
        ]
    else:
        simplified = [simplify(arc, TOLERANCE["world"]) for arc in arcs]
    out: dict[str, list] = {}
    for geometry, extent in zip(geometries, extent_of, strict=True):
        code = code_of(geometry)
        if code is None or code == "AQ":  # Antarctica: no record there, and half the world's height
            continue
        polygons = []
        cut = []
        for rings in rings_of(geometry, simplified):
            pieces = split_at_antimeridian(rings[0])
            cut += [[piece] for piece in pieces] if len(pieces) > 1 else [rings]
        for rings in cut:
            outer = rings[0]
            if len(outer) < 4:
                continue
            if detail:
                too_small = not fine(outer) and area(outer) < (extent * DETAIL_MIN_AREA_SHARE) ** 2
            else:
                too_small = area(outer) < WORLD_MIN_AREA
            if too_small:
                continue
            polygons.append([encode(r) for r in rings if len(r) >= 4])
        if polygons:
            out.setdefault(code, []).extend(polygons)
    return dict(sorted(out.items()))


def main() -> int:
    if not ATLAS.is_dir():
        print("node_modules/world-atlas manque : lancez « npm ci » d'abord", file=sys.stderr)
        return 1
    version = json.loads((ATLAS / "package.json").read_text("utf-8"))["version"]
    data = {
        "source": f"world-atlas {version} (Natural Earth), simplifié par scripts/map_data.py",
        "q": Q,
        "world": build_set(ATLAS / "countries-110m.json", detail=False),
        "detail": build_set(ATLAS / "countries-10m.json", detail=True),
    }
    text = json.dumps(data, separators=(",", ":"), sort_keys=False)
    (OUT / "boundaries.json").write_text(text + "\n", "utf-8")
    (OUT / "LICENSE-world-atlas.txt").write_text(
        "Fond des cartes du centre de ressources : les frontières des pays de Natural Earth\n"
        "(https://www.naturalearthdata.com/, dans le domaine public), telles que les donne le paquet npm\n"
        f"world-atlas {version} (https://github.com/topojson/world-atlas), simplifiées par scripts/map_data.py.\n"
        "Licence de world-atlas :\n\n" + (ATLAS / "LICENSE").read_text("utf-8"),
        "utf-8",
    )
    points = {
        name: sum(len(r) // 2 for p in data[name].values() for poly in p for r in poly) for name in ("world", "detail")
    }
    print(
        f"boundaries.json : {len(text) // 1024} Ko, {points['world']} points (monde), "
        f"{points['detail']} points (détail)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
