"""Local git as a source of pull requests, with every git process started from one choke point."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from pr_impact.adapters import links
from pr_impact.adapters.git_diff import DIFF_CONFIG, DIFF_OPTIONS, parse_diff
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import GitError, PrImpactError, UsageError

# Only a runaway base (thousands of commits) gets near this; GitHub itself lists 250 per PR.
MAX_COMMITS = 1000
GIT_TIMEOUT_SECONDS = 120

NOT_A_REPO_HINT = "run inside a clone, or use --snapshot FILE"
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

# Candidates for the default branch, most authoritative first; origin/HEAD is followed to its target.
_DEFAULT_BASE_REFS = (
    "refs/remotes/origin/HEAD",
    "refs/remotes/origin/main",
    "refs/remotes/origin/master",
    "refs/heads/main",
    "refs/heads/master",
)
# The candidates as globs that match exactly their own name: rev-parse lists what a glob matches, so
# the candidates that exist come out in this order and a missing one is no error (a name without a
# glob character would match the refs under it instead). With --symbolic-full-name, origin/HEAD
# comes out as the branch it points to, and not at all when that branch is gone.
_DEFAULT_BASE_GLOBS = tuple(f"--glob={ref[:-1]}[{ref[-1]}]" for ref in _DEFAULT_BASE_REFS)

# Branch names that describe where work lands, not what it does; useless as a title.
_TRUNK_NAMES = frozenset({"main", "master", "trunk", "develop", "development", "HEAD"})

_NULL_SHA = re.compile(r"0{40}(0{24})?")
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")  # a full object name, SHA-1 or SHA-256
_NOREPLY_ID = re.compile(r"^\d+\+")


class _GitFailed(GitError):
    """A git command exited non-zero; keeps the status and stderr so callers can explain it better."""

    def __init__(self, message: str, *, hint: str, returncode: int, stderr: str) -> None:
        super().__init__(message, hint=hint)
        self.returncode = returncode
        self.stderr = stderr


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


class _Started:
    """A running git process (see `_start`); `output()` waits for it."""

    def __init__(self, proc: subprocess.Popen[bytes], args: Sequence[str], hint: str) -> None:
        self._proc = proc
        self._args = args
        self._hint = hint

    def output(self) -> bytes:
        """Its raw stdout once it has exited; GitError when it fails (`_GitFailed`) or runs out of time.

        It has GIT_TIMEOUT_SECONDS from this call, not from its start: a process started ahead waits
        for its reader (once its output fills the pipe, it waits blocked), and that is not its time.
        """
        proc = self._proc
        try:
            stdout, stderr = proc.communicate(timeout=GIT_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.stop()
            raise GitError(
                f"`{self._shown()}` did not finish within {GIT_TIMEOUT_SECONDS} s",
                hint=self._hint or "retry, or " + BASE_HINT,
            ) from None
        except BaseException:
            self.stop()
            raise
        if proc.returncode != 0:
            raise self._failed(stderr)
        return stdout

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        """Its stdout as it comes, for output too large to hold twice (a history); then its exit is
        checked as `output()` checks it. Leaving early (or an error) stops it."""
        proc = self._proc
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        try:
            while chunk := os.read(fd, size):
                yield chunk
            _, stderr = proc.communicate(timeout=GIT_TIMEOUT_SECONDS)  # the rest: stderr, the exit, closed pipes
        except BaseException:
            self.stop()
            raise
        if proc.returncode != 0:
            raise self._failed(stderr)

    def _failed(self, stderr: bytes) -> _GitFailed:
        """The error for its non-zero exit, with git's own explanation."""
        text = stderr.decode("utf-8", "replace")
        return _GitFailed(
            f"`{self._shown()}` failed with exit status {self._proc.returncode}: {_first_error_line(text)}",
            hint=_hint_for(text, self._hint),
            returncode=self._proc.returncode,
            stderr=text,
        )

    def _shown(self) -> str:
        """The command as a user would type it, for messages."""
        import shlex  # only on the way to an error message

        return "git " + shlex.join(self._args)

    def stop(self) -> None:
        """Kill it (if it still runs), close its pipes and reap it: for output no longer wanted."""
        with self._proc:  # leaving closes the pipes and waits
            self._proc.kill()


def _start(args: Sequence[str], cwd: str | Path, *, hint: str = "") -> _Started:
    """Start `git <args>` in `cwd` without waiting for it; the only place pr-impact starts a process."""
    # quotepath=off: non-ASCII paths come out as their bytes, not as octal escapes.
    cmd = ["git", "--no-pager", "-c", "core.quotepath=off", *args]
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=_git_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise GitError(
            f"could not run git in {cwd}: {exc.strerror or exc}", hint="install git and put it on PATH"
        ) from None
    return _Started(proc, args, hint)


def _git(args: Sequence[str], cwd: str | Path, *, hint: str = "") -> bytes:
    """Run `git <args>` in `cwd` to its end and return its raw stdout."""
    return _start(args, cwd, hint=hint).output()


def find_repo_root(cwd: str | Path) -> Path:
    """The top of the working tree containing `cwd`; GitError when `cwd` is not inside one."""
    if not Path(cwd).is_dir():
        raise GitError(f"not a git repository: {cwd}", hint=NOT_A_REPO_HINT)
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except _GitFailed as exc:
        if "not a git repository" in exc.stderr or "must be run in a work tree" in exc.stderr:
            raise GitError(f"not a git repository: {cwd}", hint=NOT_A_REPO_HINT) from None
        raise
    top = out.removesuffix(b"\n")  # only git's own newline: a directory's name may end in one
    if not top:  # old gits print nothing for a bare repository
        raise GitError(f"not a git repository: {cwd}", hint=NOT_A_REPO_HINT)
    # A filesystem path: surrogateescape keeps undecodable bytes so the path still opens.
    return Path(os.fsdecode(top))


def _short_ref(refname: str) -> str:
    """`refs/remotes/origin/main` -> `origin/main`, `refs/heads/main` -> `main`."""
    for prefix in ("refs/remotes/", "refs/heads/", "refs/tags/"):
        if refname.startswith(prefix):
            return refname[len(prefix) :]
    return refname


def default_base(root: Path) -> str:
    """The ref to compare against: the remote default branch (origin/HEAD's target, else origin/main,
    origin/master, then local main/master).

    Returns a ref name such as "origin/main", not a commit: `pull_request_from_git` compares against
    the merge-base of this ref and the head, exactly as GitHub compares a PR with its base branch.
    """
    out = _git(["rev-parse", "--symbolic-full-name", *_DEFAULT_BASE_GLOBS], root)
    names = _output_lines(out)
    index = _default_base_index(names)
    if index is None:
        raise _no_default_base()
    return _short_ref(names[index])


def _default_base_index(names: Sequence[str]) -> int | None:
    """Which of the existing candidates' full names (`--symbolic-full-name <_DEFAULT_BASE_GLOBS>`) is the base."""
    # An origin/HEAD that is a plain ref, not a pointer to a branch, names no branch: skipped.
    return next((i for i, name in enumerate(names) if name != _DEFAULT_BASE_REFS[0]), None)


def _no_default_base() -> GitError:
    return GitError(
        "cannot tell which branch this one will merge into "
        "(no origin/HEAD, origin/main, origin/master, main or master)",
        hint=BASE_HINT + ", or run `git remote set-head origin --auto`",
    )


# The private records below are NamedTuples: a frozen dataclass costs ~0.5 ms to define (its methods
# are compiled at import), a NamedTuple ~0.1 ms, and every `pr-impact check` imports this module.
class _Refs(NamedTuple):
    """What one rev-parse call learns about the base and head."""

    head_sha: str
    base_sha: str
    head_branch: str  # "" when detached or not a branch
    base_name: str  # branch or tag name as GitHub would show it


def _branch_of(refname: str) -> str:
    """The branch name in a full ref name (remote-tracking refs lose their remote), else ""."""
    if refname.startswith("refs/heads/"):
        return refname[len("refs/heads/") :]
    if refname.startswith("refs/remotes/"):
        return refname[len("refs/remotes/") :].partition("/")[2]
    return ""


def _check_ref_arg(ref: str, role: str) -> None:
    """Refuse refs git would take for an option; a ref never starts with '-'."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"{role} {ref!r} is not a valid git revision", hint="pass a branch, tag or commit")


def _missing_ref_error(root: Path, base: str, head: str) -> UsageError | None:
    """Which of base and head does not name a commit (only run once resolving both has failed)."""
    for role, ref in (("base", base), ("head", head)):
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", "--"], root)
        except _GitFailed:
            hint = (
                "check the name, run `git fetch` if it is a remote branch, or " + BASE_HINT
                if role == "base"
                else "pass a branch, tag or commit that exists locally"
            )
            return UsageError(f"{role} '{ref}' does not exist", hint=hint)
    return None


def _resolve_args(base: str, head: str) -> list[str]:
    """The one git call that resolves base and head to commits and names (read by `_resolved`)."""
    # Output: head sha, base sha, then the full ref names that exist. `--not` prefixes head's name
    # with "^", which tells the two apart when one of them (a sha, `main~2`) has no name at all.
    return ["rev-parse", f"{head}^{{commit}}", f"{base}^{{commit}}", "--symbolic-full-name", base, "--not", head, "--"]


def _output_lines(out: bytes) -> list[str]:
    """Git's output lines. Split on '\n' only: splitlines() would also split a ref name at U+2028
    or a form feed, which git allows in names."""
    text = out.decode("utf-8", "replace")
    return text.removesuffix("\n").split("\n") if text else []


def _resolved(resolving: _Started, root: Path, base: str, head: str) -> _Refs:
    """Base and head as `git <_resolve_args>` resolved them; UsageError naming a ref that does not exist."""
    try:
        out = resolving.output()
    except _GitFailed as exc:
        raise _missing_ref_error(root, base, head) or exc from None
    lines = _output_lines(out)
    head_full = base_full = ""
    for line in lines[2:]:
        if line.startswith("^"):
            head_full = line[1:]
        elif line != "--":
            base_full = line
    return _refs(lines[0], lines[1], head_full, base_full, base)


def _refs(head_sha: str, base_sha: str, head_full: str, base_full: str, base: str) -> _Refs:
    """_Refs from the commits and the full ref names ("" for none) that base and head resolved to."""
    base_name = _branch_of(base_full) or (
        base_full[len("refs/tags/") :] if base_full.startswith("refs/tags/") else base
    )
    return _Refs(head_sha=head_sha, base_sha=base_sha, head_branch=_branch_of(head_full), base_name=base_name)


def _first_round_args(base: str | None, head: str) -> list[str]:
    """One rev-parse for the top of the work tree, head, and base (the default base when None)."""
    if base is None:
        # Each existing candidate twice, in the same order: as a commit, then as a full name.
        base_args = [*_DEFAULT_BASE_GLOBS, "--symbolic-full-name", *_DEFAULT_BASE_GLOBS]
    else:
        base_args = [f"{base}^{{commit}}", "--symbolic-full-name", base]
    # As in `_resolve_args`, `--not` marks head's name (when it has one) with "^".
    return ["rev-parse", "--show-toplevel", f"{head}^{{commit}}", *base_args, "--not", head, "--"]


def _first_round(out: bytes, base: str | None) -> tuple[Path, _Refs, str] | None:
    """(top of the work tree, refs, base as a ref name) from `git <_first_round_args>`; None when the
    output does not answer (no default base, a git too old to print the top of the tree, anything
    unexpected): then the questions are asked one at a time."""
    # The top comes first and, as a path, may hold newlines; every line after it is a sha or a ref
    # name, which never do. So the output is read from its end, and the top is what remains.
    if not out.endswith(b"\n--\n"):
        return None
    lines = out[:-4].split(b"\n")
    head_full = _take(lines, 1)[0][1:] if lines[-1].startswith(b"^") else ""
    if not lines:
        return None
    if base is None:
        # The existing candidates' full names (each "refs/..."), after their shas in the same order.
        count = next((i for i, line in enumerate(reversed(lines)) if not line.startswith(b"refs/")), len(lines))
        names, shas = _take(lines, count), _take(lines, count)
        index = _default_base_index(names)
        if index is None or len(shas) != count:
            return None
        base, base_sha, base_full = _short_ref(names[index]), shas[index], names[index]
    else:
        # Base's full name when it has one (a sha or `main~2` has none): never a sha itself.
        base_full = "" if _SHA.fullmatch(lines[-1].decode("ascii", "replace")) else _take(lines, 1)[0]
        base_sha = "".join(_take(lines, 1))  # "" when there is no line left: no sha
    head_sha = "".join(_take(lines, 1))
    root = os.fsdecode(b"\n".join(lines))  # a filesystem path: see find_repo_root
    if not (_SHA.fullmatch(head_sha) and _SHA.fullmatch(base_sha) and os.path.isabs(root)):
        return None
    return Path(root), _refs(head_sha, base_sha, head_full, base_full, base), base


def _take(lines: list[bytes], count: int) -> list[str]:
    """Remove the last `count` lines (fewer when there are fewer) from `lines`; returns them decoded, in order."""
    cut = max(0, len(lines) - count)
    taken = [line.decode("utf-8", "replace") for line in lines[cut:]]
    del lines[cut:]
    return taken


def _diff_args(refs: _Refs) -> list[str]:
    """The one git call that gives the files changed since the merge-base, with patches (read by `_diffed`)."""
    return [
        *DIFF_CONFIG,
        "diff",
        *DIFF_OPTIONS,
        f"{refs.base_sha}...{refs.head_sha}",  # three dots: from the merge-base, like a PR
        "--",
    ]


def _diffed(diffing: _Started, base: str, head: str) -> list[FileChange]:
    """The files `git <_diff_args>` reports, each with its own patch."""
    try:
        out = diffing.output()
    except _GitFailed as exc:
        if "no merge base" in exc.stderr:
            raise GitError(
                f"'{base}' and '{head}' share no history",
                hint="in a shallow clone run `git fetch --unshallow`; otherwise " + BASE_HINT,
            ) from None
        raise
    return parse_diff(out)


class _Commit(NamedTuple):
    """One commit of the branch."""

    sha: str
    parents: tuple[str, ...]
    email: str
    message: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def subject(self) -> str:
        return self.message.partition("\n")[0].strip()

    @property
    def body(self) -> str:
        return self.message.partition("\n")[2].strip()


def _log_args(refs: _Refs) -> list[str]:
    """The one git call that gives the commits on head and not on base, with full messages (read by `_commits`)."""
    return [
        "log",
        "-z",
        "--no-color",
        "--no-show-signature",  # log.showSignature would mix gpg output into the format
        "--encoding=UTF-8",
        "--date-order",
        f"--max-count={MAX_COMMITS}",  # applied before --reverse: keeps the newest
        "--reverse",
        "--format=%H%x00%P%x00%aE%x00%B",
        f"{refs.base_sha}..{refs.head_sha}",
        "--",
    ]


def _commits(log: bytes) -> list[_Commit]:
    """The commits in what `git <_log_args>` printed, oldest first."""
    fields = log.split(b"\0")
    if fields and not fields[-1]:  # -z terminates every record, leaving one empty field
        fields.pop()
    commits: list[_Commit] = []
    for i in range(0, len(fields) - 3, 4):
        sha, parents, email, message = (f.decode("utf-8", "replace") for f in fields[i : i + 4])
        commits.append(_Commit(sha, tuple(parents.split()), email, message.rstrip()))
    return commits


def _login_from_email(email: str) -> str:
    """A login-like name from an author email: its local part, minus GitHub noreply's numeric id."""
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    if domain.lower() == "users.noreply.github.com":
        return _NOREPLY_ID.sub("", local)  # "49699333+dependabot[bot]" -> "dependabot[bot]"
    return local


def _branch_words(branch: str, base_name: str) -> str:
    """A branch name as words ("feature/add-dark-mode" -> "add dark mode"); "" for trunk-like names."""
    if not branch or branch == base_name or branch in _TRUNK_NAMES:
        return ""
    last = branch.rsplit("/", 1)[-1]
    return " ".join(word for word in re.split(r"[-_\s]+", last) if word)


def _title(commits: Sequence[_Commit], branch: str, base_name: str) -> str:
    """Title when none is given: single commit's subject, else branch words, else newest subject."""
    own = [c for c in commits if not c.is_merge] or list(commits)
    if len(own) == 1:
        return own[0].subject
    return _branch_words(branch, base_name) or (own[-1].subject if own else "")


def _body(commits: Sequence[_Commit]) -> str:
    """Body when none is given: the non-merge commits' bodies, oldest first."""
    return "\n\n".join(c.body for c in commits if not c.is_merge and c.body)


def pull_request_from_git(
    root: Path,
    base: str | None = None,
    head: str = "HEAD",
    title: str | None = None,
    body: str | None = None,
) -> PullRequest:
    """The local branch as a PullRequest: what a PR from `head` into `base` would contain.

    `base` defaults to `default_base(root)`; files and commits are those since the merge-base of
    base and head. Runs three git processes (more only to explain an error); see `BranchReader`.

    Title, when not given: the subject of the branch's only commit (merge commits aside), else the
    branch name as words ("feature/add-dark-mode" -> "add dark mode"; skipped for main, master and
    the base itself), else the newest commit's subject. Body, when not given: the bodies of the
    non-merge commits, oldest first, separated by blank lines. Author: the local part of the head
    commit's author email (GitHub noreply ids removed); author_type "Bot" for `name[bot]`, else
    "User". An empty diff (head already in base) is not an error: the PR simply has no files.
    Linked issues: the numbers that closing keywords in the body and commit messages and the
    branch name give (`links.linked_refs`), without details: nothing is looked up locally.
    """
    with BranchReader(root, base, head, title, body) as reader:
        return reader.pull_request()


class BranchReader:
    """`pull_request_from_git` with its git processes started ahead, to run while the caller works.

    Two rounds of processes. The first is one rev-parse that answers every question about refs: the
    top of the work tree, head, and base (the default base when `base` is None). The second is the
    commits and the diff (`log` and `diff` side by side). Creating a reader starts the first round,
    `advance()` waits for the running round and starts the next, and `pull_request()` runs the rest.
    `pr-impact check` advances while it imports the engine and compiles the config, so git costs it
    little more than starting three processes.

    Errors come from `root()` (what `find_repo_root` would raise) and `pull_request()` (the rest),
    so that a caller can report its own in between (a bad config before a bad --base). When the one
    rev-parse cannot answer, the questions are asked again one at a time, as `find_repo_root`,
    `default_base` and a resolving rev-parse, so that the error names what is wrong.
    Use it as a context manager (or call `close()`): a caller that stops early, on an error of its
    own, then leaves no git process running.
    `cwd`: any directory of the work tree.
    """

    def __init__(
        self,
        cwd: str | Path,
        base: str | None = None,
        head: str = "HEAD",
        title: str | None = None,
        body: str | None = None,
    ) -> None:
        self._root: Path | GitError | None = None
        self._result: PullRequest | Exception | None = None
        self._rounds = self._read(Path(cwd), base, head, title, body)
        self.advance()

    def __enter__(self) -> BranchReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill, close and reap the processes still running; nothing when every round has run.
        What is still unread is lost: `pull_request()` then raises RuntimeError."""
        self._rounds.close()  # GeneratorExit at the round's `yield`: see `_read`
        if self._result is None:
            self._result = RuntimeError("BranchReader closed before its pull request was read")

    def advance(self) -> None:
        """Wait for the running round and start the next; nothing once all have run or one has failed."""
        if self._result is None:
            try:
                next(self._rounds)
            except StopIteration as done:
                self._result = done.value
            except PrImpactError as exc:
                self._result = exc
            except BaseException:
                self.close()  # the rounds are over: a later call must not wait for them
                raise

    def root(self) -> Path:
        """The top of the work tree, once the first round has run; raises what `find_repo_root` would."""
        while self._root is None and self._result is None:
            self.advance()
        if isinstance(self._root, Path):
            return self._root
        raise self._root or self._error()

    def pull_request(self) -> PullRequest:
        """The branch as a PullRequest once every round has run; raises the error a round met."""
        while self._result is None:
            self.advance()
        if isinstance(self._result, PullRequest):
            return self._result
        raise self._result

    def _error(self) -> BaseException:
        """The error that ended the rounds before the root was known."""
        return self._result if isinstance(self._result, Exception) else RuntimeError("no root and no error")

    def _read(
        self, cwd: Path, base: str | None, head: str, title: str | None, body: str | None
    ) -> Generator[None, None, PullRequest]:
        """The rounds: each `yield` leaves the processes just started running until the next `advance()`,
        or until `close()`, which raises GeneratorExit there: the processes are stopped on the way out."""
        resolving = None
        try:
            _check_ref_arg(head, "head")
            if base is not None:
                _check_ref_arg(base, "base")
            resolving = _start(_first_round_args(base, head), cwd)
        except (UsageError, GitError):
            pass  # the questions one at a time (below) raise it, in the order they always have
        try:
            yield
        except BaseException:
            if resolving is not None:
                resolving.stop()
            raise
        found = None
        if resolving is not None:
            with contextlib.suppress(_GitFailed):  # the questions one at a time tell what failed
                found = _first_round(resolving.output(), base)
        root, refs, base = found or self._one_at_a_time(cwd, base, head)
        self._root = root
        # In the root, not `cwd`: paths are the repository's, whatever directory the user is in.
        # The short log first: a start returns once the new process runs, which on a busy machine
        # can be once the process before it has finished.
        log = _start(_log_args(refs), root)
        try:
            diffing = _start(_diff_args(refs), root)
        except BaseException:
            log.stop()
            raise
        try:
            yield
            files = _diffed(diffing, base, head)
        except BaseException:
            diffing.stop()  # a no-op when it has been read
            log.stop()
            raise
        return _pull_request(refs, files, _commits(log.output()), title, body)

    def _one_at_a_time(self, cwd: Path, base: str | None, head: str) -> tuple[Path, _Refs, str]:
        """The first round's questions in separate processes; raises the error that names the problem."""
        try:
            root = find_repo_root(cwd)
        except GitError as exc:
            self._root = exc
            raise
        self._root = root
        base_ref = default_base(root) if base is None else base
        _check_ref_arg(base_ref, "base")
        _check_ref_arg(head, "head")
        return root, _resolved(_start(_resolve_args(base_ref, head), root), root, base_ref, head), base_ref


def _pull_request(
    refs: _Refs, files: list[FileChange], commits: list[_Commit], title: str | None, body: str | None
) -> PullRequest:
    """The PullRequest that git's answers make (the rules are in `pull_request_from_git`'s docstring)."""
    head_commit = next((c for c in commits if c.sha == refs.head_sha), None)
    login = _login_from_email(head_commit.email) if head_commit else ""
    messages = tuple(c.message for c in commits)
    pr_body = body if body is not None else _body(commits)
    return PullRequest(
        title=title if title is not None else _title(commits, refs.head_branch, refs.base_name),
        body=pr_body,
        files=tuple(files),
        author=login,
        author_type="Bot" if login.endswith("[bot]") else "User",
        head=refs.head_branch,
        base=refs.base_name,
        commits=messages,
        # Offline, the numbers alone (SPEC section 3): closing keywords in the body and commits,
        # and issue numbers in the branch name. No token is used to look their details up.
        linked_issues=tuple(links.linked_refs(body=pr_body, commits=messages, branch=refs.head_branch)),
        changed_files=len(files),
        additions=sum(f.additions for f in files),
        deletions=sum(f.deletions for f in files),
        head_sha=refs.head_sha,
        base_sha=refs.base_sha,
    )


def refs_from_pre_commit(env: Mapping[str, str]) -> tuple[str | None, str]:
    """(base, head) from a pre-commit pre-push hook's environment; (None, "HEAD") outside one.

    pre-commit >= 2.2 exports PRE_COMMIT_FROM_REF (the remote's current commit) and
    PRE_COMMIT_TO_REF (the local commit being pushed); older versions called them
    PRE_COMMIT_SOURCE and PRE_COMMIT_ORIGIN. Newer versions also set the old names but swapped,
    so each pair is read only as a pair, new names first. Note that for an update of an existing
    branch FROM_REF is that branch's previous remote tip, so the range covers only the new commits.
    """
    for from_key, to_key in (
        ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"),
        ("PRE_COMMIT_SOURCE", "PRE_COMMIT_ORIGIN"),
    ):
        from_ref, to_ref = env.get(from_key, ""), env.get(to_key, "")
        if from_ref or to_ref:
            base = None if not from_ref or _NULL_SHA.fullmatch(from_ref) else from_ref
            head = "HEAD" if not to_ref or _NULL_SHA.fullmatch(to_ref) else to_ref
            return base, head
    return None, "HEAD"
