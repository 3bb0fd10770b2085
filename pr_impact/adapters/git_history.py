"""Merged pull requests from local git history: one streaming `git log` over the default branch's first parents.

A merged PR is a first-parent commit whose subject says so: a squash merge (`Title (#123)`) or a
merge commit (`Merge pull request #123 from owner/branch`, the PR's title on the body's first
line). Its files are its diff against its first parent, read from the same stream. Nothing needs a
checkout, a network or a token: the config is read from the window's last commit (`git show`).
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
from pr_impact.adapters.git_run import run_git, stream_git
from pr_impact.core.digest import MergedPR
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import GitError, UsageError

_MERGE = re.compile(r"Merge pull request #(\d{1,9}) from (\S{1,300})")
# A trailing "(#123)" in a stripped subject, anchored at the end (no leading repeat to re-scan).
_SQUASH = re.compile(r"\(#(\d{1,9})\)\Z")
_FORMAT = "--format=%H%x00%P%x00%ct%x00%aE%x00%B"


class Range(NamedTuple):
    """The commits a report reads: what `to` reaches on its first parents, back to `from` (exclusive)."""

    root: Path
    to_ref: str
    to_sha: str
    from_sha: str | None
    base_name: str  # the branch PRs merged into, as GitHub would name it


def _verified(root: Path, ref: str, role: str) -> str:
    """The commit `ref` names; UsageError when it names none."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"{role} {ref!r} is not a valid git revision", hint="pass a branch, tag or commit")
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", "--"], root)
    except GitError:
        raise UsageError(f"{role} '{ref}' does not exist",
                         hint="pass a branch, tag or commit that exists locally (git fetch --tags for tags)") from None
    return out.decode("ascii", "replace").strip()


def resolve_range(cwd: Path, from_ref: str | None, to_ref: str | None) -> Range:
    """The repository's root and the window's refs as commits (`to` defaults to the default branch)."""
    root = git.find_repo_root(cwd)
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
    return Range(root, to, to_sha, from_sha, (default or to).removeprefix("origin/"))


def config_text(rng: Range) -> str | None:
    """`.github/pr-impact.yml` as it is at the window's end, or None when that commit has none."""
    try:
        out = run_git(["cat-file", "-p", f"{rng.to_sha}:{DEFAULT_PATH}"], rng.root)
    except GitError as exc:
        stderr = getattr(exc, "stderr", "")
        if "does not exist" in stderr or "not a valid object name" in stderr or "exists on disk" in stderr:
            return None
        raise
    return out.decode("utf-8", "replace")


def log_args(rng: Range, since: datetime | None, until: datetime | None) -> list[str]:
    """The one git call that streams every first-parent commit of the window with its first-parent diff."""
    args = [*DIFF_CONFIG, "log", "--first-parent", "--diff-merges=first-parent", *LOG_OPTIONS,
            "--no-show-signature", "--encoding=UTF-8", _FORMAT]
    # git compares committer dates, as seconds: the merge time of a PR on the default branch.
    if since is not None:
        args.append(f"--since=@{int(since.timestamp())}")
    if until is not None:
        args.append(f"--until=@{int(until.timestamp())}")
    args.append(f"{rng.from_sha}..{rng.to_sha}" if rng.from_sha else rng.to_sha)
    return [*args, "--"]


def pr_identity(message: str) -> tuple[int, str, str, str] | None:
    """(number, title, body, head branch) when a first-parent commit's message is a merged PR's, else None."""
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
    return None


def _pull_request(sha: str, parents: list[str], email: str, message: str, files: list[FileChange],
                  base_name: str) -> PullRequest | None:
    """The PR a first-parent commit merged, as `check` would have seen it; None for other commits."""
    found = pr_identity(message)
    if found is None:
        return None
    number, title, body, branch = found
    return git.git_pull_request(title=title, body=body, files=files, email=email, messages=(message,), head=branch,
                                base=base_name, head_sha=sha, base_sha=parents[0] if parents else None, number=number)


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


def parse_log(chunks: Iterable[bytes], base_name: str) -> Iterator[MergedPR]:
    """The merged PRs in what `git <log_args>` prints, newest first, as its output comes in."""
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
            pr = _pull_request(sha, parents.split(), email, message.rstrip(), files, base_name)
            if pr is not None:
                yield MergedPR(pr, datetime.fromtimestamp(int(stamp), UTC))
        data = data[pos:]


def _then_eof(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks, then b"" to say the stream has ended."""
    yield from chunks
    yield b""


def merged_prs(rng: Range, since: datetime | None = None, until: datetime | None = None) -> Iterator[MergedPR]:
    """Every PR merged in the window, newest first, as one `git log` process streams them."""
    for merged in parse_log(stream_git(log_args(rng, since, until), rng.root), rng.base_name):
        if (since is None or merged.merged_at >= since) and (until is None or merged.merged_at <= until):
            yield merged
