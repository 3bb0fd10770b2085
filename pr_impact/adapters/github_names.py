"""Repository names as GitHub allows them, and the REST path of a repository."""

from __future__ import annotations

import re
import urllib.parse

# What GitHub allows in an owner (user or organisation; `_` for enterprise managed users) and in a
# repository name. Anything else in a reference taken from PR text is refused, never sent.
_OWNER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")


def valid_repo(repo: str) -> bool:
    """Whether `repo` is `owner/name` with characters GitHub allows, and neither part `.` or `..`."""
    owner, slash, name = repo.partition("/")
    return (
        bool(slash)
        and _OWNER_RE.fullmatch(owner) is not None
        and _NAME_RE.fullmatch(name) is not None
        and name not in (".", "..")
    )


def repo_path(repo: str) -> str:
    """`/repos/{owner}/{name}` with each segment quoted (callers validated `repo` already)."""
    owner, _, name = repo.partition("/")
    return f"/repos/{urllib.parse.quote(owner, safe='')}/{urllib.parse.quote(name, safe='')}"


def split_repo(repo: str | None) -> tuple[str, str]:
    """`owner/name` as a pair."""
    owner, _, name = (repo or "").partition("/")
    return owner, name
