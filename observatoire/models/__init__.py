"""The record models. One file under ``content/<kind>/`` is one record."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from observatoire.models.actor import Actor
from observatoire.models.event import Event
from observatoire.models.initiative import Evaluation, Initiative


@dataclass(frozen=True)
class Kind:
    """A kind of record: its folder under ``content/`` and its model."""

    folder: str
    name: str
    """As typed after ``observatoire new``."""
    label: str
    """French, singular."""
    model: type[BaseModel]
    title_field: str


INITIATIVE = Kind("initiatives", "initiative", "initiative", Initiative, "titre")
EVENT = Kind("events", "event", "événement", Event, "titre")
ACTOR = Kind("actors", "actor", "acteur", Actor, "nom")
KINDS = (INITIATIVE, EVENT, ACTOR)
KINDS_BY_FOLDER = {k.folder: k for k in KINDS}
KINDS_BY_NAME = {k.name: k for k in KINDS}

__all__ = ["Actor", "Event", "Evaluation", "Initiative", "Kind", "KINDS", "KINDS_BY_FOLDER", "KINDS_BY_NAME"]
