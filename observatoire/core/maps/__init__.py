"""Maps drawn at build time, with no tiles and no network: Natural Earth's
boundaries (via the npm package world-atlas, simplified and committed here by
``scripts/map_data.py``), projected in Python (:mod:`.projections`), written as
SVG (:mod:`.draw`). The views are in :mod:`.views`. Nothing here knows what the
marks stand for."""
