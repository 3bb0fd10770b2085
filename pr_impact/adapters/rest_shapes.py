"""The one parser of GitHub's REST (and GraphQL issue) shapes, shared by snapshots and the API.

Snapshots are captured REST answers, so that a PR can be replayed offline, and the Action reads the
same answers live: both go through these functions and give the same model for the same JSON. Every field may be
missing, null or of the wrong type (snapshots are hand-written, payloads are large and loose):
nothing here raises on a bad field, it reads as absent. No PyGithub here: `check` must not pay for
importing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pr_impact.adapters.links import same_repo
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest

_SURROGATE = re.compile("[\ud800-\udfff]")

# Counts and numbers beyond any real PR's (GitHub's are 32-bit at most) are treated as missing:
# an integer of thousands of digits could not even be printed (Python's int-to-str digit limit).
MAX_INT = 2**53


def text(value: str) -> str:
    """A string with any lone surrogate (a JSON '\\ud800' escape) replaced: it cannot be encoded to UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


def string(value: Any) -> str:
    """A string field that may be missing or null."""
    return text(value) if isinstance(value, str) else ""


def opt_string(value: Any) -> str | None:
    """A string field, None when it is missing, null, empty or not a string."""
    return text(value) or None if isinstance(value, str) else None


def integer(value: Any) -> int | None:
    """A non-negative integer field that may be missing, null, of the wrong type or absurdly large."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_INT
    return value if ok else None


def obj(value: Any) -> Mapping[str, Any]:
    """An object field, {} when it is missing or not an object (`"user": "bob"`)."""
    return value if isinstance(value, Mapping) else {}


def label_names(value: Any) -> tuple[str, ...]:
    """Label names from a list of label objects or plain strings, or GraphQL's `{nodes: [...]}`."""
    if isinstance(value, Mapping):
        value = value.get("nodes")
    if not isinstance(value, list):
        return ()
    names = (item.get("name") if isinstance(item, Mapping) else item for item in value)
    return tuple(text(name) for name in names if isinstance(name, str) and name)


def is_binary(raw: Mapping[str, Any]) -> bool:
    """Whether a files-list entry is a binary file.

    GitHub omits `patch` both for binary files and for text diffs too large to show, so a missing
    patch alone says nothing. A binary file has no line counts either (additions, deletions and
    changes all 0), while a large text diff has them. A pure rename also has neither patch nor
    counts, so a rename is not called binary.
    """
    if isinstance(raw.get("patch"), str) or string(raw.get("status")) == "renamed":
        return False
    return not any(integer(raw.get(key)) for key in ("additions", "deletions", "changes"))


def file_change(raw: Any) -> FileChange | None:
    """One entry of a PR's files list; None when it has no string `filename`."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("filename"), str):
        return None
    patch = raw.get("patch")
    return FileChange(
        path=text(raw["filename"]),
        status=string(raw.get("status")) or "modified",
        additions=integer(raw.get("additions")) or 0,
        deletions=integer(raw.get("deletions")) or 0,
        patch=text(patch) if isinstance(patch, str) else None,
        previous_path=opt_string(raw.get("previous_filename")),
        binary=is_binary(raw),
    )


def issue(raw: Any, own_repo: str | None = None) -> LinkedIssue | None:
    """A REST issue object or a GraphQL Issue node; None when it has no number.

    `repo` is the issue's repository (`repository.full_name`, or GraphQL's `nameWithOwner`), left
    None when it is `own_repo`.
    """
    if not isinstance(raw, Mapping) or integer(raw.get("number")) is None:
        return None
    repository = obj(raw.get("repository"))
    issue_type = raw.get("type") or raw.get("issueType")
    return LinkedIssue(
        number=int(raw["number"]),
        repo=same_repo(opt_string(repository.get("full_name") or repository.get("nameWithOwner")), own_repo),
        title=opt_string(raw.get("title")),
        state=string(raw.get("state")).lower() or None,
        labels=label_names(raw.get("labels")),
        type=opt_string(issue_type.get("name") if isinstance(issue_type, Mapping) else issue_type),
        milestone=opt_string(obj(raw.get("milestone")).get("title")),
        url=opt_string(raw.get("html_url") or raw.get("url")),
    )


_TICKET_KEY = re.compile(r"[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,8}")


def ticket(raw: Any) -> LinkedIssue | None:
    """A Jira or Linear ticket as a snapshot captures it (the shape of the JSON verdict's `tickets`:
    key, tracker, title, type, status, labels, parent, url, found); None without a key of that shape."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str) or not _TICKET_KEY.fullmatch(raw["key"]):
        return None
    tracker = raw.get("tracker") if raw.get("tracker") in ("jira", "linear") else None
    return LinkedIssue(
        key=raw["key"], tracker=tracker, title=opt_string(raw.get("title")),
        state=opt_string(raw.get("status") or raw.get("state")), labels=label_names(raw.get("labels")),
        type=opt_string(raw.get("type")), parent=opt_string(raw.get("parent")), url=opt_string(raw.get("url")),
        missing=raw.get("found") is False,
    )


def commit_message(raw: Any) -> str | None:
    """A commit's message from the REST shape ({commit: {message}}) or a plain {message}/string."""
    if isinstance(raw, str):
        return text(raw)
    if isinstance(raw, Mapping):
        commit = raw.get("commit")
        message = (commit if isinstance(commit, Mapping) else raw).get("message")
        return text(message) if isinstance(message, str) else None
    return None


def base_repo(raw: Mapping[str, Any]) -> str | None:
    """The `owner/name` a REST pull request object says it targets (`base.repo.full_name`)."""
    return opt_string(obj(obj(obj(raw.get("base")).get("repo"))).get("full_name"))


def pull_request(
    raw: Mapping[str, Any],
    *,
    files: Iterable[FileChange] = (),
    commits: Iterable[str] = (),
    linked_issues: Iterable[LinkedIssue] = (),
    repo: str | None = None,
) -> PullRequest:
    """A REST pull request object as the model; `repo` is used when `base.repo` names none."""
    user, head, base = obj(raw.get("user")), obj(raw.get("head")), obj(raw.get("base"))
    return PullRequest(
        title=string(raw.get("title")),
        body=string(raw.get("body")),
        files=tuple(files),
        number=integer(raw.get("number")),
        author=string(user.get("login")),
        author_type=string(user.get("type")) or "User",
        head=string(head.get("ref")),
        base=string(base.get("ref")),
        labels=label_names(raw.get("labels")),
        draft=raw.get("draft") is True,
        commits=tuple(commits),
        linked_issues=tuple(linked_issues),
        changed_files=integer(raw.get("changed_files")),
        additions=integer(raw.get("additions")),
        deletions=integer(raw.get("deletions")),
        head_sha=opt_string(head.get("sha")),
        base_sha=opt_string(base.get("sha")),
        repo=base_repo(raw) or repo,
    )
