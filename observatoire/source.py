"""Reading one record file: YAML or Markdown with YAML front matter.

The reader never raises on bad input: it returns the data it could read and
the problems it found. YAML is composed into nodes (never constructed by
PyYAML) so that every key keeps its line and column, anchors and aliases are
refused before anything is expanded, and no tag can build an object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from observatoire.problems import Problem

MAX_FILE_BYTES = 200 * 1024
"""A record longer than this is refused: it would be a page nobody reads."""

YAML_SUFFIXES = (".yml", ".yaml")
MARKDOWN_SUFFIXES = (".md",)
RECORD_SUFFIXES = YAML_SUFFIXES + MARKDOWN_SUFFIXES
BODY_FIELD = "description"
"""In a Markdown record, the body is the long description."""

try:  # libyaml is much faster; same node tree and marks.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Loader = yaml.SafeLoader

Position = tuple[int, int]


@dataclass
class SourceFile:
    """What was read from one file."""

    path: Path
    shown: str
    """The path as shown in messages."""
    data: dict[str, Any] | None = None
    positions: dict[tuple, Position] = field(default_factory=dict)
    """Line and column (1-based) of each key path, e.g. ``("sources", 0, "url")``."""
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: tuple) -> Position:
        """The position of ``loc``, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, loc: tuple, field_label: str, message: str, hint: str = "") -> Problem:
        line, column = self.position(loc)
        return Problem(self.shown, line, column, field_label, message, hint)


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str):
        self.line, self.column, self.message, self.hint = line, column, message, hint


def read_source(path: Path, shown: str) -> SourceFile:
    """Read ``path`` into a :class:`SourceFile`; problems are collected, never raised."""
    src = SourceFile(path=path, shown=shown)

    def fail(message: str, hint: str, line: int = 1, column: int = 1) -> SourceFile:
        src.problems.append(Problem(shown, line, column, "fichier", message, hint))
        return src

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(
                f"fichier trop volumineux ({size // 1024} Ko)",
                f"la limite est de {MAX_FILE_BYTES // 1024} Ko : raccourcissez la description "
                "ou placez les documents longs dans les sources",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"fichier illisible ({exc.strerror})", "vérifiez le chemin et les droits du fichier")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(
            f"octet {raw[exc.start]:#04x} invalide : le fichier n'est pas encodé en UTF-8",
            "enregistrez le fichier en UTF-8 dans votre éditeur",
            line,
            column,
        )
    text = text.removeprefix("\ufeff")

    line_offset = 0
    body = None
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        split = _split_front_matter(text)
        if isinstance(split, Problem):
            return fail(split.message, split.hint, split.line, split.column)
        text, body, line_offset = split

    if not text.strip():
        return fail(
            "fichier vide" if body is None else "en-tête YAML vide",
            "copiez un modèle avec « observatoire new » et remplissez ses champs",
        )

    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1
        column = (mark.column + 1) if mark else 1
        what = exc.problem or "erreur"
        return fail(
            f"syntaxe YAML invalide ({_french_yaml_problem(what)})",
            "vérifiez l'indentation (espaces, pas de tabulations), les deux-points après "
            "chaque clé et les guillemets autour des textes contenant « : » ou « # »",
            line,
            column,
        )
    except yaml.YAMLError as exc:  # pragma: no cover - composer errors are marked
        return fail(f"YAML illisible ({exc})", "vérifiez la syntaxe du fichier")

    if node is None:
        return fail("fichier vide", "copiez un modèle avec « observatoire new » et remplissez ses champs")
    if not isinstance(node, yaml.MappingNode):
        kind = "une liste" if isinstance(node, yaml.SequenceNode) else "une valeur seule"
        return fail(
            f"le fichier contient {kind}, pas une fiche",
            "une fiche est une suite de lignes « champ: valeur » (voir « observatoire new »)",
            node.start_mark.line + 1 + line_offset,
            node.start_mark.column + 1,
        )

    try:
        data = _to_python(node, (), src.positions, set(), line_offset)
    except _Refused as exc:
        src.positions.clear()
        return fail(exc.message, exc.hint, exc.line, exc.column)

    if body is not None:
        if BODY_FIELD in data:
            line, column = src.positions[(BODY_FIELD,)]
            src.problems.append(
                Problem(
                    shown, line, column, BODY_FIELD,
                    "la description est donnée deux fois (dans l'en-tête et après lui)",
                    "dans un fichier Markdown, écrivez la description après la ligne « --- » seulement",
                )
            )
        elif body.strip():
            data[BODY_FIELD] = body.strip("\n")
            src.positions[(BODY_FIELD,)] = (line_offset + text.count("\n") + 2, 1)
    src.data = data
    src.positions.setdefault((), (1 + line_offset, 1))
    return src


def _split_front_matter(text: str) -> tuple[str, str, int] | Problem:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return Problem(
            "", 1, 1, "fichier",
            "le fichier Markdown ne commence pas par un en-tête « --- »",
            "mettez les champs entre deux lignes « --- » en haut du fichier, puis la description",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), 1
    return Problem(
        "", 1, 1, "fichier",
        "l'en-tête YAML ouvert par « --- » n'est jamais fermé",
        "ajoutez une ligne « --- » après le dernier champ, avant la description",
    )


def _to_python(node: yaml.Node, loc: tuple, positions: dict, seen: set, offset: int) -> Any:
    """Build plain Python data from a node tree, recording positions.

    An alias makes the composer reuse a node: meeting a node twice means the
    file uses anchors/aliases, which are refused (they can blow up in size).
    """
    if id(node) in seen:
        raise _Refused(
            node.start_mark.line + 1 + offset, node.start_mark.column + 1,
            "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés",
            "recopiez la valeur à chaque endroit où elle sert",
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1,
                    "clé YAML invalide (une clé doit être un simple mot)",
                    "écrivez « nom_du_champ: valeur »",
                )
            key = key_node.value
            sub = loc + (key,)
            positions[sub] = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in out:
                raise _Refused(
                    key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1,
                    f"le champ « {key} » apparaît deux fois",
                    "gardez une seule occurrence du champ",
                )
            out[key] = _to_python(value_node, sub, positions, seen, offset)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            sub = loc + (i,)
            positions[sub] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            items.append(_to_python(item, sub, positions, seen, offset))
        return items
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Plain scalars typed conservatively: dates stay text (validated later),
    and only ``true``/``false`` are booleans (so a country code ``NO`` stays "NO")."""
    value = node.value
    if node.style:  # quoted or block scalar: always text
        return value
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        low = value.lower()
        return True if low == "true" else False if low == "false" else value
    if tag == "tag:yaml.org,2002:int":
        digits = value.replace("_", "")
        # "01004" (an INSEE code, a postcode) stays text: YAML 1.1 would read octal.
        if re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", digits):
            return int(digits)
        return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def _french_yaml_problem(problem: str) -> str:
    known = {
        "mapping values are not allowed": "deux-points inattendu (mettez le texte entre guillemets)",
        "could not find expected ':'": "deux-points manquant",
        "found character '\\t' that cannot start any token": "tabulation interdite",
        "found unexpected end of stream": "fin de fichier inattendue",
        "did not find expected key": "clé attendue",
        "did not find expected '-' indicator": "tiret de liste attendu",
        "found undefined alias": "alias non défini",
    }
    for english, french in known.items():
        if problem.startswith(english):
            return french
    if "unclosed" in problem or "while scanning a quoted scalar" in problem or "end of stream" in problem:
        return "guillemet non fermé"
    return problem
