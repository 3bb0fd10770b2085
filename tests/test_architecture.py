"""The pure core and the renderers import no I/O edge (PyGithub, subprocess, typer, ruamel, os) and start no threads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pr_impact"
FORBIDDEN = {"github", "subprocess", "typer", "click", "ruamel", "os", "socket", "urllib", "requests",
             "pr_impact.adapters", "threading", "concurrent", "_thread", "multiprocessing", "asyncio"}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted([*(PACKAGE / "core").rglob("*.py"), *(PACKAGE / "render").rglob("*.py")]),
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_pure_modules_import_no_edge(path: Path) -> None:
    bad = {name for name in imported(path) if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)}
    assert not bad, f"{path.name} imports {sorted(bad)}"



_MUTATORS = {"append", "add", "update", "setdefault", "pop", "popitem", "clear", "extend", "insert", "remove",
             "discard"}


def _changed(node: ast.AST) -> ast.AST | None:
    """What a statement or call changes in place: `x[k] = v`, `x[k] += v` or `x.append(v)` and the like."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
        return node.func.value
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
    return next((t.value for t in targets if isinstance(t, ast.Subscript)), None)


def module_state_changes(path: Path) -> list[str]:
    """Where a function changes state its module holds: a `global`, a cache decorator, a module-level
    name changed in place (a memo, a countdown, the last config seen...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {t.id for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)
             for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
        if not isinstance(node, ast.FunctionDef):
            continue
        found += [f"line {node.lineno}: @{ast.unparse(d)}" for d in node.decorator_list if "cache" in ast.unparse(d)]
        for inner in ast.walk(node):
            target = _changed(inner)
            if isinstance(target, ast.Name) and target.id in names:
                found.append(f"line {inner.lineno}: {target.id} changed in {node.name}()")
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").rglob("*.py")),
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_the_core_keeps_no_state_between_calls(path: Path) -> None:
    """What a run compiles lives in the compiled config it returns, not in module-level caches: a
    verdict never depends on what was classified before."""
    changes = module_state_changes(path)
    assert not changes, f"{path.name} keeps state between calls: {changes}"
