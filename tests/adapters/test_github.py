"""The GitHub client: exact requests per API path, faults, and a real-HTTP run against the fake."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from typing import Any

import pytest
import requests
import responses

from pr_impact.adapters.github import (
    BaseConfig,
    GitHubAPIError,
    GitHubClient,
    pull_request_from_event,
    repo_path,
    valid_repo,
)
from pr_impact.adapters.snapshot import pull_request_from_snapshot
from pr_impact.commands.action import Settings, client_for
from pr_impact.core.config import LabelSpec
from pr_impact.errors import ConfigError, GitHubError, UsageError
from tests.fake_github import FakeGitHub, FakeState

# PyGithub always puts the port in the URL it sends; `responses` matches on it.
API = "https://api.github.com:443"
# ...but GitHub's Link headers carry none, and PyGithub refuses a next URL whose port differs.
LINKED = "https://api.github.com"
GRAPHQL = f"{API}/graphql"
TOKEN = "ghs_secretTOKEN123"
REPO = "octo/app"
MARKER = "<!-- pr-impact -->"
MANAGED = {"impact: user-facing", "impact: tech-debt", "impact: internal"}
USER_FACING = LabelSpec("impact: user-facing", "1d76db", "Users can see or do something new")


class Sleeps(list[float]):
    """An injected sleep that records instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def client(sleeps: Sleeps) -> GitHubClient:
    return GitHubClient(TOKEN, REPO, sleep=sleeps, clock=lambda: 1_000_000.0, max_wait=120.0)


def sent(mock: responses.RequestsMock) -> list[tuple[str, str, Any]]:
    """(method, URL, JSON body) of every request made."""
    out = []
    for call in mock.calls:
        body = call.request.body
        out.append((call.request.method, call.request.url, json.loads(body) if body else None))
    return out


def event(**pr: Any) -> dict[str, Any]:
    """A `pull_request` event payload."""
    base = {
        "number": 7,
        "title": "Add dark mode",
        "body": "Fixes #3",
        "user": {"login": "alice", "type": "User"},
        "head": {"ref": "feature/dark", "sha": "h" * 40, "repo": {"full_name": REPO}},
        "base": {"ref": "main", "sha": "b" * 40, "repo": {"full_name": REPO}},
        "labels": [{"name": "ui"}],
        "draft": False,
        "additions": 10,
        "deletions": 2,
        "changed_files": 2,
        "html_url": f"https://github.com/{REPO}/pull/7",
    }
    return {"action": "opened", "pull_request": base | pr, "repository": {"full_name": REPO}}


def files_page(start: int, count: int) -> list[dict[str, Any]]:
    return [
        {"filename": f"src/f{i}.py", "status": "modified", "additions": 1, "deletions": 0, "changes": 1, "patch": "@@"}
        for i in range(start, start + count)
    ]


def link(url: str) -> dict[str, str]:
    return {"Link": f'<{url}>; rel="next", <{url}&x=last>; rel="last"'}


def issue_node(number: int, repo: str = REPO, **extra: Any) -> dict[str, Any]:
    node = {
        "number": number,
        "title": f"Issue {number}",
        "state": "OPEN",
        "url": f"https://github.com/{repo}/issues/{number}",
        "milestone": None,
        "repository": {"nameWithOwner": repo},
        "labels": {"nodes": []},
        "issueType": None,
    }
    return node | extra


# -- the event payload ------------------------------------------------------------------------


def test_pull_request_from_event_builds_the_model_without_requests(rsps, client):
    pr = client.pull_request_from_event(event(draft=True, labels=[{"name": "ui"}, "bug"]))
    assert (pr.number, pr.title, pr.body, pr.author, pr.author_type) == (
        7,
        "Add dark mode",
        "Fixes #3",
        "alice",
        "User",
    )
    assert (pr.head, pr.base, pr.head_sha) == ("feature/dark", "main", "h" * 40)
    assert pr.base_sha == "b" * 40
    assert (pr.labels, pr.draft, pr.additions, pr.deletions, pr.changed_files) == (("ui", "bug"), True, 10, 2, 2)
    assert pr.repo == REPO
    assert len(rsps.calls) == 0


def test_pull_request_from_event_handles_forks_null_body_and_bare_objects():
    payload = event(body=None, head={"ref": "patch-1", "sha": "x", "repo": {"full_name": "mallory/app"}})
    pr = pull_request_from_event(payload)
    assert pr.body == "" and pr.repo == REPO
    assert pull_request_from_event(payload["pull_request"]).number == 7
    with pytest.raises(UsageError, match="no pull request"):  # a wrong event is a usage error (exit 2)
        pull_request_from_event({"action": "push"})


# -- files ------------------------------------------------------------------------------------


def test_fetch_files_follows_three_pages(rsps, client):
    page2 = f"{LINKED}/repositories/99/pulls/7/files?per_page=100&page=2"
    page3 = f"{LINKED}/repositories/99/pulls/7/files?per_page=100&page=3"
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", json=files_page(0, 100), headers=link(page2))
    rsps.get(f"{API}/repositories/99/pulls/7/files", json=files_page(100, 100), headers=link(page3))
    rsps.get(f"{API}/repositories/99/pulls/7/files", json=files_page(200, 50))
    files = client.fetch_files(7, expected=250)
    assert len(files) == 250 and files[-1].path == "src/f249.py"
    assert [(m, u) for m, u, _ in sent(rsps)] == [
        ("GET", f"{API}/repos/octo/app/pulls/7/files?per_page=100"),
        ("GET", f"{API}/repositories/99/pulls/7/files?page=2&per_page=100"),
        ("GET", f"{API}/repositories/99/pulls/7/files?page=3&per_page=100"),
    ]
    assert client.request_count == 3
    assert client.warnings == []


def test_fetch_files_maps_patches_renames_and_binaries(rsps, client):
    rsps.get(
        f"{API}/repos/octo/app/pulls/7/files",
        json=[
            {"filename": "a.py", "status": "modified", "additions": 2, "deletions": 1, "changes": 3, "patch": "@@ x"},
            {"filename": "logo.png", "status": "added", "additions": 0, "deletions": 0, "changes": 0},
            {"filename": "big.sql", "status": "added", "additions": 90000, "deletions": 0, "changes": 90000},
            {"filename": "new.py", "status": "renamed", "previous_filename": "old.py", "changes": 0},
        ],
    )
    a, logo, big, moved = client.fetch_files(7)
    assert (a.path, a.status, a.additions, a.deletions, a.patch, a.binary) == ("a.py", "modified", 2, 1, "@@ x", False)
    assert logo.patch is None and logo.binary
    assert big.patch is None and not big.binary  # too large for a patch, but text
    assert (moved.status, moved.previous_path, moved.binary) == ("renamed", "old.py", False)


def test_fetch_files_skips_the_request_for_an_empty_pr(rsps, client):
    assert client.fetch_files(7, expected=0) == []
    assert client.request_count == 0


def test_fetch_files_detects_githubs_3000_file_cap(rsps, client):
    def page(request: Any) -> tuple[int, dict[str, str], str]:
        number = int(request.params.get("page", "1"))
        headers = link(f"{LINKED}/repos/octo/app/pulls/7/files?per_page=100&page={number + 1}") if number < 30 else {}
        return 200, headers, json.dumps(files_page((number - 1) * 100, 100))

    rsps.add_callback(responses.GET, f"{API}/repos/octo/app/pulls/7/files", callback=page)
    pr = client.pull_request_from_event(event(changed_files=3500))
    files = client.fetch_files(7, expected=pr.changed_files)
    assert len(files) == 3000 and client.request_count == 30
    assert "only 3000 of the PR's 3500" in client.warnings[0]
    assert replace(pr, files=tuple(files)).files_truncated


def test_ghes_base_url_is_honoured_for_rest_and_graphql(rsps, sleeps):
    ghes = GitHubClient(TOKEN, REPO, api_url="https://ghe.example/api/v3", sleep=sleeps)
    rsps.get("https://ghe.example:443/api/v3/repos/octo/app/pulls/7/files", json=files_page(0, 1))
    rsps.post("https://ghe.example:443/api/graphql", json={"data": {"repository": {"pullRequest": None}}})
    assert len(ghes.fetch_files(7)) == 1
    assert ghes.fetch_linked_issues(7, commits=[]) == []
    assert ghes.graphql_url == "https://ghe.example/api/graphql"


def test_explicit_graphql_url_wins(rsps, sleeps):
    ghes = GitHubClient(
        TOKEN, REPO, api_url="https://ghe.example/api/v3", graphql_url="https://ghe.example/api/graphql"
    )
    rsps.post("https://ghe.example:443/api/graphql", json={"data": {}})
    ghes.fetch_linked_issues(7, commits=[])
    assert rsps.calls[0].request.url == "https://ghe.example:443/api/graphql"


def test_the_client_is_built_from_the_runner_variables_the_settings_read():
    env = {"GITHUB_REPOSITORY": "a/b", "GITHUB_API_URL": "https://ghe.example/api/v3", "GITHUB_GRAPHQL_URL": ""}
    gh = client_for(Settings.from_env({**env, "GITHUB_TOKEN": "t"}))
    assert (gh.repo, gh.api_url, gh.graphql_url) == (
        "a/b",
        "https://ghe.example/api/v3",
        "https://ghe.example/api/graphql",
    )
    with pytest.raises(GitHubError, match="owner/name"):
        client_for(Settings.from_env({"GITHUB_TOKEN": "t"}))


def test_malformed_payload_fields_read_as_absent_not_a_crash():
    pr = pull_request_from_event(event(user="bob", head="x", labels="ui", draft="yes", additions=True))
    assert (pr.author, pr.author_type, pr.head, pr.labels, pr.draft, pr.additions) == ("", "User", "", (), False, None)


# One of each kind GitHub lists: a text diff, a binary file, a text diff too large for a patch,
# a pure rename, and a binary file added.
FILE_KINDS = [
    {"filename": "src/a.py", "status": "modified", "additions": 1, "deletions": 1, "changes": 2, "patch": "@@ -1 +1"},
    {"filename": "img/logo.png", "status": "modified", "additions": 0, "deletions": 0, "changes": 0},
    {"filename": "data/big.json", "status": "modified", "additions": 90000, "deletions": 3, "changes": 90003},
    {"filename": "src/new.py", "status": "renamed", "additions": 0, "deletions": 0, "changes": 0,
     "previous_filename": "src/old.py"},
    {"filename": "img/icon.png", "status": "added", "additions": 0, "deletions": 0, "changes": 0},
]


def test_the_api_and_a_snapshot_read_the_same_files_the_same_way(rsps, client):
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", json=FILE_KINDS)
    from_api = client.fetch_files(7)
    from_snapshot = pull_request_from_snapshot({"pull_request": {"number": 7}, "files": FILE_KINDS}).files
    assert tuple(from_api) == from_snapshot
    # Binary: no patch and no line counts. A huge text diff also has no patch, but has counts.
    assert [change.binary for change in from_api] == [False, True, False, False, True]
    assert from_api[2].patch is None and from_api[3].previous_path == "src/old.py"


# -- linked issues ----------------------------------------------------------------------------


def test_issues_of_other_owners_keep_only_their_number(rsps, client):
    """A PAT could read org/private; its issue titles must not reach this PR's public comment."""
    secret = issue_node(1, "org/private", title="Secret acquisition", labels={"nodes": [{"name": "legal"}]})
    data = {
        "repository": {"pullRequest": {"closingIssuesReferences": {"nodes": [secret]}}},
        "ref0": {"issueOrPullRequest": {"__typename": "Issue", **issue_node(2, "Octo/lib")}},
    }
    rsps.post(GRAPHQL, json={"data": data})
    context = client.fetch_issue_context(7, body="Fixes org/private#1, fixes Octo/lib#2", commits=[])
    assert [(i.ref, i.title, i.labels) for i in context.issues] == [
        ("org/private#1", None, ()),
        ("Octo/lib#2", "Issue 2", ()),  # the same owner (names are case-insensitive): looked up
    ]
    [(_, _, body)] = sent(rsps)
    assert "private" not in json.dumps(body["variables"])


def test_issues_of_other_owners_are_not_fetched_over_rest_either(rsps, client):
    rsps.post(GRAPHQL, json={"data": None, "errors": [{"message": "something broke"}]})
    rsps.get(f"{API}/repos/octo/app/issues/3", json={"number": 3, "title": "Ours", "state": "open"})
    context = client.fetch_issue_context(7, body="Fixes #3, fixes org/private#1", commits=[])
    assert [(i.ref, i.title) for i in context.issues] == [("#3", "Ours"), ("org/private#1", None)]
    assert [u.removeprefix(API) for _, u, _ in sent(rsps)] == ["/graphql", "/repos/octo/app/issues/3"]


def test_references_to_impossible_repositories_are_dropped_never_requested(rsps, client):
    rsps.post(GRAPHQL, json={"data": None, "errors": [{"message": "something broke"}]})
    rsps.get(f"{API}/repos/octo/app/issues/3", json={"number": 3, "title": "Ours", "state": "open"})
    context = client.fetch_issue_context(7, body="Fixes #3, fixes octo/..#4, fixes octo/.#5", commits=[])
    assert [i.ref for i in context.issues] == ["#3"]
    assert [u.removeprefix(API) for _, u, _ in sent(rsps)] == ["/graphql", "/repos/octo/app/issues/3"]


@pytest.mark.parametrize(("repo", "ok"), [
    ("octo/app", True), ("octo/.github", True), ("octo/app.js", True), ("my_org_emu/a-b_c", True),
    ("octo/..", False), ("octo/.", False), ("../app", False), ("octo/a%2Fb", False), ("octo/a/b", False),
    ("octo/", False), ("/app", False), ("-x/app", False), ("octo/a b", False), ("octo", False),
])
def test_valid_repo_accepts_only_what_github_allows(repo, ok):
    assert valid_repo(repo) is ok


def test_repository_path_segments_are_quoted_and_bad_names_refused():
    assert repo_path("octo/app.js") == "/repos/octo/app.js"
    with pytest.raises(GitHubError, match="owner/name"):
        GitHubClient(TOKEN, "octo/..")


def test_a_config_path_with_dot_segments_is_refused(rsps, client):
    with pytest.raises(ConfigError, match=r"'\.\.' segment"):
        client.read_file_at("../../other/secrets.yml", "b" * 40)
    assert client.request_count == 0




def test_one_graphql_query_covers_closing_refs_commits_body_and_branch(rsps, client):
    data = {
        "repository": {
            "pullRequest": {
                "closingIssuesReferences": {
                    "nodes": [
                        issue_node(
                            3,
                            title="Checkout is slow",
                            state="CLOSED",
                            labels={"nodes": [{"name": "bug"}, {"name": "perf"}]},
                            issueType={"name": "Bug"},
                            milestone={"title": "v2"},
                        )
                    ]
                },
                "commits": {"totalCount": 1, "nodes": [{"commit": {"message": "feat: dark mode\n\nFixes #3"}}]},
            }
        },
        "ref0": {"issueOrPullRequest": {"__typename": "Issue", **issue_node(3)}},
        "ref1": {"issueOrPullRequest": {"__typename": "Issue", **issue_node(5, "octo/lib")}},
        "ref2": {"issueOrPullRequest": {"__typename": "Issue", **issue_node(12)}},
    }
    rsps.post(GRAPHQL, json={"data": data})
    context = client.fetch_issue_context(7, body="Fixes #3, closes octo/lib#5", branch="12-dark-mode")
    assert [(i.ref, i.title, i.state, i.labels, i.type, i.milestone) for i in context.issues] == [
        ("#3", "Checkout is slow", "closed", ("bug", "perf"), "Bug", "v2"),
        ("octo/lib#5", "Issue 5", "open", (), None, None),
        ("#12", "Issue 12", "open", (), None, None),
    ]
    assert context.commits == ("feat: dark mode\n\nFixes #3",)
    [(method, url, body)] = sent(rsps)
    assert (method, url) == ("POST", GRAPHQL)
    assert body["variables"] == {
        "owner": "octo",
        "name": "app",
        "number": 7,
        "o0": "octo",
        "r0": "app",
        "i0": 3,
        "o1": "octo",
        "r1": "lib",
        "i1": 5,
        "o2": "octo",
        "r2": "app",
        "i2": 12,
    }
    query = body["query"]
    for needle in (
        "closingIssuesReferences(first: 50)",
        "labels(first: 20)",
        "issueType { name }",
        "commits(first: 100)",
    ):
        assert needle in query
    assert "Fixes" not in query  # PR text travels in variables, never in the document


def test_graphql_partial_errors_keep_the_data_and_warn(rsps, client):
    rsps.post(
        GRAPHQL,
        json={
            "data": {
                "repository": {"pullRequest": {"closingIssuesReferences": {"nodes": [issue_node(3), None]}}},
                "ref0": {"issueOrPullRequest": None},
            },
            "errors": [
                {
                    "type": "NOT_FOUND",
                    "path": ["ref0", "issueOrPullRequest"],
                    "message": "Could not resolve to an issue or pull request with the number of 404.",
                }
            ],
        },
    )
    issues = client.fetch_linked_issues(7, body="fixes #404", commits=[])
    assert [(i.number, i.title) for i in issues] == [(3, "Issue 3"), (404, None)]
    assert client.warnings == [
        "GitHub GraphQL: Could not resolve to an issue or pull request with the number of 404. "
        "(at ref0.issueOrPullRequest)"
    ]
    assert client.request_count == 1


def test_refs_only_commits_reveal_are_fetched_over_rest(rsps, client):
    rsps.post(
        GRAPHQL,
        json={
            "data": {
                "repository": {
                    "pullRequest": {
                        "closingIssuesReferences": {"nodes": []},
                        "commits": {"nodes": [{"commit": {"message": "fix: x\n\nCloses #9"}}]},
                    }
                }
            }
        },
    )
    rsps.get(
        f"{API}/repos/octo/app/issues/9",
        json={
            "number": 9,
            "title": "Crash on save",
            "state": "open",
            "labels": [{"name": "bug"}],
            "type": {"name": "Bug"},
            "milestone": {"title": "v3"},
            "html_url": "https://github.com/octo/app/issues/9",
        },
    )
    [issue] = client.fetch_linked_issues(7, body="")
    assert (issue.number, issue.title, issue.labels, issue.type, issue.milestone) == (
        9,
        "Crash on save",
        ("bug",),
        "Bug",
        "v3",
    )
    assert [(m, u) for m, u, _ in sent(rsps)] == [("POST", GRAPHQL), ("GET", f"{API}/repos/octo/app/issues/9")]


@pytest.mark.parametrize("status", [404, 410, 403])
def test_a_deleted_or_hidden_issue_degrades_to_its_number_and_a_warning(rsps, client, status):
    commits = {"nodes": [{"commit": {"message": "Closes #9"}}]}
    pull = {"closingIssuesReferences": {"nodes": []}, "commits": commits}
    rsps.post(GRAPHQL, json={"data": {"repository": {"pullRequest": pull}}})
    rsps.get(f"{API}/repos/octo/app/issues/9", status=status, json={"message": "Not Found"})
    issues = client.fetch_linked_issues(7, body="")
    assert [(i.number, i.title) for i in issues] == [(9, None)]
    assert client.warnings == [
        f"Linked issue #9 is {({404: 'not found', 410: 'deleted', 403: 'not visible to this token'})[status]}"
        f" (HTTP {status})."
    ]


def test_a_pull_request_referenced_like_an_issue_is_dropped(rsps, client):
    pull = {"closingIssuesReferences": {"nodes": []}, "commits": {"nodes": [{"commit": {"message": "fixes #8"}}]}}
    rsps.post(GRAPHQL, json={"data": {"repository": {"pullRequest": pull}}})
    rsps.get(f"{API}/repos/octo/app/issues/8", json={"number": 8, "pull_request": {"url": "x"}})
    assert client.fetch_linked_issues(7) == []
    assert "pull request" in client.warnings[0]


def test_graphql_without_issue_type_is_retried_once_without_it(rsps, client):
    rsps.post(GRAPHQL, json={"errors": [{"message": "Field 'issueType' doesn't exist on type 'Issue'"}]})
    rsps.post(
        GRAPHQL, json={"data": {"repository": {"pullRequest": {"closingIssuesReferences": {"nodes": [issue_node(3)]}}}}}
    )
    assert [i.number for i in client.fetch_linked_issues(7, commits=[])] == [3]
    first, second = (body["query"] for _, _, body in sent(rsps))
    assert "issueType" in first and "issueType" not in second
    assert client.warnings == []


def test_graphql_outage_degrades_to_bare_numbers_without_more_requests(rsps, client, sleeps):
    client.http.max_attempts = 3
    for _ in range(3):
        rsps.post(GRAPHQL, status=502, json={"message": "Server Error"})
    issues = client.fetch_linked_issues(7, body="fixes #3", commits=[], branch="5-x")
    assert [(i.number, i.title) for i in issues] == [(3, None), (5, None)]
    assert client.request_count == 3 and sleeps == [1.0, 2.0]
    assert "Could not read linked issues" in client.warnings[0] and "HTTP 502" in client.warnings[0]


def test_no_pr_number_and_no_refs_makes_no_request(rsps, client):
    assert client.fetch_linked_issues(None, body="nothing here", commits=[]) == []
    assert client.request_count == 0


# -- config -----------------------------------------------------------------------------------


def test_read_file_at_the_base_sha(rsps, client):
    text = "areas:\n  Checkout: ['src/checkout/**']\n"
    content = base64.encodebytes(text.encode()).decode()
    rsps.get(
        f"{API}/repos/octo/app/contents/.github/pr-impact.yml",
        json={"type": "file", "encoding": "base64", "content": content},
    )
    rsps.get(f"{API}/repos/octo/app/contents/.github/missing.yml", status=404, json={"message": "Not Found"})
    assert client.read_file_at(".github/pr-impact.yml", "b" * 40) == text
    assert client.read_file_at(".github/missing.yml", "b" * 40) is None
    assert [u for _, u, _ in sent(rsps)] == [
        f"{API}/repos/octo/app/contents/.github/pr-impact.yml?ref={'b' * 40}",
        f"{API}/repos/octo/app/contents/.github/missing.yml?ref={'b' * 40}",
    ]


CONFIG = ".github/pr-impact.yml"
BASE_SHA = "b" * 40
CONTENTS = f"{API}/repos/octo/app/contents/.github/pr-impact.yml"


def blob(text: str | None, size: int | None = None, *, binary: bool = False, truncated: bool = False) -> dict:
    """A GraphQL Blob as `object(expression:)` returns it."""
    size = len((text or "").encode()) if size is None else size
    return {"__typename": "Blob", "byteSize": size, "isBinary": binary, "isTruncated": truncated, "text": text}


def with_file(node: dict[str, Any] | None) -> dict[str, Any]:
    """GraphQL data for PR #7 (no closing issues, no commits) and the file at the base commit."""
    pull = {"closingIssuesReferences": {"nodes": []}, "commits": {"totalCount": 0, "nodes": []}}
    return {"data": {"repository": {"pullRequest": pull, "file": node}}}


def base_config(client: GitHubClient) -> BaseConfig:
    """Load PR #7 with the config prefetched (its files are mocked empty): the config it read."""
    base = client.load_pull_request(event(changed_files=0, body=""), config_path=CONFIG).base_config
    assert base is not None
    return base


def load(client: GitHubClient) -> str | None:
    """Load PR #7 with the config prefetched, then read the config's text."""
    return base_config(client).read()


def test_the_base_config_rides_in_the_graphql_query(rsps, client):
    rsps.post(GRAPHQL, json=with_file(blob("rules: []\n")))
    assert load(client) == "rules: []\n"
    [(method, url, body)] = sent(rsps)
    assert (method, url) == ("POST", GRAPHQL) and client.request_count == 1
    assert body["variables"] == {"owner": "octo", "name": "app", "number": 7, "file": f"{BASE_SHA}:{CONFIG}"}
    query = body["query"]
    assert "file: object(expression: $file) { __typename ... on Blob { byteSize isBinary isTruncated text } }" in query
    assert BASE_SHA not in query and CONFIG not in query  # values travel as variables
    # Another commit (the PR's head, when it edits the config) is still a REST read.
    rsps.get(CONTENTS, json={"type": "file", "encoding": "base64", "content": base64.b64encode(b"x: 1").decode()})
    assert client.read_file_at(CONFIG, "h" * 40) == "x: 1"
    assert sent(rsps)[1][1] == f"{CONTENTS}?ref={'h' * 40}"


def test_a_config_missing_at_the_base_commit_is_none_without_rest(rsps, client):
    rsps.post(GRAPHQL, json=with_file(None))
    assert load(client) is None and client.request_count == 1


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ({"__typename": "Tree"}, f"{CONFIG} at {BASE_SHA} is not a file"),
        (blob(None, 2_000_000), f"{CONFIG} at {BASE_SHA} is too large to be a configuration file"),
        (blob("x" * 100, 1024 * 1024 + 1, truncated=True), "is too large to be a configuration file"),
    ],
    ids=["directory", "over 1 MB", "over 1 MB, truncated"],
)
def test_a_base_config_that_cannot_be_one_fails_as_before_without_rest(rsps, client, node, message):
    rsps.post(GRAPHQL, json=with_file(node))
    base = base_config(client)
    with pytest.raises(ConfigError, match="^" + re.escape(CONFIG)) as caught:
        base.read()
    assert message in caught.value.message and client.request_count == 1
    with pytest.raises(ConfigError):  # asked again, the same answer: no request
        base.read()
    assert client.request_count == 1


@pytest.mark.parametrize(
    "node",
    [
        blob(None, 12, binary=True),
        blob("rules: [", 5000, truncated=True),
        blob("caf\ufffd: 1\n"),
        {"__typename": "Blob"},
        {"weird": True},
    ],
    ids=["binary", "truncated", "not UTF-8", "no fields", "no typename"],
)
def test_text_graphql_cannot_give_whole_is_read_over_rest(rsps, client, node):
    rsps.post(GRAPHQL, json=with_file(node))
    rsps.get(CONTENTS, json={"type": "file", "encoding": "base64", "content": base64.b64encode(b"\x89PNG").decode()})
    with pytest.raises(ConfigError, match=f"^{re.escape(CONFIG)} at {BASE_SHA} is not UTF-8 text: "):
        load(client)  # REST decodes the bytes themselves: today's message
    assert [m for m, _, _ in sent(rsps)] == ["POST", "GET"] and client.request_count == 2


@pytest.mark.parametrize(
    "answer",
    [
        {"data": {"repository": {"pullRequest": None, "file": None}},
         "errors": [{"type": "INTERNAL", "path": ["repository", "file"], "message": "timeout"}]},
        {"data": {"repository": {"pullRequest": None, "file": blob("stale")}},
         "errors": [{"type": "INTERNAL", "message": "something went wrong"}]},
        {"data": {"repository": None}, "errors": [{"type": "NOT_FOUND", "path": ["repository"], "message": "gone"}]},
        {"data": {"repository": {"pullRequest": None}}},
        {"data": None, "errors": [{"message": "rate limited"}]},
    ],
    ids=["error on the field", "error without a path", "no repository", "field left out", "no data"],
)
def test_a_graphql_answer_that_does_not_settle_the_config_falls_back_to_rest(rsps, client, answer):
    rsps.post(GRAPHQL, json=answer)
    rsps.get(CONTENTS, json={"type": "file", "encoding": "base64", "content": base64.b64encode(b"a: 1").decode()})
    assert load(client) == "a: 1"
    assert [(m, u) for m, u, _ in sent(rsps)] == [("POST", GRAPHQL), ("GET", f"{CONTENTS}?ref={BASE_SHA}")]
    assert client.request_count == 2
    assert not any("timeout" in w for w in client.warnings)  # an error about the file is handled, not shown


def test_a_graphql_outage_reads_the_config_over_rest(rsps, client, sleeps):
    client.http.max_attempts = 2
    rsps.post(GRAPHQL, status=502, json={"message": "Server Error"})
    rsps.get(CONTENTS, status=404, json={"message": "Not Found"})
    assert load(client) is None
    assert [m for m, _, _ in sent(rsps)] == ["POST", "POST", "GET"] and sleeps == [1.0]
    assert "Could not read linked issues" in client.warnings[0]


def test_a_schema_that_rejects_the_blob_fields_is_asked_again_without_them(rsps, client):
    error = {"message": "Field 'isTruncated' doesn't exist on type 'Blob'", "extensions": {"code": "undefinedField"}}
    rsps.post(GRAPHQL, json={"errors": [error]})
    rsps.post(GRAPHQL, json={"data": {"repository": {"pullRequest": {"closingIssuesReferences": {"nodes": []}}}}})
    rsps.get(CONTENTS, json={"type": "file", "encoding": "base64", "content": base64.b64encode(b"a: 1").decode()})
    assert load(client) == "a: 1"
    first, second = (body for _, _, body in sent(rsps)[:2])
    assert "object(expression:" in first["query"] and "object(expression:" not in second["query"]
    assert "file" not in second["variables"] and client.warnings == []


# -- labels -----------------------------------------------------------------------------------


def test_labels_already_right_make_no_request(rsps, client):
    change = client.sync_labels(7, ["bug", "impact: user-facing"], "impact: user-facing", MANAGED, USER_FACING)
    assert (change.added, change.removed) == (None, ()) and client.request_count == 0


def test_adding_an_existing_label_is_one_request(rsps, client):
    rsps.post(
        f"{API}/repos/octo/app/issues/7/labels",
        json=[
            {"name": "bug", "color": "d73a4a"},
            {"name": "impact: user-facing", "color": "1d76db", "description": "x"},
        ],
    )
    change = client.sync_labels(7, ["bug"], "impact: user-facing", MANAGED, USER_FACING)
    assert sent(rsps) == [("POST", f"{API}/repos/octo/app/issues/7/labels", {"labels": ["impact: user-facing"]})]
    assert (change.added, change.removed, change.created, change.labels) == (
        "impact: user-facing",
        (),
        False,
        ("bug", "impact: user-facing"),
    )


def test_a_label_github_created_implicitly_gets_its_colour_and_description(rsps, client):
    rsps.post(
        f"{API}/repos/octo/app/issues/7/labels",
        json=[{"name": "impact: user-facing", "color": "ededed", "description": None}],
    )
    rsps.patch(f"{API}/repos/octo/app/labels/impact%3A%20user-facing", json={})
    change = client.sync_labels(7, [], "impact: user-facing", MANAGED, USER_FACING)
    assert sent(rsps)[1] == (
        "PATCH",
        f"{API}/repos/octo/app/labels/impact%3A%20user-facing",
        {"color": "1d76db", "description": "Users can see or do something new"},
    )
    assert change.created


def test_a_server_that_refuses_unknown_labels_gets_the_label_created(rsps, client):
    rsps.post(f"{API}/repos/octo/app/issues/7/labels", status=422, json={"message": "Validation Failed"})
    rsps.post(f"{API}/repos/octo/app/labels", status=201, json={})
    rsps.post(f"{API}/repos/octo/app/issues/7/labels", json=[{"name": "impact: user-facing", "color": "1d76db"}])
    change = client.sync_labels(7, [], "impact: user-facing", MANAGED, USER_FACING)
    assert sent(rsps) == [
        ("POST", f"{API}/repos/octo/app/issues/7/labels", {"labels": ["impact: user-facing"]}),
        (
            "POST",
            f"{API}/repos/octo/app/labels",
            {"name": "impact: user-facing", "color": "1d76db", "description": "Users can see or do something new"},
        ),
        ("POST", f"{API}/repos/octo/app/issues/7/labels", {"labels": ["impact: user-facing"]}),
    ]
    assert change.created


def test_stale_impact_labels_go_and_manual_labels_stay(rsps, client):
    rsps.post(f"{API}/repos/octo/app/issues/7/labels", json=[{"name": "impact: user-facing", "color": "1d76db"}])
    rsps.delete(f"{API}/repos/octo/app/issues/7/labels/impact%3A%20internal", json=[])
    rsps.delete(
        f"{API}/repos/octo/app/issues/7/labels/Impact%3A%20Tech-Debt",
        status=404,
        json={"message": "Label does not exist"},
    )
    current = ["bug", "impact: internal", "needs review", "Impact: Tech-Debt"]
    change = client.sync_labels(7, current, "impact: user-facing", MANAGED, USER_FACING)
    assert [(m, u) for m, u, _ in sent(rsps)] == [
        ("POST", f"{API}/repos/octo/app/issues/7/labels"),  # add first: never without a label
        ("DELETE", f"{API}/repos/octo/app/issues/7/labels/impact%3A%20internal"),
        ("DELETE", f"{API}/repos/octo/app/issues/7/labels/Impact%3A%20Tech-Debt"),  # already gone: fine
    ]
    assert change.removed == ("impact: internal", "Impact: Tech-Debt")
    assert change.labels == ("bug", "needs review", "impact: user-facing")


def test_a_read_only_token_is_flagged_and_never_leaks(rsps, client):
    rsps.post(
        f"{API}/repos/octo/app/issues/7/labels",
        status=403,
        json={"message": f"Resource not accessible by integration ({TOKEN})"},
    )
    with pytest.raises(GitHubAPIError) as caught:
        client.sync_labels(7, ["impact: internal"], "impact: user-facing", MANAGED, USER_FACING)
    err = caught.value
    assert err.permission and not err.rate_limited and err.status == 403 and err.exit_code == 3
    assert "POST /repos/octo/app/issues/7/labels" in str(err) and "HTTP 403" in str(err)
    assert "pull-requests: write" in str(err) and "workflow_run" in str(err)
    assert TOKEN not in str(err)
    assert client.request_count == 1  # nothing removed after the add failed


# -- the sticky comment -----------------------------------------------------------------------


def comment(cid: int, body: str, login: str = "github-actions[bot]") -> dict[str, Any]:
    return {"id": cid, "body": body, "user": {"login": login}}


def test_find_comment_searches_every_page_and_checks_the_author(rsps, client):
    page2 = f"{LINKED}/repositories/99/issues/7/comments?per_page=100&page=2"
    first = [comment(i, "lgtm", "bob") for i in range(99)] + [comment(99, f"{MARKER} fake", "mallory")]
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=first, headers=link(page2))
    rsps.get(f"{API}/repositories/99/issues/7/comments", json=[comment(100, "hi"), comment(101, f"{MARKER}\nold")])
    assert client.find_comment(7, MARKER) == (101, f"{MARKER}\nold")
    assert [u for _, u, _ in sent(rsps)] == [
        f"{API}/repos/octo/app/issues/7/comments?per_page=100",
        f"{API}/repositories/99/issues/7/comments?page=2&per_page=100",
    ]


def test_upsert_creates_when_missing_then_rechecks(rsps, client):
    human = comment(1, f"{MARKER} by a human", "alice")
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[human])
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201, json={"id": 55, "html_url": "u"})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[human, comment(55, f"{MARKER}\nnew")])
    result = client.upsert_comment(7, f"{MARKER}\nnew", MARKER)
    assert (result.action, result.id, result.url) == ("created", 55, "u")
    assert sent(rsps) == [
        ("GET", f"{API}/repos/octo/app/issues/7/comments?per_page=100", None),
        ("POST", f"{API}/repos/octo/app/issues/7/comments", {"body": f"{MARKER}\nnew"}),
        ("GET", f"{API}/repos/octo/app/issues/7/comments?per_page=100", None),  # ours is the oldest: done
    ]


def test_the_run_that_posted_second_keeps_the_oldest_copy_and_deletes_its_own(rsps, client):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201, json={"id": 56})
    # A concurrent run posted #50 in between: older, with an older body.
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(50, f"{MARKER}\nold"), comment(56, "x")])
    rsps.patch(f"{API}/repos/octo/app/issues/comments/50", json={"id": 50, "html_url": "v"})
    rsps.delete(f"{API}/repos/octo/app/issues/comments/56", status=204)
    result = client.upsert_comment(7, f"{MARKER}\nnew", MARKER)
    assert (result.action, result.id, result.url) == ("updated", 50, "v")
    assert [(m, u.removeprefix(API)) for m, u, _ in sent(rsps)] == [
        ("GET", "/repos/octo/app/issues/7/comments?per_page=100"),
        ("POST", "/repos/octo/app/issues/7/comments"),
        ("GET", "/repos/octo/app/issues/7/comments?per_page=100"),
        ("PATCH", "/repos/octo/app/issues/comments/50"),
        ("DELETE", "/repos/octo/app/issues/comments/56"),
    ]


def test_a_comment_posted_as_another_user_warns_and_settles_as_that_user(rsps, client):
    """A PAT or app token comments as its own login; `comment-author` left at its default is wrong."""
    app = "my-app[bot]"
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201, json={"id": 56, "user": {"login": app}})
    # A concurrent run (same token) posted #50 in between: the recheck must see it as ours.
    rsps.get(f"{API}/repos/octo/app/issues/7/comments",
             json=[comment(50, f"{MARKER}\nold", app), comment(56, f"{MARKER}\nnew", app)])
    rsps.patch(f"{API}/repos/octo/app/issues/comments/50", json={"id": 50})
    rsps.delete(f"{API}/repos/octo/app/issues/comments/56", status=204)
    result = client.upsert_comment(7, f"{MARKER}\nnew", MARKER)
    assert (result.action, result.id) == ("updated", 50)
    [warning] = client.warnings
    assert "comment-author: my-app[bot]" in warning and "github-actions[bot]" in warning


def test_the_right_comment_author_gives_no_warning(rsps, client):
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201,
              json={"id": 57, "user": {"login": "github-actions[bot]"}})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(57, f"{MARKER}\nnew")])
    assert client.upsert_comment(7, f"{MARKER}\nnew", MARKER, found=None).id == 57
    assert client.warnings == []


def test_the_recheck_can_be_turned_off(rsps, sleeps):
    gh = GitHubClient(TOKEN, REPO, sleep=sleeps, recheck_created_comment=False)
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201, json={"id": 57})
    assert gh.upsert_comment(7, f"{MARKER}\nnew", MARKER, found=None).id == 57
    assert gh.request_count == 1


def test_upsert_leaves_an_unchanged_comment_alone(rsps, client):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(5, f"{MARKER}\r\nsame\n")])
    assert client.upsert_comment(7, f"{MARKER}\nsame", MARKER).action == "unchanged"
    assert client.request_count == 1


def test_upsert_edits_a_changed_comment(rsps, client):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(5, f"{MARKER}\nold")])
    rsps.patch(f"{API}/repos/octo/app/issues/comments/5", json={"id": 5})
    assert client.upsert_comment(7, f"{MARKER}\nnew", MARKER).action == "updated"
    assert sent(rsps)[1] == ("PATCH", f"{API}/repos/octo/app/issues/comments/5", {"body": f"{MARKER}\nnew"})


def test_upsert_recreates_a_comment_deleted_meanwhile(rsps, client):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(5, f"{MARKER}\nold")])
    rsps.patch(f"{API}/repos/octo/app/issues/comments/5", status=404, json={"message": "Not Found"})
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201, json={"id": 6})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(6, f"{MARKER}\nnew")])
    result = client.upsert_comment(7, f"{MARKER}\nnew", MARKER)
    assert (result.action, result.id) == ("created", 6)
    assert [m for m, _, _ in sent(rsps)] == ["GET", "PATCH", "POST", "GET"]


def test_upsert_after_an_ambiguous_5xx_looks_before_posting_again(rsps, client, sleeps):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=502, json={"message": "Server Error"})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(8, f"{MARKER}\nnew")])
    result = client.upsert_comment(7, f"{MARKER}\nnew", MARKER)
    assert (result.action, result.id) == ("created", 8)  # the 502 had created it: no duplicate
    assert [m for m, _, _ in sent(rsps)] == ["GET", "POST", "GET"]  # that look was the recheck too
    assert sleeps == []


def test_upsert_posts_again_when_the_ambiguous_failure_created_nothing(rsps, client, sleeps):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=504, json={"message": "Timeout"})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    rsps.post(f"{API}/repos/octo/app/issues/7/comments", status=201, json={"id": 9})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[comment(9, f"{MARKER}\nnew")])
    assert client.upsert_comment(7, f"{MARKER}\nnew", MARKER).id == 9
    assert [m for m, _, _ in sent(rsps)] == ["GET", "POST", "GET", "POST", "GET"]


def test_upsert_requires_the_marker_in_the_body(client):
    with pytest.raises(ValueError, match="marker"):
        client.upsert_comment(7, "no marker", MARKER)


# -- faults -----------------------------------------------------------------------------------


def test_a_500_is_retried_with_the_injected_sleep(rsps, client, sleeps):
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", status=500, json={"message": "Server Error"})
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", json=files_page(0, 1))
    assert len(client.fetch_files(7)) == 1
    assert sleeps == [1.0] and client.request_count == 2


def test_a_secondary_rate_limit_honours_retry_after(rsps, client, sleeps):
    rsps.post(
        f"{API}/repos/octo/app/issues/7/labels",
        status=403,
        headers={"Retry-After": "7"},
        json={"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."},
    )
    rsps.post(f"{API}/repos/octo/app/issues/7/labels", json=[{"name": "impact: internal", "color": "cccccc"}])
    client.sync_labels(7, [], "impact: internal", MANAGED)
    assert sleeps == [7.0] and client.request_count == 2


def test_a_429_honours_retry_after(rsps, client, sleeps):
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", status=429, headers={"Retry-After": "3"}, json={})
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    assert client.find_comment(7, MARKER) is None
    assert sleeps == [3.0]


def rate_limit_exhausted(rsps, reset_in):
    """One comments listing refused: the primary rate limit is spent until `reset_in` s from the fake now."""
    rsps.get(
        f"{API}/repos/octo/app/issues/7/comments",
        status=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(1_000_000 + reset_in)},
        json={"message": "API rate limit exceeded"},
    )


def test_an_exhausted_rate_limit_waits_until_reset(rsps, client, sleeps):
    rate_limit_exhausted(rsps, reset_in=30)
    rsps.get(f"{API}/repos/octo/app/issues/7/comments", json=[])
    client.find_comment(7, MARKER)
    assert sleeps == [31.0]


def test_a_reset_beyond_the_wait_cap_fails_at_once_as_rate_limited(rsps, client, sleeps):
    rate_limit_exhausted(rsps, reset_in=3600)
    with pytest.raises(GitHubAPIError) as caught:
        client.find_comment(7, MARKER)
    assert caught.value.rate_limited and not caught.value.permission
    assert "rate limit" in caught.value.hint and sleeps == []
    assert "next wait (3601s) would pass the 120s limit" in str(caught.value)


def test_persistent_5xx_gives_up_within_the_wait_cap(rsps, sleeps):
    gh = GitHubClient(TOKEN, REPO, sleep=sleeps, max_wait=5.0, max_attempts=10)
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", status=503, json={"message": "Unavailable"})
    with pytest.raises(GitHubAPIError) as caught:
        gh.fetch_files(7)
    assert sleeps == [1.0, 2.0] and sum(sleeps) <= 5.0  # the next wait (4 s) would pass the cap
    assert gh.request_count == 3
    message = str(caught.value)
    assert "GET /repos/octo/app/pulls/7/files" in message and "HTTP 503" in message and "githubstatus" in message


def test_retries_stop_after_max_attempts(rsps, client, sleeps):
    client.http.max_attempts = 2
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", status=500, json={"message": "Server Error"})
    with pytest.raises(GitHubAPIError, match="gave up after 2 attempts"):
        client.fetch_files(7)
    assert sleeps == [1.0]


def test_network_errors_are_retried_then_reported_without_traceback(rsps, client, sleeps):
    client.http.max_attempts = 2
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", body=requests.ConnectionError("boom"))
    with pytest.raises(GitHubAPIError, match="ConnectionError") as caught:
        client.fetch_files(7)
    assert caught.value.status is None and sleeps == [1.0]


def test_bad_credentials_say_how_to_fix(rsps, client):
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", status=401, json={"message": "Bad credentials"})
    with pytest.raises(GitHubAPIError, match="github-token") as caught:
        client.fetch_files(7)
    assert not caught.value.permission and client.request_count == 1


def test_the_token_is_sent_only_as_a_header(rsps, client):
    rsps.get(f"{API}/repos/octo/app/pulls/7/files", json=[])
    client.fetch_files(7)
    request = rsps.calls[0].request
    assert request.headers["Authorization"] == f"token {TOKEN}"
    assert TOKEN not in request.url
    assert request.headers["Accept"] == "application/vnd.github+json"
    assert request.headers["User-Agent"].startswith("pr-impact/")


# -- against the fake GitHub over real HTTP -----------------------------------------------------


def seeded_state() -> FakeState:
    state = FakeState(repo=REPO, token=TOKEN)
    state.add_pull(7, files_page(0, 2), closing=[3])
    state.add_issue(3, "Checkout is slow", labels=("bug",), type="Bug")
    for spec in (USER_FACING, LabelSpec("impact: internal", "cccccc", "Invisible to users")):
        state.add_label(*spec)
    state.add_file(".github/pr-impact.yml", "rules: []\n", "b" * 40)
    return state


def run_once(gh: FakeGitHub, body: str) -> GitHubClient:
    """What the action does with GitHub on one run."""
    client = GitHubClient(TOKEN, REPO, api_url=gh.api_url, graphql_url=gh.graphql_url, sleep=Sleeps())
    labels = [{"name": n} for n in gh.state.issue_labels[7]]
    loaded = client.load_pull_request(event(labels=labels), config_path=".github/pr-impact.yml")
    pr = loaded.pr
    assert loaded.base_config is not None and loaded.base_config.read() == "rules: []\n"
    found = client.find_comment(7, MARKER)
    client.sync_labels(7, pr.labels, "impact: user-facing", MANAGED, USER_FACING)
    client.upsert_comment(7, body, MARKER, found=found)
    return client


@pytest.mark.parametrize("ghes", [False, True])
def test_first_run_is_six_requests_and_a_rerun_writes_nothing(ghes):
    with FakeGitHub(seeded_state(), ghes=ghes) as gh:
        first = run_once(gh, f"{MARKER}\nverdict")
        assert gh.state.lines() == [
            "GET /repos/octo/app/pulls/7/files?per_page=100",
            "POST /api/graphql" if ghes else "POST /graphql",  # issues, commits, and the config at base
            "GET /repos/octo/app/issues/7/comments?per_page=100",
            "POST /repos/octo/app/issues/7/labels",
            "POST /repos/octo/app/issues/7/comments",
            "GET /repos/octo/app/issues/7/comments?per_page=100",  # the recheck after posting
        ]
        assert first.request_count == 6 and first.warnings == []
        gh.state.requests.clear()
        again = run_once(gh, f"{MARKER}\nverdict")
        assert gh.state.writes() == [] and again.request_count == 3
        assert gh.state.comment_bodies(7) == [f"{MARKER}\nverdict"]
        assert gh.state.issue_labels[7] == ["impact: user-facing"]


def test_fake_faults_are_retried_over_real_http():
    state = seeded_state()
    state.server_errors(2, 502, path=r"/files$")
    state.secondary_rate_limit(retry_after=2, path=r"/comments$")
    with FakeGitHub(state) as gh:
        client = run_once(gh, f"{MARKER}\nverdict")
    assert client.request_count == 9
    assert [line.split("?")[0] for line in state.lines()[:3]] == ["GET /repos/octo/app/pulls/7/files"] * 3
    assert state.comment_bodies(7) == [f"{MARKER}\nverdict"]


def test_fake_read_only_token_flags_permission_and_missing_issue_degrades():
    state = seeded_state()
    state.read_only = True
    with FakeGitHub(state) as gh:
        client = GitHubClient(TOKEN, REPO, api_url=gh.api_url, graphql_url=gh.graphql_url, sleep=Sleeps())
        issues = client.fetch_linked_issues(7, body="fixes #404", branch="3-x")
        assert [(i.number, i.title) for i in issues] == [(3, "Checkout is slow"), (404, None)]
        assert "404" in client.warnings[0]
        with pytest.raises(GitHubAPIError) as caught:
            client.upsert_comment(7, f"{MARKER}\nx", MARKER)
    assert caught.value.permission and "issues: write" in caught.value.hint


def test_old_ghes_without_issue_type_or_implicit_labels():
    state = seeded_state()
    state.issue_type_supported = False
    state.labels_created_on_add = False
    state.labels.clear()
    with FakeGitHub(state, ghes=True) as gh:
        client = run_once(gh, f"{MARKER}\nverdict")
    assert [line.split("?")[0] for line in state.lines()] == [
        "GET /repos/octo/app/pulls/7/files",
        "POST /api/graphql",  # rejected: no Issue.issueType
        "POST /api/graphql",
        "GET /repos/octo/app/issues/7/comments",
        "POST /repos/octo/app/issues/7/labels",  # 422: the label does not exist
        "POST /repos/octo/app/labels",
        "POST /repos/octo/app/issues/7/labels",
        "POST /repos/octo/app/issues/7/comments",
        "GET /repos/octo/app/issues/7/comments",
    ]
    assert state.labels["impact: user-facing"] == {
        "name": "impact: user-facing",
        "color": "1d76db",
        "description": "Users can see or do something new",
    }
    assert client.warnings == []


def test_label_events_read_bots_as_rest_spells_them_and_skip_what_is_malformed():
    from pr_impact.adapters.github_graphql import LabelEvent, label_events

    bot = {"__typename": "Bot", "login": "github-actions"}
    nodes = [
        {"__typename": "LabeledEvent", "actor": bot, "label": {"name": "a"}},
        {"__typename": "UnlabeledEvent", "actor": {"__typename": "User", "login": "bob"}, "label": {"name": "a"}},
        {"__typename": "LabeledEvent", "actor": None, "label": {"name": "b"}},
        {"__typename": "LabeledEvent", "actor": {"__typename": "Bot", "login": "app[bot]"}, "label": {"name": "c"}},
        {"__typename": "LabeledEvent", "label": None},
        "junk",
    ]
    data = {"repository": {"pullRequest": {"timelineItems": {"nodes": nodes}}}}
    assert label_events(data) == (
        LabelEvent("a", "github-actions[bot]", True),
        LabelEvent("a", "bob", False),
        LabelEvent("b", None, True),
        LabelEvent("c", "app[bot]", True),
    )
    assert label_events({"repository": {"pullRequest": {}}}) is None and label_events(None) is None


def test_pygithub_is_used_through_its_published_api():
    """The client is PyGithub's `Github(...)` (public constructor, `Auth.Token`) and raw calls go through its
    documented `requester`: nothing imports PyGithub's modules directly, such as `github.Requester`, whose
    constructor's positional parameters a 2.x release may reorder."""
    import ast
    from pathlib import Path

    import github

    import pr_impact
    from pr_impact.adapters.github_transport import make_client

    client = make_client("tok", "https://ghe.example.com/api/v3", 7)
    assert isinstance(client, github.Github)
    assert client.requester.graphql_url == "https://ghe.example.com/api/graphql"
    for path in Path(pr_impact.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("github."):
                raise AssertionError(f"{path.name} imports {node.module}: use what the `github` package exports")
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("github.") for a in node.names), path.name
