"""The kinds of record, each declared once: where its files are, where its
pages go, how search, exports and JSON-LD name it. Every part of the project
reads these declarations; none repeats them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from observatoire.records.models import Actor, Event, Initiative


@dataclass(frozen=True)
class Kind:
    """A kind of record."""

    name: str
    """As typed after ``observatoire new``; the key of its interface texts."""
    folder: str
    """Its files, under ``content/``."""
    site_folder: str
    """Its pages, under the site's root."""
    model: type[BaseModel]
    title_field: str
    label: str
    """French, singular, in contributors' messages (« aucune fiche acteur »)."""
    search_type: str
    """The value of the search's « type » facet."""
    search_boost: float
    """Document boost in the search index: initiatives, the core, rank before an
    event or an organisation that matches as well."""
    jsonld_type: str
    """schema.org type of its page's description."""
    export_name: str
    """Its open data file is ``donnees/<export_name>.json``."""
    export_key: str
    """The key of the list in that file."""
    place_field: str = "territoire"
    """The field that says where a record is: a sub-record with ``commune``,
    ``pays`` and ``coordonnees`` (read by the maps and by ``check``'s advice)."""

    def page(self, slug: str) -> str:
        """The record's page, relative to the site's root."""
        return f"{self.site_folder}/{slug}.html"

    def page_source(self, slug: str) -> str:
        """The record's page source, as the engine names it."""
        return f"{self.site_folder}/{slug}.md"

    def place(self, record):
        """Where the record is (its :attr:`place_field`), or None."""
        return getattr(record, self.place_field, None)

    def coordinates(self, record) -> tuple[float, float] | None:
        """The record's (longitude, latitude), or None when it gives none."""
        place = self.place(record)
        point = getattr(place, "coordonnees", None)
        return (point.lon, point.lat) if point is not None else None


INITIATIVE = Kind(
    "initiative",
    "initiatives",
    "initiatives",
    Initiative,
    "titre",
    "initiative",
    "initiative",
    2,
    "CreativeWork",
    "initiatives",
    "initiatives",
)
EVENT = Kind(
    "event",
    "events",
    "evenements",
    Event,
    "titre",
    "événement",
    "evenement",
    1,
    "Event",
    "events",
    "evenements",
    place_field="lieu",
)
ACTOR = Kind("actor", "actors", "acteurs", Actor, "nom", "acteur", "acteur", 1, "Organization", "actors", "acteurs")
KINDS = (INITIATIVE, EVENT, ACTOR)
KINDS_BY_FOLDER = {k.folder: k for k in KINDS}
KINDS_BY_NAME = {k.name: k for k in KINDS}
