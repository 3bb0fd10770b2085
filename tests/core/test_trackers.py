"""The `trackers:` block (validation, schema, cache) and the ticket keys found in a PR's text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pr_impact.adapters.config_cache import ConfigCache
from pr_impact.adapters.config_file import load_config_text
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.schema import config_schema
from pr_impact.core.trackers import JiraTracker, LinearTracker, Trackers, bare_ticket, ticket_keys
from pr_impact.errors import ConfigError

CONFIG = """\
trackers:
  jira: {url: https://acme.atlassian.net/, projects: [ENG, OPS]}
  linear: {teams: [APP], workspace: acme}
"""
TRACKERS = Trackers(JiraTracker("https://acme.atlassian.net", ("ENG", "OPS")), LinearTracker(("APP",), "acme"))


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config_text(text, "cfg.yml")
    return info.value.problems


def test_the_trackers_block_compiles() -> None:
    assert load_config_text(CONFIG, "cfg.yml").trackers == TRACKERS


def test_a_config_without_trackers_has_none() -> None:
    assert load_config_text("labels: {}\n", "cfg.yml").trackers is None


def test_a_cached_config_keeps_its_trackers(tmp_path: object) -> None:
    from pathlib import Path

    cache = ConfigCache(Path(str(tmp_path)))
    load_config_text(CONFIG, "cfg.yml", cache)
    assert load_config_text(CONFIG, "cfg.yml", cache).trackers == TRACKERS


def test_tracker_problems_are_reported_in_words_at_their_position() -> None:
    text = """\
trackers:
  jira: {url: 'https://user:pass@acme.atlassian.net', projects: [eng, OPS]}
  linear: {teams: [OPS], workspce: acme}
"""
    assert problems_of(text) == [
        "cfg.yml:2:10: trackers.jira.url: 'https://user:pass@acme.atlassian.net' is not the site's address, e.g. "
        "https://acme.atlassian.net (Cloud) or https://jira.acme.com (Data Center): http(s)://, the host and any "
        "path, without credentials",
        "cfg.yml:2:66: trackers.jira.projects[0]: 'eng' is not a project key: an upper-case letter, then up to 9 "
        "upper-case letters, digits or _ (ENG, OPS2)",
        "cfg.yml:3:26: trackers.linear.workspce: unknown key 'workspce' (did you mean 'workspace'?)",
    ]


def test_a_team_that_is_also_a_jira_project_is_reported() -> None:
    text = "trackers:\n  jira: {url: https://j.acme.com, projects: [ENG]}\n  linear: {teams: [APP, ENG]}\n"
    assert problems_of(text) == [
        "cfg.yml:3:25: trackers.linear.teams[1]: 'ENG' is also a Jira project: a key such as ENG-1 must name one "
        "ticket"]


@pytest.mark.parametrize("block, message", [
    ("{jira: {projects: [ENG]}}", "trackers.jira: 'url' is a required property"),
    ("{jira: {url: https://j.acme.com, projects: []}}", "trackers.jira.projects: expected at least one entry"),
    ("{linear: {}}", "trackers.linear: 'teams' is a required property"),
    ("{}", "trackers: {} should be non-empty"),
])
def test_incomplete_tracker_blocks_are_reported(block: str, message: str) -> None:
    problems = problems_of(f"trackers: {block}\n")
    assert len(problems) == 1 and message in problems[0]


def test_the_schema_describes_the_trackers_block() -> None:
    validator = Draft202012Validator(config_schema())
    good = {"trackers": {"jira": {"url": "https://acme.atlassian.net", "projects": ["ENG"]},
                         "linear": {"teams": ["APP"], "workspace": "acme"}}}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({"trackers": {"jira": {"url": "ftp://x", "projects": ["ENG"]}}}))
    assert "trackers" in config_schema()["properties"]


# -- keys ----------------------------------------------------------------------------------------


def test_keys_come_from_title_branch_body_and_commits_each_once_in_that_order() -> None:
    pr = PullRequest(title="feat: export invoices as PDF (ENG-1784)", head="eng-1995-sso-paths",
                     body="Follows OPS-3 and ENG-1784.", commits=("fix APP-7 edge\n\nsee OPS-3",))
    assert ticket_keys(pr, TRACKERS) == ["ENG-1784", "ENG-1995", "OPS-3", "APP-7"]


@pytest.mark.parametrize("text", [
    "UTF-8 and ISO-8601", "CVE-2024-1234", "eng-12 in lower case prose", "XENG-12", "ENG-0", "ENG-", "ENG-1234567890",
])
def test_what_is_not_a_key_of_the_configured_projects(text: str) -> None:
    assert ticket_keys(PullRequest(title=text, body=text), TRACKERS) == []


@pytest.mark.parametrize("branch, keys", [
    ("feature/ENG-12-add-x", ["ENG-12"]), ("eng-12_fix", ["ENG-12"]), ("ops-1/app-2", ["OPS-1", "APP-2"]),
    ("release/2024-05", []), ("engine-12", []),
])
def test_branch_names_are_read_in_any_case(branch: str, keys: list[str]) -> None:
    assert ticket_keys(PullRequest(head=branch), TRACKERS) == keys


@given(st.text(max_size=300))
def test_every_key_found_belongs_to_a_configured_project(text: str) -> None:
    for key in ticket_keys(PullRequest(title=text, body=text, head=text, commits=(text,)), TRACKERS):
        project, _, number = key.partition("-")
        assert project in TRACKERS.projects() and number.isdigit() and int(number) > 0


def test_keys_are_capped_on_a_pr_that_names_hundreds() -> None:
    body = " ".join(f"ENG-{n}" for n in range(1, 500))
    assert len(ticket_keys(PullRequest(body=body), TRACKERS)) == 50


def test_a_bare_ticket_links_to_its_tracker() -> None:
    assert bare_ticket("ENG-5", TRACKERS) == LinkedIssue(
        key="ENG-5", tracker="jira", url="https://acme.atlassian.net/browse/ENG-5")
    assert bare_ticket("APP-5", TRACKERS).url == "https://linear.app/acme/issue/APP-5"
    assert bare_ticket("APP-5", TRACKERS._replace(linear=LinearTracker(("APP",)))).url is None


# -- tickets feed the same rules as GitHub issues ------------------------------------------------

SHIPPED = (FileChange("src/billing/export.py", additions=30, deletions=4),)


@pytest.mark.parametrize("ticket, rule", [
    (LinkedIssue(key="ENG-1", type="Bug", title="Export crashes"), "issue-bug"),
    (LinkedIssue(key="ENG-1", type="Story", title="Export as PDF"), "issue-feature"),
    (LinkedIssue(key="APP-1", labels=("Feature",), title="Invite by link"), "issue-feature"),
    (LinkedIssue(number=4, type="Bug", title="Export crashes"), "issue-bug"),
])
def test_a_tickets_type_or_labels_feed_the_issue_rules(ticket: LinkedIssue, rule: str) -> None:
    verdict = classify(PullRequest(title="Billing export", files=SHIPPED, linked_issues=(ticket,)),
                       load_config_text("", "cfg.yml"))
    assert rule in [e.rule for e in verdict.evidence]


def test_a_task_says_nothing_by_itself() -> None:
    config = load_config_text("", "cfg.yml")
    plain = classify(PullRequest(title="Billing export", files=SHIPPED), config)
    task = classify(PullRequest(title="Billing export", files=SHIPPED,
                                linked_issues=(LinkedIssue(key="ENG-1", type="Task", title="Billing export"),)),
                    config)
    assert {e.rule for e in task.evidence} - {e.rule for e in plain.evidence} == set()


def test_an_issue_type_condition_in_a_users_rule() -> None:
    config = load_config_text("rules:\n  - {name: chores, when: {issue_type: [chore]}, then: {impact: internal, "
                              "weight: 50}}\n", "cfg.yml")
    pr = PullRequest(title="x", files=SHIPPED, linked_issues=(LinkedIssue(key="ENG-1", type="Chore"),))
    assert classify(pr, config).impact == "internal"
