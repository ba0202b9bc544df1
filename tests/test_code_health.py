"""The import rules of the house (docs/architecture.md), checked on the source.

The graph is read with ``ast``, without importing anything, so it sees imports
inside functions too: a cycle hidden behind a function-level import is still a
cycle, it only fails later and at a worse moment.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("distro", "plugins")


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported project module
    path: Path
    line: int
    deferred: bool  # inside a function
    has_reason: bool  # a comment on the line or directly above it


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            # Migrations are generated and import nothing of ours but models' helpers.
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING"


def _has_reason(lines: list[str], line: int) -> bool:
    if "#" in lines[line - 1]:
        return True
    above = lines[line - 2].strip() if line >= 2 else ""
    return above.startswith("#")


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    source = path.read_text()
    lines = source.splitlines()
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    def add(target, node, deferred):
        target = resolve(target)
        # A module importing its own package (or a parent) is not an arrow between parts.
        if target and target != name and not name.startswith(target + "."):
            found.append(Import(name, target, path, node.lineno, deferred, _has_reason(lines, node.lineno)))

    def visit(node, deferred):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name, child, deferred)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module
                for alias in child.names:
                    submodule = f"{module}.{alias.name}"
                    add(submodule if submodule in modules else module, child, deferred)
            visit(child, deferred or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(source, str(path)), False)
    return found


def all_imports() -> list[Import]:
    modules = project_modules()
    return [imp for name, path in modules.items() for imp in imports_of(name, path, modules)]


def cycles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.source, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


def _where(imp: Import) -> str:
    return f"{imp.path.relative_to(ROOT)}:{imp.line} ({imp.source} -> {imp.target}{', in a function' if imp.deferred else ''})"


def _unique(lines) -> list[str]:
    # `from x import a, b` is one import line, reported once.
    return list(dict.fromkeys(lines))


def test_no_import_cycles_between_modules():
    imports = all_imports()
    found = cycles(imports)
    arrows = _unique(
        _where(imp) for component in found for imp in imports if imp.source in component and imp.target in component
    )
    assert not found, "Import cycles (break them; see docs/architecture.md):\n" + "\n".join(arrows)


def test_the_core_never_imports_a_plugin():
    arrows = _unique(
        _where(imp) for imp in all_imports() if imp.source.startswith("distro") and imp.target.startswith("plugins")
    )
    assert not arrows, "The core imports a plugin; use an extension point instead:\n" + "\n".join(arrows)


def test_plugins_do_not_import_each_other():
    def plugin(module):
        return ".".join(module.split(".")[:2])

    arrows = _unique(
        _where(imp)
        for imp in all_imports()
        if imp.source.startswith("plugins.")
        and imp.target.startswith("plugins.")
        and plugin(imp.source) != plugin(imp.target)
    )
    assert not arrows, "A plugin imports another plugin; use an extension point instead:\n" + "\n".join(arrows)


def test_every_function_level_import_says_why():
    # Django needs some imports deferred (models in modules read before the app
    # registry is ready, AppConfig.ready()); anything else belongs at the top.
    silent = _unique(_where(imp) for imp in all_imports() if imp.deferred and not imp.has_reason)
    assert not silent, (
        "Import inside a function without a reason: move it to the top of the module, "
        "or write on or above it why it must wait:\n" + "\n".join(silent)
    )


def test_the_checks_see_a_cycle_and_a_silent_import(tmp_path, monkeypatch):
    # The checks above must be able to fail: build a tiny package with both faults.
    package = tmp_path / "distro"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from distro import b\n")
    (package / "b.py").write_text("def f():\n    from distro import a\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    monkeypatch.setattr(__import__(__name__), "PACKAGES", ("distro",))
    imports = all_imports()
    assert cycles(imports) == [["distro.a", "distro.b"]]
    assert [(imp.source, imp.deferred, imp.has_reason) for imp in imports if imp.deferred] == [
        ("distro.b", True, False)
    ]
