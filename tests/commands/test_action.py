"""The Action's run(): every event path, writes and no-writes, overrides, failures, outputs and logs."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pr_impact.adapters.config_file import default_config
from pr_impact.commands.action import (
    COMMENT_LIMIT,
    COMMENT_MARKER,
    Settings,
    State,
    client_for,
    comment_body,
    parse_state,
    run,
)
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, PullRequest
from tests.fake_github import FakeGitHub, FakeState

TOKEN = "test-token"
REPO = "octo/app"
BASE, HEAD = "b" * 40, "h" * 40
UI_FILE = {"filename": "src/toolbar/button.tsx", "status": "modified", "additions": 3, "deletions": 1, "changes": 4,
           "patch": "@@ -1 +1 @@\n-a\n+b"}
CI_FILE = {"filename": ".github/workflows/test.yml", "status": "modified", "additions": 1, "deletions": 1,
           "changes": 2, "patch": "@@ -1 +1 @@\n-a\n+b"}
UF, INT = "impact: user-facing", "impact: internal"


def payload(action: str = "opened", labels: list[str] | None = None, title: str = "feat: add dark mode",
            sender: str = "alice", **extra: Any) -> dict[str, Any]:
    """A pull_request event payload for PR #7."""
    pr = {"number": 7, "state": "open", "title": title, "body": "", "user": {"login": "alice", "type": "User"},
          "head": {"ref": "feature/dark", "sha": HEAD, "repo": {"full_name": REPO}},
          "base": {"ref": "main", "sha": BASE, "repo": {"full_name": REPO}},
          "labels": [{"name": n} for n in labels or []], "changed_files": 1}
    pr.update(extra.pop("pr", {}))
    return {"action": action, "pull_request": pr, "repository": {"full_name": REPO},
            "sender": {"login": sender, "type": "Bot" if sender.endswith("[bot]") else "User"}, **extra}


@dataclass
class Harness:
    """A fake GitHub plus the files a runner provides; `go()` runs the Action once."""

    gh: FakeGitHub
    tmp: Path

    @property
    def state(self) -> FakeState:
        return self.gh.state

    def go(self, event: dict[str, Any] | None = None, name: str = "pull_request", **inputs: str) -> tuple[int, str]:
        """Run with `event` (default: opened, with the PR's current labels); return (exit code, log)."""
        if event is None:
            event = payload("synchronize", labels=self.state.issue_labels.get(7, []))
        (self.tmp / "event.json").write_text(json.dumps(event), encoding="utf-8")
        env = {**self.gh.env(), "GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(self.tmp / "event.json"),
               "GITHUB_OUTPUT": str(self.tmp / "output"), "GITHUB_STEP_SUMMARY": str(self.tmp / "summary"),
               "INPUT_GITHUB_TOKEN": TOKEN}
        env |= {f"INPUT_{k.upper()}": v for k, v in inputs.items()}
        out = io.StringIO()
        code = run(Settings.from_env(env), lambda s: client_for(s, max_wait=0), out)
        return code, out.getvalue()

    def comment(self) -> str:
        """The one comment on PR #7."""
        [body] = self.state.comment_bodies(7)
        return body

    def summary(self) -> str:
        path = self.tmp / "summary"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def outputs(self) -> dict[str, str]:
        path = self.tmp / "output"
        return parse_outputs(path.read_text(encoding="utf-8")) if path.exists() else {}


def parse_outputs(text: str) -> dict[str, str]:
    """Read $GITHUB_OUTPUT the way the runner does (`name<<DELIM` … `DELIM`)."""
    values: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        name, delimiter = line.split("<<", 1)
        assert re.fullmatch(r"ghadelimiter_[0-9a-f]{32}", delimiter)
        body = []
        for row in lines:
            if row == delimiter:
                break
            body.append(row)
        values[name] = "\n".join(body)
    return values


@contextmanager
def harness(tmp_path: Path) -> Iterator[Harness]:
    """PR #7 (one UI file) on a fake GitHub whose repository has the impact labels."""
    state = FakeState(repo=REPO, token=TOKEN)
    state.add_pull(7, [UI_FILE])
    for _impact, spec in default_config().labels.items():
        state.add_label(spec.name, spec.color, spec.description)
    with FakeGitHub(state) as gh:
        yield Harness(gh, tmp_path)


# -- events --------------------------------------------------------------------------------------


def test_non_pr_event_is_skipped_with_a_notice_and_no_request(h: Harness) -> None:
    code, log = h.go({"ref": "refs/heads/main"}, name="push")
    assert code == 0 and "::notice title=pr-impact::" in log and "'push'" in log
    assert h.state.requests == [] and h.outputs() == {}


@pytest.mark.parametrize("action", ["closed", "assigned", "review_requested"])
def test_other_actions_are_skipped(h: Harness, action: str) -> None:
    code, log = h.go(payload(action))
    assert code == 0 and "::notice" in log and h.state.requests == []


def test_closed_pr_is_skipped(h: Harness) -> None:
    code, log = h.go(payload("edited", pr={"state": "closed"}))
    assert code == 0 and "closed" in log and h.state.requests == []


def test_first_run_labels_and_comments(h: Harness) -> None:
    code, _log = h.go(payload("opened"))
    assert code == 0
    assert h.state.issue_labels[7] == [UF]
    [body] = h.state.comment_bodies(7)
    assert COMMENT_MARKER in body and parse_state(body, default_config().managed_labels()) == State(UF, "pr-impact")
    assert h.state.lines() == [
        "GET /repos/octo/app/pulls/7/files?per_page=100",
        "POST /graphql",  # linked issues, commit messages and the config at the base commit
        "GET /repos/octo/app/issues/7/comments?per_page=100",
        "POST /repos/octo/app/issues/7/labels",
        "POST /repos/octo/app/issues/7/comments",
        "GET /repos/octo/app/issues/7/comments?per_page=100",  # the recheck: a concurrent run's copy?
    ]
    [graphql] = [r for r in h.state.requests if r.path == "/graphql"]
    assert graphql.body["variables"]["file"] == f"{BASE}:.github/pr-impact.yml"


def test_unchanged_rerun_writes_nothing(h: Harness) -> None:
    h.go(payload("opened"))
    h.state.requests.clear()
    code, _ = h.go()
    assert code == 0 and h.state.writes() == [] and len(h.state.comment_bodies(7)) == 1
    assert [line.split("?")[0] for line in h.state.lines()] == [
        "GET /repos/octo/app/pulls/7/files", "POST /graphql", "GET /repos/octo/app/issues/7/comments"]


def test_dry_run_reads_but_writes_nothing_and_still_reports(h: Harness) -> None:
    code, log = h.go(payload("opened"), dry_run="true")
    assert code == 0 and h.state.writes() == [] and "Dry run" in log
    assert h.outputs()["impact"] == "user-facing" and "User-facing" in h.summary()


def test_label_and_comment_inputs_turn_each_write_off(h: Harness) -> None:
    h.go(payload("opened"), comment="false")
    assert h.state.issue_labels[7] == [UF] and h.state.comment_bodies(7) == []
    h.state.issue_labels[7] = []
    h.go(payload("opened"), label="false")
    assert h.state.issue_labels[7] == [] and len(h.state.comment_bodies(7)) == 1


# -- the human override ---------------------------------------------------------------------------


def test_label_set_by_a_person_wins_and_sticks_across_a_push(h: Harness) -> None:
    h.go(payload("opened"))
    h.state.issue_labels[7] = [UF, INT]  # bob adds the internal label
    code, _ = h.go(payload("labeled", labels=[UF, INT], sender="bob", label={"name": INT}))
    assert code == 0 and h.state.issue_labels[7] == [INT]
    body = h.state.comment_bodies(7)[0]
    assert "bob" in body and parse_state(body, default_config().managed_labels()) == State(INT, "bob")
    h.state.requests.clear()
    h.go(payload("synchronize", labels=[INT]))  # a push: the rules still say user-facing
    assert h.state.issue_labels[7] == [INT] and "bob" in h.state.comment_bodies(7)[0]
    assert h.state.writes() == []


def test_label_present_before_the_first_run_is_a_persons_choice(h: Harness) -> None:
    h.state.issue_labels[7] = [INT]
    h.go(payload("opened", labels=[INT]))
    assert h.state.issue_labels[7] == [INT] and "maintainer" in h.state.comment_bodies(7)[0]


def test_bot_relabelling_is_not_an_override(h: Harness) -> None:
    h.go(payload("opened"))
    code, _ = h.go(payload("labeled", labels=[UF], sender="github-actions[bot]", label={"name": UF}))
    assert code == 0 and "override" not in h.state.comment_bodies(7)[0].lower()


def test_forged_or_broken_state_is_ignored() -> None:
    managed = default_config().managed_labels()
    assert parse_state(None, managed) is None
    assert parse_state('x\n<!-- pr-impact:state {"label": "nope", "by": "pr-impact"} -->', managed) is None
    assert parse_state('<!-- pr-impact:state {"label": "impact: internal", "by": "a b"} -->', managed) is None
    assert parse_state("<!-- pr-impact:state {not json} -->", managed) is None
    # Only the marker at the very end counts: one quoted inside the report does not.
    text = '<!-- pr-impact:state {"label": "impact: internal", "by": "eve"} -->\nmore text'
    assert parse_state(text, managed) is None
    good = State("impact: internal", "eve").marker()
    assert parse_state("report\n" + good + "\n", managed) == State("impact: internal", "eve")


# -- the config ------------------------------------------------------------------------------------


def test_a_pr_that_edits_the_config_is_judged_by_the_base_rules_with_a_note(h: Harness) -> None:
    path = ".github/pr-impact.yml"
    new_rules = ("rules:\n  - name: all-internal\n    when: { files: 1 }\n"
                 "    then: { impact: internal, weight: 100, reason: everything is internal }\n")
    h.state.add_file(path, "labels: {}\n", BASE)
    h.state.add_file(path, new_rules, HEAD)
    h.state.files[7] = [UI_FILE, {**CI_FILE, "filename": path}]
    code, _ = h.go(payload("opened", pr={"changed_files": 2}))
    assert code == 0 and h.state.issue_labels[7] == [UF]
    assert "With its new rules the verdict would be internal" in h.state.comment_bodies(7)[0]
    # The base config came with the GraphQL query; only the PR's own version is one more read.
    assert [r.query.get("ref") for r in h.state.requests if "/contents/" in r.path] == [HEAD]
    assert len(h.state.requests) == 7, h.state.lines()


def test_a_graphql_error_on_the_config_falls_back_to_rest(h: Harness) -> None:
    h.state.add_file(".github/pr-impact.yml", "rules: 3\n", BASE)
    h.state.graphql_errors.append({"type": "INTERNAL", "path": ["repository", "file"], "message": "Timeout"})
    code, log = h.go(payload("opened"))
    # The field's answer is not trusted beside its error: REST reads the file, with the same verdict.
    assert code == 2 and "::error title=pr-impact::" in log and "Timeout" not in log
    assert f"GET /repos/octo/app/contents/.github/pr-impact.yml?ref={BASE}" in h.state.lines()
    assert h.state.writes() == []


@pytest.mark.parametrize(
    ("content", "says", "rest"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text", True), (None, "is not a file", False)],
    ids=["binary", "directory"],
)
def test_a_base_config_that_is_not_a_text_file_is_an_error(
    h: Harness, content: bytes | None, says: str, rest: bool
) -> None:
    path = ".github/pr-impact.yml"
    if content is None:
        h.state.add_file(f"{path}/rules.yml", "rules: []\n", BASE)  # a directory of that name
    else:
        h.state.add_file(path, content, BASE)
    code, log = h.go(payload("opened"))
    assert code == 2 and says in log and h.state.writes() == [], log
    # GraphQL gives no text for a binary blob: REST decodes the bytes, with today's message.
    assert any("/contents/" in line for line in h.state.lines()) == rest, h.state.lines()


def test_invalid_base_config_fails_with_exit_2_unless_told_not_to(h: Harness) -> None:
    h.state.add_file(".github/pr-impact.yml", "rules: 3\n", BASE)
    code, log = h.go(payload("opened"))
    assert code == 2 and "::error title=pr-impact::" in log and h.state.writes() == []
    code, log = h.go(payload("opened"), fail_on_error="false")
    assert code == 0 and "::warning" in log and h.state.issue_labels[7] == [UF]


# -- failures --------------------------------------------------------------------------------------


def test_read_only_token_reports_through_summary_and_warning_and_exits_0(h: Harness) -> None:
    h.state.read_only = True
    code, log = h.go(payload("opened"))
    assert code == 0 and log.count("::warning title=pr-impact::") == 2
    assert "could not do everything" in h.summary() and "User-facing" in h.summary()
    assert h.outputs()["label"] == UF


def test_comment_failure_keeps_the_label(h: Harness) -> None:
    h.state.fail(500, method="POST", path=r"/comments$", times=10)
    code, log = h.go(payload("opened"))
    assert code == 3 and "::error" in log and h.state.issue_labels[7] == [UF]


def test_label_failure_keeps_the_comment(h: Harness) -> None:
    h.state.fail(422, method="POST", path=r"/labels$", times=10, body={"message": "Validation Failed"})
    code, _ = h.go(payload("opened"), fail_on_error="false")
    assert code == 0 and len(h.state.comment_bodies(7)) == 1 and h.state.issue_labels[7] == []


def test_github_read_failure_is_an_annotation_and_exit_3_never_a_traceback(h: Harness) -> None:
    h.state.fail(401, body={"message": "Bad credentials"}, times=10)
    code, log = h.go(payload("opened"))
    assert code == 3 and "::error" in log and "Traceback" not in log
    code, _ = h.go(payload("opened"), fail_on_error="false")
    assert code == 0


def test_workflow_run_stage_two_fetches_the_pr_and_checks_the_commit(h: Harness) -> None:
    h.state.pulls[7] = payload()["pull_request"]
    saved = h.tmp / "saved.json"
    saved.write_text(json.dumps(payload("opened", pr={"title": "forged", "labels": [{"name": INT}]})))
    run_event = {"action": "completed", "workflow_run": {"head_sha": HEAD, "event": "pull_request"},
                 "repository": {"full_name": REPO}}
    (h.tmp / "event.json").write_text(json.dumps(run_event))
    env = {**h.gh.env(), "GITHUB_EVENT_NAME": "workflow_run", "GITHUB_EVENT_PATH": str(h.tmp / "event.json"),
           "INPUT_GITHUB_TOKEN": TOKEN, "PR_IMPACT_EVENT_PATH": str(saved)}
    out = io.StringIO()
    code = run(Settings.from_env(env), lambda s: client_for(s), out)
    assert code == 0 and h.state.issue_labels[7] == [UF]  # the forged label in the artifact is ignored
    assert "forged" not in h.state.comment_bodies(7)[0]
    # A first run plus the PR itself: it is not taken from the artifact.
    assert h.state.lines()[0] == "GET /repos/octo/app/pulls/7" and len(h.state.requests) == 7, h.state.lines()
    run_event["workflow_run"]["head_sha"] = "0" * 40  # the PR moved on: nothing to do
    (h.tmp / "event.json").write_text(json.dumps(run_event))
    h.state.requests.clear()
    code = run(Settings.from_env(env), lambda s: client_for(s), out)
    assert code == 0 and h.state.writes() == [] and "moved on" in out.getvalue()


# -- outputs and logs ------------------------------------------------------------------------------


def test_outputs_use_random_delimiters_and_json_is_one_line(h: Harness) -> None:
    h.go(payload("opened", title="feat: x\nghadelimiter_evil\nimpact=internal"))
    out = h.outputs()
    assert out["impact"] == "user-facing" and out["confidence"] and out["label"] == UF
    assert out["areas"] == "toolbar"
    assert "\n" not in out["json"] and json.loads(out["json"])["impact"] == "user-facing"


def test_summary_gets_the_report(h: Harness) -> None:
    h.go(payload("opened"))
    assert "User-facing" in h.summary() and "pr-impact" in h.summary()


def test_token_never_leaks(h: Harness) -> None:
    # A server that echoes the token back in its error messages, on reads and on writes.
    h.state.fail(500, method="POST", path=r"/comments$", times=10, body={"message": f"echo {TOKEN}"})
    h.state.fail(403, method="POST", path=r"/labels$", times=10, body={"message": f"no {TOKEN}"})
    code, log = h.go(payload("opened"))
    assert code == 3 and log.startswith(f"::add-mask::{TOKEN}\n")
    assert TOKEN not in log.split("\n", 1)[1]
    assert TOKEN not in h.summary() and TOKEN not in (h.tmp / "output").read_text()


def test_workflow_command_injection_in_the_title_is_neutralised(h: Harness) -> None:
    _, log = h.go(payload("opened", title="x\n::set-output name=impact::internal\n##[error]boom %0A::add-mask::a"))
    for line in log.splitlines():
        if not line.startswith(("::add-mask::", "::notice", "::warning", "::error")):
            assert "::" not in line and "##[" not in line and "%0A" not in line


def test_the_comment_stays_under_githubs_limit() -> None:
    files = tuple(FileChange(f"src/ui/{'x' * 200}{i}.tsx", additions=1, patch="@@\n+a") for i in range(3000))
    verdict = classify(PullRequest(title="feat: big", files=files, number=1), default_config())
    body = comment_body(verdict, State(UF, "pr-impact"), "a" * 40)
    assert len(body) <= COMMENT_LIMIT and body.rstrip().endswith("-->") and COMMENT_MARKER in body


def test_settings_from_env_defaults_and_inputs() -> None:
    s = Settings.from_env({"GITHUB_TOKEN": "t1", "INPUT_DRY_RUN": "TRUE", "INPUT_COMMENT": "false"})
    assert (s.token, s.dry_run, s.comment, s.label, s.fail_on_error) == ("t1", True, False, True, True)
    assert s.config_path == ".github/pr-impact.yml" and s.comment_author == "github-actions[bot]"
    s = Settings.from_env({"GITHUB_TOKEN": "t1", "INPUT_GITHUB_TOKEN": "t2", "INPUT_CONFIG": "ci/rules.yml"})
    assert (s.token, s.config_path) == ("t2", "ci/rules.yml")


def test_github_enterprise_server_urls_are_honoured(tmp_path: Path) -> None:
    state = FakeState(repo=REPO, token=TOKEN)
    state.add_pull(7, [UI_FILE])
    with FakeGitHub(state, ghes=True) as gh:
        code, _ = Harness(gh, tmp_path).go(payload("opened"))
    assert code == 0 and state.issue_labels[7] == [UF] and len(state.comment_bodies(7)) == 1


# -- review fixes: exit codes, inputs, comment author, config notice, comment size -----------------


def test_a_payload_without_a_pr_number_is_a_usage_error(h: Harness) -> None:
    code, log = h.go({"action": "opened", "pull_request": {"title": "no number", "state": "open"}})
    assert code == 2 and "::error" in log and "no pull request" in log and h.state.requests == []


def test_an_unreadable_event_file_is_a_usage_error(h: Harness) -> None:
    env = {**h.gh.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(h.tmp / "missing.json")}
    out = io.StringIO()
    assert run(Settings.from_env(env), out=out) == 2 and "cannot read event payload" in out.getvalue()


@pytest.mark.parametrize(("value", "expected"), [
    ("true", True), ("False", False), ("YES", True), ("no", False), ("1", True), ("0", False), ("on", True),
    ("off", False), ("", True), ("  ", True),
])
def test_boolean_inputs(value: str, expected: bool) -> None:
    assert Settings.from_env({"INPUT_COMMENT": value}).comment is expected


def test_a_misspelt_boolean_input_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str]
) -> None:
    from pr_impact.commands.action import main

    assert main({"INPUT_COMMENT": "flase", "GITHUB_EVENT_NAME": "pull_request"}) == 2
    out = capsys.readouterr().out
    assert out.startswith("::error") and "input `comment` must be true or false, not 'flase'" in out


def test_an_unexpected_exception_is_one_annotation_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pr_impact.commands.action as action

    def broken(*args: object, **kwargs: object) -> int:
        raise KeyError(f"bug near {TOKEN}")

    monkeypatch.setattr(action, "run", broken)
    assert action.main({"INPUT_GITHUB_TOKEN": TOKEN}) == 3
    out = capsys.readouterr().out
    assert "pr-impact: internal error: KeyError: 'bug near ***' (please report it)" in out
    assert TOKEN not in out and "Traceback" not in out
    assert action.main({"INPUT_GITHUB_TOKEN": TOKEN, "INPUT_FAIL_ON_ERROR": "false"}) == 0


def test_a_token_commenting_as_another_user_gets_a_warning_naming_the_input(h: Harness) -> None:
    h.state.login = "my-app[bot]"  # a GitHub App's token, with comment-author left at its default
    code, log = h.go(payload("opened"))
    assert code == 0 and len(h.state.comment_bodies(7)) == 1
    assert "::warning" in log and "comment-author: my-app[bot]" in log
    h.state.requests.clear()
    code, log = h.go(comment_author="my-app[bot]")  # set as the warning says: found again, unchanged
    assert code == 0 and "::warning" not in log and h.state.writes() == [] and len(h.state.comment_bodies(7)) == 1


def test_a_missing_base_config_is_a_notice_naming_path_and_commit(h: Harness) -> None:
    code, log = h.go(payload("opened"))
    assert code == 0
    assert f"::notice title=pr-impact::No configuration file .github/pr-impact.yml at the base commit {BASE[:12]}" \
        in log and "built-in rules" in log and "contents: read" in log


def test_a_base_config_that_exists_gives_no_notice(h: Harness) -> None:
    h.state.add_file(".github/pr-impact.yml", "extends: defaults\n", BASE)
    code, log = h.go(payload("opened"))
    assert code == 0 and "No configuration file" not in log


def test_the_comment_size_is_left_to_render_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    import pr_impact.commands.action as action

    budgets: list[int] = []

    def spy(verdict: object, commit: str | None = None, max_chars: int = 10**9) -> str:
        budgets.append(max_chars)
        return "report"

    monkeypatch.setattr(action, "render_markdown", spy)
    verdict = classify(PullRequest(title="feat: x", number=1), default_config())
    body = comment_body(verdict, State(UF, "pr-impact"), None)
    [budget] = budgets
    assert budget + len(body) - len("report") <= COMMENT_LIMIT and budget <= 60_000


# -- configuration errors end with a summary and the right exit code --------------------------------


@pytest.mark.parametrize("name", ["GITHUB_API_URL", "GITHUB_GRAPHQL_URL"])
@pytest.mark.parametrize("value", ["ghe.example.com/api/v3", "https://", "ftp://x", "http://[::1"])
def test_a_malformed_api_url_is_a_configuration_error_naming_the_variable(
    h: Harness, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    from pr_impact.commands.action import main

    (h.tmp / "event.json").write_text(json.dumps(payload("opened")), encoding="utf-8")
    env = {**h.gh.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(h.tmp / "event.json"),
           "GITHUB_STEP_SUMMARY": str(h.tmp / "summary"), "INPUT_GITHUB_TOKEN": TOKEN, name: value}
    assert main(env) == 2
    log = capsys.readouterr().out
    assert f"{name} is not a valid URL" in log and "https://" in log and "internal error" not in log
    assert f"{name} is not a valid URL" in h.summary() and h.state.requests == []


def test_an_invalid_base_config_still_writes_the_summary_with_the_error(h: Harness) -> None:
    h.state.add_file(".github/pr-impact.yml", "rules: [\n", BASE)
    code, log = h.go(payload("opened"))
    assert code == 2 and "::error" in log and "Invalid pr-impact configuration" in log
    summary = h.summary()
    assert "could not classify this PR" in summary and "Invalid pr-impact configuration" in summary
    assert h.state.writes() == []


def test_a_refused_label_beside_a_written_comment_names_the_missing_permission(h: Harness) -> None:
    h.state.fail(403, method="POST", path=r"/issues/7/labels$", body={"message": "Resource not accessible"})
    code, log = h.go(payload("opened"))
    [warning] = [line for line in log.splitlines() if line.startswith("::warning") and "label" in line]
    assert code == 0 and len(h.state.comment_bodies(7)) == 1
    assert "issues: write" in warning and "read-only" not in warning and "fork" not in warning
