"""The Action under GitHub faults and concurrent runs: each ends retried, degraded or failed cleanly, never doubled."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pr_impact.adapters.config_file import default_config
from pr_impact.adapters.github import GitHubClient
from pr_impact.commands.action import COMMENT_MARKER, Settings, State, client_for, run
from tests.commands.test_action import INT, REPO, TOKEN, UF, UI_FILE, payload
from tests.fake_github import FakeGitHub, FakeState

NOW = 1_700_000_000.0  # the injected clock's epoch second
MAX_WAIT = 60.0  # the client's default budget of retry waits for a whole run
TIMEOUT = 1  # client timeout for the stalled-answer cases (whole seconds, as PyGithub takes it): the least there is
HUMAN = "needs-review"  # a label a person set: never removed, never even touched
WARNING, ERROR = "::warning title=pr-impact::", "::error title=pr-impact::"


@dataclass
class FakeTime:
    """An injected clock and sleep: sleeping records the wait and moves the clock, instantly."""

    now: float = NOW
    slept: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@dataclass
class Rig:
    """A fake GitHub with PR #7 (one UI file, a person's label) and a way to run the Action on it."""

    gh: FakeGitHub
    tmp: Path
    time: FakeTime = field(default_factory=FakeTime)
    clients: list[GitHubClient] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def state(self) -> FakeState:
        return self.gh.state

    def go(
        self, event: dict[str, Any] | None = None, *, recheck: bool | None = None, **inputs: str
    ) -> tuple[int, str]:
        """One run through `run(...)` with the injected clock; returns (exit code, log).

        `recheck` None leaves the client's own default for `recheck_created_comment`.
        """
        folder = self._fresh_dir()
        event = event or payload("synchronize", labels=self.state.issue_labels.get(7, []))
        (folder / "event.json").write_text(json.dumps(event), encoding="utf-8")
        env = {**self.gh.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(folder / "event.json"),
               "GITHUB_OUTPUT": str(folder / "output"), "GITHUB_STEP_SUMMARY": str(folder / "summary"),
               "INPUT_GITHUB_TOKEN": TOKEN, **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
        out = io.StringIO()
        code = run(Settings.from_env(env), lambda s: self._client(s, recheck), out)
        return code, out.getvalue()

    def _client(self, settings: Settings, recheck: bool | None) -> GitHubClient:
        extra = {} if recheck is None else {"recheck_created_comment": recheck}
        client = client_for(settings, sleep=self.time.sleep, clock=self.time.clock, timeout=TIMEOUT, **extra)
        self.clients.append(client)
        return client

    def _fresh_dir(self) -> Path:
        # Runs may happen in parallel threads: each gets its own event, output and summary files.
        with self.lock:
            path = self.tmp / f"run{len(self.clients)}-{len(list(self.tmp.iterdir()))}"
            path.mkdir()
        return path

    def ours(self) -> list[str]:
        """Bodies of the bot's sticky comments on PR #7."""
        return [c["body"] for c in self.state.comments.get(7, [])
                if COMMENT_MARKER in c["body"] and c["user"]["login"] == self.state.login]

    def impact_labels(self) -> list[str]:
        managed = {name.casefold() for name in default_config().managed_labels()}
        return [name for name in self.state.issue_labels[7] if name.casefold() in managed]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    state = FakeState(repo=REPO, token=TOKEN)
    state.add_pull(7, [UI_FILE], labels=[HUMAN])
    state.add_label(HUMAN, "fbca04", "A person set this")
    for spec in default_config().labels.values():
        state.add_label(spec.name, spec.color, spec.description)
    with FakeGitHub(state) as gh:
        yield Rig(gh, tmp_path)


def assert_clean(rig: Rig, log: str) -> None:
    """What holds after every fault: no traceback, at most one comment, the person's label untouched."""
    assert "Traceback" not in log
    assert len(rig.ours()) <= 1, rig.state.lines()
    assert HUMAN in rig.state.issue_labels[7]
    assert not any(HUMAN in line for line in rig.state.lines()), "a person's label was touched"
    assert len(rig.impact_labels()) <= 1
    for client in rig.clients:
        assert sum(rig.time.slept) <= MAX_WAIT and client.http.retrier.waited <= MAX_WAIT


# -- the fault matrix ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One fault, and the documented outcome of a run that meets it."""

    arrange: Callable[[FakeState], None]
    code: int  # exit code with fail-on-error: true (the default)
    annotation: str | None  # WARNING, ERROR or None
    slept: list[float]  # the waits the client asked for, in order
    labelled: bool = True  # the impact label is on the PR afterwards
    commented: bool = True  # the sticky comment is there afterwards
    says: str = ""  # a phrase the annotation must contain
    event: dict[str, Any] = field(default_factory=dict)  # overrides for the PR in the event


def post_errors(state: FakeState, times: int, status: int, path: str) -> None:
    """Server errors on writes only (the comment list shares the comment path)."""
    state.fail(status, method="POST", path=path, times=times, body={"message": "Server Error"})


def _write_bursts(state: FakeState) -> None:
    post_errors(state, 2, 500, r"/labels$")
    post_errors(state, 2, 502, r"/comments$")


def _graphql_partial(state: FakeState) -> None:
    state.graphql_errors.append({"type": "INTERNAL", "path": ["repository", "pullRequest", "commits"],
                                 "message": "Something went wrong while executing your query."})


def _missing_issues(state: FakeState) -> None:
    state.commits[7] = ["fix: crash on save, fixes #98"]  # only the commits name #98: looked up over REST


def _read_only(state: FakeState) -> None:
    state.read_only = True


CASES: dict[str, Case] = {
    "502 burst on the files list, then success": Case(
        lambda s: s.server_errors(3, 502, path=r"/files$"), 0, None, [1.0, 2.0, 4.0]),
    "500 burst on every write, then success": Case(
        _write_bursts,
        0, None, [1.0, 2.0, 1.0]),
    "persistent 500 on the files list": Case(
        lambda s: s.server_errors(50, 500, path=r"/files$"), 3, ERROR, [1.0, 2.0, 4.0, 8.0],
        labelled=False, commented=False, says="gave up after 5 attempts"),
    "persistent 502 on GraphQL degrades": Case(
        lambda s: s.server_errors(50, 502, path=r"graphql$"), 0, WARNING, [1.0, 2.0, 4.0, 8.0],
        says="Could not read linked issues"),
    "403 secondary rate limit with Retry-After": Case(
        lambda s: s.secondary_rate_limit(7, path=r"/labels$"), 0, None, [7.0]),
    "429 with Retry-After": Case(lambda s: s.too_many_requests(3, path=r"/comments$"), 0, None, [3.0]),
    "primary rate limit, reset in an hour": Case(
        lambda s: s.rate_limit_exhausted(int(NOW) + 3600, path=r"/files$"), 3, ERROR, [],
        labelled=False, commented=False, says="re-run the job later"),
    "primary rate limit, reset in 20 s": Case(
        lambda s: s.rate_limit_exhausted(int(NOW) + 20, path=r"/files$"), 0, None, [21.0]),
    "GraphQL errors with partial data": Case(_graphql_partial, 0, WARNING, [], says="Something went wrong"),
    "404 on linked issues": Case(_missing_issues, 0, WARNING, [], says="#98 is not found",
                                 event={"body": "Closes #99"}),
    "403 read-only token": Case(_read_only, 0, WARNING, [], labelled=False, commented=False,
                                says="the token is read-only"),
    "label add fails, the comment is written": Case(
        lambda s: s.fail(422, method="POST", path=r"/labels$", times=50, body={"message": "Validation Failed"}),
        3, ERROR, [], labelled=False, says="set the label"),
    "comment fails, the label is set": Case(
        lambda s: post_errors(s, 50, 500, r"/comments$"), 3, ERROR, [1.0, 2.0, 4.0],
        commented=False, says="write the PR comment"),
}


@pytest.mark.parametrize("fail_on_error", [True, False], ids=["fail-on-error", "no-fail-on-error"])
@pytest.mark.parametrize("name", list(CASES))
def test_fault_matrix(rig: Rig, name: str, fail_on_error: bool) -> None:
    case = CASES[name]
    case.arrange(rig.state)
    event = payload("opened", labels=[HUMAN], pr=case.event)
    code, log = rig.go(event, fail_on_error=str(fail_on_error).lower())
    assert_clean(rig, log)
    assert code == (case.code if fail_on_error else 0), log
    assert rig.time.slept == case.slept, log
    if case.annotation is None:
        assert WARNING not in log and ERROR not in log, log
    else:
        annotations = [line for line in log.splitlines() if line.startswith(case.annotation)]
        assert any(case.says in line for line in annotations), log
        assert ERROR not in log if case.annotation == WARNING else True, log
    assert rig.impact_labels() == ([UF] if case.labelled else [])
    assert len(rig.ours()) == (1 if case.commented else 0)


def test_fault_matrix_cases_each_re_run_cleanly(rig: Rig) -> None:
    """After a failed run, a re-run with GitHub healthy again completes the job exactly once."""
    post_errors(rig.state, 50, 500, r"/comments$")
    rig.go(payload("opened", labels=[HUMAN]))
    rig.state.faults.clear()
    code, log = rig.go()
    assert code == 0 and len(rig.ours()) == 1 and rig.impact_labels() == [UF]
    assert_clean(rig, log)


# -- timeouts --------------------------------------------------------------------------------------


def test_a_stalled_read_times_out_and_is_retried(rig: Rig) -> None:
    rig.state.stall(2.0, method="GET", path=r"/files$")
    code, log = rig.go(payload("opened", labels=[HUMAN]))
    assert code == 0 and rig.time.slept == [1.0]  # one timeout, one back-off, one retry
    assert rig.state.lines().count("GET /repos/octo/app/pulls/7/files?per_page=100") == 2
    assert rig.impact_labels() == [UF] and len(rig.ours()) == 1
    assert_clean(rig, log)


def test_a_comment_whose_answer_never_came_is_found_not_posted_twice(rig: Rig) -> None:
    # GitHub creates the comment but the answer stalls past the timeout: the POST is not repeated blindly.
    rig.state.stall(2.0, method="POST", path=r"/comments$")
    code, log = rig.go(payload("opened", labels=[HUMAN]))
    assert code == 0 and len(rig.ours()) == 1, rig.state.lines()
    assert [r.method for r in rig.state.requests if r.path.endswith("/comments")] == ["GET", "POST", "GET"]
    assert_clean(rig, log)


def test_timeouts_everywhere_end_in_bounded_time_with_an_error(rig: Rig) -> None:
    rig.state.stall(2.0, times=100)
    code, log = rig.go(payload("opened", labels=[HUMAN]))
    assert code == 3 and ERROR in log and "ReadTimeout" in log
    # Five attempts of the first request, four back-offs between them, then a clear message.
    assert len(rig.state.requests) == 5 and len(rig.time.slept) == 4 and sum(rig.time.slept) <= MAX_WAIT
    assert_clean(rig, log)


# -- people acting during a run -------------------------------------------------------------------


def previous_run(rig: Rig, label: str, body: str = "an older report") -> None:
    """The state an earlier run left: its label on the PR and its comment recording it."""
    rig.state.issue_labels[7] = [label, HUMAN]
    rig.state.add_comment(7, f"{body}\n{COMMENT_MARKER}\n{State(label, 'pr-impact').marker()}\n")


def test_comment_deleted_between_list_and_edit_is_posted_again_once(rig: Rig) -> None:
    previous_run(rig, UF)
    rig.state.after(lambda s: s.comments[7].clear(), method="GET", path=r"/issues/7/comments$")
    code, log = rig.go()
    assert code == 0 and len(rig.ours()) == 1, rig.state.lines()
    # The new comment is rechecked like any posted one: a concurrent run may have posted too.
    assert [r.method for r in rig.state.requests if "comments" in r.path] == ["GET", "PATCH", "POST", "GET"]
    assert_clean(rig, log)


def test_label_removed_by_a_person_mid_run_is_tolerated(rig: Rig) -> None:
    previous_run(rig, INT)  # pr-impact said internal; the rules now say user-facing
    rig.state.after(lambda s: s.issue_labels[7].remove(INT), method="POST", path=r"/issues/7/labels$")
    code, log = rig.go()
    assert code == 0 and WARNING not in log and ERROR not in log, log
    assert rig.state.issue_labels[7] == [HUMAN, UF]
    assert "DELETE /repos/octo/app/issues/7/labels/impact%3A%20internal" in rig.state.lines()
    assert_clean(rig, log)


# -- the real entry point ---------------------------------------------------------------------------


@pytest.mark.parametrize(("fail_on_error", "code"), [("true", 3), ("false", 0)])
def test_subprocess_rate_limit_fails_fast_with_a_clear_message(rig: Rig, fail_on_error: str, code: int) -> None:
    rig.state.rate_limit_exhausted(int(time.time()) + 3600, times=100)
    (rig.tmp / "event.json").write_text(json.dumps(payload("opened", labels=[HUMAN])), encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(rig.tmp), "GITHUB_ACTIONS": "true",
           "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(rig.tmp / "event.json"),
           "INPUT_GITHUB_TOKEN": TOKEN, "INPUT_FAIL_ON_ERROR": fail_on_error, **rig.gh.env()}
    proc = subprocess.run([sys.executable, "-m", "pr_impact", "action"], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert ERROR in proc.stdout and "rate limit" in proc.stdout and "re-run the job later" in proc.stdout
    assert len(rig.state.requests) == 1 and rig.state.writes() == []


# -- two runs at once -------------------------------------------------------------------------------


def race(rig: Rig, *, recheck: bool | None = None) -> list[tuple[int, str]]:
    """Two runs for PR #7 at once, interleaved: neither lists the comments until both have asked."""
    # Generous: on a loaded machine a run can take seconds to reach the list, and a broken barrier means no race.
    barrier = threading.Barrier(2, timeout=60)
    rig.state.hold(barrier.wait, method="GET", path=r"/issues/7/comments$", times=2)
    results: list[tuple[int, str]] = []
    event = payload("opened", labels=[HUMAN])

    def one() -> None:
        results.append(rig.go(event, recheck=recheck))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(results) == 2
    return results


def test_two_simultaneous_runs_leave_one_comment_and_one_label(rig: Rig) -> None:
    results = race(rig)  # the client's default settings: the recheck is on
    assert [code for code, _ in results] == [0, 0]
    assert len(rig.ours()) == 1 and rig.impact_labels() == [UF], rig.state.lines()
    # Both posted; the run that posted second deleted its own copy (only ever its own).
    posted = [r for r in rig.state.requests if r.method == "POST" and r.path.endswith("/comments")]
    deleted = [r.path for r in rig.state.requests if r.method == "DELETE"]
    assert len(posted) == 2 and len(deleted) == 1
    assert rig.state.comments[7][0]["id"] < int(deleted[0].rsplit("/", 1)[1])
    for _, log in results:
        assert_clean(rig, log)


def test_without_the_recheck_a_race_leaves_two_comments_until_the_next_run(rig: Rig) -> None:
    race(rig, recheck=False)
    assert len(rig.ours()) == 2 and rig.impact_labels() == [UF]  # the race the recheck closes
    rig.state.requests.clear()
    code, log = rig.go()  # the next run reads the comments anyway: it keeps the oldest, deletes the copy
    assert code == 0 and len(rig.ours()) == 1 and rig.ours()[0] == rig.state.comments[7][0]["body"]
    assert [r.method for r in rig.state.writes()] == ["DELETE"]
    assert_clean(rig, log)


def test_the_recheck_costs_nothing_when_a_comment_exists(rig: Rig) -> None:
    rig.go(payload("opened", labels=[HUMAN]))
    assert [line.split("?")[0] for line in rig.state.lines()][-2:] == [
        "POST /repos/octo/app/issues/7/comments", "GET /repos/octo/app/issues/7/comments"]  # the recheck
    rig.state.requests.clear()
    code, _ = rig.go()
    # files, GraphQL (issues, commits, config), comments: nothing was posted, so nothing to recheck.
    assert code == 0 and rig.state.writes() == [] and len(rig.state.requests) == 3, rig.state.lines()


def test_a_duplicate_that_cannot_be_deleted_is_a_warning(rig: Rig) -> None:
    previous_run(rig, UF)
    previous_run(rig, UF, "a copy from a run that raced")
    rig.state.fail(403, method="DELETE", path=r"/issues/comments/", body={"message": "Resource not accessible"})
    code, log = rig.go()
    assert code == 0 and "Could not delete a duplicate pr-impact comment" in log and ERROR not in log, log
    assert "Traceback" not in log and rig.impact_labels() == [UF]


def test_retry_waits_share_one_budget_per_run(rig: Rig) -> None:
    # Two limits of 40 s each: the first is waited out, the second would pass the 60 s budget.
    rig.state.secondary_rate_limit(40, path=r"/files$")
    rig.state.secondary_rate_limit(40, path=r"graphql$")
    code, log = rig.go(payload("opened", labels=[HUMAN]))
    assert code == 0 and rig.time.slept == [40.0] and "(40s waited already)" in log, log
    assert rig.impact_labels() == [UF] and len(rig.ours()) == 1
    assert_clean(rig, log)
