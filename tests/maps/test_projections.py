"""The maps' projections against d3-geo (npm, installed by scripts/test.sh), the
reference implementation the stack notes name; the France view's geometry; the
boundaries data; the base maps as SVG."""

from __future__ import annotations

import json
import math
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from observatoire.core.maps import draw, geometry, views
from tests.sitebuild import ROOT

CITIES = {  # longitude, latitude (GeoNames)
    "Brest": (-4.48628, 48.39029),
    "Grenoble": (5.71479, 45.17869),
    "Montreuil": (2.44322, 48.86415),
    "Strasbourg": (7.74553, 48.58392),
    "Ajaccio": (8.73812, 41.91886),
    "Lille": (3.05512, 50.63391),
    "Biarritz": (-1.55684, 43.48012),
}
OVERSEAS = {
    "GP": (-61.53, 16.24),
    "MQ": (-61.07, 14.6),
    "GF": (-52.33, 4.93),
    "RE": (55.45, -20.88),
    "YT": (45.23, -12.78),
}
WORLD = {
    "Tokyo": (139.69, 35.69),
    "Dakar": (-17.44, 14.69),
    "São Paulo": (-46.63, -23.55),
    "Montréal": (-73.57, 45.5),
    "Brest": CITIES["Brest"],
    "Wellington": (174.78, -41.29),
}

D3 = """
import {geoEqualEarth, geoConicConformal, geoMercator} from 'd3-geo';
const input = JSON.parse(process.argv[1]);
const make = {
  world: () => geoEqualEarth(),
  metropole: () => geoConicConformal().parallels([44, 49]).rotate([-3, 0]),
  mercator: (lon0) => geoMercator().rotate([-lon0, 0]),
};
const out = input.map(([kind, lon0, lon, lat]) => make[kind](lon0).scale(1).translate([0, 0])([lon, lat]));
console.log(JSON.stringify(out));
"""


def d3(points: list[tuple[str, float, float, float]]) -> list[tuple[float, float]]:
    """Positions that d3-geo gives (scale 1, no translation: y downwards)."""
    if not (ROOT / "node_modules" / "d3-geo").is_dir():
        pytest.fail("node_modules/d3-geo manque : lancez « npm ci » (scripts/test.sh le fait)")
    result = subprocess.run(
        ["node", "--input-type=module", "-e", D3, json.dumps(points)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [tuple(p) for p in json.loads(result.stdout)]


def placed(panel: views.Panel, reference: tuple[float, float]) -> tuple[float, float]:
    return reference[0] * panel.scale + panel.tx, reference[1] * panel.scale + panel.ty


def test_world_view_is_d3s_equal_earth():
    world = views.world()
    references = d3([("world", 0, lon, lat) for lon, lat in WORLD.values()])
    for (name, (lon, lat)), reference in zip(WORLD.items(), references, strict=False):
        x, y = world.position(lon, lat)
        ex, ey = placed(world.panels[0], reference)
        assert abs(x - ex) < 0.05 and abs(y - ey) < 0.05, name


def test_metropolitan_france_is_d3s_conformal_conic_with_lambert93s_parallels():
    france = views.france()
    main = france.panels[0]
    references = d3([("metropole", 0, lon, lat) for lon, lat in CITIES.values()])
    for (name, (lon, lat)), reference in zip(CITIES.items(), references, strict=False):
        x, y = france.position(lon, lat)
        ex, ey = placed(main, reference)
        assert abs(x - ex) < 0.05 and abs(y - ey) < 0.05, name


def test_the_france_view_keeps_distances_in_proportion():
    """Conformal, and its scale varies by well under 1 % over France: distances on the
    view are in the proportion of the distances on the ground."""

    def km(a, b):
        (lon1, lat1), (lon2, lat2) = (tuple(map(math.radians, p)) for p in (a, b))
        h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * 6371 * math.asin(math.sqrt(h))

    france = views.france()
    pairs = [("Brest", "Strasbourg"), ("Lille", "Ajaccio"), ("Biarritz", "Grenoble"), ("Montreuil", "Grenoble")]
    ratios = []
    for a, b in pairs:
        (xa, ya), (xb, yb) = france.position(*CITIES[a]), france.position(*CITIES[b])
        ratios.append(math.hypot(xa - xb, ya - yb) / km(CITIES[a], CITIES[b]))
    assert max(ratios) / min(ratios) < 1.01, ratios
    # and where they are: Brest the westernmost, Strasbourg east, Lille north, Ajaccio south
    x = {name: france.position(*p)[0] for name, p in CITIES.items()}
    y = {name: france.position(*p)[1] for name, p in CITIES.items()}
    assert min(x, key=x.get) == "Brest" and max(x, key=x.get) == "Ajaccio"
    assert min(y, key=y.get) == "Lille" and max(y, key=y.get) == "Ajaccio"


def test_each_overseas_departement_is_in_its_inset_in_mercator():
    france = views.france()
    insets = {p.label: p for p in france.panels if p.inset}
    assert set(insets) == set(OVERSEAS)
    references = d3(
        [("mercator", (insets[c].box[0] + insets[c].box[2]) / 2, lon, lat) for c, (lon, lat) in OVERSEAS.items()]
    )
    for (code, (lon, lat)), reference in zip(OVERSEAS.items(), references, strict=False):
        x, y = france.position(lon, lat)
        ex, ey = placed(insets[code], reference)
        assert abs(x - ex) < 0.05 and abs(y - ey) < 0.05, code
        fx, fy, fw, fh = insets[code].frame
        assert fx <= x <= fx + fw and fy <= y <= fy + fh, code
    main = france.panels[0]
    assert all(p.frame[0] + p.frame[2] < main.frame[0] for p in insets.values())  # a column left of France


def test_places_off_the_france_view_are_not_drawn_on_it():
    france = views.france()
    for lon, lat in [(139.69, 35.69), (-0.1276, 51.5072), (166.45, -22.27), (-3.7038, 40.4168)]:
        assert france.position(lon, lat) is None  # Tokyo, London, Nouméa, Madrid
    assert france.position(4.3517, 50.8503) is not None  # Brussels, on the edge of the view


def test_boundaries_cover_france_and_its_overseas_departements():
    fr = [p for p in geometry.polygons("detail") if p.code == "FR"]
    for code, (lon, lat) in OVERSEAS.items():
        assert any(geometry.overlaps(p.box, (lon - 0.3, lat - 0.3, lon + 0.3, lat + 0.3)) for p in fr), code
    world_codes = {p.code for p in geometry.polygons("world")}
    assert {"FR", "BE", "JP", "SN", "BR", "CA"} <= world_codes and "AQ" not in world_codes
    # rings cut at the 180th meridian: no edge of the world view crosses it
    for polygon in geometry.polygons("world"):
        for ring in polygon.rings:
            assert abs(ring[1:, 0] - ring[:-1, 0]).max(initial=0) < 180, polygon.code


@pytest.mark.parametrize(
    "view", [views.world(), views.france(), views.country("BE"), views.country("JP")], ids=lambda v: v.id
)
def test_a_base_is_a_small_svg_document_drawn_inside_its_frames(view):
    svg = draw.base_svg(view)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == f"0 0 {view.width} {view.height}"
    assert len(svg) < 90_000
    land = [e for e in root if e.get("class") in ("h", "l")]
    assert land and all(e.get("d").count("M") >= 1 for e in land)
    assert bool(view.home) == any(e.get("class") == "h" for e in land)  # the view's own country stands out
    for start in re.finditer(r"M(\d*\.?\d+) (\d*\.?\d+)", "".join(e.get("d") for e in land)):
        x, y = float(start[1]), float(start[2])
        assert 0 <= x <= view.width and 0 <= y <= view.height
