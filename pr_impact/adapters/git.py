"""Local git as a source of pull requests: the branch against its base, read with plain git commands."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, ParamSpec

from pr_impact.adapters import links
from pr_impact.adapters.git_diff import DIFF_CONFIG, DIFF_OPTIONS, parse_diff
from pr_impact.adapters.git_run import BASE_HINT, GitFailed, run_git
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import GitError, UsageError

P = ParamSpec("P")

# Only a runaway base (thousands of commits) gets near this; GitHub itself lists 250 per PR.
MAX_COMMITS = 1000

NOT_A_REPO_HINT = "run inside a clone, or use --snapshot FILE"

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
_NOREPLY_ID = re.compile(r"^\d+\+")


def find_repo_root(cwd: str | Path) -> Path:
    """The top of the working tree containing `cwd`; GitError when `cwd` is not inside one."""
    if not Path(cwd).is_dir():
        raise GitError(f"not a git repository: {cwd}", hint=NOT_A_REPO_HINT)
    try:
        out = run_git(["rev-parse", "--show-toplevel"], cwd)
    except GitFailed as exc:
        if "not a git repository" in exc.stderr or "must be run in a work tree" in exc.stderr:
            raise GitError(f"not a git repository: {cwd}", hint=NOT_A_REPO_HINT) from None
        raise
    top = out.removesuffix(b"\n")  # only git's own newline: a directory's name may end in one
    if not top:  # old gits print nothing for a bare repository
        raise GitError(f"not a git repository: {cwd}", hint=NOT_A_REPO_HINT)
    # A filesystem path: surrogateescape keeps undecodable bytes so the path still opens.
    return Path(os.fsdecode(top))


def repo_root_or(where: Path) -> Path:
    """The top of the working tree containing `where`, else `where` itself (a project that is not a git
    repository yet, or a file read from outside one)."""
    try:
        return find_repo_root(where)
    except GitError:
        return where


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
    out = run_git(["rev-parse", "--symbolic-full-name", *_DEFAULT_BASE_GLOBS], root)
    # An origin/HEAD that is a plain ref, not a pointer to a branch, names no branch: skipped.
    for name in _output_lines(out):
        if name != _DEFAULT_BASE_REFS[0]:
            return _short_ref(name)
    raise GitError(
        "cannot tell which branch this one will merge into "
        "(no origin/HEAD, origin/main, origin/master, main or master)",
        hint=BASE_HINT + ", or run `git remote set-head origin --auto`",
    )


# The private records below are NamedTuples rather than dataclasses: a dataclass compiles its
# methods when defined, and every `pr-impact check` imports this module.
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
            run_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", "--"], root)
        except GitFailed:
            hint = (
                "check the name, run `git fetch` if it is a remote branch, or " + BASE_HINT
                if role == "base"
                else "pass a branch, tag or commit that exists locally"
            )
            return UsageError(f"{role} '{ref}' does not exist", hint=hint)
    return None


def _output_lines(out: bytes) -> list[str]:
    """Git's output lines. Split on '\n' only: splitlines() would also split a ref name at U+2028
    or a form feed, which git allows in names."""
    text = out.decode("utf-8", "replace")
    return text.removesuffix("\n").split("\n") if text else []


def _resolve(root: Path, base: str, head: str) -> _Refs:
    """Base and head resolved to commits and names; UsageError naming a ref that does not exist."""
    _check_ref_arg(base, "base")
    _check_ref_arg(head, "head")
    # Output: head sha, base sha, then the full ref names that exist. `--not` prefixes head's name
    # with "^", which tells the two apart when one of them (a sha, `main~2`) has no name at all.
    args = ["rev-parse", f"{head}^{{commit}}", f"{base}^{{commit}}", "--symbolic-full-name", base, "--not", head, "--"]
    try:
        out = run_git(args, root)
    except GitFailed as exc:
        raise _missing_ref_error(root, base, head) or exc from None
    lines = _output_lines(out)
    head_full = base_full = ""
    for line in lines[2:]:
        if line.startswith("^"):
            head_full = line[1:]
        elif line != "--":
            base_full = line
    base_name = _branch_of(base_full) or (
        base_full[len("refs/tags/") :] if base_full.startswith("refs/tags/") else base
    )
    return _Refs(head_sha=lines[0], base_sha=lines[1], head_branch=_branch_of(head_full), base_name=base_name)


def _files(root: Path, refs: _Refs, base: str, head: str) -> list[FileChange]:
    """The files changed since the merge-base of base and head, each with its own patch."""
    # Three dots: from the merge-base, like a PR.
    args = [*DIFF_CONFIG, "diff", *DIFF_OPTIONS, f"{refs.base_sha}...{refs.head_sha}", "--"]
    try:
        out = run_git(args, root)
    except GitFailed as exc:
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


def _commits(root: Path, refs: _Refs) -> list[_Commit]:
    """The commits on head and not on base, with their full messages, oldest first."""
    args = [
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
    fields = run_git(args, root).split(b"\0")
    if fields and not fields[-1]:  # -z terminates every record, leaving one empty field
        fields.pop()
    commits: list[_Commit] = []
    for i in range(0, len(fields) - 3, 4):
        sha, parents, email, message = (f.decode("utf-8", "replace") for f in fields[i : i + 4])
        commits.append(_Commit(sha, tuple(parents.split()), email, message.rstrip()))
    return commits


def login_from_email(email: str) -> str:
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
    branch: str | None = None,
) -> PullRequest:
    """The local branch as a PullRequest: what a PR from `head` into `base` would contain.

    `root`: the top of the work tree (`find_repo_root`). `branch`: the PR's branch name when `head`
    is a commit that a caller knows the branch of (a pre-push hook); else the name `head` has.
    `base` defaults to `default_base(root)`;
    files and commits are those since the merge-base of base and head. Errors: UsageError for a
    base or head that names no commit, GitError for the rest (no default base, no shared history).

    Title, when not given: the subject of the branch's only commit (merge commits aside), else the
    branch name as words ("feature/add-dark-mode" -> "add dark mode"; skipped for main, master and
    the base itself), else the newest commit's subject. Body, when not given: the bodies of the
    non-merge commits, oldest first, separated by blank lines. Author: the local part of the head
    commit's author email (GitHub noreply ids removed); author_type "Bot" for `name[bot]`, else
    "User". An empty diff (head already in base) is not an error: the PR simply has no files.
    Linked issues: the numbers that closing keywords in the body and commit messages and the
    branch name give (`links.linked_refs`), without details: nothing is looked up locally.
    """
    if base is None:
        base = default_base(root)
    refs = _resolve(root, base, head)
    files = _files(root, refs, base, head)
    if branch:
        refs = refs._replace(head_branch=branch)
    return _pull_request(refs, files, _commits(root, refs), title, body)


def in_background(read: Callable[P, PullRequest]) -> Callable[P, Callable[[], PullRequest]]:
    """`read` on a worker thread, so that the caller can import and load meanwhile.

    The function it gives takes `read`'s arguments, starts the thread and returns a function that
    waits for it and gives its PullRequest, or raises its error. The thread is not a daemon: a
    caller that stops early still lets it finish its git command.
    """

    def start(*args: P.args, **kwargs: P.kwargs) -> Callable[[], PullRequest]:
        outcome: list[PullRequest | BaseException] = []

        def work() -> None:
            try:
                outcome.append(read(*args, **kwargs))
            except BaseException as exc:  # handed to the caller, who raises it
                outcome.append(exc)

        worker = threading.Thread(target=work, name="pr-impact-git")
        worker.start()

        def result() -> PullRequest:
            worker.join()
            if isinstance(outcome[0], BaseException):
                raise outcome[0]
            return outcome[0]

        return result

    return start


read_in_background = in_background(pull_request_from_git)


def git_pull_request(*, title: str, body: str, files: Sequence[FileChange], email: str, messages: tuple[str, ...],
                     head: str, base: str, head_sha: str | None, base_sha: str | None,
                     number: int | None = None) -> PullRequest:
    """A PullRequest from what git alone knows, for `check` on a branch and `report` on history alike.

    Author: the login-like part of the author email (`login_from_email`), a bot for `name[bot]`.
    Linked issues are the numbers alone (closing keywords in the body and commits, issue numbers in
    the branch name): git holds no issue titles or labels, and no token is used to look them up.
    """
    login = login_from_email(email)
    return PullRequest(
        title=title, body=body, files=tuple(files), number=number, author=login,
        author_type="Bot" if login.endswith("[bot]") else "User", head=head, base=base, commits=messages,
        linked_issues=tuple(links.linked_refs(body=body, commits=messages, branch=head)),
        changed_files=len(files), additions=sum(f.additions for f in files),
        deletions=sum(f.deletions for f in files), head_sha=head_sha, base_sha=base_sha,
    )


def _pull_request(
    refs: _Refs, files: list[FileChange], commits: list[_Commit], title: str | None, body: str | None
) -> PullRequest:
    """The PullRequest that git's answers make (the rules are in `pull_request_from_git`'s docstring)."""
    head_commit = next((c for c in commits if c.sha == refs.head_sha), None)
    return git_pull_request(
        title=title if title is not None else _title(commits, refs.head_branch, refs.base_name),
        body=body if body is not None else _body(commits), files=files,
        email=head_commit.email if head_commit else "", messages=tuple(c.message for c in commits),
        head=refs.head_branch, base=refs.base_name, head_sha=refs.head_sha, base_sha=refs.base_sha)


class PushRefs(NamedTuple):
    """What a pre-push hook is pushing: the range, and the branch it goes to."""

    base: str | None  # None: the default base
    head: str
    branch: str  # "" when unknown


def refs_from_pre_commit(env: Mapping[str, str]) -> PushRefs:
    """The range and branch from a pre-commit pre-push hook's environment; (None, "HEAD", "") outside one.

    pre-commit >= 2.2 exports PRE_COMMIT_FROM_REF (the remote's current commit) and
    PRE_COMMIT_TO_REF (the local commit being pushed); older versions called them
    PRE_COMMIT_SOURCE and PRE_COMMIT_ORIGIN. Newer versions also set the old names but swapped,
    so each pair is read only as a pair, new names first. Note that for an update of an existing
    branch FROM_REF is that branch's previous remote tip, so the range covers only the new commits.
    The branch: the one pushed to (PRE_COMMIT_REMOTE_BRANCH, pre-commit >= 2.14), which a PR would
    come from, else the local one (PRE_COMMIT_LOCAL_BRANCH), when either is a `refs/heads/` name
    (the local one is "HEAD" after `git push origin HEAD`).
    """
    branch = next(
        (
            ref.removeprefix("refs/heads/")
            for ref in (env.get("PRE_COMMIT_REMOTE_BRANCH", ""), env.get("PRE_COMMIT_LOCAL_BRANCH", ""))
            if ref.startswith("refs/heads/") and ref != "refs/heads/"
        ),
        "",
    )
    for from_key, to_key in (
        ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"),
        ("PRE_COMMIT_SOURCE", "PRE_COMMIT_ORIGIN"),
    ):
        from_ref, to_ref = env.get(from_key, ""), env.get(to_key, "")
        if from_ref or to_ref:
            base = None if not from_ref or _NULL_SHA.fullmatch(from_ref) else from_ref
            head = "HEAD" if not to_ref or _NULL_SHA.fullmatch(to_ref) else to_ref
            return PushRefs(base, head, branch)
    return PushRefs(None, "HEAD", branch)
