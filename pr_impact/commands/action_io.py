"""What the Action writes for the runner: workflow commands, step outputs and the job summary."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from pr_impact.errors import UsageError
from pr_impact.render.neutralise import escape_workflow_data, escape_workflow_property, inline, workflow_safe

# The events that run the digest (action_digest.py) rather than a PR's check.
DIGEST_EVENTS = frozenset({"schedule", "workflow_dispatch", "release"})
# The job summary's heading when a run ends early, by what it was doing.
CHECK_FAILED, DIGEST_FAILED = "pr-impact could not classify this PR", "pr-impact could not report what shipped"


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


def read_json(path: str, what: str) -> dict[str, Any]:
    """A JSON object from a file, or a UsageError saying which file is wrong."""
    if not path:
        raise UsageError(f"{what}: no path given", hint="run pr-impact inside GitHub Actions")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise UsageError(f"cannot read {what} {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{what} {path} is not a JSON object")
    return data


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


def failure_summary(error: str, warnings: list[str], heading: str = CHECK_FAILED) -> str:
    """The job summary of a run that ended early: the error, and any warnings before it."""
    # Errors and warnings quote config text, server messages and PR text: never trusted as Markdown.
    lines = [f"### {heading}", "", *(f"    {line}" for line in error.splitlines())]
    if warnings:
        lines += ["", "**Also:**", "", *(f"- {inline(w, 600)}" for w in warnings)]
    return "\n".join(lines)
