"""The `pr-impact` command line: thin wiring of adapters, engine and renderers; errors mapped to exit codes here."""

# No `from __future__ import annotations` here: typer reads every command's signature at each run,
# and string annotations would make it compile and evaluate each one, at every command.
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pr_impact import __version__
from pr_impact.errors import EXIT_EXPECT_MISMATCH, PrImpactError, UsageError, exit_code_for, internal_error_line

if TYPE_CHECKING:
    from pr_impact.core.config import Config
    from pr_impact.core.verdict import Verdict

app = typer.Typer(
    name="pr-impact",
    help="Label pull requests by their impact on users: user-facing, tech-debt or internal.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    """Output formats of `check`."""

    text = "text"
    json = "json"
    markdown = "markdown"


class Impact(StrEnum):
    """The three impact classes, for `--expect`."""

    user_facing = "user-facing"
    tech_debt = "tech-debt"
    internal = "internal"


def _version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        typer.echo(f"pr-impact {__version__}")
        raise typer.Exit()


ConfigOpt = Annotated[str | None, typer.Option(
    "--config", "-c", help="Config file (default: .github/pr-impact.yml if present).")]
SnapshotOpt = Annotated[str | None, typer.Option(
    "--snapshot", "-s", help="Replay a PR from a JSON snapshot (or JSON Lines of many); '-' for stdin.")]
BaseOpt = Annotated[str | None, typer.Option(
    "--base", "-b", help="Compare against this ref (default: merge-base with the remote default branch).")]
HeadOpt = Annotated[str, typer.Option("--head", help="The ref to classify.")]
TitleOpt = Annotated[str | None, typer.Option(
    "--title", help="PR title (default: from the commits or the branch name).")]
BodyOpt = Annotated[str | None, typer.Option("--body", help="PR body (default: the commit messages).")]
ColorOpt = Annotated[bool | None, typer.Option(
    "--color/--no-color", help="Colour the terminal report (default: when stdout is a TTY).")]
ExpectOpt = Annotated[Impact | None, typer.Option(
    "--expect", help="Exit 1 when the verdict differs from this class.")]
PrePushOpt = Annotated[bool, typer.Option(
    "--pre-push", help="Take the refs from pre-commit's pre-push variables.")]
VersionOpt = Annotated[bool, typer.Option(
    "--version", callback=_version, is_eager=True, help="Show the version.")]


def _use_color(flag: bool | None) -> bool:
    """Colour when asked, else on a TTY unless NO_COLOR is set."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@app.callback()
def _root(
    version: VersionOpt = False,
) -> None:
    """Label pull requests by their impact on users."""


def _classify_all(config_path: str | None, snapshot: str | None, base: str | None, head: str,
                  title: str | None, body: str | None, pre_push: bool = False) -> tuple[list["Verdict"], "Config"]:
    """Load the config first (its errors come before input errors), then the inputs, and classify each PR."""
    from pr_impact.adapters.config_cache import cache_from_env

    if snapshot is not None:
        from pr_impact.adapters.config_file import load_config
        from pr_impact.adapters.snapshot import parse_snapshots, read_snapshot_file
        from pr_impact.core.engine import classify

        config = load_config(config_path, None, cache_from_env(os.environ))
        prs = list(parse_snapshots(read_snapshot_file(snapshot or "-"), snapshot or "-"))
        return [classify(pr, config) for pr in prs], config
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
    return [classify(pr, config)], config


@app.command()
def check(
    snapshot: SnapshotOpt = None,
    base: BaseOpt = None,
    head: HeadOpt = "HEAD",
    title: TitleOpt = None,
    body: BodyOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    expect: ExpectOpt = None,
    pre_push: PrePushOpt = False,
    color: ColorOpt = None,
) -> None:
    """Classify the current branch against its base (or a snapshot) before pushing."""
    verdicts, _config = _classify_all(config, snapshot, base, head, title, body, pre_push)
    out = []
    for verdict in verdicts:
        if not verdict.signals.files and snapshot is None:
            why = f"nothing to check: no changes between the base and {head}"
            typer.echo(f"pr-impact: {why}", err=True)
            if fmt is Format.json:  # scripts read stdout: an explicit empty result, not nothing
                import json

                sys.stdout.write(json.dumps({"impact": None, "label": None, "files": 0, "why": why}) + "\n")
            return
        if fmt is Format.json:
            from pr_impact.render.json_out import render_json

            out.append(render_json(verdict))
        elif fmt is Format.markdown:
            from pr_impact.render.markdown import render_markdown

            out.append(render_markdown(verdict))
        else:
            from pr_impact.render.text import render_text

            out.append(render_text(verdict, _use_color(color)))
    sys.stdout.write(("" if fmt is Format.json else "\n").join(out))
    if expect is not None and any(v.impact != expect.value for v in verdicts):
        raise typer.Exit(EXIT_EXPECT_MISMATCH)


@app.command()
def explain(
    snapshot: SnapshotOpt = None,
    base: BaseOpt = None,
    head: HeadOpt = "HEAD",
    title: TitleOpt = None,
    body: BodyOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = None,
) -> None:
    """Show the full evidence trace: files, every rule, the scores and why the verdict won."""
    from pr_impact.render.text import render_explain

    verdicts, cfg = _classify_all(config, snapshot, base, head, title, body)
    texts = [render_explain(v, cfg, _use_color(color)) for v in verdicts]
    sys.stdout.write(("\n" + "-" * 60 + "\n").join(texts))


@app.command()
def validate(
    path: Annotated[str | None, typer.Argument(help="Config file (default: .github/pr-impact.yml).")] = None,
) -> None:
    """Check a config file and print every problem (exit 2 when there are any)."""
    from pr_impact.adapters.config_file import DEFAULT_PATH, load_config

    target = path or DEFAULT_PATH
    if not Path(target).is_file():
        raise UsageError(f"config file not found: {target}", hint="pass a path, or run `pr-impact init`")
    cfg = load_config(target)
    typer.echo(f"{target}: ok — {len(cfg.impact_rules)} impact rules, {len(cfg.surface_rules)} surface rules, "
               f"{len(cfg.areas)} areas")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the config file (for editors)."""
    import json

    from pr_impact.core.schema import config_schema

    typer.echo(json.dumps(config_schema(), indent=2))


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    workflow: Annotated[bool, typer.Option("--workflow/--no-workflow", help="Also write the GitHub workflow.")] = True,
    digest: Annotated[bool | None, typer.Option(
        "--digest/--no-digest", help="Also write the weekly digest workflow (default: with the workflow).",
        show_default=False)] = None,
) -> None:
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


@app.command()
def report(
    since: Annotated[str | None, typer.Option(
        "--since", help="First day of the window (ISO date; default: 7 days ago, none with --from/--to).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day of the window (ISO date).")] = None,
    from_ref: Annotated[str | None, typer.Option(
        "--from", help="Start after this ref (e.g. the previous release's tag).")] = None,
    to_ref: Annotated[str | None, typer.Option("--to", help="End at this ref (default: the default branch).")] = None,
    config: ConfigOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    color: ColorOpt = None,
) -> None:
    """The digest of the PRs merged in a window: what shipped for users, from local git history."""
    from pr_impact.adapters.config_cache import cache_from_env
    from pr_impact.report import local_report

    sys.stdout.write(local_report(Path.cwd(), since=since, until=until, from_ref=from_ref, to_ref=to_ref,
                                  config_path=config, fmt=fmt.value, color=_use_color(color),
                                  config_cache=cache_from_env(os.environ)))


@app.command()
def action() -> None:
    """What action.yml runs: read the GitHub Actions event and label and comment on the PR."""
    from pr_impact.action import main as action_main

    raise typer.Exit(action_main(os.environ))


def main() -> None:
    """Entry point: run the app and map every error to its exit code (`errors.exit_code_for`).

    An unexpected exception is a bug: one line and exit 3, no traceback (PR_IMPACT_DEBUG=1 shows it).
    """
    try:
        app()
    except PrImpactError as exc:
        sys.stderr.write(f"pr-impact: error: {exc}\n")
        sys.exit(exit_code_for(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if os.environ.get("PR_IMPACT_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"pr-impact: {internal_error_line(exc)}\n")
        sys.exit(exit_code_for(exc))
