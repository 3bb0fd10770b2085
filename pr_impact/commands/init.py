"""`pr-impact init`: write a commented starter config (and workflows) at the root of the current repository."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from pr_impact.errors import GitError, UsageError


def _root(cwd: Path) -> Path:
    """Where the files go: the top of the repository `cwd` is in (GitHub reads `.github/` there and only
    there), else `cwd` itself, for a project that is not a git repository yet."""
    from pr_impact.adapters.git import find_repo_root

    try:
        return find_repo_root(cwd)
    except GitError:
        return cwd


def _shown(path: Path, cwd: Path) -> str:
    """`path` as the user would type it from `cwd` (`../.github/pr-impact.yml` from a subdirectory)."""
    return os.path.relpath(path, cwd)


def init(force: bool, workflow: bool, digest: bool | None) -> None:
    """Write a commented starter config (and workflows) into the current repository."""
    from pr_impact.adapters.config_file import DEFAULT_PATH
    from pr_impact.templates import STARTER_CONFIG, STARTER_DIGEST_WORKFLOW, STARTER_WORKFLOW

    if digest and not workflow:
        raise UsageError("--digest needs the workflow that --no-workflow leaves out",
                         hint="drop --no-workflow, or --digest")
    cwd = Path.cwd()
    root = _root(cwd)
    targets = [(root / DEFAULT_PATH, STARTER_CONFIG)]
    if workflow:
        targets.append((root / ".github/workflows/pr-impact.yml", STARTER_WORKFLOW))
    if workflow and digest is not False:
        targets.append((root / ".github/workflows/pr-impact-digest.yml", STARTER_DIGEST_WORKFLOW))
    for target, _content in targets:
        if target.exists() and not force:
            raise UsageError(f"{_shown(target, cwd)} already exists", hint="pass --force to overwrite it")
    for target, content in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        typer.echo(f"wrote {_shown(target, cwd)}")
