"""`pr-impact init`: write a commented starter config (and workflows) into the current repository."""

from __future__ import annotations

from pathlib import Path

import typer

from pr_impact.errors import UsageError


def init(force: bool, workflow: bool, digest: bool | None) -> None:
    """Write a commented starter config (and workflows) into the current repository."""
    from pr_impact.adapters.config_file import DEFAULT_PATH
    from pr_impact.templates import STARTER_CONFIG, STARTER_DIGEST_WORKFLOW, STARTER_WORKFLOW

    if digest and not workflow:
        raise UsageError("--digest needs the workflow that --no-workflow leaves out",
                         hint="drop --no-workflow, or --digest")
    targets = [(Path(DEFAULT_PATH), STARTER_CONFIG)]
    if workflow:
        targets.append((Path(".github/workflows/pr-impact.yml"), STARTER_WORKFLOW))
    if workflow and digest is not False:
        targets.append((Path(".github/workflows/pr-impact-digest.yml"), STARTER_DIGEST_WORKFLOW))
    for target, _content in targets:
        if target.exists() and not force:
            raise UsageError(f"{target} already exists", hint="pass --force to overwrite it")
    for target, content in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        typer.echo(f"wrote {target}")
