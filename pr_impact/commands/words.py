"""The writer step of the local commands (`check`, `explain`, `report`): the model's words when the writer is
on, one notice on stderr when it gave none (the run goes on with the rules' words)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pr_impact.adapters.writer import Writer
    from pr_impact.core.config import Config, WriterSettings
    from pr_impact.core.verdict import Verdict


def writer_named(settings: WriterSettings, env: Mapping[str, str]) -> bool:
    """Whether a model is named (PR_IMPACT_MODEL, else the config's `writer.model`): the cheap test that
    comes before importing the writer's modules. True whenever writer.writer_setup may give a setup, which
    still decides (PR_IMPACT_MODEL=off names a model and turns the writer off)."""
    return bool(env.get("PR_IMPACT_MODEL", "").strip() or settings.model)


def local_writer(config: Config, where: Path | None = None) -> Writer | None:
    """The writer for a local run (off unless a model is configured or PR_IMPACT_MODEL names one); a
    `writer.prompt` file is read from the root of the repository holding `where` (default: the current
    directory)."""
    if not writer_named(config.writer, os.environ):
        return None  # off: the writer's modules not imported, nothing read
    from pr_impact.adapters.writer import from_config

    writer, notice = from_config(config.writer, os.environ, prompt_reader(where))
    if notice:
        tell(notice)
    return writer


def prompt_reader(where: Path | None) -> Callable[[str], str | None]:
    """Reads a `writer.prompt` file relative to the root of the repository holding `where` (default: the
    current directory; outside a repository, that directory); None when it is not there."""

    def read(path: str) -> str | None:
        from pr_impact.adapters.git import repo_root_or

        try:
            return (repo_root_or(where or Path.cwd()) / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read


def with_words(verdicts: Sequence[Verdict], config: Config, where: Path | None = None,
               batched: bool = False) -> list[Verdict]:
    """The verdicts with the model's words where the writer is on and answered; else as they are."""
    writer = local_writer(config, where)
    if writer is None or not verdicts:
        return list(verdicts)
    out = writer.write_many(verdicts) if batched and len(verdicts) > 1 else [writer.write(v) for v in verdicts]
    notice = writer.notice()
    if notice:
        tell(notice)
    return out


def tell(notice: str) -> None:
    """One notice on stderr, safe in an Actions log (no workflow command can ride in a server's message)."""
    _stderr("notice", notice)


def warn(warning: str) -> None:
    """One warning on stderr (a ticket lookup's problem), as safe as a notice."""
    _stderr("warning", warning)


def _stderr(kind: str, message: str) -> None:
    from pr_impact.render.neutralise import workflow_safe

    sys.stderr.write(f"pr-impact: {kind}: {workflow_safe(message)}\n")
