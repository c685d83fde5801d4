"""YAML of the package's own files (catalogs, descriptions), read by libyaml's C loader.

``yaml.safe_load`` uses PyYAML's pure-Python loader, about ten times slower: the two
interface catalogs took 0.5 s of it in every process that reads them (December 2026).
Contributors' records are read elsewhere (:mod:`observatoire.records.source`), with
their positions.
"""

from __future__ import annotations

from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C loader where PyYAML was built with libyaml (its wheels are), the Python one otherwise."""


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, by the quickest safe loader available."""
    return yaml.load(text, Loader=_SAFE_LOADER)
