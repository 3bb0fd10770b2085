"""The one error hierarchy of pr-impact, and the one function that maps any error to an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_EXPECT_MISMATCH = 1
EXIT_USAGE = 2
EXIT_EXTERNAL = 3


class PrImpactError(Exception):
    """Base of every error pr-impact reports; the message says what failed and how to fix it."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(PrImpactError):
    """Bad command-line input: wrong option values, missing files."""


class SnapshotError(PrImpactError):
    """A snapshot file that is not valid JSON or not shaped as the README's "Snapshots" section describes."""


class ConfigError(PrImpactError):
    """A configuration file that cannot be read or does not validate; carries every problem."""

    def __init__(self, message: str, problems: list[str] | None = None, *, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.problems = problems or []

    def __str__(self) -> str:
        head = super().__str__()
        return "\n".join([head, *self.problems]) if self.problems else head


class GitError(PrImpactError):
    """A git command failed or the working directory is not a usable repository."""

    exit_code = EXIT_EXTERNAL


class GitHubError(PrImpactError):
    """The GitHub API failed in a way that could not be retried or degraded."""

    exit_code = EXIT_EXTERNAL


class WriterError(PrImpactError):
    """The writer's model gave no usable words (unreachable, refused, timed out, not the JSON asked for). It
    never ends a run: the comment keeps the rules' own words and one notice says why."""

    exit_code = EXIT_EXTERNAL


def exit_code_for(err: BaseException, *, fail_on_error: bool = True) -> int:
    """The exit code for an error that ended a run, used by both the CLI and the Action.

    A pr-impact error exits with its own code (2 usage or config, 3 git or GitHub); anything
    else is an internal error, exit 3. With `fail_on_error` False (the Action's
    `fail-on-error: false`) every error is reported but the step still succeeds: exit 0.
    """
    if not fail_on_error:
        return EXIT_OK
    return err.exit_code if isinstance(err, PrImpactError) else EXIT_EXTERNAL


def internal_error_line(err: BaseException) -> str:
    """One line for an unexpected exception: its type and message, and a request to report it."""
    message = " ".join(str(err).split())
    what = f"{type(err).__name__}: {message}" if message else type(err).__name__
    return f"internal error: {what} (please report it)"
