"""The package's layers: every module imports only modules of its own layer or of
the layers below, and no two modules import each other, directly or not
(imports read from the source with ast, ``TYPE_CHECKING`` ones included)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "observatoire"

LAYERS = {
    "core": 1,
    "records": 2,
    "site": 3,
    "search": 3,
    "exports": 3,
    "build": 4,
    "commands": 5,
    "cli": 5,
    "__main__": 5,
}
"""Layer of each top-level part of the package (see ../shared/notes/architecture.md):
core, records, then three siblings that never import one another, the build, the faces."""
OUTPUTS = 3
"""The layer of the outputs: site, search and exports never import one another."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                    )
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "observatoire"


def test_every_module_belongs_to_a_layer():
    assert {_part(m) for m in import_graph()} - {"observatoire"} <= set(LAYERS)


def test_no_import_climbs_a_layer_or_crosses_to_a_sibling():
    wrong = []
    for module, targets in import_graph().items():
        if module == "observatoire":
            continue
        for target in targets:
            here, there = _part(module), _part(target)
            siblings = LAYERS[here] == LAYERS[there] == OUTPUTS
            if here != there and (LAYERS[there] > LAYERS[here] or siblings):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycle():
    graph = import_graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(
                    " -> ".join(path[path.index(target) :] + [node, target])
                    if target in path
                    else f"{node} -> {target}"
                )
            elif target not in state:
                visit(target, path + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert not cycles, "\n".join(cycles)
