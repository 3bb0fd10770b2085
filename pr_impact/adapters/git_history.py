"""Merged pull requests from local git history: the default branch's first parents, and what merges brought in.

A merged PR is a commit whose message says so: a squash merge (`Title (#123)`) or a merge commit
(`Merge pull request #123 from owner/branch`, the PR's title on the body's first line). GitHub's
`Merge commit from fork` (a security advisory's private fork) is one too, without a number. Any other
merge (`Merge branch 'stable'`, a `git pull`) brings in the commits of its other parents: their own
first-parent history is read the same way, down to what the branch already had. Every PR counts once;
other commits are counted as commits without a pull request. A PR's files are its diff against its
first parent, read from the same stream. Nothing needs a checkout, a network or a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from pr_impact.adapters import git
from pr_impact.adapters.config_file import DEFAULT_PATH
from pr_impact.adapters.git_diff import DIFF_CONFIG, LOG_OPTIONS, read_diff
from pr_impact.adapters.git_run import GitFailed, run_git, stream_git
from pr_impact.core.digest import MergedPR, fork_merge_title
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import GitError, UsageError

_MERGE = re.compile(r"Merge pull request #(\d{1,9}) from (\S{1,300})")
# A trailing "(#123)" in a stripped subject, anchored at the end (no leading repeat to re-scan).
_SQUASH = re.compile(r"\(#(\d{1,9})\)\Z")
# Branches that live on and take PRs of their own: merged through a PR (a merge-back of `stable`, gitflow's
# `develop` into `main`), they bring those PRs rather than being one. Anchored, bounded: a branch name.
_LONG_LIVED = re.compile(r"(?:develop|development|dev|stable|next|staging|main|master|trunk|production|prod|lts"
                         r"|(?:release|releases|maint|maintenance|support)(?:[/_-][\w./-]{0,100})?"
                         r"|v?\d{1,9}(?:\.\d{1,9}){0,3}(?:\.x)?(?:-stable)?)", re.IGNORECASE)
_FORMAT = "--format=%H%x00%P%x00%ct%x00%aE%x00%B"
FETCH_ALL = "fetch the whole history: git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)"


class Range(NamedTuple):
    """The commits a report reads: what `to` reaches, back to `from` (exclusive)."""

    root: Path
    to_ref: str
    to_sha: str
    from_sha: str | None
    base_name: str  # the branch PRs merged into, as GitHub would name it
    shallow: frozenset[str] = frozenset()  # a shallow clone's boundary commits: their parents are not here


class LogCommit(NamedTuple):
    """One commit as the history stream gives it: its diff is against its first parent."""

    sha: str
    parents: tuple[str, ...]
    committed_at: datetime
    email: str
    message: str
    files: list[FileChange]


def _verified(root: Path, ref: str, role: str) -> str:
    """The commit `ref` names; UsageError when it names none (saying so when it names a tree or a file)."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"{role} {ref!r} is not a valid git revision", hint="pass a branch, tag or commit")
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", "--"], root)
    except GitError:
        kind = _object_kind(root, ref)
        if kind in ("tree", "blob"):
            raise UsageError(f"{role} '{ref}' names a {'file' if kind == 'blob' else 'tree'}, not a commit",
                             hint="pass a branch, tag or commit") from None
        raise UsageError(f"{role} '{ref}' does not exist",
                         hint="pass a branch, tag or commit that exists locally (git fetch --tags for tags)") from None
    return out.decode("ascii", "replace").strip()


def _object_kind(root: Path, ref: str) -> str:
    """What kind of object `ref` names ("" when none): asked only once it has turned out not to be a commit."""
    try:
        return run_git(["cat-file", "-t", ref], root).decode("ascii", "replace").strip()
    except GitError:
        return ""


def _shallow(root: Path) -> frozenset[str]:
    """The boundary commits of a shallow clone (empty for a whole one)."""
    out = run_git(["rev-parse", "--is-shallow-repository", "--git-path", "shallow"], root).decode("utf-8", "replace")
    flag, _, path = out.strip().partition("\n")
    if flag.strip() != "true":
        return frozenset()
    try:
        return frozenset((root / path.strip()).read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def resolve_range(cwd: Path, from_ref: str | None, to_ref: str | None) -> Range:
    """The repository's root and the window's refs as commits (`to` defaults to the default branch)."""
    try:
        root = git.find_repo_root(cwd)
    except GitError as exc:
        raise GitError(exc.message, hint="run it inside a clone of the repository (a `git clone --no-checkout` "
                                         "is enough)") from None
    try:
        default: str | None = git.default_base(root)
    except GitError as exc:
        if to_ref is None:
            raise GitError(f"{exc.message}: no default branch to read the history of",
                           hint="pass --to REF (a branch or tag)") from None
        default = None  # --to names the end; the branch name is only shown
    to = to_ref or default or ""
    to_sha = _verified(root, to, "--to")
    from_sha = _verified(root, from_ref, "--from") if from_ref is not None else None
    return Range(root, to, to_sha, from_sha, (default or to).removeprefix("origin/"), _shallow(root))


def git_date(when: datetime) -> str | None:
    """A moment as git's date options read it exactly; None before 1970, which git cannot represent
    (`@<seconds>` is no help: git reads fewer than nine digits as something else, so 1970-1973 failed)."""
    stamp = when.astimezone(UTC)
    return None if stamp.year < 1970 else stamp.strftime("%Y-%m-%d %H:%M:%S +0000")


def window_end(rng: Range, until: datetime | None) -> str:
    """The commit the window ends at: `to`, or with `until` the last first-parent commit up to then
    (`to` again when none is that old: the window is empty)."""
    date = git_date(until) if until is not None else None
    if date is None:
        return rng.to_sha
    out = run_git(["rev-list", "-1", "--first-parent", f"--until={date}", rng.to_sha, "--"], rng.root)
    return out.decode("ascii", "replace").strip() or rng.to_sha


def config_text(rng: Range, commit: str | None = None) -> str | None:
    """`.github/pr-impact.yml` as it is at `commit` (the window's end), or None when that commit has none."""
    try:
        out = run_git(["cat-file", "-p", f"{commit or rng.to_sha}:{DEFAULT_PATH}"], rng.root)
    except GitError as exc:
        stderr = getattr(exc, "stderr", "")
        if "does not exist" in stderr or "not a valid object name" in stderr or "exists on disk" in stderr:
            return None
        raise
    return out.decode("utf-8", "replace")


def log_args(revisions: Iterable[str], since: datetime | None = None, until: datetime | None = None) -> list[str]:
    """The one git call that streams the first-parent commits `revisions` name, each with its first-parent diff."""
    args = [*DIFF_CONFIG, "log", "--first-parent", "--diff-merges=first-parent", *LOG_OPTIONS,
            "--no-show-signature", "--encoding=UTF-8", _FORMAT]
    # git compares committer dates: the merge time of a PR on the default branch. They only spare git the
    # walk past the window: the dates are checked again as the commits come.
    for option, when in (("--since", since), ("--until", until)):
        date = git_date(when) if when is not None else None
        if date is not None:
            args.append(f"{option}={date}")
    return [*args, *revisions, "--"]


def pr_identity(message: str) -> tuple[int | None, str, str, str] | None:
    """(number, title, body, head branch) when a commit's message is a merged PR's, else None. A private
    fork's merge has no number; its title is the first line its body gives (the fork PR's commits)."""
    subject, _, rest = message.partition("\n")
    subject = subject.strip()
    merge = _MERGE.match(subject)
    if merge:
        title, _, body = rest.strip().partition("\n")
        branch = merge[2].partition("/")[2] or merge[2]
        return int(merge[1]), title.strip() or branch, body.strip(), branch
    squash = _SQUASH.search(subject.rstrip())
    if squash:
        return int(squash[1]), subject[: squash.start()].rstrip(), rest.strip(), ""
    fork_title = fork_merge_title(message)
    return None if fork_title is None else (None, fork_title, rest.strip(), "")


def _pull_request(commit: LogCommit, base_name: str) -> PullRequest | None:
    """The PR a commit merged, as `check` would have seen it; None for other commits."""
    found = pr_identity(commit.message)
    if found is None:
        return None
    number, title, body, branch = found
    return git.git_pull_request(title=title, body=body, files=commit.files, email=commit.email,
                                messages=(commit.message,), head=branch, base=base_name, head_sha=commit.sha,
                                base_sha=commit.parents[0] if commit.parents else None, number=number)


class _Incomplete(Exception):
    """The record at the buffer's position is not all there yet."""


def _record(data: bytes, pos: int, eof: bool) -> tuple[list[bytes], list[FileChange], int]:
    """One commit at data[pos:]: its five header fields, its files and where the next one starts.
    _Incomplete when more of the stream is needed (never once `eof`)."""
    fields = []
    for _ in range(5):
        stop = data.find(b"\0", pos)
        if stop < 0:
            if eof:
                raise GitError("unexpected output from git log (truncated record)", hint="report this as a bug")
            raise _Incomplete
        fields.append(data[pos:stop])
        pos = stop + 1
    try:
        files, end = read_diff(data, pos, counted=False)
    except GitError:
        if eof:
            raise
        raise _Incomplete from None
    if end == len(data) and not eof:
        raise _Incomplete  # the diff may go on in the next chunk (read_diff says so with this end)
    return fields, files, end


def parse_log(chunks: Iterable[bytes]) -> Iterator[LogCommit]:
    """The commits in what `git <log_args>` prints, newest first, as its output comes in."""
    data, pending, waiting, need = b"", [], 0, 0
    for chunk in _then_eof(chunks):
        eof = not chunk
        pending.append(chunk)
        waiting += len(chunk)
        # A record cut at a chunk's end is parsed again once twice as much has come (or at the end):
        # a huge commit costs a few parses, not one per chunk.
        if not eof and len(data) + waiting < need:
            continue
        data, pos = data + b"".join(pending), 0
        pending.clear()
        waiting = need = 0
        while pos < len(data):
            try:
                fields, files, pos = _record(data, pos, eof)
            except _Incomplete:
                need = 2 * (len(data) - pos)
                break
            sha, parents, stamp, email, message = (f.decode("utf-8", "replace") for f in fields)
            yield LogCommit(sha, tuple(parents.split()), datetime.fromtimestamp(int(stamp), UTC), email,
                            message.rstrip(), files)
        data = data[pos:]


def _then_eof(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, then b"" to say the stream has ended."""
    yield from chunks
    yield b""


class History:
    """The window's merged PRs, read as git streams them: first the branch's own first parents (one
    `git log`), then, for each other merge among them, the first parents of what it merged (one `git log`
    each, down to what the branch already had). After `merged()`: `without_pr` and `listed`."""

    def __init__(self, rng: Range, since: datetime | None = None, until: datetime | None = None) -> None:
        self.rng, self.since, self.until = rng, since, until
        self.without_pr = 0  # commits that reached the branch without a pull request
        self.listed = 0  # first-parent commits git listed for the window, before the dates were checked
        self._seen: set[int] = set()
        # Merges to open: (parents, commits the branch already had, the PR that merged them if one did).
        self._merges: list[tuple[tuple[str, ...], tuple[str, ...], MergedPR | None]] = []
        self._landed: set[int] = set()  # numbers of PRs the branch had before a merge brought a copy in

    def merged(self) -> Iterator[MergedPR]:
        """Every PR that reached the branch in the window, once: the branch's own newest first, then those
        that came through other merges."""
        rng = self.rng
        start = [rng.to_sha, *([f"^{rng.from_sha}"] if rng.from_sha else [])]
        # A shallow clone is read past `until` as well: the commit where its history stops must be seen.
        until = None if rng.shallow else self.until
        for commit in parse_log(stream_git(log_args(start, self.since, until), rng.root)):
            self.listed += 1
            if self._in_window(commit.committed_at):
                yield from self._take(commit, (rng.from_sha,) if rng.from_sha else ())
            elif commit.sha in rng.shallow and (self.since is None or commit.committed_at >= self.since):
                self._cut(commit)  # the window ends before the history starts: nothing of it is here
        while self._merges:
            parents, had, carrier = self._merges.pop(0)
            self._landed |= self._numbers(parents[0], parents[1:])
            revisions = [*parents[1:], *(f"^{sha}" for sha in (*had, parents[0]))]
            loose, found = self.without_pr, 0
            for commit in parse_log(stream_git(log_args(revisions), rng.root)):
                for merged in self._take(commit, (*had, parents[0])):
                    found += 1
                    yield merged
            if carrier is not None and not found:  # the branch held no PR of its own: its PR is the change
                self.without_pr = loose
                yield carrier

    def _numbers(self, branch: str, merged: tuple[str, ...]) -> set[int]:
        """The PR numbers on `branch`'s first parents that the merged side does not have: a commit the merge
        brings that carries one of them is a backport (a cherry-pick keeps its `(#N)`) of a PR the branch
        already had, counted when it landed there. One `git log` of subjects only."""
        args = ["log", "--first-parent", "--no-show-signature", "--format=%s", branch, *(f"^{p}" for p in merged), "--"]
        subjects = run_git(args, self.rng.root).decode("utf-8", "replace").splitlines()
        return {found[0] for found in map(pr_identity, subjects) if found is not None and found[0] is not None}

    def _in_window(self, when: datetime) -> bool:
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)

    def _take(self, commit: LogCommit, had: tuple[str, ...]) -> Iterator[MergedPR]:
        """The PR a commit is, once; a merge to open later (a PR that merged a long-lived branch too: it
        carries that branch's PRs); or one more commit without a pull request."""
        if commit.sha in self.rng.shallow:
            self._cut(commit)
        pr = _pull_request(commit, self.rng.base_name)
        if pr is not None and len(commit.parents) > 1 and _LONG_LIVED.fullmatch(pr.head):
            self._merges.append((commit.parents, had, MergedPR(pr, commit.committed_at, commit.sha)))
        elif pr is not None:
            if pr.number is None or (pr.number not in self._seen and pr.number not in self._landed):  # backports
                if pr.number is not None:
                    self._seen.add(pr.number)
                yield MergedPR(pr, commit.committed_at, commit.sha)
        elif len(commit.parents) > 1:
            self._merges.append((commit.parents, had, None))
        else:
            self.without_pr += 1

    def _cut(self, commit: LogCommit) -> None:
        """A shallow clone's history stops at `commit`, after the window began: what came before is not here,
        and its diff would be against nothing (every file added). Never guessed at: a usage error."""
        day = commit.committed_at.date().isoformat()
        raise UsageError(f"this clone is shallow: its history stops at {commit.sha[:12]} ({day}), after the "
                         "window begins, so the digest would miss what came before it", hint=FETCH_ALL)


def merged_prs(rng: Range, since: datetime | None = None, until: datetime | None = None) -> Iterator[MergedPR]:
    """Every PR merged in the window (see History), as git streams them."""
    return History(rng, since, until).merged()


def swapped(rng: Range) -> bool:
    """Whether `--from` comes after `--to` (asked once a range turned out empty): `to` is an ancestor of `from`."""
    if rng.from_sha is None or rng.from_sha == rng.to_sha:
        return False
    try:
        run_git(["merge-base", "--is-ancestor", rng.to_sha, rng.from_sha], rng.root)
    except GitFailed as exc:
        if exc.returncode == 1:  # not an ancestor: git's answer, not a failure
            return False
        raise
    return True
