"""The Action's digest against the fake GitHub (a real repository behind it): windows, what reached the branch,
labels as verdicts, requests, the issue, release notes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pr_impact.adapters.github_digest_nodes import pull_request_from_node, window_ends
from pr_impact.adapters.github_digest_write import issue_marker, release_body
from pr_impact.commands.action import run
from pr_impact.commands.action_digest import digest_days, run_digest
from pr_impact.commands.action_io import Log
from pr_impact.commands.action_settings import Settings
from pr_impact.core.releases import Release, previous_release
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


def compare_line(gh: DigestGitHub, page: int = 1) -> str:
    [line] = [x for x in gh.state.lines() if "/compare/" in x][page - 1 : page]
    return line


def test_schedule_digest_of_the_last_week_in_three_requests(gh: DigestGitHub, tmp_path: Path) -> None:
    code, data, report, _log = digest(gh, tmp_path)
    assert code == 0
    assert [p["number"] for p in data["prs"]] == [34, 33, 32, 31]  # not #35 (never reached main), not #20 (older)
    assert data["groups"]["user-facing"] == {"Checkout": [31], "Billing": [32]}
    assert data["groups"]["internal"] == {"CI": 1, "other": 1}
    assert data["window"] == {"since": "2026-11-23", "until": "2026-11-29", "from": None, "to": None}
    assert data["config"].startswith(".github/pr-impact.yml")
    assert "Customers can pay from a link. (#31)" in report and "Invoices off by a cent (#32)" in report
    assert report in (tmp_path / "summary").read_text(encoding="utf-8")
    # The facts with the branch's recent commits, the week's commits (REST compare), then their PRs.
    lines = gh.state.lines()
    assert lines == ["POST /graphql", compare_line(gh), "POST /graphql"]
    assert compare_line(gh).endswith("?page=1&per_page=100")
    assert data["totals"]["commits_without_pr"] == 0


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


def test_requests_grow_by_one_per_hundred_commits(gh: DigestGitHub, tmp_path: Path) -> None:
    """110 PRs in the week: the branch's history, the compare and the PRs come 100 commits a request."""
    for n in range(1000, 1110):
        gh.state.add_merged(n, f"fix: bug {n}", ago(5 - n / 10_000), [f"src/billing/b{n}.py"])
    _code, data, _report, _log = digest(gh, tmp_path, report_days="7")
    assert data["totals"]["total"] == 114
    lines = gh.state.lines()
    assert lines.count("POST /graphql") == 2 + 2  # the facts and one more history page; two pages of PRs
    assert [x.rsplit("?", 1)[1] for x in lines if "/compare/" in x] == ["page=1&per_page=100", "page=2&per_page=100"]


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


def test_the_previous_release_is_the_one_before_on_the_same_line() -> None:
    """v1.2.1 (from a maintenance branch) follows v1.2.0, not v1.3.0 published between them; v1.3.0 follows
    v1.2.0 (v1.2.1 came later); prefixes are lines of their own (a monorepo's tags)."""
    t = NOW - timedelta(days=30)
    rels = [Release("v1.2.0", t, False), Release("v1.3.0", t + timedelta(days=5), False),
            Release("v1.2.1", t + timedelta(days=10), False), Release("cli-v9.0.0", t + timedelta(days=7), False),
            Release("v1.4.0-rc.1", t + timedelta(days=12), True), Release("v1.4.0-rc.2", t + timedelta(days=13), True)]
    before = {r.tag: r for r in rels}
    assert previous_release(rels, "v1.2.1", before["v1.2.1"].published_at, False) == before["v1.2.0"]
    assert previous_release(rels, "v1.3.0", before["v1.3.0"].published_at, False) == before["v1.2.0"]
    assert previous_release(rels, "v1.4.0", NOW, False) == before["v1.3.0"]
    assert previous_release(rels, "v1.4.0-rc.3", NOW, True) == before["v1.4.0-rc.2"]
    assert previous_release(rels, "cli-v9.1.0", NOW, False) == before["cli-v9.0.0"]
    assert previous_release(rels, "v1.0.0", t - timedelta(days=1), False) is None


def test_first_release_covers_everything_merged_before_it(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_release(9, "v1.0.0", ago(0.1))
    _code, data, _report, _log = digest(gh, tmp_path, "release", release_event("v1.0.0"))
    assert [p["number"] for p in data["prs"]] == [20, 34, 33, 32, 31]
    assert data["window"]["from"] is None and data["window"]["to"] == "v1.0.0"
    ranged = [r for r in gh.state.requests if "PrImpactRange" in str((r.body or {}).get("query"))]
    assert ranged and not ranged[0].body["variables"]["compare"]  # everything the tag reaches
    assert data["totals"]["commits_without_pr"] == 1  # the repository's first commit


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


def test_a_part_graphql_could_not_answer_fails_instead_of_reporting_nothing(gh: DigestGitHub,
                                                                            tmp_path: Path) -> None:
    """GraphQL's partial data (nodes: null beside an error) is a failure, never "nothing was merged";
    the summary says what was being done and keeps the warnings from before the failure."""
    today = datetime.now(UTC)
    in_last_week = today - timedelta(days=today.weekday() + 3)  # through run(): the real clock's last week
    gh.state.add_merged(60, "fix: this week", in_last_week.strftime("%Y-%m-%dT%H:%M:%SZ"), ["src/billing/n.py"])
    gh.state.broken = "nodes"
    gh.state.graphql_errors = [{"message": "releases are slow today", "path": ["repository", "releases"]}]
    code = run(settings(gh, tmp_path, "schedule", report_issue="true"), out=io.StringIO())
    assert code != 0 and not gh.state.digest_issues
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert "could not report what shipped" in summary and "Something went wrong (at nodes)" in summary
    assert "releases are slow today" in summary and "No pull requests were merged" not in summary


def test_graphql_errors_beside_full_data_are_warnings(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.graphql_errors = [{"message": "one label list was cut", "path": ["nodes", 0]}, "not an object"]
    code, data, _report, _log = digest(gh, tmp_path)
    assert code == 0 and data["totals"]["total"] == 4
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert "one label list was cut" in summary and "at nodes.0" in summary and "not an object" in summary


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


def test_prs_that_reach_main_through_a_maintenance_branch_are_in_the_week(gh: DigestGitHub, tmp_path: Path) -> None:
    """Fixes merged into `stable` before the week reach main when stable is merged back in the week: they count,
    once; a push straight to stable is a commit without a pull request; #35, never merged back, is not there."""
    gh.state.add_merged(41, "fix(checkout): empty carts cost nothing", ago(12), ["src/checkout/e.py"], base="stable")
    gh.state.add_merged(42, "fix: refunds reach the card", ago(11), ["src/billing/r.py"], base="stable",
                        style="merge")
    gh.state.push("Release 1.0.1", ago(10), branch="stable")
    gh.state.merge_branch("stable", ago(3.5), "Merge branch 'stable'")
    _code, data, report, _log = digest(gh, tmp_path)
    assert sorted(p["number"] for p in data["prs"]) == [31, 32, 33, 34, 41, 42]
    assert data["totals"]["commits_without_pr"] == 1
    assert "1 commit without a pull request." in report


def test_a_merge_back_through_a_pull_request_gives_way_to_the_prs_it_brings(gh: DigestGitHub,
                                                                           tmp_path: Path) -> None:
    """A protected main takes stable as a PR (#62): GitHub associates stable's commits with it too, but the
    digest lists #41 and #42, what users get, and not the carrier."""
    gh.state.add_merged(41, "fix(checkout): empty carts cost nothing", ago(12), ["src/checkout/e.py"], base="stable")
    gh.state.add_merged(42, "fix: refunds reach the card", ago(11), ["src/billing/r.py"], base="stable")
    gh.state.add_merged(62, "Merge stable into main", ago(3.5), source="stable")
    _code, data, _report, _log = digest(gh, tmp_path)
    assert sorted(p["number"] for p in data["prs"]) == [31, 32, 33, 34, 41, 42]
    assert data["totals"]["commits_without_pr"] == 0


def two_release_lines(gh: DigestGitHub) -> None:
    """v1.2.0 on main; `stable` cut from it gets fixes and v1.2.1; main gets features and v1.3.0 in between."""
    gh.state.add_merged(50, "feat(checkout): wish lists", ago(20), ["src/checkout/wish.py"])
    gh.state.add_release(1, "v1.2.0", ago(19))
    gh.state.add_merged(51, "feat(billing): invoices in PDF", ago(18), ["src/billing/pdf.py"])
    gh.state.add_merged(52, "fix(checkout): coupon rounding", ago(17), ["src/checkout/coupon.py"], base="stable")
    gh.state.branch("stable", ago(19), "v1.2.0")
    gh.state.add_merged(53, "feat(checkout): gift cards", ago(16), ["src/checkout/gift.py"])
    gh.state.add_release(2, "v1.3.0", ago(15))
    gh.state.add_merged(54, "fix: invoices off by a cent", ago(14), ["src/billing/cent.py"], base="stable")
    gh.state.add_release(3, "v1.2.1", ago(13), branch="stable")


def release_digest(gh: DigestGitHub, tmp_path: Path, release_id: int, tag: str, action: str = "published",
                   prerelease: bool = False) -> dict[str, Any]:
    published = next(r["publishedAt"] for r in gh.state.releases if r["tagName"] == tag)
    payload = {"action": action, "release": {"id": release_id, "tag_name": tag, "published_at": published,
                                             "body": "", "prerelease": prerelease}}
    _code, data, _report, _log = digest(gh, tmp_path, "release", payload, release_notes="true")
    return data


def test_release_notes_of_a_maintenance_release_are_its_own_fixes(gh: DigestGitHub, tmp_path: Path) -> None:
    """v1.2.1's notes are what its tag reaches and v1.2.0's does not: stable's fixes, not main's features
    (v1.3.0 was published between them); v1.3.0's are main's features since v1.2.0."""
    two_release_lines(gh)
    patch = release_digest(gh, tmp_path, 3, "v1.2.1")
    assert sorted(p["number"] for p in patch["prs"]) == [52, 54]
    assert patch["window"]["from"] == "v1.2.0" and patch["window"]["to"] == "v1.2.1"
    assert "(#54)" in next(r for r in gh.state.releases if r["tagName"] == "v1.2.1")["body"]
    minor = release_digest(gh, tmp_path, 2, "v1.3.0")
    assert sorted(p["number"] for p in minor["prs"]) == [51, 53] and minor["window"]["from"] == "v1.2.0"


def test_a_prerelease_promoted_to_a_release_is_reported(gh: DigestGitHub, tmp_path: Path) -> None:
    """GitHub sends `released` when a prerelease becomes a release: its notes get the digest, from the last
    full release on its line (prereleases skipped)."""
    two_release_lines(gh)
    gh.state.add_merged(55, "feat(billing): refunds", ago(9), ["src/billing/refund.py"])
    gh.state.add_release(4, "v1.4.0", ago(8))  # first published as a prerelease, promoted now
    data = release_digest(gh, tmp_path, 4, "v1.4.0", action="released")
    assert [p["number"] for p in data["prs"]] == [55]
    assert data["window"]["from"] == "v1.3.0"
    assert "<!-- pr-impact:release-notes -->" in next(r for r in gh.state.releases if r["id"] == 4)["body"]


def test_a_security_advisorys_fork_merge_is_one_change_of_the_week(gh: DigestGitHub, tmp_path: Path) -> None:
    """`Merge commit from fork` brings a private fork's commits no PR of this repository holds: one change,
    titled by its first commit, with the files it changed; its commits are not commits without a PR."""
    gh.state.push("fix: reject paths outside the upload folder", ago(6), {"src/checkout/upload.py": "SAFE\n"},
                  branch="ghsa-fix")
    gh.state.push("test: cover the traversal", ago(5.9), {"tests/test_upload.py": "ok\n"}, branch="ghsa-fix")
    gh.state.merge_branch("ghsa-fix", ago(5), "Merge commit from fork\n\n* fix: reject paths outside the upload "
                          "folder\n\n* test: cover the traversal")
    _code, data, _report, _log = digest(gh, tmp_path)
    fork = next(p for p in data["prs"] if p["number"] is None)
    assert fork["title"] == "fix: reject paths outside the upload folder" and fork["areas"] == ["Checkout"]
    assert data["totals"]["commits_without_pr"] == 0


def test_a_revert_in_the_week_is_listed_once_as_reverted(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_merged(61, 'Revert "feat(checkout): pay by link"', ago(0.5), ["src/checkout/link.py"],
                        body="Reverts octo/app#31")
    _code, data, report, _log = digest(gh, tmp_path)
    assert [p["number"] for p in data["prs"]] == [34, 33, 32]
    assert [(r["pr"]["number"], r["reverted_by"]["number"]) for r in data["reverted"]] == [(31, 61)]
    assert "— reverted by #61" in report


def test_a_weeks_ends_are_found_on_the_branchs_first_parents() -> None:
    """The end is the newest first-parent commit up to the week's end; the base the first-parent commit before
    the week began, even when a merged-in commit (dated inside the week, or before it) sits between them."""
    t = NOW - timedelta(days=7)

    def at(days: float) -> datetime:
        return t + timedelta(days=days)

    # tip (after the week) -> m (a merge in the week, its second parent s is older) -> a (in the week) -> b
    history = [("tip", at(8), "m"), ("m", at(5), "a"), ("a", at(2), "b"), ("s", at(-3), "x")]
    assert window_ends(history, at(0), at(7)) == ("b", "m")
    assert window_ends(history, at(3), at(7)) == ("a", "m")
    assert window_ends(history, at(6), at(7)) == (None, None)  # nothing merged on the branch in that week
    assert window_ends(history, at(9), at(10)) == (None, None)
    assert window_ends([("a", at(2), None)], at(0), at(7)) == (None, "a")  # the history begins in the week
    assert window_ends([], at(0), at(7)) == (None, None)


def test_the_digest_shows_each_prs_jira_ticket_grouped_by_epic(tmp_path: Path) -> None:
    from tests.fake_trackers import EMAIL, JIRA_TOKEN, FakeTrackers

    with FakeTrackers() as jira:
        jira.add("ENG-5", "Pay from a link in the invoice email", type="Story", status="Done", epic="Self-serve")
        state = DigestState(repo="octo/app", token=TOKEN)
        state.add_file(".github/pr-impact.yml", f"trackers:\n  jira: {{url: '{jira.jira_url}', projects: [ENG]}}\n"
                                                "  group_by: epic\n", "HEAD")
        state.add_merged(31, "feat(checkout): pay by link (ENG-5)", ago(1), ["src/checkout/link.py"])
        state.add_merged(32, "feat(checkout): link expiry, ENG-5", ago(2), ["src/checkout/expiry.py"])
        state.add_merged(33, "feat(search): fuzzy search", ago(3), ["src/search/fuzzy.py"])
        with DigestGitHub(state) as gh:
            code, data, report, log = digest(gh, tmp_path, jira_user_email=EMAIL, jira_api_token=JIRA_TOKEN)
        asked = jira.paths()
    assert code == 0 and data["grouped_by"] == "epic"
    assert data["groups"]["user-facing"] == {"Self-serve": [32, 31], "No epic or project": [33]}
    assert f"[ENG\\-5]({jira.jira_url}/browse/ENG-5)" in report
    assert asked == ["/jira/rest/api/3/issue/ENG-5"]  # one request for the key two PRs name
    assert JIRA_TOKEN not in report + log
