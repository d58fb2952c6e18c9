"""The layout's promises, checked on the code itself: the floors hold and nothing imports in a circle.

`kiosk/core` is pure Python, so that every rule can be tested without a screen or libvlc and read
without knowing Qt. Packages import downwards only (core <- media <- ui <- app), and no two
modules import each other, directly or round a circle, at any depth: not at the top, not inside a
function and not behind `TYPE_CHECKING`. A circle hidden in a function is still a circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "kiosk"

# What each floor may import of kiosk. The top-level modules (cli, errors, __main__) and `app`
# wire everything; the terminal commands open the services and may ask libvlc (`kiosk check`).
FLOORS = {
    "kiosk.core": ("kiosk.core",),
    "kiosk.media": ("kiosk.core", "kiosk.media", "kiosk.errors"),
    "kiosk.ui": (
        "kiosk.core",
        "kiosk.media.interface",
        "kiosk.media.pool",
        "kiosk.ui",
        "kiosk.errors",
    ),
    "kiosk.commands": (
        "kiosk.core",
        "kiosk.media",
        "kiosk.app.services",
        "kiosk.commands",
        "kiosk.errors",
    ),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def kiosk_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> Iterator[str]:
    """Every name `path` imports, relative imports made absolute, wherever in the file the
    import stands: `from kiosk.core.config import schema` gives kiosk.core.config and
    kiosk.core.config.schema (the module it imports)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def imported_modules(path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """Every kiosk module that `path` imports."""
    return (target for target in imports(path) if target in modules)


def import_graph() -> dict[str, set[str]]:
    modules = kiosk_modules()
    return {name: set(imported_modules(path, modules)) - {name} for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_every_module_under_kiosk_core_imports_neither_qt_nor_vlc() -> None:
    # A fresh interpreter: this test process may have loaded both for other tests.
    core = sorted(name for name in kiosk_modules() if name.startswith("kiosk.core"))
    probe = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'vlc'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert len(core) > 40
    assert done.stdout.strip() == "[]"


def test_no_module_under_kiosk_core_imports_qt_or_vlc_even_later() -> None:
    # The probe above sees what loads at import; this sees an import inside a function too.
    found = [
        f"{module_name(path)} imports {target}"
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        for target in imports(path)
        if target.split(".")[0] in {"PySide6", "shiboken6", "vlc"}
    ]
    assert found == []


def test_no_module_under_kiosk_imports_in_a_circle() -> None:
    graph = import_graph()
    assert "kiosk.core.limits.limits" in graph["kiosk.app.services"]  # the graph is read at all
    assert circles(graph) == []


def test_each_floor_imports_only_the_floors_below_it() -> None:
    breaches = []
    for module, imports in import_graph().items():
        for floor, allowed in FLOORS.items():
            if module == floor or module.startswith(floor + "."):
                breaches += [
                    f"{module} imports {target}"
                    for target in sorted(imports)
                    if not any(target == ok or target.startswith(ok + ".") for ok in allowed)
                ]
    assert breaches == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
