"""The `pr-impact` command line: typer wiring of the commands (pr_impact/commands); errors mapped to exit codes here."""

# No `from __future__ import annotations` here: typer reads every command's signature at each run,
# and string annotations would make it compile and evaluate each one, at every command.
import os
import sys
from enum import StrEnum
from typing import Annotated

import typer

from pr_impact import __version__
from pr_impact.errors import PrImpactError, exit_code_for, internal_error_line

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


class GroupBy(StrEnum):
    """What `report` groups shipped PRs by."""

    area = "area"
    epic = "epic"


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
    from pr_impact.commands.check import check as run

    run(snapshot, base, head, title, body, config, fmt.value, None if expect is None else expect.value, pre_push,
        _use_color(color))


@app.command()
def explain(
    snapshot: SnapshotOpt = None,
    base: BaseOpt = None,
    head: HeadOpt = "HEAD",
    title: TitleOpt = None,
    body: BodyOpt = None,
    config: ConfigOpt = None,
    color: ColorOpt = None,
    writer_request: Annotated[bool, typer.Option(
        "--writer-request", help="Print the exact request the writer sends to the model (JSON Lines); send none.")
    ] = False,
) -> None:
    """Show the full evidence trace: files, every rule, the scores and why the verdict won."""
    from pr_impact.commands.explain import explain as run

    run(snapshot, base, head, title, body, config, _use_color(color), writer_request)


@app.command()
def validate(
    path: Annotated[str | None, typer.Argument(
        help="Config file (default: .github/pr-impact.yml), or a writer prompt file (*.prompt.yml).")] = None,
) -> None:
    """Check a config file (or a writer prompt file) and print every problem (exit 2 when there are any)."""
    from pr_impact.commands.validate import validate as run

    run(path)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the config file (for editors)."""
    from pr_impact.commands.schema import schema as run

    run()


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    workflow: Annotated[bool, typer.Option("--workflow/--no-workflow", help="Also write the GitHub workflow.")] = True,
    digest: Annotated[bool | None, typer.Option(
        "--digest/--no-digest", help="Also write the weekly digest workflow (default: with the workflow).",
        show_default=False)] = None,
    writer: Annotated[bool, typer.Option(
        "--writer/--no-writer", help="The workflow turns the writer on: GitHub Models words the comment.")] = False,
    template: Annotated[bool, typer.Option(
        "--template/--no-template",
        help="Also write a pull-request template with a Release notes section (kept if the repo has one).")] = True,
) -> None:
    """Write a commented starter config (and workflows) into the current repository."""
    from pr_impact.commands.init import init as run

    run(force, workflow, digest, writer, template)


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
    group_by: Annotated[GroupBy | None, typer.Option(
        "--group-by", help="Group what shipped by product area or by the tickets' epic or project "
        "(default: the config's trackers.group_by, else area).")] = None,
) -> None:
    """The digest of the PRs merged in a window: what shipped for users, from local git history."""
    from pr_impact.commands.report import report as run

    run(since, until, from_ref, to_ref, config, fmt.value, _use_color(color),
        None if group_by is None else group_by.value)


@app.command()
def action() -> None:
    """What action.yml runs: read the GitHub Actions event and label and comment on the PR."""
    from pr_impact.commands.action import main as action_main

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
