"""A problem found in the content, reported as one line a contributor can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "erreur"
ADVICE = "conseil"
"""A problem's severity: an error stops the build and makes ``check`` fail; an
advice is printed after the errors, in the same form, and blocks nothing."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file (an error), or worth improving (an advice).

    Rendered as ``path:line:column: field: what is wrong — how to fix it``
    (an advice's message starts with « conseil : »).
    ``field`` is the dotted path of the offending field, or ``fichier`` for a
    problem with the file as a whole.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        message = f"{ADVICE} : {self.message}" if self.severity == ADVICE else self.message
        text = f"{self.path}:{self.line}:{self.column}: {self.field}: {message}"
        if self.hint:
            text += f" — {self.hint}"
        # a value quoted in the message may hold line breaks: the problem stays on one line
        return "⏎".join(text.splitlines())


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a contributor typed it: relative to ``base`` (cwd) when possible."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def field_name(loc: tuple) -> str:
    """``("sources", 1, "url")`` -> ``sources[1].url``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "fichier"


def summarize(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    n = len(problems)
    return f"{n} problème{'s' if n > 1 else ''} dans {files} fichier{'s' if files > 1 else ''}"
