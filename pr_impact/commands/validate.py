"""`pr-impact validate`: check a config file (and the writer's prompt file it names) and print every problem."""

from __future__ import annotations

from pathlib import Path

import typer

from pr_impact.errors import ConfigError, UsageError

PROMPT_SUFFIXES = (".prompt.yml", ".prompt.yaml")


def validate(path: str | None) -> None:
    """Check a config file, or a writer prompt file (`*.prompt.yml`), and print every problem (exit 2 when
    there are any). A config's `writer.prompt` file is checked with it."""
    from pr_impact.adapters.config_file import DEFAULT_PATH, load_config

    target = path or DEFAULT_PATH
    if not Path(target).is_file():
        raise UsageError(f"config file not found: {target}", hint="pass a path, or run `pr-impact init`")
    if target.endswith(PROMPT_SUFFIXES):
        typer.echo(_prompt(target, Path(target).read_text(encoding="utf-8")))
        return
    cfg = load_config(target)
    trackers = ""
    if cfg.trackers is not None:
        named = [f"Jira ({', '.join(cfg.trackers.jira.projects)})" if cfg.trackers.jira else "",
                 f"Linear ({', '.join(cfg.trackers.linear.teams)})" if cfg.trackers.linear else ""]
        trackers = ", tickets from " + " and ".join(n for n in named if n)
    typer.echo(f"{target}: ok — {len(cfg.impact_rules)} impact rules, {len(cfg.surface_rules)} surface rules, "
               f"{len(cfg.areas)} areas{trackers}")
    if cfg.writer.prompt:
        from pr_impact.commands.words import prompt_reader

        text = prompt_reader(None)(cfg.writer.prompt)
        if text is None:
            raise ConfigError(f"{target}: writer.prompt: the prompt file {cfg.writer.prompt} was not found",
                              hint="give its path from the repository's root")
        typer.echo(_prompt(cfg.writer.prompt, text))


def _prompt(source: str, text: str) -> str:
    """One line for a prompt file that passes; ConfigError listing every problem for one that does not."""
    from pr_impact.adapters.writer import load_prompt

    prompt = load_prompt(text, source)
    return f"{source}: ok — a writer prompt of {len(prompt.messages)} messages"
