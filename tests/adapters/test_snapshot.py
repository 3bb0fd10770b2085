"""Snapshot replay (README "Snapshots"): GitHub-shaped JSON in, PullRequest out; bad input is a clear error."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.adapters.snapshot import parse_snapshots, pull_request_from_snapshot
from pr_impact.core.model import LinkedIssue
from pr_impact.errors import SnapshotError

FULL = {
    "pull_request": {"number": 12, "title": "Add dark mode", "body": "Fixes #3",
                     "user": {"login": "ana", "type": "User"},
                     "head": {"ref": "feature/dark", "sha": "abc123"}, "base": {"ref": "main"},
                     "labels": [{"name": "ui"}, "plain-label"], "draft": False, "additions": 10, "deletions": 2,
                     "changed_files": 3, "unknown_key": {"ignored": True}},
    "files": [{"filename": "src/theme.css", "status": "renamed", "additions": 1, "deletions": 1, "changes": 2,
               "patch": "@@ -1 +1 @@\n-a\n+b", "previous_filename": "src/old.css"}],
    "linked_issues": [{"number": 3, "title": "Dark mode please", "state": "OPEN", "labels": [{"name": "feature"}]}],
    "commits": [{"commit": {"message": "add theme"}}, {"message": "tweak"}],
}


def test_full_snapshot_maps_every_field() -> None:
    pr = pull_request_from_snapshot(FULL)
    assert (pr.number, pr.title, pr.author, pr.head, pr.base, pr.head_sha) == (
        12, "Add dark mode", "ana", "feature/dark", "main", "abc123")
    assert pr.labels == ("ui", "plain-label")
    assert pr.files[0].previous_path == "src/old.css" and pr.files[0].status == "renamed"
    assert pr.linked_issues[0].state == "open" and pr.linked_issues[0].labels == ("feature",)
    assert pr.commits == ("add theme", "tweak")
    assert pr.changed_files == 3 and pr.files_truncated


def test_only_pull_request_and_files_are_required() -> None:
    pr = pull_request_from_snapshot({"pull_request": {}, "files": []})
    assert pr.title == "" and pr.files == () and pr.number is None


@pytest.mark.parametrize("data, message", [
    ([], "expected an object with a 'pull_request'"),
    ({"files": []}, "expected an object with a 'pull_request'"),
    ({"pull_request": {}}, "expected a 'files' list"),
    ({"pull_request": {}, "files": [{"status": "added"}]}, "needs a string 'filename'"),
])
def test_malformed_snapshots_say_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(SnapshotError, match=message):
        pull_request_from_snapshot(data)


def test_json_lines_give_one_pr_per_line() -> None:
    line = json.dumps(FULL)
    prs = list(parse_snapshots(f"{line}\n\n{line}\n", "many.jsonl"))
    assert [p.number for p in prs] == [12, 12]


def test_broken_json_line_reports_its_line_number() -> None:
    with pytest.raises(SnapshotError, match=r"many.jsonl:2:\d+: invalid JSON"):
        list(parse_snapshots(json.dumps(FULL) + "\n{not json\n", "many.jsonl"))


def test_empty_file_is_an_error() -> None:
    with pytest.raises(SnapshotError, match="empty"):
        list(parse_snapshots("  \n", "x.json"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(
        ["pull_request", "files", "title", "filename", "labels", "user", "number", "patch", "status", "commits",
         "linked_issues", "head", "base", "name", "login", "commit", "message", "milestone", "type"]), c, max_size=5),
    max_leaves=20,
)


@given(json_values)
def test_any_json_parses_or_raises_snapshot_error(value: object) -> None:
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots(json.dumps(value), "fuzz.json"))


@given(st.text(max_size=200))
def test_any_text_parses_or_raises_snapshot_error(text: str) -> None:
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots(text, "fuzz.json"))


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    with pytest.raises(SnapshotError, match="nested too deeply"):
        list(parse_snapshots("[" * 100_000 + "]" * 100_000, "deep.json"))


def test_null_document_is_an_error() -> None:
    with pytest.raises(SnapshotError):
        list(parse_snapshots("null", "null.json"))


def test_binary_is_decided_from_the_line_counts_as_for_the_api() -> None:
    """GitHub omits `patch` for binary files and for very large text diffs: only the counts tell them apart."""
    files = [
        {"filename": "logo.png", "status": "added"},  # no patch, no counts: binary
        {"filename": "big.json", "additions": 50000, "changes": 50000},  # no patch, counts: large text
        {"filename": "b.py", "status": "renamed", "previous_filename": "a.py"},  # a pure rename
    ]
    pr = pull_request_from_snapshot({"pull_request": {}, "files": files})
    assert [(f.binary, f.patch) for f in pr.files] == [(True, None), (False, None), (False, None)]


def test_linked_issues_are_kept_as_given_and_own_repository_refs_normalised() -> None:
    pr = pull_request_from_snapshot({
        "pull_request": {"body": "Fixes #99", "base": {"repo": {"full_name": "octo/app"}}},
        "files": [],
        "linked_issues": [{"number": 3, "repository": {"full_name": "Octo/App"}}, {"number": 4, "repository":
                          {"full_name": "other/lib"}}],
    })
    assert [i.ref for i in pr.linked_issues] == ["#3", "other/lib#4"] and pr.repo == "octo/app"


def test_snapshots_and_the_shared_parser_never_import_pygithub() -> None:
    code = ("import sys; import pr_impact.adapters.snapshot, pr_impact.adapters.rest_shapes; "
            "print('github' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


def test_a_snapshot_replays_tickets_in_the_json_verdicts_shape() -> None:
    data = {"pull_request": {"number": 3, "title": "x"}, "files": [], "linked_issues": [
        {"number": 4, "title": "GitHub issue"},
        {"key": "ENG-12", "tracker": "jira", "title": "Export", "type": "Story", "status": "Done",
         "labels": ["billing"], "parent": "Invoices", "url": "https://acme.atlassian.net/browse/ENG-12"},
        {"key": "ENG-13", "found": False}, {"key": "not a key"}, {"key": "ENG-0"}]}
    issues = pull_request_from_snapshot(data).linked_issues
    assert issues[1:] == (
        LinkedIssue(key="ENG-12", tracker="jira", title="Export", type="Story", state="Done", labels=("billing",),
                    parent="Invoices", url="https://acme.atlassian.net/browse/ENG-12"),
        LinkedIssue(key="ENG-13", missing=True))
    assert issues[0].number == 4
