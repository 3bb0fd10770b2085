"""Snapshots (SPEC section 7): a PR captured as GitHub-shaped JSON, replayed offline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.errors import SnapshotError, UsageError

_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """A string with any lone surrogate (a JSON '\\ud800' escape) replaced: it cannot be encoded to UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


def _str(value: Any) -> str:
    """A string field that may be missing or null."""
    return _text(value) if isinstance(value, str) else ""


def _opt_str(value: Any) -> str | None:
    """A string field, None when it is missing, null, empty or not a string."""
    return _text(value) or None if isinstance(value, str) else None


# Counts and numbers beyond any real PR's (GitHub's are 32-bit at most) are treated as missing:
# an integer of thousands of digits could not even be printed (Python's int-to-str digit limit).
MAX_INT = 2**53


def _int(value: Any) -> int | None:
    """A non-negative integer field that may be missing, null, of the wrong type or absurdly large."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_INT
    return value if ok else None


def _labels(value: Any) -> tuple[str, ...]:
    """Labels given as objects with `name` or as plain strings."""
    if not isinstance(value, list):
        return ()
    names = (item.get("name") if isinstance(item, dict) else item for item in value)
    return tuple(_text(n) for n in names if isinstance(n, str))


def _file(raw: Any, where: str) -> FileChange:
    """One entry of `files`."""
    if not isinstance(raw, dict) or not isinstance(raw.get("filename"), str):
        raise SnapshotError(f"{where}: each entry of 'files' needs a string 'filename'")
    patch = raw.get("patch")
    return FileChange(
        path=_text(raw["filename"]),
        status=_str(raw.get("status")) or "modified",
        additions=_int(raw.get("additions")) or 0,
        deletions=_int(raw.get("deletions")) or 0,
        patch=_text(patch) if isinstance(patch, str) else None,
        previous_path=_text(raw["previous_filename"]) if isinstance(raw.get("previous_filename"), str) else None,
    )


def _issue(raw: Any) -> LinkedIssue | None:
    """One linked issue; entries without a number are skipped."""
    if not isinstance(raw, dict) or _int(raw.get("number")) is None:
        return None
    repo = raw.get("repository")
    repo_name = repo.get("full_name") or repo.get("nameWithOwner") if isinstance(repo, dict) else None
    issue_type = raw.get("type")
    milestone = raw.get("milestone")
    return LinkedIssue(
        number=int(raw["number"]),
        repo=_opt_str(repo_name),
        title=_opt_str(raw.get("title")),
        state=_str(raw.get("state")).lower() or None,
        labels=_labels(raw.get("labels")),
        type=_opt_str(issue_type.get("name") if isinstance(issue_type, dict) else issue_type),
        milestone=_opt_str(milestone.get("title")) if isinstance(milestone, dict) else None,
        url=_opt_str(raw.get("html_url") or raw.get("url")),
    )


def _commit_message(raw: Any) -> str | None:
    """A commit's message from the REST shape ({commit: {message}}) or a plain {message}/string."""
    if isinstance(raw, str):
        return _text(raw)
    if isinstance(raw, dict):
        commit = raw.get("commit")
        message = (commit if isinstance(commit, dict) else raw).get("message")
        return _text(message) if isinstance(message, str) else None
    return None


def pull_request_from_snapshot(data: Any, where: str = "snapshot") -> PullRequest:
    """A PullRequest from one snapshot object; unknown keys are ignored."""
    if not isinstance(data, dict) or not isinstance(data.get("pull_request"), dict):
        raise SnapshotError(f"{where}: expected an object with a 'pull_request' object (see SPEC section 7)")
    if not isinstance(data.get("files"), list):
        raise SnapshotError(f"{where}: expected a 'files' list (see SPEC section 7)")
    pr = data["pull_request"]
    user = pr.get("user") if isinstance(pr.get("user"), dict) else {}
    head = pr.get("head") if isinstance(pr.get("head"), dict) else {}
    base = pr.get("base") if isinstance(pr.get("base"), dict) else {}
    raw_issues, raw_commits = data.get("linked_issues"), data.get("commits")
    issues = (_issue(i) for i in (raw_issues if isinstance(raw_issues, list) else []))
    commits = (_commit_message(c) for c in (raw_commits if isinstance(raw_commits, list) else []))
    return PullRequest(
        title=_str(pr.get("title")),
        body=_str(pr.get("body")),
        files=tuple(_file(f, where) for f in data["files"]),
        number=_int(pr.get("number")),
        author=_str(user.get("login")),
        author_type=_str(user.get("type")) or "User",
        head=_str(head.get("ref")),
        base=_str(base.get("ref")),
        labels=_labels(pr.get("labels")),
        draft=pr.get("draft") is True,
        commits=tuple(c for c in commits if c),
        linked_issues=tuple(i for i in issues if i),
        changed_files=_int(pr.get("changed_files")),
        additions=_int(pr.get("additions")),
        deletions=_int(pr.get("deletions")),
        head_sha=_str(head.get("sha")) or None,
    )


def parse_snapshots(text: str, where: str) -> Iterator[PullRequest]:
    """Every PR in a snapshot file: one JSON object, or JSON Lines of objects."""
    stripped = text.strip()
    if not stripped:
        raise SnapshotError(f"{where}: the file is empty; expected a JSON object or JSON Lines")
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError:
        document = None  # not one document: try JSON Lines
    except RecursionError:
        raise SnapshotError(f"{where}: JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer literal longer than Python converts (4,300 digits)
        raise SnapshotError(f"{where}: invalid JSON: {exc}".split(";")[0]) from None
    if document is not None:
        yield pull_request_from_snapshot(document, where)
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SnapshotError(f"{where}:{lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise SnapshotError(f"{where}:{lineno}: JSON nested too deeply") from None
        except ValueError as exc:
            raise SnapshotError(f"{where}:{lineno}: invalid JSON: {exc}".split(";")[0]) from None
        yield pull_request_from_snapshot(data, f"{where}:{lineno}")


def read_snapshot_file(path: str) -> str:
    """The text of a snapshot file ('-' reads standard input)."""
    import sys

    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"snapshot file not found: {path}", hint="check the path passed to --snapshot") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"cannot read snapshot {path}: {exc}") from None
