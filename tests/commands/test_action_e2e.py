"""`python -m pr_impact action` as a subprocess, with a runner's environment, against the fake GitHub."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pr_impact.adapters.config_file import default_config
from tests.commands.test_action import parse_outputs
from tests.fake_github import FakeGitHub, FakeState

TOKEN = "ghs_e2eSECRETtoken"
REPO = "octo/app"
BASE, HEAD = "b" * 40, "c" * 40
UF = "impact: user-facing"
FILES = [
    {"filename": f"src/ui/page{i}.tsx", "status": "modified", "additions": 2, "deletions": 1, "changes": 3,
     "patch": "@@ -1 +1,2 @@\n-a\n+b\n+c"}
    for i in range(100)
]


def event(labels: list[str]) -> dict[str, Any]:
    """A `pull_request` `opened` event for PR #12 with 100 files, as the runner writes it."""
    return {
        "action": "opened",
        "number": 12,
        "pull_request": {
            "number": 12, "state": "open", "title": "feat(ui): dark mode for every page", "body": "Closes #3",
            "user": {"login": "alice", "type": "User"}, "draft": False,
            "head": {"ref": "feature/dark-mode", "sha": HEAD, "repo": {"full_name": REPO}},
            "base": {"ref": "main", "sha": BASE, "repo": {"full_name": REPO}},
            "labels": [{"name": name} for name in labels],
            "changed_files": len(FILES), "additions": 200, "deletions": 100,
            "html_url": f"https://github.com/{REPO}/pull/12",
        },
        "repository": {"full_name": REPO},
        "sender": {"login": "alice", "type": "User"},
    }


@contextmanager
def serving_pr12() -> Iterator[FakeGitHub]:
    """The fake GitHub holding PR #12 (FILES), the issue it closes and the impact labels."""
    state = FakeState(repo=REPO, token=TOKEN)
    state.add_pull(12, FILES, commits=["feat(ui): dark mode"])
    state.add_issue(3, "Dark mode is missing", labels=("enhancement",))
    for spec in default_config().labels.values():
        state.add_label(spec.name, spec.color, spec.description)
    with FakeGitHub(state) as server:
        yield server


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with serving_pr12() as server:
        yield server


def run_action(gh: FakeGitHub, tmp: Path, labels: list[str], *, title: str | None = None,
               extra_env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """One Action step, as the runner starts it: a fresh event file, output and summary files."""
    tmp.mkdir(exist_ok=True)
    payload = event(labels)
    if title is not None:
        payload["pull_request"]["title"] = title
    (tmp / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    output, summary = tmp / "output", tmp / "summary"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(tmp / "event.json"),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_TOKEN": TOKEN,
        "RUNNER_TEMP": str(tmp),
        # What action.yml passes on from its inputs.
        "INPUT_GITHUB_TOKEN": TOKEN,
        "INPUT_CONFIG": ".github/pr-impact.yml",
        "INPUT_COMMENT": "true",
        "INPUT_LABEL": "true",
        "INPUT_DRY_RUN": "false",
        "INPUT_FAIL_ON_ERROR": "true",
        **gh.env(),
        **(extra_env or {}),
    }
    proc = subprocess.run([sys.executable, "-m", "pr_impact", "action"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    return proc, output, summary


def test_action_end_to_end_first_run_then_nothing_to_do(gh: FakeGitHub, tmp_path: Path) -> None:
    state = gh.state
    proc, output, summary = run_action(gh, tmp_path, [])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first = state.lines()
    # files, GraphQL (linked issues, commits, config at base), comments, add label, post comment, recheck.
    assert len(first) <= 6, first
    assert state.issue_labels[12] == [UF]
    [body] = state.comment_bodies(12)
    assert "<!-- pr-impact:comment -->" in body and "Dark mode is missing" in body
    outputs = parse_outputs(output.read_text(encoding="utf-8"))
    assert (outputs["impact"], outputs["label"]) == ("user-facing", UF)
    assert json.loads(outputs["json"])["number"] == 12
    assert "User-facing" in summary.read_text(encoding="utf-8")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert TOKEN not in proc.stdout.split("\n", 1)[1] + proc.stderr

    state.requests.clear()
    proc, output, _summary = run_action(gh, tmp_path, [UF])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert state.writes() == [], state.lines()
    assert len(state.lines()) == 3 and len(state.comment_bodies(12)) == 1
    assert parse_outputs(output.read_text(encoding="utf-8"))["impact"] == "user-facing"
    print(f"\nrequests: first run {len(first)}, unchanged re-run {len(state.lines())}")


def test_action_end_to_end_shows_the_jira_ticket_the_title_names(gh: FakeGitHub, tmp_path: Path) -> None:
    from tests.fake_trackers import EMAIL, JIRA_TOKEN, FakeTrackers

    with FakeTrackers() as jira:
        jira.add("ENG-1784", "Every page follows the dark theme", type="Story", status="In Review",
                 epic="Accessibility")
        gh.state.add_file(".github/pr-impact.yml",
                          f"trackers:\n  jira: {{url: '{jira.jira_url}', projects: [ENG]}}\n", ref=BASE)
        proc, output, summary = run_action(
            gh, tmp_path, [], title="feat(ui): dark mode for every page (ENG-1784)",
            extra_env={"INPUT_JIRA_USER_EMAIL": EMAIL, "INPUT_JIRA_API_TOKEN": JIRA_TOKEN})
        asked = jira.paths()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [body] = gh.state.comment_bodies(12)
    assert (f"| [ENG\\-1784]({jira.jira_url}/browse/ENG-1784) | Every page follows the dark theme | Story | "
            "In Review | — | Accessibility |") in body
    assert "- Every page follows the dark theme (ENG\\-1784)" in body
    # The same GitHub requests as without a ticket, and one request to Jira.
    assert len(gh.state.lines()) == 6 and asked == ["/jira/rest/api/3/issue/ENG-1784"]
    assert json.loads(parse_outputs(output.read_text(encoding="utf-8"))["json"])["tickets"][0]["status"] == "In Review"
    assert f"::add-mask::{JIRA_TOKEN}" in proc.stdout
    assert JIRA_TOKEN not in proc.stdout.replace(f"::add-mask::{JIRA_TOKEN}", "") + proc.stderr
    assert "Every page follows the dark theme" in summary.read_text(encoding="utf-8")


def test_action_end_to_end_in_a_repository_without_the_labels(gh: FakeGitHub, tmp_path: Path) -> None:
    gh.state.labels.clear()
    proc, _output, _summary = run_action(gh, tmp_path, [])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # One more request, once per repository: give the label GitHub created its colour and description.
    assert len(gh.state.lines()) == 7, gh.state.lines()
    assert gh.state.labels[UF.casefold()]["color"] == default_config().labels["user-facing"].color


def test_two_runs_at_once_end_with_one_comment_and_one_label(gh: FakeGitHub, tmp_path: Path) -> None:
    """Two Action steps for one PR at the same moment, default settings, no concurrency group."""
    state = gh.state
    # Neither run gets the comment list before both have asked for it: both see no comment.
    barrier = threading.Barrier(2, timeout=30)
    state.hold(barrier.wait, method="GET", path=r"/issues/12/comments$", times=2)
    results: dict[int, subprocess.CompletedProcess[str]] = {}

    def one(k: int) -> None:
        results[k] = run_action(gh, tmp_path / f"run{k}", [])[0]

    threads = [threading.Thread(target=one, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [0, 1]
    for proc in results.values():
        assert proc.returncode == 0 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    posted = [r for r in state.requests if r.method == "POST" and r.path.endswith("/comments")]
    assert len(posted) == 2, state.lines()  # the race happened: both posted
    [body] = state.comment_bodies(12)
    assert "<!-- pr-impact:comment -->" in body and state.issue_labels[12] == [UF]
    # Each run made at most one request more than a first run alone: the recheck is within the 6.
    assert len(state.requests) <= 2 * 6 + 1, state.lines()
