"""What the Action writes for the runner: workflow commands, step outputs and the job summary."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TextIO

from pr_impact.render.neutralise import escape_workflow_data, escape_workflow_property, inline, workflow_safe


class Log:
    """Workflow commands and log lines; every message is neutralised, so author text cannot inject a command."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.warnings: list[str] = []

    def info(self, text: str) -> None:
        self.out.write(workflow_safe(text) + "\n")

    def command(self, name: str, message: str, title: str = "") -> None:
        props = f" title={escape_workflow_property(title)}" if title else ""
        self.out.write(f"::{name}{props}::{escape_workflow_data(workflow_safe(message))}\n")

    def notice(self, message: str) -> None:
        self.command("notice", message, "pr-impact")

    def warning(self, message: str) -> None:
        self.warnings.append(message)
        self.command("warning", message, "pr-impact")

    def error(self, message: str) -> None:
        self.command("error", message, "pr-impact")

    def mask(self, secret: str) -> None:
        if secret:
            self.out.write(f"::add-mask::{secret}\n")


def write_outputs(path: str, values: Mapping[str, str]) -> None:
    """Append `name<<DELIM` blocks, a fresh random delimiter each, to $GITHUB_OUTPUT."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            while delimiter in value:  # pragma: no cover - 128 random bits
                delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            fh.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def write_summary(path: str, markdown: str) -> None:
    """Append to the job summary (a no-op outside Actions)."""
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(markdown.rstrip("\n") + "\n")


def failure_summary(error: str, warnings: list[str]) -> str:
    """The job summary of a run that ended without a verdict: the error, and any warnings before it."""
    # Errors and warnings quote config text, server messages and PR text: never trusted as Markdown.
    lines = ["### pr-impact could not classify this PR", "", *(f"    {line}" for line in error.splitlines())]
    if warnings:
        lines += ["", "**Also:**", "", *(f"- {inline(w, 600)}" for w in warnings)]
    return "\n".join(lines)
