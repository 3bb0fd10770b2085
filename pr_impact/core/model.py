"""The pull request as every source (GitHub, local git, snapshot) hands it to the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

FILE_STATUSES = ("added", "removed", "modified", "renamed", "copied", "changed", "unchanged")


# A NamedTuple because it is cheaper to define at import than a frozen dataclass (every check pays
# for it). LinkedIssue and PullRequest stay dataclasses: sources update them with dataclasses.replace.
class FileChange(NamedTuple):
    """One changed file. `patch` is None when the source omits it (binary or very large files)."""

    path: str
    status: str = "modified"
    additions: int = 0
    deletions: int = 0
    patch: str | None = None
    previous_path: str | None = None
    binary: bool = False


@dataclass(frozen=True, slots=True)
class LinkedIssue:
    """An issue the PR closes, or a Jira or Linear ticket it names (SPEC section 3: tickets count as
    linked issues). Only `number` (a GitHub issue) or `key` (a ticket) is certain; the rest is known
    when a source had it."""

    number: int = 0  # 0 for a ticket, which has a `key` instead
    repo: str | None = None  # "owner/name" when it is in another repository
    title: str | None = None
    state: str | None = None  # a ticket's status ("In Progress")
    labels: tuple[str, ...] = ()
    type: str | None = None  # GitHub's issue type, Jira's issue type ("Bug", "Story")
    milestone: str | None = None
    url: str | None = None
    key: str | None = None  # a ticket's key, "ENG-123"
    tracker: str | None = None  # a ticket's tracker: "jira" or "linear"
    parent: str | None = None  # a ticket's epic (Jira) or project (Linear)
    missing: bool = False  # looked up, and the tracker has no such ticket (or will not show it)

    @property
    def ref(self) -> str:
        if self.key is not None:
            return self.key
        return f"{self.repo}#{self.number}" if self.repo else f"#{self.number}"


@dataclass(frozen=True, slots=True)
class PullRequest:
    """Everything pr-impact knows about one pull request (or local branch)."""

    title: str = ""
    body: str = ""
    files: tuple[FileChange, ...] = ()
    number: int | None = None
    author: str = ""
    author_type: str = "User"
    head: str = ""
    base: str = ""
    labels: tuple[str, ...] = ()
    draft: bool = False
    commits: tuple[str, ...] = ()  # full commit messages, oldest first
    linked_issues: tuple[LinkedIssue, ...] = ()
    # What the source reported; may exceed the files listed (GitHub stops listing at 3,000).
    changed_files: int | None = None
    additions: int | None = None
    deletions: int | None = None
    head_sha: str | None = None
    base_sha: str | None = None  # the commit of the base branch the PR is compared with, when known
    repo: str | None = None  # "owner/name" of the base repository, when known

    @property
    def files_reported(self) -> int:
        return max(self.changed_files or 0, len(self.files))

    @property
    def files_truncated(self) -> bool:
        return (self.changed_files or 0) > len(self.files)
