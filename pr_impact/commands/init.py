"""`pr-impact init`: write a commented starter config (and workflows) at the root of the current repository."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from pr_impact.errors import UsageError


def _shown(path: Path, cwd: Path) -> str:
    """`path` as the user would type it from `cwd` (`../.github/pr-impact.yml` from a subdirectory)."""
    return os.path.relpath(path, cwd)


# Where GitHub looks for a pull-request template (names in any case); `init` keeps a team's own.
_PR_TEMPLATE_DIRS = (".github", ".", "docs")


def _pr_template(root: Path) -> Path | None:
    """The repository's pull-request template, if it has one (a file, or a folder of them)."""
    for folder in _PR_TEMPLATE_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for entry in base.iterdir():
            if entry.name.lower() in ("pull_request_template.md", "pull_request_template"):
                return entry
    return None


def init(force: bool, workflow: bool, digest: bool | None, writer: bool = False, template: bool = True) -> None:
    """Write a commented starter config (and workflows) into the current repository; with `writer`, the PR
    workflow has the writer on (GitHub Models with the job's token); with `template`, a pull-request
    template with a "Release notes" section unless the repository has one."""
    from pr_impact.adapters.config_file import DEFAULT_PATH
    from pr_impact.templates import (
        STARTER_CONFIG,
        STARTER_DIGEST_WORKFLOW,
        STARTER_PR_TEMPLATE,
        STARTER_WORKFLOW,
        STARTER_WRITER_WORKFLOW,
    )

    for flag, given in (("--digest", digest), ("--writer", writer)):
        if given and not workflow:
            raise UsageError(f"{flag} needs the workflow that --no-workflow leaves out",
                             hint=f"drop --no-workflow, or {flag}")
    from pr_impact.adapters.git import repo_root_or

    cwd = Path.cwd()
    # The top of the repository `cwd` is in (GitHub reads `.github/` there and only there), else `cwd`.
    root = repo_root_or(cwd)
    targets = [(root / DEFAULT_PATH, STARTER_CONFIG)]
    if workflow:
        pr_workflow = STARTER_WRITER_WORKFLOW if writer else STARTER_WORKFLOW
        targets.append((root / ".github/workflows/pr-impact.yml", pr_workflow))
    if workflow and digest is not False:
        targets.append((root / ".github/workflows/pr-impact-digest.yml", STARTER_DIGEST_WORKFLOW))
    existing = _pr_template(root) if template else None
    if template and existing is None:
        targets.append((root / ".github/pull_request_template.md", STARTER_PR_TEMPLATE))
    for target, _content in targets:
        if target.exists() and not force:
            raise UsageError(f"{_shown(target, cwd)} already exists", hint="pass --force to overwrite it")
    for target, content in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        typer.echo(f"wrote {_shown(target, cwd)}")
    if existing is not None:
        # A team's template is theirs, --force or not: say what would let pr-impact quote it.
        typer.echo(f"kept {_shown(existing, cwd)}: a '## Release notes' section in it gives pr-impact the "
                   "authors' own words for users")
