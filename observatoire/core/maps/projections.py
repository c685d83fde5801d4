"""Map projections, on the unit sphere, longitude and latitude in degrees, of
numpy arrays (a whole ring at once). ``y`` grows northwards; the views turn it
to the SVG's downwards ``y``."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

Projection = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equal Earth (Šavrič, Patterson, Jenny, 2018): the world at true areas, with
    its shapes kept recognisable."""
    lam, phi = np.radians(lon), np.radians(lat)
    theta = np.arcsin(_M * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def conformal_conic(lon0: float, parallel1: float, parallel2: float) -> Projection:
    """Lambert's conformal conic, secant along two parallels (spherical). With
    ``(3, 44, 49)`` it is the projection of France's official Lambert-93 grid."""
    phi1, phi2 = math.radians(parallel1), math.radians(parallel2)

    def tany(phi):
        return np.tan((math.pi / 2 + phi) / 2)

    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(float(tany(phi2) / tany(phi1)))
    f = math.cos(phi1) * float(tany(phi1)) ** n / n

    def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lam, phi = np.radians(lon - lon0), np.radians(np.clip(lat, -89.0, 89.0))
        r = f / tany(phi) ** n
        return r * np.sin(n * lam), f - r * np.cos(n * lam)

    return project


def mercator(lon0: float = 0.0) -> Projection:
    """Mercator, conformal: for small areas (an island, a country), latitudes kept within ±85°."""

    def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        phi = np.radians(np.clip(lat, -85.0, 85.0))
        return np.radians(lon - lon0), np.log(np.tan(math.pi / 4 + phi / 2))

    return project
