"""Snapshots (README "Snapshots"): a PR captured as GitHub-shaped JSON, replayed offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pr_impact.adapters import rest_shapes
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import SnapshotError, UsageError

_SHAPE_HINT = "see the Snapshots section of the README"


def _file(raw: Any, where: str) -> FileChange:
    """One entry of `files`: GitHub's files-list shape, parsed as the API adapter parses it."""
    change = rest_shapes.file_change(raw)
    if change is None:
        raise SnapshotError(f"{where}: each entry of 'files' needs a string 'filename'")
    return change


def pull_request_from_snapshot(data: Any, where: str = "snapshot") -> PullRequest:
    """A PullRequest from one snapshot object; unknown keys are ignored.

    `linked_issues` are taken as given (the snapshot captured them); they are not re-derived
    from the body. Everything REST-shaped goes through `rest_shapes`, like the API's answers.
    """
    if not isinstance(data, dict) or not isinstance(data.get("pull_request"), dict):
        raise SnapshotError(f"{where}: expected an object with a 'pull_request' object ({_SHAPE_HINT})")
    if not isinstance(data.get("files"), list):
        raise SnapshotError(f"{where}: expected a 'files' list ({_SHAPE_HINT})")
    pr = data["pull_request"]
    own_repo = rest_shapes.base_repo(pr)
    raw_issues, raw_commits = data.get("linked_issues"), data.get("commits")
    # An entry with a number is a GitHub issue; one with a key (ENG-123) a Jira or Linear ticket.
    issues = (rest_shapes.issue(i, own_repo) or rest_shapes.ticket(i)
              for i in (raw_issues if isinstance(raw_issues, list) else []))
    commits = (rest_shapes.commit_message(c) for c in (raw_commits if isinstance(raw_commits, list) else []))
    return rest_shapes.pull_request(
        pr,
        files=[_file(f, where) for f in data["files"]],
        commits=[c for c in commits if c],
        linked_issues=[i for i in issues if i],
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
