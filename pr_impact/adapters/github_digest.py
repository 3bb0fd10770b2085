"""What reached a branch, read through the API: the commits between two points, and the PRs that merged them.

The digest's PRs are those whose merge commit is among the commits that reached the branch: a week's
(from the default branch's commit before the week to its last one in it) or a release's (from the
previous release on its line to its tag). So PRs merged into a maintenance branch that was merged back
count, each once, and a PR into another branch that never arrived does not. Commits that no PR merged
are counted; GitHub's `Merge commit from fork` (a security advisory's private fork) is one change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pr_impact.adapters import rest_shapes
from pr_impact.adapters.github_digest_nodes import (
    Arrived,
    Commit,
    RepoFacts,
    arrived,
    commit_node,
    fork_merge_pr,
    git_timestamp,
    history_page,
    nodes,
    repo_facts,
)
from pr_impact.adapters.github_transport import Transport, graphql_error_text
from pr_impact.adapters.rest_shapes import obj
from pr_impact.errors import GitHubError

DIGEST_LABEL = "pr-impact: digest"
MAX_PAGES = 100  # of 100 commits: a window or release of 10,000 commits at most
TRUNCATED = "More than 10,000 commits reached the branch in this window; the digest covers the first 10,000."

_PR = """
fragment DigestPR on PullRequest {
  number title body mergedAt baseRefName headRefName changedFiles additions deletions
  mergeCommit { oid }
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
fragment DigestCommit on Commit {
  oid committedDate message
  parents(first: 3) { nodes { oid } }
  associatedPullRequests(first: 5) { nodes { ...DigestPR } }
}
"""
_PAGE = "pageInfo { hasNextPage endCursor }"

# The first request: the repository's facts, and (for a week) the default branch's commits since it began.
FACTS_QUERY = """
query PrImpactDigest($owner: String!, $name: String!, $expr: String!, $label: String!, $since: GitTimestamp,
                     $history: Boolean!) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef {
      name
      target { ... on Commit { history(first: 100, since: $since) @include(if: $history) { %s
        nodes { oid committedDate parents(first: 1) { nodes { oid } } } } } }
    }
    config: object(expression: $expr) { __typename ... on Blob { byteSize text isTruncated isBinary } }
    releases(first: 100, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { tagName publishedAt isDraft isPrerelease }
    }
    issues(first: 50, labels: [$label], orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { number title body author { login } }
    }
    recent: issues(first: 30, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes { number title body author { login } }
    }
  }
}
""" % _PAGE  # noqa: UP031 - the query's own braces would all need doubling in an f-string

HISTORY_QUERY = """
query PrImpactHistory($owner: String!, $name: String!, $since: GitTimestamp, $cursor: String) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { target { ... on Commit { history(first: 100, since: $since, after: $cursor) { %s
      nodes { oid committedDate parents(first: 1) { nodes { oid } } } } } } }
  }
}
""" % _PAGE  # noqa: UP031

# A release's commits: those its tag reaches and the previous release's does not (every one the tag
# reaches for the first release).
RANGE_QUERY = """
query PrImpactRange($owner: String!, $name: String!, $base: String!, $head: String!, $cursor: String,
                    $compare: Boolean!) {
  repository(owner: $owner, name: $name) {
    base: ref(qualifiedName: $base) @include(if: $compare) {
      compare(headRef: $head) { commits(first: 100, after: $cursor) { %s nodes { ...DigestCommit } } }
    }
    head: object(expression: $head) @skip(if: $compare) {
      ... on Commit { history(first: 100, after: $cursor) { %s nodes { ...DigestCommit } } }
    }
  }
}
""" % (_PAGE, _PAGE) + _PR  # noqa: UP031

# A week's commits, listed by REST's compare (which takes two commits), with their PRs by node id.
COMMITS_QUERY = """
query PrImpactCommits($ids: [ID!]!) { nodes(ids: $ids) { ...DigestCommit } }
""" + _PR


# The comments of merged PRs (where the Action kept the writer's words), 50 PRs a request, by alias.
WORDS_BATCH = 50
_WORDS_PR = "pr%d: pullRequest(number: %d) { comments(first: 30) { nodes { author { login } body } } }"
WORDS_QUERY = "query PrImpactWords($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { %s } }"


class DigestReader:
    """Reads the repository's facts and what reached a branch, on the client's one transport."""

    def __init__(self, transport: Transport, repo: str) -> None:
        self.transport = transport
        self.repo = repo
        self._owner, _, self._name = repo.partition("/")

    def query(self, query: str, variables: dict[str, Any], what: str, parts: Sequence[str]) -> dict[str, Any]:
        """One GraphQL request. GitHubError when a part asked for is missing (GraphQL may answer with errors
        and partial data: an empty page must never read as "nothing was merged"); other errors are warnings."""
        resp = self.transport.call("POST", self.transport.graphql_url, what, body={"query": query,
                                                                                     "variables": variables})
        payload = obj(resp.data)
        data = obj(payload.get("data"))
        raw_errors = payload.get("errors")
        errors: list[Any] = raw_errors if isinstance(raw_errors, list) else []
        if any(not isinstance(data.get(part), Mapping | list) for part in parts):
            message = "; ".join(graphql_error_text(e) for e in errors[:3]) or "no data"
            raise GitHubError(f"GitHub's GraphQL API did not answer ({what}): {message}",
                              hint="check the token's access to the repository, then re-run the workflow")
        for error in errors:
            self.transport.warn(f"GitHub GraphQL: {graphql_error_text(error)}")
        return dict(data)

    def facts(self, config_ref: str, config_path: str, since: datetime | None) -> RepoFacts:
        """The repository's default branch, config at `config_ref`, releases and digest issues; with `since`,
        the default branch's commits since then too (their first page)."""
        variables = {"owner": self._owner, "name": self._name, "expr": f"{config_ref}:{config_path}",
                     "label": DIGEST_LABEL, "since": git_timestamp(since) if since else None,
                     "history": since is not None}
        data = self.query(FACTS_QUERY, variables, "read the repository (GraphQL)", ["repository"])
        return repo_facts(data["repository"], config_path, config_ref)

    def history(self, facts: RepoFacts, since: datetime) -> list[tuple[str, datetime, str | None]]:
        """Every commit of the default branch since `since`: the facts' first page and the pages after it."""
        rows, cursor = list(facts.history), facts.more_history
        for _ in range(MAX_PAGES):
            if cursor is None:
                break
            variables = {"owner": self._owner, "name": self._name, "since": git_timestamp(since), "cursor": cursor}
            data = self.query(HISTORY_QUERY, variables, "list the default branch's commits (GraphQL)", ["repository"])
            target = obj(obj(obj(data["repository"]).get("defaultBranchRef")).get("target"))
            page, cursor = history_page(target.get("history"))
            rows += page
        else:
            if cursor is not None:
                self.transport.warn(TRUNCATED)
        return rows

    def release(self, previous: str | None, tag: str) -> Arrived:
        """What `tag` reaches and the previous release's tag does not (everything, without one): one request
        per 100 commits, their PRs included."""
        if previous is None:
            return self._arrived(self._range(tag, f"refs/tags/{tag}", compare=False))
        return self._arrived(self._range(f"refs/tags/{previous}", f"refs/tags/{tag}", compare=True))

    def _range(self, base: str, head: str, *, compare: bool) -> list[Commit]:
        """The commits `head` reaches and `base` does not (with `compare`), or all `head` reaches, page by page."""
        variables = {"owner": self._owner, "name": self._name, "base": base, "head": head, "compare": compare,
                     "cursor": None}
        part = "base" if compare else "head"
        commits: list[Commit] = []
        for _ in range(MAX_PAGES):
            data = self.query(RANGE_QUERY, variables, "list the commits (GraphQL)", ["repository"])
            holder = obj(data["repository"]).get(part)
            if not isinstance(holder, Mapping):
                raise GitHubError(f"GitHub knows no {(base if compare else head).removeprefix('refs/tags/')!r} in "
                                  f"{self.repo}", hint="push the release's tag, then re-run the workflow")
            connection = obj(obj(holder.get("compare")).get("commits")) if compare else obj(holder.get("history"))
            commits += [c for c in map(commit_node, nodes(connection)) if c is not None]
            page = obj(connection.get("pageInfo"))
            if not page.get("hasNextPage") or not isinstance(page.get("endCursor"), str):
                return commits
            variables["cursor"] = page["endCursor"]
        self.transport.warn(TRUNCATED)
        return commits

    def between(self, base: str | None, end: str) -> Arrived:
        """What reached the default branch from `base` (exclusive; the start of history when None) to `end`:
        REST's compare lists the commits (it takes two commits), GraphQL their PRs, 100 a request each."""
        if base is None:  # the repository's history begins inside the window
            return self._arrived(self._range(end, end, compare=False))
        ids: list[str] = []
        for page in range(1, MAX_PAGES + 1):
            resp = self.transport.call("GET", f"/repos/{self.repo}/compare/{base}...{end}",
                                       "list the week's commits", params={"per_page": 100, "page": page})
            listed = [c for c in obj(resp.data).get("commits") or [] if isinstance(c, Mapping)]
            ids += [c["node_id"] for c in listed if isinstance(c.get("node_id"), str)]
            if len(listed) < 100:
                break
        else:
            self.transport.warn(TRUNCATED)
        commits: list[Commit] = []
        for start in range(0, len(ids), 100):
            data = self.query(COMMITS_QUERY, {"ids": ids[start : start + 100]},
                              "find the pull requests of the week's commits (GraphQL)", ["nodes"])
            commits += [c for c in map(commit_node, data["nodes"]) if c is not None]
        return self._arrived(commits)

    def comments(self, numbers: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """The first 30 comments of each PR, as (author's login, body): one GraphQL request per 50 PRs."""
        found: dict[int, list[tuple[str, str]]] = {}
        wanted = sorted(set(numbers))
        for start in range(0, len(wanted), WORDS_BATCH):
            part = wanted[start : start + WORDS_BATCH]
            query = WORDS_QUERY % " ".join(_WORDS_PR % (n, n) for n in part)  # numbers only: ints, never text
            data = self.query(query, {"owner": self._owner, "name": self._name},
                              "read the merged PRs' comments (GraphQL)", ["repository"])
            repo = obj(data["repository"])
            for n in part:
                found[n] = [(str(obj(c.get("author")).get("login") or ""), str(c.get("body") or ""))
                            for c in nodes(obj(obj(repo.get(f"pr{n}")).get("comments"))) if isinstance(c, Mapping)]
        return found

    def _arrived(self, commits: list[Commit]) -> Arrived:
        """`arrived`, with each private fork's merge read as a change of its own (one request each: rare)."""
        found = arrived(commits, self.repo)
        forks = []
        for commit in found.fork_merges:
            resp = self.transport.call("GET", f"/repos/{self.repo}/compare/{commit.parents[0]}...{commit.oid}",
                                       "read a security fix's files")
            files = [f for f in map(rest_shapes.file_change, obj(resp.data).get("files") or []) if f is not None]
            item = fork_merge_pr(commit, files, self.repo)
            if item is not None:
                forks.append(item)
        return found._replace(prs=(*found.prs, *forks))

