"""`pr-impact check`: classify the current branch against its base (or a snapshot) before pushing."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pr_impact.errors import EXIT_EXPECT_MISMATCH

if TYPE_CHECKING:
    from pr_impact.core.config import Config
    from pr_impact.core.model import PullRequest
    from pr_impact.core.verdict import Verdict


def classify_all(config_path: str | None, snapshot: str | None, base: str | None, head: str,
                 title: str | None, body: str | None, pre_push: bool = False) -> tuple[list[Verdict], Config]:
    """Load the config first (its errors come before input errors), then the inputs, and classify each PR."""
    from pr_impact.adapters.config_cache import cache_from_env

    if snapshot is not None:
        from pr_impact.adapters.config_file import load_config
        from pr_impact.adapters.snapshot import parse_snapshots, read_snapshot_file
        from pr_impact.core.engine import classify

        config = load_config(config_path, None, cache_from_env(os.environ))
        prs = list(parse_snapshots(read_snapshot_file(snapshot or "-"), snapshot or "-"))
        return [classify(pr, config) for pr in with_tickets(prs, config)], config
    from pr_impact.adapters import git

    branch = None
    if pre_push:
        pushed = git.refs_from_pre_commit(os.environ)
        base, head, branch = base or pushed.base, pushed.head or head, pushed.branch or None
    # The root's errors come before the config's, and the branch's after them. git reads the
    # branch while this thread imports the engine and loads the config.
    root = git.find_repo_root(Path.cwd())
    reading = git.read_in_background(root, base=base, head=head, title=title, body=body, branch=branch)
    from pr_impact.adapters.config_file import load_config
    from pr_impact.core.engine import classify

    config = load_config(config_path, root, cache_from_env(os.environ))
    pr = reading()
    return [classify(pr, config) for pr in with_tickets([pr], config)], config


def with_tickets(prs: list[PullRequest], config: Config) -> list[PullRequest]:
    """The PRs with the tickets their text names (looked up when JIRA_API_TOKEN or LINEAR_API_KEY is set),
    problems on stderr. Without trackers in the config, the PRs as they are and no import."""
    if config.trackers is None:
        return prs
    from pr_impact.adapters.tickets import Credentials, attach_tickets, local_retrier
    from pr_impact.commands.words import warn

    credentials, retrier = Credentials.from_env(os.environ), local_retrier()  # one budget for all the PRs
    out = []
    for pr in prs:
        found = attach_tickets(pr, config.trackers, credentials, retrier)
        for warning in found.warnings:
            warn(warning)
        out.append(found.pr)
    return out


def check(snapshot: str | None, base: str | None, head: str, title: str | None, body: str | None,
          config: str | None, fmt: str, expect: str | None, pre_push: bool, color: bool) -> None:
    """Classify and print each verdict in `fmt` (text, json or markdown); exit 1 when one differs from `expect`.
    With the writer on, a model words each comment (not on a pre-push hook: a push must stay fast)."""
    verdicts, loaded = classify_all(config, snapshot, base, head, title, body, pre_push)
    writing = loaded.writer.model or os.environ.get("PR_IMPACT_MODEL", "").strip()  # else nothing more is imported
    if writing and not pre_push and (snapshot is not None or any(v.signals.files for v in verdicts)):
        from pr_impact.commands.words import with_words

        verdicts = with_words(verdicts, loaded)
    out = []
    for verdict in verdicts:
        if not verdict.signals.files and snapshot is None:
            why = f"nothing to check: no changes between the base and {head}"
            typer.echo(f"pr-impact: {why}", err=True)
            if fmt == "json":  # scripts read stdout: an explicit empty result, not nothing
                import json

                sys.stdout.write(json.dumps({"impact": None, "label": None, "files": 0, "why": why}) + "\n")
            return
        if fmt == "json":
            from pr_impact.render.json_out import render_json

            out.append(render_json(verdict))
        elif fmt == "markdown":
            from pr_impact.render.markdown import render_markdown

            out.append(render_markdown(verdict))
        else:
            from pr_impact.render.text import render_text

            out.append(render_text(verdict, color))
    sys.stdout.write(("" if fmt == "json" else "\n").join(out))
    if expect is not None and any(v.impact != expect for v in verdicts):
        raise typer.Exit(EXIT_EXPECT_MISMATCH)
