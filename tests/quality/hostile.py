"""Hostile records: script and template payloads in every free-text field.

The records are generated from the models (:mod:`tests.quality.fields`): every text
leaf gets a payload, every constrained leaf a valid value, so a field added to a
model is exercised without editing this file. Each payload carries a marker
``⟦variant·kind.field⟧`` (where it came from) and a number passed to ``__hit(N)``
(what ran, if anything runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from observatoire.records.kinds import KINDS, Kind
from observatoire.records.project import ValidationContext
from observatoire.records.source import BODY_FIELD
from tests.quality.fields import (
    BOOLEAN,
    CHECKED,
    NUMBER,
    REFERENCE,
    REFERENCE_KINDS,
    TEXT,
    URL,
    VOCABULARY,
    Leaf,
    all_leaves,
    default_of,
)

TEMPLATE_CODE = "{{ 7*7 }} {% if true %}SI{% endif %} {{ config }} {# note #}"
"""Jinja code: shown as written, never evaluated (no « 49 », no « SI » alone)."""

VARIANTS: dict[str, str] = {
    # {m}: marker, {n}: number of the payload. With the marker of a title, each stays
    # under 200 characters, the longest title allowed.
    "script": "{m} piège <script>top.__obsPwned={n}</script> fin",
    "image": "{m} piège <img src=x onerror=__hit({n})> fin",
    "svg": "{m} piège <svg onload=__hit({n})><circle r=9></circle></svg> fin",
    "attribut": "{m} piège \"><b onmouseover=__hit({n}) autofocus onfocus=__hit({n}) tabindex=0>b</b>' onclick='__hit({n})' fin",
    "lien": '{m} piège <a href="javascript:__hit({n})">lien</a> [md](javascript:__hit({n})) <iframe src="javascript:alert({n})"></iframe> fin',
    "dialogue": '{m} piège <details open ontoggle=alert({n})>d</details><object data="javascript:confirm({n})"></object><body onload=prompt({n})> fin',
    "fermeture": "{m} piège </title></textarea></noscript></style></script><script>__hit({n})</script> --> fin",
    "modele": "{m} piège " + TEMPLATE_CODE + " fin",
}
"""One record of each kind per variant; every text field of that record holds the variant."""

HOSTILE_URL = "https://exemple.org/{n}?q=\"><script>__hit({n})</script>&r='onmouseover='__hit({n})"
"""An http(s) address that the validator accepts, with characters that would break out of an unescaped attribute."""

SAMPLES: dict[str, Any] = {
    "code_insee": "93048",
    "subdivision": "FR-IDF",
    "pays": "FR",
    "debut": "2020-01",
    "fin": "2030-12",
    "date": "2020-01-15",
    "consulte_le": "2024-05-01",
    "derniere_revision": "2025-01-01",
    "heure": "10:00",
}
"""Valid values of constrained fields that have no default, by field name.
A new constrained field without a default must be added here."""

NUMBERS: dict[str, Any] = {
    "note": 2,
    "nombre": 12000,
    "population": 12000,
    "annee": 2020,
    "montant": 15000.0,
    "lat": 48.86,
    "lon": 2.44,
}
"""Valid numbers by field name; any other number field gets 1 (source numbers point to the first source)."""


def fill(pattern: str, mark: str, number: int) -> str:
    """``pattern`` with ``{m}`` and ``{n}`` replaced (not str.format: payloads hold braces)."""
    return pattern.replace("{m}", mark).replace("{n}", str(number))


def marker(variant: str, leaf: Leaf) -> str:
    return f"⟦{variant}·{leaf.kind.name}.{leaf.label}⟧"


def slug(kind: Kind, name: str) -> str:
    return f"{kind.name}-{name}"


@dataclass
class Payload:
    number: int
    variant: str
    leaf: Leaf
    text: str


@dataclass
class HostileSet:
    """The records written and the payloads they carry."""

    payloads: list[Payload] = field(default_factory=list)
    records: dict[tuple[str, str], dict] = field(default_factory=dict)
    """(kind folder, slug) -> the record as written."""


def valid_value(leaf: Leaf, context: ValidationContext, target: str) -> Any:
    """A valid value for a constrained leaf. ``target`` names the records references point to."""
    if leaf.category == VOCABULARY:
        return context.vocabularies[leaf.vocabulary].ids[0]
    if leaf.category == REFERENCE:
        if leaf.name not in REFERENCE_KINDS:
            raise KeyError(f"champ de référence {leaf.name} : ajoutez son type de fiche à REFERENCE_KINDS")
        kind = next(k for k in KINDS if k.folder == REFERENCE_KINDS[leaf.name])
        return slug(kind, target)
    if leaf.category == NUMBER:
        return NUMBERS.get(leaf.name, 1)
    if leaf.category == BOOLEAN:
        return False
    if leaf.category == URL:
        return "https://exemple.org/"
    if leaf.category == CHECKED:
        default = default_of(leaf)
        if default is not None:
            return default
        if leaf.name in SAMPLES:
            return SAMPLES[leaf.name]
        raise KeyError(f"{leaf.kind.name} {leaf.label} : ajoutez une valeur valide à SAMPLES")
    raise ValueError(leaf.category)


def set_path(record: dict, path: tuple, value: Any) -> None:
    node: Any = record
    for part, nxt in zip(path, path[1:], strict=False):
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append(empty)
            node = node[part]
        else:
            node = node.setdefault(part, empty)
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
        node[last] = value
    else:
        node[last] = value


def record_for(kind: Kind, leaves: list[Leaf], context: ValidationContext, target: str, text) -> dict:
    """A record of ``kind`` where each text leaf has ``text(leaf)`` and every other leaf a valid value."""
    record: dict = {}
    for leaf in leaves:
        if leaf.kind is not kind:
            continue
        value = text(leaf) if leaf.is_text else valid_value(leaf, context, target)
        set_path(record, leaf.path, value)
    return record


def write_record(folder: Path, kind: Kind, name: str, record: dict) -> Path:
    """As a Markdown record: the description is the body, the rest the YAML header."""
    record = dict(record)
    body = record.pop(BODY_FIELD, None)
    header = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100_000)
    path = folder / kind.folder / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{header}---\n{body or ''}\n", "utf-8")
    return path


def write_hostile_content(dest: Path, context: ValidationContext) -> HostileSet:
    """One initiative, one event and one actor per variant under ``dest``; references
    point to the records of the same variant (the initiative's related initiative
    is the next variant's), so names and titles show on each other's pages."""
    leaves = all_leaves([c.id for c in context.grid.criteres])
    out = HostileSet()
    names = list(VARIANTS)
    for i, variant in enumerate(names):

        def text(leaf: Leaf, variant: str = variant) -> str:
            number = len(out.payloads) + 1
            payload = fill(VARIANTS[variant], marker(variant, leaf), number)
            if leaf.category == TEXT and leaf.label == BODY_FIELD:
                # the body of the Markdown file: also a raw HTML block and a Markdown link
                payload += f"\n\n<script>__hit({number})</script>\n\n[lien]( javascript:__hit({number}) )\n"
            out.payloads.append(Payload(number, variant, leaf, payload))
            return payload

        for kind in KINDS:
            record = record_for(kind, leaves, context, variant, text)
            _hostile_urls(record, leaves, kind, out)
            if kind.name == "initiative" and "initiatives_liees" in record:
                record["initiatives_liees"] = [slug(kind, names[(i + 1) % len(names)])]
            write_record(dest, kind, slug(kind, variant), record)
            out.records[(kind.folder, slug(kind, variant))] = record
    return out


def _hostile_urls(record: dict, leaves: list[Leaf], kind: Kind, out: HostileSet) -> None:
    for leaf in leaves:
        if leaf.kind is kind and leaf.category == URL:
            number = len(out.payloads) + 1
            value = fill(HOSTILE_URL, "", number)
            out.payloads.append(Payload(number, "url", leaf, value))
            set_path(record, leaf.path, value)
