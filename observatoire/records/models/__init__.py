"""The record models. One file under ``content/<kind>/`` is one record (see
:mod:`observatoire.records.kinds` for the kinds)."""

from __future__ import annotations

from observatoire.records.models.actor import Actor
from observatoire.records.models.event import Event
from observatoire.records.models.initiative import Evaluation, Initiative

__all__ = ["Actor", "Event", "Evaluation", "Initiative"]
