"""`pr-impact validate`: check a config file and print every problem."""

from __future__ import annotations

from pathlib import Path

import typer

from pr_impact.errors import UsageError


def validate(path: str | None) -> None:
    """Check a config file and print every problem (exit 2 when there are any)."""
    from pr_impact.adapters.config_file import DEFAULT_PATH, load_config

    target = path or DEFAULT_PATH
    if not Path(target).is_file():
        raise UsageError(f"config file not found: {target}", hint="pass a path, or run `pr-impact init`")
    cfg = load_config(target)
    trackers = ""
    if cfg.trackers is not None:
        named = [f"Jira ({', '.join(cfg.trackers.jira.projects)})" if cfg.trackers.jira else "",
                 f"Linear ({', '.join(cfg.trackers.linear.teams)})" if cfg.trackers.linear else ""]
        trackers = ", tickets from " + " and ".join(n for n in named if n)
    typer.echo(f"{target}: ok — {len(cfg.impact_rules)} impact rules, {len(cfg.surface_rules)} surface rules, "
               f"{len(cfg.areas)} areas{trackers}")
