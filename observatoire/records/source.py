"""Reading one record file: YAML or Markdown with YAML front matter.

The reader never raises on bad input: it returns the data it could read and
the problems it found. Plain data is built here from libyaml's events (never
constructed by PyYAML), in one pass, so that every key keeps its line and
column, anchors and aliases are refused before anything is expanded, and no
tag can build an object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from observatoire.core.problems import ERROR, Problem

MAX_FILE_BYTES = 200 * 1024
"""A record longer than this is refused: it would be a page nobody reads."""

MAX_DEPTH = 20
"""Deeper nesting is refused (records use five levels at most): it is a mistake, or an attack."""

YAML_SUFFIXES = (".yml", ".yaml")
MARKDOWN_SUFFIXES = (".md",)
RECORD_SUFFIXES = YAML_SUFFIXES + MARKDOWN_SUFFIXES
BODY_FIELD = "description"
"""In a Markdown record, the body is the long description."""

try:  # libyaml is much faster; same node tree and marks.
    _Loader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Loader = yaml.BaseLoader

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
    placeholders: list[tuple] = field(default_factory=list)
    """Key paths of the text values still holding :data:`MARK` (« À COMPLÉTER »), in file order."""

    def position(self, loc: tuple) -> Position:
        """The position of ``loc``, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, loc: tuple, field_label: str, message: str, hint: str = "", severity: str = ERROR) -> Problem:
        line, column = self.position(loc)
        return Problem(self.shown, line, column, field_label, message, hint, severity)


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
                f"fichier trop volumineux ({-(-size // 1024)} Ko)",
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
        # in characters, as editors count: what precedes the bad byte is valid UTF-8
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
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
        root, root_mark = _load(text, src.positions, line_offset, src.placeholders)
    except _Refused as exc:
        src.positions.clear()
        src.placeholders.clear()
        return fail(exc.message, exc.hint, exc.line, exc.column)
    except yaml.MarkedYAMLError as exc:
        src.positions.clear()
        src.placeholders.clear()
        what, hint, mark = _french_yaml_problem(exc, text)
        line = (mark.line + 1 + line_offset) if mark else 1
        column = (mark.column + 1) if mark else 1
        return fail(f"syntaxe YAML invalide : {what}", hint, line, column)
    except yaml.reader.ReaderError as exc:
        # A control character (often pasted from a PDF). libyaml gives a byte
        # offset: find the character itself, the first one is the one refused.
        index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = column = 1
        if index >= 0:
            line = text.count("\n", 0, index) + 1 + line_offset
            column = index - (text.rfind("\n", 0, index) + 1) + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        return fail(
            f"caractère de contrôle invisible interdit ({code})",
            "supprimez-le (il vient souvent d'un copier-coller depuis un PDF ou un traitement de texte)",
            line,
            column,
        )
    except yaml.YAMLError as exc:  # pragma: no cover - other errors are marked
        return fail(f"YAML illisible ({' '.join(str(exc).split())})", "vérifiez la syntaxe du fichier")

    if root is _NOTHING:
        return fail("fichier vide", "copiez un modèle avec « observatoire new » et remplissez ses champs")
    if not isinstance(root, dict):
        kind = "une liste" if isinstance(root, list) else "une valeur seule"
        src.positions.clear()
        src.placeholders.clear()
        return fail(
            f"le fichier contient {kind}, pas une fiche",
            "une fiche est une suite de lignes « champ: valeur » (voir « observatoire new »)",
            root_mark.line + 1 + line_offset,
            root_mark.column + 1,
        )
    data = root

    if body is not None:
        if BODY_FIELD in data:
            line, column = src.positions[(BODY_FIELD,)]
            src.problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    BODY_FIELD,
                    "la description est donnée deux fois (dans l'en-tête et après lui)",
                    "dans un fichier Markdown, écrivez la description après la ligne « --- » seulement",
                )
            )
        elif body.strip():
            data[BODY_FIELD] = body.strip("\n")
            src.positions[(BODY_FIELD,)] = (line_offset + text.count("\n") + 2, 1)
            if MARK in body:
                src.placeholders.append((BODY_FIELD,))
    src.data = data
    src.positions.setdefault((), (1 + line_offset, 1))
    return src


_DEPTH_HINT = (
    "une fiche n'a que quelques niveaux de retrait : vérifiez l'indentation, les crochets « [ » et les accolades « { »"
)


def _split_front_matter(text: str) -> tuple[str, str, int] | Problem:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return Problem(
            "",
            1,
            1,
            "fichier",
            "le fichier Markdown ne commence pas par un en-tête « --- »",
            "mettez les champs entre deux lignes « --- » en haut du fichier, puis la description",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), 1
    return Problem(
        "",
        1,
        1,
        "fichier",
        "l'en-tête YAML ouvert par « --- » n'est jamais fermé",
        "ajoutez une ligne « --- » après le dernier champ, avant la description",
    )


_NOTHING = object()
"""The root of a document with no content (only comments)."""


def _load(text: str, positions: dict, offset: int, marked: list | None = None) -> tuple[Any, Any]:
    """Plain Python data from libyaml's event stream, in one pass; (root, root's mark).

    Records the line and column of every key and list item in ``positions``.
    Refuses anchors and aliases (they can blow up in size), merge keys, keys that
    are not plain words, duplicate keys and nesting deeper than ``MAX_DEPTH``,
    before building anything from them. Nothing is constructed from tags. The
    key path of every text value holding :data:`MARK` is added to ``marked``.
    """

    def refuse(mark, message, hint):
        raise _Refused(mark.line + 1 + offset, mark.column + 1, message, hint)

    # Frames of the open containers: [container, its key path, the pending key or None].
    stack: list[list] = []
    root: Any = _NOTHING
    root_mark = None
    document_mark = None
    mapping_start, sequence_start, scalar = yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None:
                    refuse(event.start_mark, _ANCHOR, _ANCHOR_HINT)
                if stack:
                    frame = stack[-1]
                    parent = frame[0]
                    if type(parent) is dict:
                        if frame[2] is None:  # this scalar is a key
                            key = event.value
                            mark = event.start_mark
                            if key == "<<" and not event.style:
                                refuse(
                                    mark,
                                    "la fusion YAML « << » n'est pas acceptée",
                                    "recopiez les champs à chaque endroit où ils servent",
                                )
                            if key in parent:
                                refuse(
                                    mark,
                                    f"le champ « {key} » apparaît deux fois",
                                    "gardez une seule occurrence du champ",
                                )
                            frame[2] = key
                            positions[frame[1] + (key,)] = (mark.line + 1 + offset, mark.column + 1)
                            continue
                        value = event.value if event.style or event.tag is not None else _plain(event.value)
                        parent[frame[2]] = value
                        if marked is not None and type(value) is str and MARK in value:
                            marked.append(frame[1] + (frame[2],))
                        frame[2] = None
                    else:
                        mark = event.start_mark
                        loc = frame[1] + (len(parent),)
                        positions[loc] = (mark.line + 1 + offset, mark.column + 1)
                        value = event.value if event.style or event.tag is not None else _plain(event.value)
                        parent.append(value)
                        if marked is not None and type(value) is str and MARK in value:
                            marked.append(loc)
                else:
                    root = event.value if event.style or event.tag is not None else _plain(event.value)
                    root_mark = event.start_mark
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                if event.anchor is not None:
                    refuse(mark, _ANCHOR, _ANCHOR_HINT)
                value = {} if kind is mapping_start else []
                if not stack:
                    root, root_mark = value, mark
                    loc = ()
                else:
                    frame = stack[-1]
                    parent = frame[0]
                    if type(parent) is dict:
                        if frame[2] is None:
                            refuse(
                                mark,
                                "clé YAML invalide (une clé doit être un simple mot)",
                                "écrivez « nom_du_champ: valeur »",
                            )
                        loc = frame[1] + (frame[2],)
                        parent[frame[2]] = value
                        frame[2] = None
                    else:
                        loc = frame[1] + (len(parent),)
                        positions[loc] = (mark.line + 1 + offset, mark.column + 1)
                        parent.append(value)
                if len(stack) > MAX_DEPTH:
                    refuse(mark, f"valeur imbriquée sur plus de {MAX_DEPTH} niveaux", _DEPTH_HINT)
                stack.append([value, loc, None])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                refuse(event.start_mark, _ANCHOR, _ANCHOR_HINT)
            elif kind is yaml.DocumentStartEvent:
                if document_mark is not None:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        document_mark,
                        "but found another document",
                        event.start_mark,
                    )
                document_mark = event.start_mark
            elif kind is yaml.StreamEndEvent or event is None:
                break
    finally:
        loader.dispose()
    return root, root_mark


_ANCHOR = "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés"
_ANCHOR_HINT = "recopiez la valeur à chaque endroit où elle sert"
MARK = "À COMPLÉTER"
"""What the skeletons of ``observatoire new`` put where a value is to be written."""


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


_SPECIAL_FIRST = frozenset("tTfFnN~+-.0123456789")
"""First characters of the plain scalars that are not text (null, booleans, numbers)."""


def _plain(value: str) -> Any:
    """A plain scalar typed conservatively: dates stay text (validated later),
    only ``true``/``false`` are booleans (so a country code ``NO`` stays "NO"),
    and numbers with a leading zero stay text ("01004" is an INSEE code, not octal).

    Quoted, block and explicitly tagged scalars are text (the loader resolves no tag)."""
    if not value:
        return None
    if value[0] not in _SPECIAL_FIRST:
        return value
    if value in _NULLS:
        return None
    if len(value) <= 5:
        low = value.lower()
        if low == "true":
            return True
        if low == "false":
            return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
    return value


_YAML_HINT = (
    "vérifiez l'indentation (espaces, pas de tabulations), les deux-points après "
    "chaque clé et les guillemets autour des textes contenant « : » ou « # »"
)
_QUOTE_HINT = "mettez le texte entre guillemets"


def _french_yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str, Any]:
    """What went wrong, how to fix it, and where: libyaml's English made actionable.

    Some errors are found far from their cause (a quote never closed is only
    noticed at the end of the file): those point at where the construct opened.
    """
    problem = exc.problem or ""
    context = exc.context or ""
    at, opened = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
    lines = text.splitlines()
    found = ""
    if at is not None and at.line < len(lines) and at.column < len(lines[at.line]):
        found = lines[at.line][at.column]
    if "tab character" in problem or found == "\t":
        return "tabulation dans l'indentation", "remplacez les tabulations par des espaces", at
    if "quoted scalar" in context and "end of stream" in problem:
        return "guillemet ouvert ici et jamais fermé", "ajoutez le guillemet fermant à la fin du texte", opened
    if "quoted scalar" in context and "escape" in problem:
        return (
            "barre oblique inverse « \\ » inconnue entre guillemets doubles",
            "écrivez le texte entre apostrophes ('...') ou doublez la barre oblique inverse",
            at,
        )
    if problem.startswith("mapping values are not allowed"):
        before = lines[at.line][: at.column] if at is not None and at.line < len(lines) else ""
        if ": " not in before:  # « champ: valeur » on a line indented under a value
            return (
                "deux-points inattendu : cette ligne est-elle trop en retrait ?",
                "alignez le champ sur les autres champs du même niveau, ou mettez le texte entre guillemets s'il contient « : »",
                at,
            )
        return (
            "deux-points inattendu",
            'un texte qui contient « : » doit être entre guillemets, par exemple titre: "Jardins : mode d\'emploi"',
            at,
        )
    if problem.startswith("block sequence entries are not allowed"):
        return (
            "tiret de liste inattendu",
            "écrivez chaque élément de la liste sur sa propre ligne, en retrait sous le champ, après « - »",
            at,
        )
    if problem.startswith("did not find expected node content"):
        return f"valeur attendue, « {found} » trouvé" if found else "valeur attendue", _QUOTE_HINT, at
    if problem.startswith("could not find expected ':'"):
        return (
            "deux-points manquant après le nom du champ",
            "écrivez « champ: valeur », avec un espace après les deux-points",
            opened,
        )
    if problem.startswith("did not find expected '-' indicator"):
        return "tiret de liste attendu", "dans une liste, chaque élément commence par « - », aligné sur les autres", at
    if problem.startswith("did not find expected ',' or ']'"):
        return "crochet « [ » ouvert ici et jamais fermé", "fermez la liste par « ] » sur la même ligne", opened
    if problem.startswith("did not find expected ',' or '}'"):
        return "accolade « { » ouverte ici et jamais fermée", "fermez le groupe par « } » sur la même ligne", opened
    if problem.startswith("did not find expected key"):
        return "ligne mal placée : un champ « nom: valeur » est attendu ici", _YAML_HINT, at
    if problem.startswith("found undefined alias"):
        return "« * » au début d'une valeur (alias YAML)", _QUOTE_HINT, at
    if problem.startswith("found character that cannot start any token"):
        return f"une valeur ne peut pas commencer par « {found} »", _QUOTE_HINT, at
    if problem.startswith("but found another document"):
        return (
            "une deuxième fiche commence à la ligne « --- »",
            "un fichier contient une seule fiche : retirez la ligne « --- » ou créez un autre fichier",
            at,
        )
    return f"{problem or 'erreur'}", _YAML_HINT, at
