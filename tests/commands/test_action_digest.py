"""The Action's digest against the fake GitHub: windows, labels as verdicts, requests, the issue, release notes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pr_impact.adapters.github_digest import Release, issue_marker, pull_request_from_node, release_body
from pr_impact.commands.action import run
from pr_impact.commands.action_digest import digest_days, previous_release, run_digest
from pr_impact.commands.action_io import Log
from pr_impact.commands.action_settings import Settings
from pr_impact.errors import ConfigError, UsageError
from tests.commands.test_action import parse_outputs
from tests.fake_github import Fault
from tests.fake_github_digest import DIGEST_LABEL, DigestGitHub, DigestState
from tests.rendered import parse

TOKEN = "test-token"
NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
CONFIG = "areas:\n  Checkout: 'src/checkout/**'\n  Billing: 'src/billing/**'\n"


def ago(days: float) -> str:
    """An API timestamp `days` before NOW."""
    return (NOW - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def gh() -> Iterator[DigestGitHub]:
    """A repository with a config, a week of merged PRs and some older ones."""
    state = DigestState(repo="octo/app", token=TOKEN)
    state.add_file(".github/pr-impact.yml", CONFIG, "HEAD")
    state.add_merged(31, "feat(checkout): pay by link", ago(1), ["src/checkout/link.py"],
                     body="## Release notes\nCustomers can pay from a link.\n")
    state.add_merged(32, "fix: rounding", ago(2), ["src/billing/round.py"], closing=[(7, "Invoices off by a cent")])
    state.add_merged(33, "ci: faster tests", ago(3), [".github/workflows/ci.yml"])
    # Labelled internal by a person: the label is the verdict, whatever the rules say.
    state.add_merged(34, "feat(checkout): tweak", ago(4), ["src/checkout/x.py"], labels=("impact: internal",))
    state.add_merged(35, "feat: other branch", ago(2), ["src/checkout/y.py"], base="release-1.x")
    state.add_merged(20, "feat: last month", ago(30), ["src/checkout/old.py"])
    with DigestGitHub(state) as server:
        yield server


def settings(gh: DigestGitHub, tmp: Path, event: str = "schedule", payload: dict[str, Any] | None = None,
             **inputs: str) -> Settings:
    """The Action's settings for one run against the fake."""
    (tmp / "event.json").write_text(json.dumps(payload or {}), encoding="utf-8")
    for name in ("output", "summary"):
        (tmp / name).write_text("", encoding="utf-8")
    env = {**gh.env(), "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": str(tmp / "event.json"),
           "GITHUB_OUTPUT": str(tmp / "output"), "GITHUB_STEP_SUMMARY": str(tmp / "summary"),
           "INPUT_GITHUB_TOKEN": TOKEN, **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    return Settings.from_env(env)


def digest(gh: DigestGitHub, tmp: Path, event: str = "schedule", payload: dict[str, Any] | None = None,
           **inputs: str) -> tuple[int, dict[str, Any], str, str]:
    """Run the digest; (exit code, the json output, the report output, the log)."""
    out = io.StringIO()
    code = run_digest(settings(gh, tmp, event, payload, **inputs), Log(out), now=NOW)
    outputs = parse_outputs((tmp / "output").read_text(encoding="utf-8"))
    return code, json.loads(outputs["json"]), outputs["report"], out.getvalue()


def test_schedule_digest_of_the_last_week_in_one_request(gh: DigestGitHub, tmp_path: Path) -> None:
    code, data, report, _log = digest(gh, tmp_path)
    assert code == 0
    assert [p["number"] for p in data["prs"]] == [34, 33, 32, 31]  # not #35 (another base), not #20 (older)
    assert data["groups"]["user-facing"] == {"Checkout": [31], "Billing": [32]}
    assert data["groups"]["internal"] == {"CI": 1, "other": 1}
    assert data["window"] == {"since": "2026-11-23", "until": "2026-11-29", "from": None, "to": None}
    assert data["config"].startswith(".github/pr-impact.yml")
    assert "Customers can pay from a link. (#31)" in report and "Invoices off by a cent (#32)" in report
    assert report in (tmp_path / "summary").read_text(encoding="utf-8")
    assert gh.state.lines() == ["POST /graphql"] * 2  # the repository's facts, then one page of PRs
    search = next(r for r in gh.state.requests if r.body["variables"]["withSearch"])
    assert 'base:"main"' in search.body["variables"]["q"]  # other branches' PRs do not count toward the cap


def test_a_persons_label_is_their_correction_and_pr_impacts_own_label_is_not(gh: DigestGitHub,
                                                                              tmp_path: Path) -> None:
    """#34 was labelled by carol: her correction. #41 and #42 carry the label pr-impact set (or one whose
    author the timeline does not list): the class the PR shows, but nobody overrode the rules."""
    gh.state.add_merged(41, "feat(checkout): bot-labelled", ago(1), ["src/checkout/q.py"],
                        labels=("impact: tech-debt",), labelled_by="github-actions[bot]")
    gh.state.add_merged(42, "feat(checkout): unknown labeller", ago(1), ["src/checkout/r.py"],
                        labels=("impact: user-facing",), labelled_by=None)
    _code, data, _report, _log = digest(gh, tmp_path)
    by_number = {p["number"]: p for p in data["prs"]}
    assert (by_number[34]["impact"], by_number[34]["overridden"], by_number[34]["confidence"]) == (
        "internal", True, "high")
    assert (by_number[41]["impact"], by_number[41]["overridden"]) == ("tech-debt", False)
    assert (by_number[42]["impact"], by_number[42]["overridden"]) == ("user-facing", False)
    rules_only = digest_rules_confidence(gh, tmp_path, 41)
    assert by_number[41]["confidence"] == rules_only


def digest_rules_confidence(gh: DigestGitHub, tmp_path: Path, number: int) -> str:
    """The confidence the rules alone give PR `number` (its labels removed), from a second run."""
    node = next(pr for pr in gh.state.merged if pr["number"] == number)
    node["labels"], node["timelineItems"] = {"nodes": []}, {"nodes": []}
    _code, data, _report, _log = digest(gh, tmp_path)
    return str(next(p for p in data["prs"] if p["number"] == number)["confidence"])


def test_one_request_per_hundred_merged_prs(gh: DigestGitHub, tmp_path: Path) -> None:
    for n in range(1000, 1250):
        gh.state.add_merged(n, f"fix: bug {n}", ago(5), [f"src/billing/b{n}.py"])
    _code, data, _report, _log = digest(gh, tmp_path, report_days="7")
    assert data["totals"]["total"] == 254
    assert gh.state.lines() == ["POST /graphql"] * 4  # the facts, then three pages


def test_report_days_widens_the_window(gh: DigestGitHub, tmp_path: Path) -> None:
    _code, data, _report, _log = digest(gh, tmp_path, report_days="31")
    assert 20 in [p["number"] for p in data["prs"]]
    with pytest.raises(UsageError, match="report-days"):
        digest_days("a week")


def test_report_issue_is_kept_up_to_date_never_duplicated(gh: DigestGitHub, tmp_path: Path) -> None:
    digest(gh, tmp_path, report_issue="true")
    assert len(gh.state.digest_issues) == 1
    [(number, issue)] = gh.state.digest_issues.items()
    assert issue["labels"] == [DIGEST_LABEL] and issue["body"].startswith(issue_marker("2026-W48"))
    assert issue["title"] == "What shipped: week 48 of 2026"
    gh.state.requests.clear()
    digest(gh, tmp_path, report_issue="true")  # nothing changed: nothing written
    assert [r.line for r in gh.state.writes()] == []
    gh.state.add_merged(36, "feat(billing): refunds", ago(0.5), ["src/billing/refund.py"])
    digest(gh, tmp_path, report_issue="true")
    assert [r.line for r in gh.state.writes()] == [f"PATCH /repos/octo/app/issues/{number}"]
    assert len(gh.state.digest_issues) == 1 and "(#36)" in gh.state.digest_issues[number]["body"]


def test_an_issue_someone_else_opened_with_the_marker_is_not_ours(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.digest_issues[5] = {"title": "x", "body": issue_marker("2026-W48") + "\nmine", "labels": [],
                                 "login": "mallory"}
    digest(gh, tmp_path, report_issue="true")
    assert gh.state.digest_issues[5]["body"].endswith("mine") and len(gh.state.digest_issues) == 2


def test_read_only_token_gets_the_summary_only(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.read_only = True
    code, data, _report, log = digest(gh, tmp_path, report_issue="true")
    assert code == 0 and data["totals"]["total"] == 4
    assert "lacks the `issues: write` permission" in log and not gh.state.digest_issues
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert "What shipped" in summary and "could not write the digest issue" in summary


def release_event(tag: str = "v2.0.0", body: str = "Hand-written notes.") -> dict[str, Any]:
    return {"action": "published", "release": {"id": 9, "tag_name": tag, "published_at": ago(0.1), "body": body,
                                               "prerelease": False}}


def test_release_digest_covers_the_prs_since_the_previous_release(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_file(".github/pr-impact.yml", CONFIG, "v2.0.0")
    gh.state.add_release(8, "v1.9.0", ago(2.5))
    gh.state.add_release(7, "v1.9.0-rc1", ago(1.5), prerelease=True)  # a full release skips prereleases
    gh.state.add_release(9, "v2.0.0", ago(0.1), body="Hand-written notes.")
    code, data, report, _log = digest(gh, tmp_path, "release", release_event(), release_notes="true")
    assert code == 0
    assert [p["number"] for p in data["prs"]] == [32, 31]
    assert data["window"]["from"] == "v1.9.0" and data["window"]["to"] == "v2.0.0"
    body = next(r for r in gh.state.releases if r["id"] == 9)["body"]
    assert body.startswith("Hand-written notes.") and body.endswith(report)
    writes = [r.line for r in gh.state.writes()]
    assert writes == ["PATCH /repos/octo/app/releases/9"]
    assert gh.state.lines().count("POST /graphql") == 2  # the releases, then one page of PRs
    gh.state.requests.clear()
    digest(gh, tmp_path, "release", release_event(body=body), release_notes="true")  # a re-run: idempotent
    assert gh.state.writes() == []


def test_a_rerun_keeps_release_notes_edited_since_the_event(gh: DigestGitHub, tmp_path: Path) -> None:
    """The event carries the body as published; the run reads the current one before writing."""
    gh.state.add_release(8, "v1.9.0", ago(2.5))
    gh.state.add_release(9, "v2.0.0", ago(0.1), body="Hand-written notes.")
    digest(gh, tmp_path, "release", release_event(), release_notes="true")
    release = next(r for r in gh.state.releases if r["id"] == 9)
    release["body"] = "Edited after publishing." + release["body"].removeprefix("Hand-written notes.")
    gh.state.add_merged(37, "fix: late fix", ago(0.2), ["src/billing/late.py"])
    digest(gh, tmp_path, "release", release_event(), release_notes="true")  # the event's body is stale
    assert release["body"].startswith("Edited after publishing.") and "(#37)" in release["body"]
    assert release["body"].count("<!-- pr-impact:release-notes -->") == 1


def test_release_notes_refused_name_the_permission(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_release(9, "v2.0.0", ago(0.1))
    gh.state.read_only = True
    code, _data, _report, log = digest(gh, tmp_path, "release", release_event(), release_notes="true")
    assert code == 0 and "lacks the `contents: write` permission" in log


def test_other_release_actions_are_skipped(gh: DigestGitHub, tmp_path: Path) -> None:
    code, = (run_digest(settings(gh, tmp_path, "release", {"action": "created", "release": {}}), Log(io.StringIO())),)
    assert code == 0 and gh.state.requests == []


def test_action_run_dispatches_scheduled_events(gh: DigestGitHub, tmp_path: Path) -> None:
    """Through the Action's entry point, with the real clock: the fake's PRs are a month old at most."""
    assert run(settings(gh, tmp_path, "workflow_dispatch"), out=io.StringIO()) == 0
    assert "report" in parse_outputs((tmp_path / "output").read_text(encoding="utf-8"))


def test_hostile_pr_text_is_inert_in_the_issue(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_merged(40, "feat: <img src=x> @org/all <!-- pr-impact:digest 2026-W48 --> ::error::x", ago(1),
                        ["src/checkout/z.py"])
    digest(gh, tmp_path, report_issue="true")
    [issue] = gh.state.digest_issues.values()
    assert issue["body"].count("<!-- pr-impact:digest") == 1
    rendered = parse(issue["body"])
    assert "img" not in rendered.tags and "@org/all" not in "".join(rendered.text)


def test_release_body_and_previous_release_helpers() -> None:
    assert release_body("", "D") == "<!-- pr-impact:release-notes -->\nD"
    once = release_body("Notes", "D1")
    assert release_body(once, "D2") == release_body("Notes", "D2")
    t = NOW
    rels = [Release("v1", t - timedelta(days=9), False), Release("v2-rc", t - timedelta(days=2), True)]
    assert previous_release(rels, "v2", t, prerelease=False) == rels[0]
    assert previous_release(rels, "v2", t, prerelease=True) == rels[1]
    assert previous_release([], "v1", t, prerelease=False) is None


def test_first_release_covers_everything_merged_before_it(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_release(9, "v1.0.0", ago(0.1))
    _code, data, _report, _log = digest(gh, tmp_path, "release", release_event("v1.0.0"))
    assert [p["number"] for p in data["prs"]] == [20, 34, 33, 32, 31]
    assert data["window"]["from"] is None and data["window"]["to"] == "v1.0.0"
    search = next(r for r in gh.state.requests if r.body["variables"]["withSearch"])
    assert "merged:<=" in search.body["variables"]["q"]


def test_a_window_past_the_search_cap_is_read_in_halves(gh: DigestGitHub, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Search lists at most its cap (1,000 on GitHub, 100 here): a busier window is split until each part fits."""
    monkeypatch.setattr("pr_impact.adapters.github_digest.SEARCH_CAP", 100)
    gh.state.search_cap = 100
    for n in range(1000, 1250):
        gh.state.add_merged(n, f"fix: bug {n}", ago(0.3 + 5.5 * (n - 1000) / 250), [f"src/billing/b{n}.py"])
    _code, data, _report, _log = digest(gh, tmp_path)
    numbers = [p["number"] for p in data["prs"]]
    assert sorted(numbers) == sorted([*range(1000, 1250), 31, 32, 33, 34]) and len(set(numbers)) == len(numbers)
    assert "could not do everything" not in (tmp_path / "summary").read_text(encoding="utf-8")


def test_a_later_run_in_the_same_week_keeps_the_same_window_and_issue(gh: DigestGitHub, tmp_path: Path) -> None:
    """Monday's cron and a dispatch on Wednesday read the last complete ISO week, into one issue."""
    digest(gh, tmp_path, report_issue="true")
    [(number, first)] = [(n, dict(i)) for n, i in gh.state.digest_issues.items()]
    gh.state.add_merged(50, "feat(billing): this week's", ago(-1), ["src/billing/now.py"])  # Tuesday: next digest
    out = io.StringIO()
    run_digest(settings(gh, tmp_path, "workflow_dispatch", report_issue="true"), Log(out), now=NOW + timedelta(days=2))
    assert list(gh.state.digest_issues) == [number] and gh.state.digest_issues[number]["body"] == first["body"]
    wider = digest(gh, tmp_path, report_issue="true", report_days="14")[1]
    assert wider["window"]["since"] == "2026-11-16" and len(gh.state.digest_issues) == 2  # its own issue


def test_a_search_graphql_could_not_answer_fails_instead_of_reporting_nothing(gh: DigestGitHub,
                                                                             tmp_path: Path) -> None:
    """GraphQL's partial data (search: null beside an error) is a failure, never "nothing was merged";
    the summary says what was being done and keeps the warnings from before the failure."""
    gh.state.search_broken = True
    gh.state.graphql_errors = [{"message": "releases are slow today", "path": ["repository", "releases"]}]
    code = run(settings(gh, tmp_path, "schedule", report_issue="true"), out=io.StringIO())
    assert code != 0 and not gh.state.digest_issues
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert "could not report what shipped" in summary and "Something went wrong (at search)" in summary
    assert "releases are slow today" in summary and "No pull requests were merged" not in summary


def test_graphql_errors_beside_full_data_are_warnings(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.graphql_errors = [{"message": "one label list was cut", "path": ["search", "nodes", 0]}, "not an object"]
    code, data, _report, _log = digest(gh, tmp_path)
    assert code == 0 and data["totals"]["total"] == 4
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert "one label list was cut" in summary and "at search.nodes.0" in summary and "not an object" in summary


def test_a_config_graphql_could_not_give_whole_is_a_config_error(gh: DigestGitHub, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    gh.state.add_file(".github/pr-impact.yml", "areas:\n  Checkout: 'src/\ufffd/**'\n", "HEAD")
    with pytest.raises(ConfigError, match="UTF-8"):
        digest(gh, tmp_path)


def test_a_dropped_issue_label_is_a_warning(gh: DigestGitHub, tmp_path: Path) -> None:
    """Without push access GitHub opens the issue without its label: the next run could not find it."""
    gh.state.drops_issue_labels = True
    code, _data, _report, _log = digest(gh, tmp_path, report_issue="true")
    assert code == 0 and len(gh.state.digest_issues) == 1
    assert "without its label" in (tmp_path / "summary").read_text(encoding="utf-8")
    gh.state.add_merged(38, "fix: later that week", ago(0.4), ["src/billing/x.py"])
    digest(gh, tmp_path, report_issue="true")  # a re-run finds its unlabelled issue among the newest
    [issue] = gh.state.digest_issues.values()
    assert "(#38)" in issue["body"]


def test_a_write_that_fails_for_another_reason_is_in_the_summary(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.faults.append(Fault(422, "POST", r"/issues$", body={"message": "Validation Failed"}))
    code, _data, _report, _log = digest(gh, tmp_path, report_issue="true")
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert code != 0 and "could not write the digest issue" in summary and "What shipped" in summary


@pytest.mark.parametrize(("node", "readable"), [
    ({"number": 1, "mergedAt": "2026-11-29T10:00:00Z", "additions": "x", "author": "bob", "title": "a\ud800b",
     "files": {"nodes": [{"path": "a.py", "additions": "x", "deletions": None}, "junk"]}, "labels": "oops",
     "closingIssuesReferences": {"nodes": [{"number": "7"}, {"number": 8, "repository": "x"}]},
     "timelineItems": {"nodes": [{"__typename": "LabeledEvent", "actor": "x", "label": {"name": 3}}]}}, True),
    ({"number": 2, "mergedAt": "2026-11-29T10:00:00", "title": "naive time"}, False),
    ({"number": True, "mergedAt": "2026-11-29T10:00:00Z"}, False),
])
def test_malformed_search_nodes_read_as_absent_fields(node: dict[str, Any], readable: bool) -> None:
    item = pull_request_from_node(node, "octo/app")
    if not readable:
        assert item is None  # no zone on the time, or no number: not a merged PR we can place
        return
    assert item is not None
    pr = item.merged.pr
    assert pr.additions is None and pr.author == "" and pr.title == "a\ufffdb" and pr.labels == ()
    assert [(f.path, f.additions) for f in pr.files] == [("a.py", 0)]
    assert [i.number for i in pr.linked_issues] == [8] and item.label_events == ()
