"""Tickets looked up in fake Jira Cloud, Jira Data Center and Linear servers: found, not found, refused,
rate-limited, slow, hostile, and twenty at once."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.adapters.jira import parse_issue as jira_issue
from pr_impact.adapters.linear import parse_issue as linear_issue
from pr_impact.adapters.retry import Retrier
from pr_impact.adapters.tickets import Credentials, attach_tickets, attach_to_each
from pr_impact.core.model import LinkedIssue, PullRequest
from pr_impact.core.trackers import JiraTracker, LinearTracker, Trackers
from tests.fake_trackers import EMAIL, JIRA_TOKEN, LINEAR_KEY, FakeTrackers

CLOUD = Credentials(jira_email=EMAIL, jira_token=JIRA_TOKEN)
DATA_CENTER = Credentials(jira_token=JIRA_TOKEN)


@pytest.fixture
def fake() -> Iterator[FakeTrackers]:
    with FakeTrackers() as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


def jira(fake: FakeTrackers) -> Trackers:
    return Trackers(jira=JiraTracker(fake.jira_url, ("ENG", "OPS")))


def linear_creds(fake: FakeTrackers) -> Credentials:
    return Credentials(linear_key=LINEAR_KEY, linear_url=fake.linear_url)


LINEAR = Trackers(linear=LinearTracker(("LIN",), "acme"))


def retrier(sleeps: list[float], **options: float) -> Retrier:
    return Retrier(sleep=sleeps.append, **{"max_wait": 30.0, "max_attempts": 3, "backoff": 0.5, **options})


def tickets(pr: PullRequest) -> list[LinkedIssue]:
    return [i for i in pr.linked_issues if i.key]


def test_jira_cloud_ticket_is_read_with_basic_auth_and_rest_v3(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-1784", "Export invoices as PDF", type="Story", status="In Review", labels=["billing"],
             epic="Invoices")
    pr = PullRequest(title="feat: export invoices as PDF (ENG-1784)")
    found = attach_tickets(pr, jira(fake), CLOUD, retrier(sleeps))
    assert tickets(found.pr) == [LinkedIssue(
        key="ENG-1784", tracker="jira", title="Export invoices as PDF", type="Story", state="In Review",
        labels=("billing",), parent="Invoices", url=f"{fake.jira_url}/browse/ENG-1784")]
    assert found.requests == 1 and found.warnings == [] and sleeps == []
    seen = fake.seen[0]
    assert seen.path == "/jira/rest/api/3/issue/ENG-1784"
    assert seen.query == "fields=summary,issuetype,status,labels,priority,parent"
    assert seen.headers["authorization"] == "Basic " + base64.b64encode(f"{EMAIL}:{JIRA_TOKEN}".encode()).decode()


def test_jira_data_center_takes_the_token_alone_as_bearer_over_rest_v2(fake: FakeTrackers,
                                                                       sleeps: list[float]) -> None:
    fake.add("OPS-7", "Nightly export fails on leap days", type="Bug", status="Open")
    found = attach_tickets(PullRequest(head="ops-7-leap-day"), jira(fake), DATA_CENTER, retrier(sleeps))
    assert [(t.key, t.title, t.type) for t in tickets(found.pr)] == [("OPS-7", "Nightly export fails on leap days",
                                                                      "Bug")]
    assert fake.seen[0].path == "/jira/rest/api/2/issue/OPS-7"
    assert fake.seen[0].headers["authorization"] == f"Bearer {JIRA_TOKEN}"


def test_linear_issues_come_in_one_query_with_their_project(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("LIN-12", "Invite teammates by link", labels=["Feature"], epic="Onboarding", status="Todo")
    fake.add("LIN-13", "Copy tweaks on the invite page")
    pr = PullRequest(title="Invite by link (LIN-12)", body="Also LIN-13.")
    found = attach_tickets(pr, LINEAR, linear_creds(fake), retrier(sleeps))
    first, second = tickets(found.pr)
    assert (first.title, first.labels, first.parent, first.state) == (
        "Invite teammates by link", ("Feature",), "Onboarding", "Todo")
    assert first.url == "https://linear.app/acme/issue/LIN-12" and second.title == "Copy tweaks on the invite page"
    assert found.requests == 1 and fake.seen[0].headers["authorization"] == LINEAR_KEY
    # The keys travel as variables, never inside the query text.
    assert fake.seen[0].body["variables"] == {"k0": "LIN-12", "k1": "LIN-13"}
    assert "LIN-12" not in fake.seen[0].body["query"]


def test_a_missing_jira_ticket_is_shown_as_not_found(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-1", "Real ticket")
    found = attach_tickets(PullRequest(title="ENG-1 and ENG-404"), jira(fake), CLOUD, retrier(sleeps))
    real, gone = tickets(found.pr)
    assert real.title == "Real ticket" and not real.missing
    assert gone.missing and gone.title is None and gone.key == "ENG-404"
    assert found.warnings == ["Jira has no ticket ENG-404, or the token may not see it (HTTP 404)."]
    assert found.requests == 2 and sleeps == []


def test_a_missing_linear_issue_is_marked_and_the_others_asked_again_once(fake: FakeTrackers,
                                                                          sleeps: list[float]) -> None:
    fake.add("LIN-1", "One")
    fake.add("LIN-3", "Three")
    found = attach_tickets(PullRequest(body="LIN-1 LIN-2 LIN-3"), LINEAR, linear_creds(fake), retrier(sleeps))
    assert [(t.key, t.title, t.missing) for t in tickets(found.pr)] == [
        ("LIN-1", "One", False), ("LIN-2", None, True), ("LIN-3", "Three", False)]
    assert found.requests == 2  # the whole query failed for LIN-2's sake; the other two asked once more
    assert fake.seen[1].body["variables"] == {"k0": "LIN-1", "k1": "LIN-3"}
    assert found.warnings == ["Linear has no issue LIN-2, or the API key may not see it."]


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_jira_token_is_one_warning_naming_the_variable(fake: FakeTrackers, sleeps: list[float],
                                                                  status: int) -> None:
    for n in range(1, 6):
        fake.add(f"ENG-{n}", f"Ticket {n}")
    fake.fail(status, times=99)
    pr = PullRequest(title="ENG-1 ENG-2 ENG-3 ENG-4 ENG-5")
    found = attach_tickets(pr, jira(fake), CLOUD, retrier(sleeps))
    assert len(found.warnings) == 1
    assert f"Jira refused the token (HTTP {status})" in found.warnings[0]
    assert "JIRA_API_TOKEN" in found.warnings[0] and "JIRA_USER_EMAIL" in found.warnings[0]
    assert JIRA_TOKEN not in found.warnings[0]
    # Every key is still shown, linked, and no request is repeated.
    assert [t.key for t in tickets(found.pr)] == ["ENG-1", "ENG-2", "ENG-3", "ENG-4", "ENG-5"]
    assert all(t.url and t.title is None for t in tickets(found.pr))
    assert found.requests <= 5 and sleeps == []


def test_a_refused_linear_key_is_one_warning_naming_the_variable(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("LIN-1", "One")
    creds = Credentials(linear_key="lin_api_wrong", linear_url=fake.linear_url)
    found = attach_tickets(PullRequest(title="LIN-1"), LINEAR, creds, retrier(sleeps))
    assert len(found.warnings) == 1 and "LINEAR_API_KEY" in found.warnings[0]
    assert "lin_api_wrong" not in found.warnings[0]
    assert tickets(found.pr)[0].title is None and found.requests == 1


def test_a_rate_limit_waits_as_long_as_retry_after_says(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-5", "Rate-limited ticket")
    fake.fail(429, headers={"Retry-After": "7"})
    found = attach_tickets(PullRequest(title="ENG-5"), jira(fake), CLOUD, retrier(sleeps))
    assert tickets(found.pr)[0].title == "Rate-limited ticket"
    assert sleeps == [7.0] and found.requests == 2 and found.warnings == []


def test_linear_rate_limit_in_a_400_body_is_retried(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("LIN-9", "Nine")
    fake.fail(400, body={"errors": [{"message": "Rate limit exceeded", "extensions": {"code": "RATELIMITED"}}]},
              headers={"Retry-After": "2"})
    found = attach_tickets(PullRequest(title="LIN-9"), LINEAR, linear_creds(fake), retrier(sleeps))
    assert tickets(found.pr)[0].title == "Nine" and sleeps == [2.0] and found.requests == 2


def test_a_rate_limit_past_the_runs_wait_budget_gives_the_key_alone(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-5", "Rate-limited ticket")
    fake.fail(429, headers={"Retry-After": "600"}, times=5)
    found = attach_tickets(PullRequest(title="ENG-5"), jira(fake), CLOUD, retrier(sleeps, max_wait=30.0))
    assert tickets(found.pr)[0].title is None and sleeps == []
    assert found.warnings == ["Could not read Jira ticket ENG-5: Jira answered HTTP 429 (read ENG-5): rate limited; "
                              "stopped retrying: the next wait (600s) would pass the 30s limit"]


def test_server_errors_are_retried_with_backoff_then_given_up(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-5", "Flaky")
    fake.fail(503, times=99)
    found = attach_tickets(PullRequest(title="ENG-5"), jira(fake), CLOUD, retrier(sleeps))
    assert sleeps == [0.5, 1.0] and found.requests == 3
    assert found.warnings[0].endswith("gave up after 3 attempts")


def test_a_slow_tracker_times_out_and_the_next_attempt_succeeds(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-8", "Slow ticket")
    fake.stall(5.0, times=1)
    found = attach_tickets(PullRequest(title="ENG-8"), jira(fake), CLOUD, retrier(sleeps), timeout=0.3)
    assert tickets(found.pr)[0].title == "Slow ticket"
    assert found.requests == 2 and sleeps == [0.5] and found.warnings == []


def test_a_tracker_that_never_answers_in_time_leaves_the_key(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("LIN-8", "Slow")
    fake.stall(5.0, times=99)
    found = attach_tickets(PullRequest(title="LIN-8"), LINEAR, linear_creds(fake),
                           retrier(sleeps, max_attempts=2), timeout=0.2)
    assert tickets(found.pr)[0].title is None
    assert found.warnings == ["Could not read Linear issues: Linear did not answer (read 1 issue): ReadTimeout; "
                              "gave up after 2 attempts"]


def test_twenty_jira_keys_cost_twenty_requests_at_once(fake: FakeTrackers, sleeps: list[float]) -> None:
    keys = [f"ENG-{n}" for n in range(1, 21)]
    for key in keys:
        fake.add(key, f"Ticket {key}")
    found = attach_tickets(PullRequest(body=" ".join(keys)), jira(fake), CLOUD, retrier(sleeps))
    assert [t.title for t in tickets(found.pr)] == [f"Ticket {key}" for key in keys]  # in the PR's order
    assert found.requests == 20 and sorted(fake.paths()) == sorted(f"/jira/rest/api/3/issue/{k}" for k in keys)


def test_twenty_linear_keys_cost_one_query(fake: FakeTrackers, sleeps: list[float]) -> None:
    keys = [f"LIN-{n}" for n in range(1, 21)]
    for key in keys:
        fake.add(key, f"Issue {key}")
    found = attach_tickets(PullRequest(body=", ".join(keys)), LINEAR, linear_creds(fake), retrier(sleeps))
    assert [t.title for t in tickets(found.pr)] == [f"Issue {key}" for key in keys]
    assert found.requests == 1


def test_keys_past_the_lookup_limit_are_shown_without_details(fake: FakeTrackers, sleeps: list[float]) -> None:
    keys = [f"ENG-{n}" for n in range(1, 26)]
    for key in keys:
        fake.add(key, f"Ticket {key}")
    found = attach_tickets(PullRequest(body=" ".join(keys)), jira(fake), CLOUD, retrier(sleeps))
    assert found.requests == 20 and len(tickets(found.pr)) == 25
    assert [t.title is None for t in tickets(found.pr)] == [False] * 20 + [True] * 5
    assert found.warnings == ["The PR names 25 tickets; details were looked up for 20."]


def test_without_a_token_nothing_is_fetched_and_keys_are_links(fake: FakeTrackers) -> None:
    trackers = Trackers(jira=JiraTracker(fake.jira_url, ("ENG",)), linear=LinearTracker(("LIN",), "acme"))
    pr = PullRequest(title="ENG-1: x", body="LIN-2")
    found = attach_tickets(pr, trackers, Credentials())
    assert found.requests == 0 and fake.seen == []
    assert [(t.key, t.url) for t in tickets(found.pr)] == [
        ("ENG-1", f"{fake.jira_url}/browse/ENG-1"), ("LIN-2", "https://linear.app/acme/issue/LIN-2")]


def test_a_pr_without_keys_asks_nothing(fake: FakeTrackers) -> None:
    found = attach_tickets(PullRequest(title="UTF-8 and ISO-8601, CVE-2024-1234"), jira(fake), CLOUD)
    assert found.pr.linked_issues == () and found.requests == 0 and fake.seen == []


def test_a_token_echoed_by_the_server_never_reaches_a_warning(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.fail(400, body={"errorMessages": [f"bad token {JIRA_TOKEN}"]})
    found = attach_tickets(PullRequest(title="ENG-1"), jira(fake), CLOUD, retrier(sleeps))
    assert found.warnings and all(JIRA_TOKEN not in w for w in found.warnings)


def test_hostile_ticket_text_is_kept_as_data(fake: FakeTrackers, sleeps: list[float]) -> None:
    hostile = "@octocat <img src=x onerror=alert(1)> | #12 ::set-output name=x::y\n## heading"
    fake.add("ENG-66", hostile, type="<b>Bug</b>", status="|Done|", labels=["@team", "<x>"],
             epic="[epic](javascript:x)")
    found = attach_tickets(PullRequest(title="ENG-66"), jira(fake), CLOUD, retrier(sleeps))
    ticket = tickets(found.pr)[0]
    # The adapter only carries the text; the renderers neutralise it like PR text (tests/test_hostile.py).
    assert ticket.title == hostile and ticket.type == "<b>Bug</b>" and ticket.parent == "[epic](javascript:x)"


def test_an_invalid_linear_api_url_is_a_warning_not_a_request(fake: FakeTrackers) -> None:
    creds = Credentials(linear_key=LINEAR_KEY, linear_url="ftp://nope")
    found = attach_tickets(PullRequest(title="LIN-1"), LINEAR, creds)
    assert found.requests == 0 and found.warnings[0].startswith("LINEAR_API_URL 'ftp://nope' is not a site address")


def test_a_digests_prs_ask_each_key_once(fake: FakeTrackers, sleeps: list[float]) -> None:
    fake.add("ENG-1", "Shared epic work", epic="Invoices")
    fake.add("ENG-2", "Second")
    prs = [PullRequest(number=1, title="ENG-1 part one"), PullRequest(number=2, title="ENG-1 part two, ENG-2"),
           PullRequest(number=3, title="no ticket")]
    found, warnings, requests = attach_to_each(prs, jira(fake), CLOUD, retrier(sleeps))
    assert [[t.title for t in tickets(pr)] for pr in found] == [
        ["Shared epic work"], ["Shared epic work", "Second"], []]
    assert requests == 2 and warnings == [] and sorted(fake.paths()) == [
        "/jira/rest/api/3/issue/ENG-1", "/jira/rest/api/3/issue/ENG-2"]


def test_many_linear_issues_are_asked_fifty_to_a_query(fake: FakeTrackers, sleeps: list[float]) -> None:
    prs = [PullRequest(number=n, title=f"LIN-{n}") for n in range(1, 61)]
    for n in range(1, 61):
        fake.add(f"LIN-{n}", f"Issue {n}")
    found, warnings, requests = attach_to_each(prs, LINEAR, linear_creds(fake), retrier(sleeps))
    assert requests == 2 and warnings == []
    assert [tickets(pr)[0].title for pr in found] == [f"Issue {n}" for n in range(1, 61)]


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["fields", "summary", "issuetype", "status", "labels", "parent", "name",
                                         "hierarchyLevel", "title", "state", "project", "nodes", "url"]),
                        inner, max_size=5), max_leaves=20)


@given(JSON)
def test_any_tracker_answer_reads_as_a_ticket_or_the_bare_key(data: object) -> None:
    bare = LinkedIssue(key="ENG-1", tracker="jira")
    for parse in (jira_issue, linear_issue):
        ticket = parse(data, bare) if parse is jira_issue else parse(data if isinstance(data, dict) else {}, bare)
        assert ticket.key == "ENG-1"
        assert all(isinstance(v, str) for v in (ticket.title, ticket.type, ticket.state, ticket.parent) if v)
        assert all(isinstance(label, str) for label in ticket.labels) and len(ticket.labels) <= 20
