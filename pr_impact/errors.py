"""The one error hierarchy of pr-impact, and the exit code each error maps to."""

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
    """A snapshot file that is not valid JSON or not shaped like SPEC section 7."""


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
