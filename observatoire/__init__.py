"""Observatoire du Partage: records, validation, pages, search index and exports
of the resource centre of public policies of sharing and commons.

This package knows nothing of MkDocs; ``hooks.py`` at the project root only
wires MkDocs events to it.
"""

__version__ = "0.1.0"
