"""Merged PRs for the digest through GraphQL (100 per request), and the digest's issue and release notes."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from pr_impact.adapters.github_transport import Transport
from pr_impact.adapters.links import same_repo
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.errors import GitHubError

DIGEST_LABEL = "pr-impact: digest"
ISSUE_MARKER = "<!-- pr-impact:digest {period} -->"
RELEASE_MARKER = "<!-- pr-impact:release-notes -->"
SEARCH_CAP = 1000  # GitHub's search returns at most this many results for one query
GITHUB_EPOCH = datetime(2007, 10, 1, tzinfo=UTC)  # no PR was merged before GitHub existed
_CHANGE_TYPES = {"ADDED": "added", "DELETED": "removed", "MODIFIED": "modified", "RENAMED": "renamed",
                 "COPIED": "copied", "CHANGED": "changed"}

_QUERY = """
query PrImpactDigest($q: String!, $cursor: String, $owner: String!, $name: String!, $expr: String!,
                     $label: String!, $first: Boolean!, $withSearch: Boolean!) {
  repository(owner: $owner, name: $name) @include(if: $first) {
    defaultBranchRef { name }
    config: object(expression: $expr) { __typename ... on Blob { text isTruncated isBinary } }
    releases(first: 30, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { tagName publishedAt isDraft isPrerelease }
    }
    issues(first: 50, labels: [$label], orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { number title body author { login } }
    }
  }
  search(query: $q, type: ISSUE, first: 100, after: $cursor) @include(if: $withSearch) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number title body mergedAt baseRefName headRefName changedFiles additions deletions
        author { login __typename }
        labels(first: 30) { nodes { name } }
        files(first: 100) { nodes { path additions deletions changeType } }
        closingIssuesReferences(first: 10) {
          nodes { number title repository { nameWithOwner } labels(first: 10) { nodes { name } } }
        }
      }
    }
  }
}
"""


class Release(NamedTuple):
    """A published release, as the digest needs it."""

    tag: str
    published_at: datetime
    prerelease: bool


class RepoFacts(NamedTuple):
    """What the first request learns besides PRs: default branch, config text, releases, digest issues."""

    default_branch: str | None
    config_text: str | None
    releases: tuple[Release, ...]
    issues: tuple[tuple[int, str, str, str], ...]  # number, title, body, author login


class MergedFromAPI(NamedTuple):
    """One merged PR from the API: the PR, when it was merged, and its labels as GitHub lists them."""

    pr: PullRequest
    merged_at: datetime


def parse_time(value: Any) -> datetime | None:
    """An API timestamp (`2026-11-23T10:00:00Z`) as an aware datetime; None when absent or malformed."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _names(conn: Any) -> tuple[str, ...]:
    """The `name`s of a `{nodes: [{name}]}` connection."""
    nodes = (conn or {}).get("nodes") or [] if isinstance(conn, dict) else []
    return tuple(str(n["name"]) for n in nodes if isinstance(n, dict) and isinstance(n.get("name"), str))


def pull_request_from_node(node: Mapping[str, Any], repo: str) -> MergedFromAPI | None:
    """A search result as a PullRequest with its merge time; None for anything that is not a merged PR."""
    merged_at = parse_time(node.get("mergedAt"))
    if not isinstance(node.get("number"), int) or merged_at is None:
        return None
    author = node.get("author") or {}
    bot = author.get("__typename") == "Bot"
    login = str(author.get("login") or "")
    nodes = (node.get("files") or {}).get("nodes") or []
    files = tuple(
        FileChange(str(f["path"]), _CHANGE_TYPES.get(str(f.get("changeType")), "modified"),
                   int(f.get("additions") or 0), int(f.get("deletions") or 0))
        for f in nodes if isinstance(f, dict) and isinstance(f.get("path"), str))
    issues = tuple(
        LinkedIssue(int(i["number"]), repo=same_repo((i.get("repository") or {}).get("nameWithOwner"), repo),
                    title=i.get("title") if isinstance(i.get("title"), str) else None, labels=_names(i.get("labels")))
        for i in ((node.get("closingIssuesReferences") or {}).get("nodes") or [])
        if isinstance(i, dict) and isinstance(i.get("number"), int))
    pr = PullRequest(
        title=str(node.get("title") or ""), body=str(node.get("body") or ""), files=files, number=node["number"],
        author=login + ("[bot]" if bot and not login.endswith("[bot]") else ""), author_type="Bot" if bot else "User",
        head=str(node.get("headRefName") or ""), base=str(node.get("baseRefName") or ""),
        labels=_names(node.get("labels")), linked_issues=issues,
        changed_files=node.get("changedFiles") if isinstance(node.get("changedFiles"), int) else None,
        additions=node.get("additions") if isinstance(node.get("additions"), int) else None,
        deletions=node.get("deletions") if isinstance(node.get("deletions"), int) else None, repo=repo)
    return MergedFromAPI(pr, merged_at)


def _facts(repository: Any) -> RepoFacts:
    """The first request's repository part."""
    repository = repository if isinstance(repository, dict) else {}
    config = repository.get("config") or {}
    text = config.get("text") if isinstance(config, dict) and not config.get("isBinary") else None
    releases = []
    for r in (repository.get("releases") or {}).get("nodes") or []:
        when = parse_time((r or {}).get("publishedAt"))
        if when is not None and not r.get("isDraft") and isinstance(r.get("tagName"), str):
            releases.append(Release(r["tagName"], when, bool(r.get("isPrerelease"))))
    issues = tuple((i["number"], str(i.get("title") or ""), str(i.get("body") or ""),
                    str((i.get("author") or {}).get("login") or ""))
                   for i in (repository.get("issues") or {}).get("nodes") or []
                   if isinstance(i, dict) and isinstance(i.get("number"), int))
    branch = (repository.get("defaultBranchRef") or {}).get("name")
    return RepoFacts(branch if isinstance(branch, str) else None, text if isinstance(text, str) else None,
                     tuple(releases), issues)


class DigestReader:
    """Reads the repository's facts and merged PRs, one GraphQL request per 100 PRs (the first one
    also brings the facts when the window is known beforehand)."""

    def __init__(self, transport: Transport, repo: str, config_ref: str, config_path: str) -> None:
        self.transport = transport
        self.repo = repo
        self._owner, _, self._name = repo.partition("/")
        self._expr = f"{config_ref}:{config_path}"
        self.truncated = False  # more PRs matched than search returns

    def _query(self, q: str, cursor: str | None, *, first: bool, search: bool) -> dict[str, Any]:
        """One request; GitHubError when GraphQL answers with errors and no data."""
        variables = {"q": q, "cursor": cursor, "owner": self._owner, "name": self._name, "expr": self._expr,
                     "label": DIGEST_LABEL, "first": first, "withSearch": search}
        resp = self.transport.call("POST", self.transport.graphql_url, "list merged pull requests (GraphQL)",
                                   body={"query": _QUERY, "variables": variables})
        payload = resp.data if isinstance(resp.data, dict) else {}
        data = payload.get("data")
        if not isinstance(data, dict) or (first and data.get("repository") is None):
            errors = payload.get("errors") or [{"message": "no data"}]
            message = "; ".join(str((e or {}).get("message", e)) for e in errors[:3]) if isinstance(errors, list) \
                else str(errors)
            raise GitHubError(f"GitHub's GraphQL API did not list the merged pull requests: {message}",
                              hint="check the token's access to the repository")
        return data

    def facts(self) -> RepoFacts:
        """The facts alone (for a release, whose window depends on the previous release)."""
        return _facts(self._query("", None, first=True, search=False).get("repository"))

    def merged(self, since: datetime | None, until: datetime, facts: bool) -> tuple[RepoFacts | None,
                                                                                   Iterator[MergedFromAPI]]:
        """The facts (when `facts`) and the PRs merged in the window, newest first, page by page."""
        data = self._query(self._search(since, until), None, first=facts, search=True)
        found = _facts(data.get("repository")) if facts else None
        return found, self._window(since, until, data)

    def _search(self, since: datetime | None, until: datetime) -> str:
        """The search for PRs merged in [since, until]: GitHub's syntax takes a range `A..B` of ISO
        date-times with an offset, or `<=B` from the start."""
        merged = f"{_stamp(since)}..{_stamp(until)}" if since else f"<={_stamp(until)}"
        return f"repo:{self.repo} is:pr is:merged merged:{merged}"

    def _window(self, since: datetime | None, until: datetime, data: dict[str, Any]) -> Iterator[MergedFromAPI]:
        """The PRs of the window whose first page is `data`. Search lists at most SEARCH_CAP results,
        so a window with more is read as its two halves instead (newest first), down to one second."""
        count = (data.get("search") or {}).get("issueCount")
        low = since or GITHUB_EPOCH
        if isinstance(count, int) and count > SEARCH_CAP and until - low >= timedelta(seconds=2):
            mid = low + timedelta(seconds=(until - low) // timedelta(seconds=2))
            for lo, hi in ((mid + timedelta(seconds=1), until), (low, mid)):
                yield from self._window(lo, hi, self._query(self._search(lo, hi), None, first=False, search=True))
            return
        yield from self._pages(self._search(since, until), data)

    def _pages(self, q: str, data: dict[str, Any]) -> Iterator[MergedFromAPI]:
        """The PRs of this page and the pages after it."""
        while True:
            search = data.get("search") or {}
            if isinstance(search.get("issueCount"), int) and search["issueCount"] > SEARCH_CAP:
                self.truncated = True  # more in one second than search lists
            for node in search.get("nodes") or []:
                item = pull_request_from_node(node, self.repo) if isinstance(node, dict) else None
                if item is not None:
                    yield item
            page = search.get("pageInfo") or {}
            if not page.get("hasNextPage") or not isinstance(page.get("endCursor"), str):
                return
            data = self._query(q, page["endCursor"], first=False, search=True)


def _stamp(when: datetime) -> str:
    """A search qualifier's date-time, in UTC (a naive one is taken as UTC)."""
    return (when.astimezone(UTC) if when.utcoffset() is not None else when).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def issue_marker(period: str) -> str:
    """The hidden marker of the digest issue for one period (the period percent-encoded: inert in a comment)."""
    return ISSUE_MARKER.format(period=urllib.parse.quote(period, safe=""))


def upsert_issue(transport: Transport, repo: str, facts: RepoFacts, period: str, title: str, body: str,
                 author: str) -> tuple[str, int | None]:
    """Create the period's digest issue, or update the one that has its marker; ("unchanged"|"updated"|
    "created", number). Only issues the token's own account opened are trusted to be ours."""
    marker = issue_marker(period)
    text = f"{marker}\n{body}"
    login = author.removesuffix("[bot]")
    for number, old_title, old_body, by in facts.issues:
        if marker in old_body and by.removesuffix("[bot]") == login:
            if old_body == text and old_title == title:
                return "unchanged", number
            transport.call("PATCH", f"/repos/{repo}/issues/{number}", "update the digest issue",
                           body={"title": title, "body": text})
            return "updated", number
    resp = transport.call("POST", f"/repos/{repo}/issues", "open the digest issue",
                          body={"title": title, "body": text, "labels": [DIGEST_LABEL]}, idempotent=False)
    created = resp.data.get("number") if isinstance(resp.data, dict) else None
    return "created", created if isinstance(created, int) else None


def release_body(old: str, digest: str) -> str:
    """The release body with the digest after our marker: appended once, replaced on later runs."""
    head = old.split(RELEASE_MARKER, 1)[0].rstrip()
    return f"{head}\n\n{RELEASE_MARKER}\n{digest}" if head else f"{RELEASE_MARKER}\n{digest}"


def update_release(transport: Transport, repo: str, release_id: int, old: str, digest: str) -> bool:
    """Append the digest to the release's body (idempotent); whether a write was made."""
    new = release_body(old, digest)
    if new.strip() == old.strip():
        return False
    transport.call("PATCH", f"/repos/{repo}/releases/{release_id}", "append the digest to the release notes",
                   body={"body": new})
    return True

