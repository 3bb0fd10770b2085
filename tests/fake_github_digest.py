"""The fake GitHub (tests/fake_github.py) extended with what the digest reads and writes: merged PRs through
GraphQL search, releases, issues opened with the digest label, and release bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pr_impact.adapters.github_digest import DIGEST_LABEL
from tests.fake_github import FakeGitHub, FakeState, Response

# `merged:A..B` or `merged:<=B`, A and B ISO date-times with an offset; then `base:"branch"`, if any.
_MERGED = re.compile(r"merged:(?:(\S+)\.\.|<=)(\S+)")
_BASE = re.compile(r'base:"([^"]+)"')


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class DigestState(FakeState):
    """FakeState plus merged PRs (GraphQL nodes), releases and the digest issues."""

    default_branch: str = "main"
    merged: list[dict[str, Any]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)  # GraphQL release nodes, plus "id" and "body"
    digest_issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    search_cap: int = 1000  # like GitHub's search: no result past this many, whatever issueCount says
    search_broken: bool = False  # answer the search part null, with an error beside it (partial data)
    drops_issue_labels: bool = False  # like GitHub for a token without push access: labels silently ignored

    def add_merged(self, number: int, title: str, merged_at: str, files: list[str] | None = None, *,
                   body: str = "", labels: tuple[str, ...] = (), base: str = "main", author: str = "alice",
                   bot: bool = False, closing: list[tuple[int, str]] | None = None,
                   labelled_by: str | None = "carol") -> None:
        """A merged PR as the search answers it; its labels were added by `labelled_by` (GraphQL's login:
        a bot's has no `[bot]`), or by nobody the timeline lists when None."""
        actor = None if labelled_by is None else {
            "login": labelled_by.removesuffix("[bot]"), "__typename": "Bot" if labelled_by.endswith("[bot]")
            else "User"}
        self.merged.append({
            "number": number, "title": title, "body": body, "mergedAt": merged_at, "baseRefName": base,
            "headRefName": f"topic-{number}", "changedFiles": len(files or []), "additions": 3 * len(files or []),
            "deletions": len(files or []), "author": {"login": author, "__typename": "Bot" if bot else "User"},
            "labels": {"nodes": [{"name": n} for n in labels]},
            "files": {"nodes": [{"path": p, "additions": 3, "deletions": 1, "changeType": "MODIFIED"}
                                for p in (files or [])[:100]]},
            "closingIssuesReferences": {"nodes": [
                {"number": n, "title": t, "repository": {"nameWithOwner": self.repo}, "labels": {"nodes": []}}
                for n, t in closing or []]},
            "timelineItems": {"nodes": [{"__typename": "LabeledEvent", "actor": actor, "label": {"name": n}}
                                        for n in labels if actor is not None]},
        })

    def add_release(self, release_id: int, tag: str, published_at: str, *, body: str = "",
                    prerelease: bool = False) -> None:
        self.releases.append({"id": release_id, "tagName": tag, "publishedAt": published_at, "isDraft": False,
                              "isPrerelease": prerelease, "body": body})


class DigestGitHub(FakeGitHub):
    """FakeGitHub serving the digest's GraphQL query and its writes."""

    state: DigestState

    def __init__(self, state: DigestState, **kwargs: Any) -> None:
        super().__init__(state, **kwargs)

    def _graphql(self, request: dict[str, Any]) -> Response:
        if "PrImpactDigest" not in str(request.get("query", "")):
            return super()._graphql(request)
        v = request.get("variables") or {}
        data: dict[str, Any] = {}
        if v.get("first"):
            data["repository"] = self._repository(v)
        if v.get("withSearch"):
            if self.state.search_broken:
                data["search"] = None
                return 200, {"data": data, "errors": [{"message": "Something went wrong", "path": ["search"]}]}, {}
            data["search"] = self._search(str(v["q"]), v.get("cursor"))
        return 200, {"data": data, **({"errors": self.state.graphql_errors} if self.state.graphql_errors else {})}, {}

    def _repository(self, v: dict[str, Any]) -> dict[str, Any]:
        s = self.state
        ref, _, path = str(v["expr"]).partition(":")
        text = s.contents.get((ref, path))
        return {
            "defaultBranchRef": {"name": s.default_branch},
            "config": None if text is None else {"__typename": "Blob", "text": text, "isTruncated": False,
                                                 "isBinary": False},
            "releases": {"nodes": [{k: r[k] for k in ("tagName", "publishedAt", "isDraft", "isPrerelease")}
                                   for r in sorted(s.releases, key=lambda r: r["publishedAt"], reverse=True)]},
            "issues": {"nodes": [self._issue(n, i) for n, i in sorted(s.digest_issues.items(), reverse=True)
                                 if v["label"] in i["labels"]]},
            "recent": {"nodes": [self._issue(n, i) for n, i in sorted(s.digest_issues.items(), reverse=True)][:30]},
        }

    @staticmethod
    def _issue(number: int, issue: dict[str, Any]) -> dict[str, Any]:
        return {"number": number, "title": issue["title"], "body": issue["body"], "author": {"login": issue["login"]}}

    def _search(self, q: str, cursor: str | None) -> dict[str, Any]:
        m = _MERGED.search(q)
        assert m and f"repo:{self.state.repo} is:pr is:merged" in q, q
        low = None if m[1] is None else _when(m[1])
        high = _when(m[2])
        base = _BASE.search(q)
        found = sorted((pr for pr in self.state.merged
                        if (low is None or _when(pr["mergedAt"]) >= low) and _when(pr["mergedAt"]) <= high
                        and (base is None or pr["baseRefName"] == base[1])),
                       key=lambda pr: pr["mergedAt"], reverse=True)
        start = int(cursor or 0)
        listed = found[: self.state.search_cap]
        page = listed[start : start + 100]
        more = start + 100 < len(listed)
        return {"issueCount": len(found), "nodes": page,
                "pageInfo": {"hasNextPage": more, "endCursor": str(start + 100) if more else None}}

    def _routes(self) -> list[Any]:
        repo = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
        return [(repo + r"/issues", "POST", self._open_issue), (repo + r"/issues/(?P<n>\d+)", "PATCH", self._edit),
                (repo + r"/releases/(?P<id>\d+)", "PATCH", self._edit_release),
                (repo + r"/releases/(?P<id>\d+)", "GET", self._get_release), *super()._routes()]

    def _open_issue(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        s = self.state
        s.next_id += 1
        labels = [] if s.drops_issue_labels else body.get("labels", [])
        s.digest_issues[s.next_id] = {"title": body["title"], "body": body["body"], "labels": labels,
                                      "login": s.login.removesuffix("[bot]")}
        return 201, {"number": s.next_id, "title": body["title"], "body": body["body"],
                     "labels": [{"name": n} for n in labels]}, {}

    def _edit(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        issue = self.state.digest_issues.get(int(m["n"]))
        if issue is None:
            return 404, {"message": "Not Found"}, {}
        issue.update({k: body[k] for k in ("title", "body") if k in body})
        return 200, {"number": int(m["n"]), **issue}, {}

    def _get_release(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        release = next((r for r in self.state.releases if r["id"] == int(m["id"])), None)
        if release is None:
            return 404, {"message": "Not Found"}, {}
        return 200, {"id": release["id"], "tag_name": release["tagName"], "body": release["body"]}, {}

    def _edit_release(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        release = next((r for r in self.state.releases if r["id"] == int(m["id"])), None)
        if release is None:
            return 404, {"message": "Not Found"}, {}
        release["body"] = body["body"]
        return 200, {"id": release["id"], "body": release["body"]}, {}


__all__ = ["DIGEST_LABEL", "DigestGitHub", "DigestState"]
