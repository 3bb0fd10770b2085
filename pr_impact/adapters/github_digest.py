"""Merged PRs for the digest through GraphQL (100 per request), and the digest's issue and release notes."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from pr_impact.adapters import rest_shapes
from pr_impact.adapters.github_graphql import ASK_REST, LabelEvent, file_from_blob, label_events
from pr_impact.adapters.github_transport import Transport, graphql_error_text
from pr_impact.core.digest import MergedPR
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import ConfigError, GitHubError

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
    config: object(expression: $expr) { __typename ... on Blob { byteSize text isTruncated isBinary } }
    releases(first: 30, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { tagName publishedAt isDraft isPrerelease }
    }
    issues(first: 50, labels: [$label], orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { number title body author { login } }
    }
    recent: issues(first: 30, orderBy: {field: CREATED_AT, direction: DESC}) {
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
        timelineItems(last: 20, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) {
          nodes {
            __typename
            ... on LabeledEvent { actor { __typename login } label { name } }
            ... on UnlabeledEvent { actor { __typename login } label { name } }
          }
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
    """One merged PR from the API, with its latest label changes (who set each label; None: not listed)."""

    merged: MergedPR
    label_events: tuple[LabelEvent, ...] | None


def parse_time(value: Any) -> datetime | None:
    """An API timestamp (`2026-11-23T10:00:00Z`) as an aware datetime; None when absent or malformed."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.utcoffset() is not None else None  # GitHub always names the zone


def _obj(value: Any) -> Mapping[str, Any]:
    """An object field; {} when missing or not an object (`"author": "bob"`)."""
    return value if isinstance(value, Mapping) else {}


def _file(raw: Any) -> FileChange | None:
    """One node of a PR's `files` connection; None without a string path."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("path"), str):
        return None
    return FileChange(rest_shapes.text(raw["path"]), _CHANGE_TYPES.get(rest_shapes.string(raw.get("changeType")),
                                                                         "modified"),
                      rest_shapes.integer(raw.get("additions")) or 0, rest_shapes.integer(raw.get("deletions")) or 0)


def pull_request_from_node(node: Mapping[str, Any], repo: str) -> MergedFromAPI | None:
    """A search result as a PullRequest with its merge time and label changes; None for anything that is
    not a merged PR. Fields of the wrong type read as absent (the shared rest_shapes helpers)."""
    merged_at = parse_time(node.get("mergedAt"))
    number = rest_shapes.integer(node.get("number"))
    if number is None or merged_at is None:
        return None
    author = _obj(node.get("author"))
    bot = author.get("__typename") == "Bot"
    login = rest_shapes.string(author.get("login"))
    files = tuple(f for f in map(_file, _obj(node.get("files")).get("nodes") or []) if f is not None)
    closing = _obj(node.get("closingIssuesReferences")).get("nodes") or []
    issues = tuple(i for i in (rest_shapes.issue(n, repo) for n in closing) if i is not None)
    pr = PullRequest(
        title=rest_shapes.string(node.get("title")), body=rest_shapes.string(node.get("body")), files=files,
        number=number, author=login + ("[bot]" if bot and login and not login.endswith("[bot]") else ""),
        author_type="Bot" if bot else "User", head=rest_shapes.string(node.get("headRefName")),
        base=rest_shapes.string(node.get("baseRefName")), labels=rest_shapes.label_names(node.get("labels")),
        linked_issues=issues, changed_files=rest_shapes.integer(node.get("changedFiles")),
        additions=rest_shapes.integer(node.get("additions")), deletions=rest_shapes.integer(node.get("deletions")),
        repo=repo)
    return MergedFromAPI(MergedPR(pr, merged_at), label_events({"repository": {"pullRequest": node}}))


def config_from_blob(node: Any, path: str, ref: str) -> str | None:
    """The config file's text from its GraphQL object (None: no file). Text GraphQL could not give whole
    (binary, truncated, undecodable) is a ConfigError: the digest has no other way to read it."""
    answer = file_from_blob(node, path, ref)
    if isinstance(answer, ConfigError):
        raise answer
    if answer is ASK_REST:
        raise ConfigError(f"{path} at {ref} could not be read as UTF-8 text through GitHub's GraphQL API",
                          hint="save the configuration file as UTF-8 text, well under 1 MB")
    return answer


def _facts(repository: Any, path: str, ref: str) -> RepoFacts:
    """The first request's repository part."""
    repository = _obj(repository)
    text = config_from_blob(repository.get("config"), path, ref)
    releases = []
    for r in _obj(repository.get("releases")).get("nodes") or []:
        when = parse_time(_obj(r).get("publishedAt"))
        if when is not None and not r.get("isDraft") and isinstance(r.get("tagName"), str):
            releases.append(Release(rest_shapes.text(r["tagName"]), when, r.get("isPrerelease") is True))
    # The labelled digest issues, and the newest issues whatever their labels: GitHub drops the label
    # for a token that may not set labels, and a re-run that week must still find its issue.
    nodes = [*(_obj(repository.get("issues")).get("nodes") or []), *(_obj(repository.get("recent")).get("nodes") or [])]
    found = {i["number"]: (i["number"], rest_shapes.string(i.get("title")), rest_shapes.string(i.get("body")),
                           rest_shapes.string(_obj(i.get("author")).get("login")))
             for i in nodes if isinstance(i, dict) and rest_shapes.integer(i.get("number")) is not None}
    issues = tuple(found.values())
    branch = _obj(repository.get("defaultBranchRef")).get("name")
    return RepoFacts(branch if isinstance(branch, str) else None, text, tuple(releases), issues)


class DigestReader:
    """Reads the repository's facts and merged PRs, one GraphQL request per 100 PRs (the first one
    also brings the facts when the window is known beforehand)."""

    def __init__(self, transport: Transport, repo: str, config_ref: str, config_path: str) -> None:
        self.transport = transport
        self.repo = repo
        self._owner, _, self._name = repo.partition("/")
        self._ref, self._path = config_ref, config_path
        self._expr = f"{config_ref}:{config_path}"
        self.truncated = False  # more PRs matched than search returns
        self._base: str | None = None

    def _query(self, q: str, cursor: str | None, *, first: bool, search: bool) -> dict[str, Any]:
        """One request. GitHubError when a part asked for is missing (GraphQL may answer with errors and
        partial data: an empty page must never read as "nothing was merged"); other errors are warnings."""
        variables = {"q": q, "cursor": cursor, "owner": self._owner, "name": self._name, "expr": self._expr,
                     "label": DIGEST_LABEL, "first": first, "withSearch": search}
        resp = self.transport.call("POST", self.transport.graphql_url, "list merged pull requests (GraphQL)",
                                   body={"query": _QUERY, "variables": variables})
        payload = _obj(resp.data)
        data = _obj(payload.get("data"))
        raw_errors = payload.get("errors")
        errors: list[Any] = raw_errors if isinstance(raw_errors, list) else []
        missing = (first and not isinstance(data.get("repository"), Mapping)) or \
            (search and not isinstance(data.get("search"), Mapping))
        if missing:
            message = "; ".join(graphql_error_text(e) for e in errors[:3]) or "no data"
            raise GitHubError(f"GitHub's GraphQL API did not list the merged pull requests: {message}",
                              hint="check the token's access to the repository, then re-run the workflow")
        for error in errors:
            self.transport.warn(f"GitHub GraphQL: {graphql_error_text(error)}")
        return dict(data)

    def facts(self) -> RepoFacts:
        """The repository's default branch, config, releases and digest issues."""
        return _facts(self._query("", None, first=True, search=False).get("repository"), self._path, self._ref)

    def merged(self, since: datetime | None, until: datetime, base: str | None) -> Iterator[MergedFromAPI]:
        """The PRs merged into `base` (any branch when None) in the window, newest first, page by page."""
        self._base = base
        data = self._query(self._search(since, until), None, first=False, search=True)
        return self._window(since, until, data)

    def _search(self, since: datetime | None, until: datetime) -> str:
        """The search for PRs merged in [since, until]: GitHub's syntax takes a range `A..B` of ISO
        date-times with an offset, or `<=B` from the start."""
        merged = f"{_stamp(since)}..{_stamp(until)}" if since else f"<={_stamp(until)}"
        # The base goes in the query (quoted: a branch name may hold search syntax) so that PRs into
        # other branches do not count toward search's cap.
        base = f' base:"{self._base}"' if self._base and '"' not in self._base else ""
        return f"repo:{self.repo} is:pr is:merged merged:{merged}{base}"

    def _window(self, since: datetime | None, until: datetime, data: dict[str, Any]) -> Iterator[MergedFromAPI]:
        """The PRs of the window whose first page is `data`. Search lists at most SEARCH_CAP results,
        so a window with more is read as its two halves instead (newest first), down to one second."""
        count = _obj(data.get("search")).get("issueCount")
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
            search = _obj(data.get("search"))
            if isinstance(search.get("issueCount"), int) and search["issueCount"] > SEARCH_CAP:
                self.truncated = True  # more in one second than search lists
            for node in search.get("nodes") or []:
                item = pull_request_from_node(node, self.repo) if isinstance(node, dict) else None
                if item is not None:
                    yield item
            page = _obj(search.get("pageInfo"))
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
    data = _obj(resp.data)
    created = rest_shapes.integer(data.get("number"))
    if "labels" in data and DIGEST_LABEL not in rest_shapes.label_names(data.get("labels")):
        # GitHub drops labels silently for a token without push access; runs find the issue by its label.
        transport.warn(f"GitHub opened digest issue #{created} without its label '{DIGEST_LABEL}' (the token may "
                       "not set labels): add the label to the issue, or a run that no longer sees it among the "
                       "newest issues opens another one")
    return "created", created


def release_body(old: str, digest: str) -> str:
    """The release body with the digest after our marker: appended once, replaced on later runs."""
    head = old.split(RELEASE_MARKER, 1)[0].rstrip()
    return f"{head}\n\n{RELEASE_MARKER}\n{digest}" if head else f"{RELEASE_MARKER}\n{digest}"


def update_release(transport: Transport, repo: str, release_id: int, digest: str) -> bool:
    """Put the digest after the release body's marker (idempotent); whether a write was made. The body
    is read just before: the event's copy is stale after an edit or on a re-run."""
    resp = transport.call("GET", f"/repos/{repo}/releases/{release_id}", "read the release notes")
    old = rest_shapes.string(_obj(resp.data).get("body"))
    new = release_body(old, digest)
    if new.strip() == old.strip():
        return False
    transport.call("PATCH", f"/repos/{repo}/releases/{release_id}", "append the digest to the release notes",
                   body={"body": new})
    return True
