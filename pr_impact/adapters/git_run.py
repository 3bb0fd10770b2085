"""The one place pr-impact runs git (`run_git`, `stream_git`): clean environment, time limit, errors that explain."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from pr_impact.errors import GitError

GIT_TIMEOUT_SECONDS = 120
BASE_HINT = "pass --base REF"

# Dropped from git's environment. The first group is what a git hook exports to point git at
# *its* repository and index; inherited by a pre-push hook it would redirect us away from `cwd`.
# The last two would override --unified and --no-ext-diff, changing the patches we parse.
_IGNORED_VARS = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
        "GIT_DIFF_OPTS",
        "GIT_EXTERNAL_DIFF",
    }
)


class GitFailed(GitError):
    """A git command exited non-zero; keeps the status and stderr so callers can explain it better."""

    def __init__(self, message: str, *, hint: str, returncode: int, stderr: str) -> None:
        super().__init__(message, hint=hint)
        self.returncode = returncode
        self.stderr = stderr


def run_git(args: Sequence[str], cwd: str | Path, *, hint: str = "") -> bytes:
    """Run `git <args>` in `cwd` to its end and return its raw stdout.

    GitFailed (a GitError) when git exits non-zero, naming the command, its status and git's reason;
    GitError when git cannot be started or runs past GIT_TIMEOUT_SECONDS (it is then killed and
    reaped). `hint` is the fix to suggest when git's own message does not imply a better one.
    """
    with _spawn(args, cwd) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=GIT_TIMEOUT_SECONDS)
        except BaseException as exc:
            proc.kill()  # leaving the block closes the pipes and reaps it
            if isinstance(exc, subprocess.TimeoutExpired):
                raise _timed_out(args, hint) from None
            raise
    _check_exit(proc, args, stderr, hint)
    return stdout


def stream_git(args: Sequence[str], cwd: str | Path, *, hint: str = "", size: int = 1 << 20) -> Iterator[bytes]:
    """`run_git` for output too large to hold at once (a history): stdout in chunks as git writes it.

    Its exit is checked once the output ends, as `run_git` checks it. Closing the iterator early
    (or an error) kills and reaps git. GIT_TIMEOUT_SECONDS counts from the end of the output.
    """
    with _spawn(args, cwd) as proc:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        try:
            while chunk := os.read(fd, size):
                yield chunk
            _, stderr = proc.communicate(timeout=GIT_TIMEOUT_SECONDS)  # stderr, and the exit
        except BaseException as exc:
            proc.kill()
            if isinstance(exc, subprocess.TimeoutExpired):
                raise _timed_out(args, hint) from None
            raise
    _check_exit(proc, args, stderr, hint)


def _spawn(args: Sequence[str], cwd: str | Path) -> subprocess.Popen[bytes]:
    """Start `git <args>` in `cwd`: the only place pr-impact starts a process."""
    # quotepath=off: non-ASCII paths come out as their bytes, not as octal escapes.
    cmd = ["git", "--no-pager", "-c", "core.quotepath=off", *args]
    try:
        return subprocess.Popen(
            cmd, cwd=cwd, env=_git_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise GitError(
            f"could not run git in {cwd}: {exc.strerror or exc}", hint="install git and put it on PATH"
        ) from None


def _timed_out(args: Sequence[str], hint: str) -> GitError:
    return GitError(
        f"`{_shown(args)}` did not finish within {GIT_TIMEOUT_SECONDS} s", hint=hint or "retry, or " + BASE_HINT
    )


def _check_exit(proc: subprocess.Popen[bytes], args: Sequence[str], stderr: bytes, hint: str) -> None:
    """GitFailed, with git's own explanation, when git exited non-zero."""
    if proc.returncode != 0:
        text = stderr.decode("utf-8", "replace")
        raise GitFailed(
            f"`{_shown(args)}` failed with exit status {proc.returncode}: {_first_error_line(text)}",
            hint=_hint_for(text, hint),
            returncode=proc.returncode,
            stderr=text,
        )


def _git_env() -> dict[str, str]:
    """The environment for git: stable English messages, never a prompt or a pager."""
    env = {k: v for k, v in os.environ.items() if k not in _IGNORED_VARS}
    env.update(
        LC_ALL="C",  # messages we match on (and show) are the untranslated ones
        GIT_TERMINAL_PROMPT="0",  # a credential prompt would hang a hook forever
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",  # never contend for index.lock with the user's own git commands
    )
    return env


def _shown(args: Sequence[str]) -> str:
    """The command as a user would type it, for messages."""
    import shlex  # only on the way to an error message

    return "git " + shlex.join(args)


def _first_error_line(stderr: str) -> str:
    """The line of git's stderr that explains the failure: the first fatal/error line, else the first line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[0] if lines else "(no message)"


def _hint_for(stderr: str, default: str) -> str:
    """A fix for failures whose cause git names but whose remedy it does not."""
    if "dubious ownership" in stderr:
        return "mark the repository as safe: git config --global --add safe.directory <path>"
    if "shallow" in stderr:
        return "fetch more history (git fetch --unshallow), or " + BASE_HINT
    return default or "run the command in the repository to see git's full output"
