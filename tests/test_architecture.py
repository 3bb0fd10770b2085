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
