"""The fake GitHub (tests/fake_github.py) extended with what the digest reads and writes, backed by a real git
repository: the default branch's history, a compare of two commits or tags (REST and GraphQL), the PRs GitHub
associates with each commit, releases, issues opened with the digest label, and release bodies.

Tests describe what happened (PRs merged into a branch, direct pushes, branches merged, tags) in any order;
the repository is built from it in time order whenever it changed, so every commit has the date it says."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pr_impact.adapters.github_digest import DIGEST_LABEL
from tests.fake_github import FakeGitHub, FakeState, Response
from tests.gitrepo import GitRepo

EPOCH = datetime(2020, 1, 6, tzinfo=UTC)  # the repository's first commit: before any window of the tests


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class _Event:
    """One thing that happened to the repository: a PR merged, a push, a branch merged, a tag."""

    when: datetime
    kind: str  # "pr", "push", "merge", "tag", "branch"
    branch: str
    number: int | None = None
    message: str = ""
    files: dict[str, str] = field(default_factory=dict)
    style: str = "squash"  # a PR: "squash" or "merge" (a merge commit of a branch with one commit)
    source: str = ""  # a merge: the branch merged; a tag: its name


@dataclass
class DigestState(FakeState):
    """FakeState plus a repository's story (PRs, pushes, merges, tags), releases and the digest issues."""

    default_branch: str = "main"
    merged: list[dict[str, Any]] = field(default_factory=list)  # the PRs' GraphQL nodes (mergeCommit set on build)
    releases: list[dict[str, Any]] = field(default_factory=list)  # GraphQL release nodes, plus "id" and "body"
    digest_issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    broken: str | None = None  # a GraphQL part ("repository", "nodes") answered null with an error beside it
    drops_issue_labels: bool = False  # like GitHub for a token without push access: labels silently ignored
    events: list[_Event] = field(default_factory=list)
    workdir: Path | None = None
    _built: tuple[int, GitRepo, dict[str, tuple[tuple[str, ...], datetime, str]], dict[str, list[int]]] | None = None

    # -- the story ------------------------------------------------------------------------------

    def add_merged(self, number: int, title: str, merged_at: str, files: list[str] | None = None, *,
                   body: str = "", labels: tuple[str, ...] = (), base: str = "main", author: str = "alice",
                   bot: bool = False, closing: list[tuple[int, str]] | None = None,
                   labelled_by: str | None = "carol", style: str = "squash", source: str = "") -> dict[str, Any]:
        """A PR merged into `base` at `merged_at` (squashed, or with a merge commit; with `source`, the PR of
        that existing branch, merged); its labels were added by `labelled_by` (GraphQL's login: a bot's has no
        `[bot]`), or by nobody the timeline lists when None. Returns its node."""
        actor = None if labelled_by is None else {
            "login": labelled_by.removesuffix("[bot]"), "__typename": "Bot" if labelled_by.endswith("[bot]")
            else "User"}
        node = {
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
        }
        self.merged.append(node)
        content = {p: f"# {number}: {p}\n" for p in files or [f"changes/{number}.txt"]}
        head = source or f"topic-{number}"
        message = f"{title} (#{number})" if style == "squash" and not source else \
            f"Merge pull request #{number} from octo/{head}\n\n{title}"
        self.events.append(_Event(_when(merged_at), "pr", base, number, message, content,
                                  "branch" if source else style, source))
        return node

    def push(self, message: str, when: str, files: dict[str, str] | None = None, branch: str = "main") -> None:
        """A commit pushed straight to `branch`, without a pull request."""
        self.events.append(_Event(_when(when), "push", branch, message=message, files=files or {"NOTES": when}))

    def merge_branch(self, source: str, when: str, message: str, into: str = "main") -> None:
        """`source` merged into `into` by a plain merge commit (no pull request)."""
        self.events.append(_Event(_when(when), "merge", into, message=message, source=source))

    def tag(self, name: str, when: str, branch: str = "main") -> None:
        self.events.append(_Event(_when(when), "tag", branch, source=name))

    def branch(self, name: str, when: str, start: str) -> None:
        """Branch `name` made at `start` (a branch or tag) at `when`: else a branch is made from main's tip when
        it is first used."""
        self.events.append(_Event(_when(when), "branch", name, source=start))

    def add_release(self, release_id: int, tag: str, published_at: str, *, body: str = "",
                    prerelease: bool = False, branch: str = "main") -> None:
        """A release published at `published_at`, its tag on `branch` as it was then."""
        self.releases.append({"id": release_id, "tagName": tag, "publishedAt": published_at, "isDraft": False,
                              "isPrerelease": prerelease, "body": body})
        self.tag(tag, published_at, branch)

    # -- the repository, built from the story -----------------------------------------------------

    def repository(self) -> tuple[GitRepo, dict[str, tuple[tuple[str, ...], datetime, str]], dict[str, list[int]]]:
        """The git repository the story makes, its commits (parents, date, message) and each commit's PRs."""
        if self._built is None or self._built[0] != len(self.events):
            self._built = (len(self.events), *self._build())
        return self._built[1], self._built[2], self._built[3]

    def _build(self) -> tuple[GitRepo, dict[str, tuple[tuple[str, ...], datetime, str]], dict[str, list[int]]]:
        assert self.workdir is not None
        folder = Path(tempfile.mkdtemp(dir=self.workdir))
        (folder / "gitconfig").write_text("")
        repo = GitRepo.create(folder / "repo", folder / "gitconfig")
        _commit(repo, "Initial commit", {"README.md": "# app\n"}, EPOCH)
        prs_of: dict[str, list[int]] = {}
        nodes = {node["number"]: node for node in self.merged}
        for event in sorted(self.events, key=lambda e: e.when):
            if event.kind == "branch":
                repo.git("branch", event.branch, event.source)
                continue
            _checkout(repo, event.branch)
            if event.kind == "tag":
                repo.git("tag", "-f", event.source)
            elif event.kind == "merge":
                _merge(repo, event.source, event.message, event.when)
            elif event.kind == "push":
                _commit(repo, event.message, event.files, event.when)
            else:
                assert event.number is not None
                if event.style == "branch":  # every commit the branch brings is the PR's, its merge too
                    shas = [*repo.git("rev-list", f"{event.branch}..{event.source}").split(),
                            _merge(repo, event.source, event.message, event.when)]
                else:
                    shas = _merge_pr(repo, event) if event.style == "merge" else [
                        _commit(repo, event.message, event.files, event.when)]
                nodes[event.number]["mergeCommit"] = {"oid": shas[-1]}
                for sha in shas:
                    prs_of.setdefault(sha, []).append(event.number)
        out = repo.git("log", "--all", "--format=%H%x00%P%x00%ct%x00%B%x01")
        commits = {}
        for record in filter(None, (r.strip("\n") for r in out.split("\x01"))):
            sha, parents, stamp, message = record.split("\x00", 3)
            commits[sha] = (tuple(parents.split()), datetime.fromtimestamp(int(stamp), UTC), message.strip())
        return repo, commits, prs_of


def _dated(when: datetime) -> dict[str, str]:
    stamp = f"@{int(when.timestamp())} +0000"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def _checkout(repo: GitRepo, branch: str) -> None:
    """Switch to `branch`, made from main's tip when it does not exist yet."""
    exists = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"], cwd=repo.path,
                            env=repo.env, capture_output=True, check=False).returncode == 0
    repo.git("checkout", "-q", *(() if exists else ("-b",)), branch, *(() if exists else ("main",)))


def _commit(repo: GitRepo, message: str, files: dict[str, str], when: datetime) -> str:
    for path, content in files.items():
        repo.write(path, content)
    repo.git("add", "-A")
    repo.git("commit", "-q", "--allow-empty", "-m", message, env=_dated(when))
    return repo.git("rev-parse", "HEAD")


def _merge(repo: GitRepo, source: str, message: str, when: datetime) -> str:
    repo.git("merge", "-q", "--no-ff", "-m", message, source, env=_dated(when))
    return repo.git("rev-parse", "HEAD")


def _merge_pr(repo: GitRepo, event: _Event) -> list[str]:
    """A PR merged with a merge commit: its branch's one commit, then the merge (GitHub's message)."""
    topic = f"topic-{event.number}"
    repo.git("checkout", "-q", "-b", topic)
    work = _commit(repo, f"work on #{event.number}", event.files, event.when - timedelta(minutes=5))
    _checkout(repo, event.branch)
    return [work, _merge(repo, topic, event.message, event.when)]


class DigestGitHub(FakeGitHub):
    """FakeGitHub serving the digest's GraphQL queries, REST's compare, and the digest's writes."""

    state: DigestState

    def __init__(self, state: DigestState, **kwargs: Any) -> None:
        super().__init__(state, **kwargs)
        self._tmp = tempfile.TemporaryDirectory()
        state.workdir = Path(self._tmp.name)

    def stop(self) -> None:
        super().stop()
        self._tmp.cleanup()

    # -- GraphQL ----------------------------------------------------------------------------------

    def _graphql(self, request: dict[str, Any]) -> Response:
        query = str(request.get("query", ""))
        name = re.search(r"query (PrImpact\w+)", query)
        if name is None:
            return super()._graphql(request)
        v = request.get("variables") or {}
        view = {"PrImpactDigest": self._facts, "PrImpactHistory": self._history_page, "PrImpactRange": self._range,
                "PrImpactCommits": self._nodes}[name[1]]
        data = view(v)
        errors = list(self.state.graphql_errors)
        if self.state.broken in data:
            data[self.state.broken] = None
            errors.append({"message": "Something went wrong", "path": [self.state.broken]})
        return 200, {"data": data, **({"errors": errors} if errors else {})}, {}

    def _facts(self, v: dict[str, Any]) -> dict[str, Any]:
        s = self.state
        ref, _, path = str(v["expr"]).partition(":")
        text = s.contents.get((ref, path))
        branch: dict[str, Any] = {"name": s.default_branch}
        if v.get("history"):
            branch["target"] = {"history": self._history(v.get("since"), None)}
        return {"repository": {
            "defaultBranchRef": branch,
            "config": None if text is None else {"__typename": "Blob", "text": text, "isTruncated": False,
                                                 "isBinary": False},
            "releases": {"nodes": [{k: r[k] for k in ("tagName", "publishedAt", "isDraft", "isPrerelease")}
                                   for r in sorted(s.releases, key=lambda r: r["publishedAt"], reverse=True)]},
            "issues": {"nodes": [self._issue(n, i) for n, i in sorted(s.digest_issues.items(), reverse=True)
                                 if v["label"] in i["labels"]]},
            "recent": {"nodes": [self._issue(n, i) for n, i in sorted(s.digest_issues.items(), reverse=True)][:30]},
        }}

    def _history(self, since: str | None, cursor: str | None) -> dict[str, Any]:
        """The default branch's commits (all of its ancestors, newest first) since `since`, 100 a page."""
        repo, commits, _prs = self.state.repository()
        listed = repo.git("rev-list", self.state.default_branch).split()
        rows = [sha for sha in listed if since is None or commits[sha][1] >= _when(since)]
        return self._connection(rows, cursor, lambda sha: {
            "oid": sha, "committedDate": _stamp(commits[sha][1]),
            "parents": {"nodes": [{"oid": p} for p in commits[sha][0][:1]]}})

    def _history_page(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"repository": {"defaultBranchRef": {"target": {"history": self._history(v.get("since"),
                                                                                          v.get("cursor"))}}}}

    def _range(self, v: dict[str, Any]) -> dict[str, Any]:
        """A release's commits: base..head (GraphQL's Ref.compare), or all `head` reaches."""
        repo, _commits, _prs = self.state.repository()
        head = _resolve(repo, str(v["head"]))
        if v.get("compare"):
            base = _resolve(repo, str(v["base"]))
            if base is None or head is None:
                return {"repository": {"base": None}}
            rows = repo.git("rev-list", "--reverse", f"{base}..{head}").split()
            return {"repository": {"base": {"compare": {"commits": self._commits_page(rows, v.get("cursor"))}}}}
        if head is None:
            return {"repository": {"head": None}}
        rows = repo.git("rev-list", head).split()
        return {"repository": {"head": {"history": self._commits_page(rows, v.get("cursor"))}}}

    def _nodes(self, v: dict[str, Any]) -> dict[str, Any]:
        _repo, commits, _prs = self.state.repository()
        return {"nodes": [self._commit(i.removeprefix("C_")) if i.removeprefix("C_") in commits else None
                          for i in v.get("ids") or []]}

    def _commits_page(self, rows: list[str], cursor: str | None) -> dict[str, Any]:
        return self._connection(rows, cursor, self._commit)

    def _commit(self, sha: str) -> dict[str, Any]:
        """A DigestCommit node: the commit, and the PRs GitHub associates with it (those that hold it)."""
        _repo, commits, prs = self.state.repository()
        parents, when, message = commits[sha]
        nodes = {node["number"]: node for node in self.state.merged}
        return {"oid": sha, "committedDate": _stamp(when), "message": message,
                "parents": {"nodes": [{"oid": p} for p in parents]},
                "associatedPullRequests": {"nodes": [nodes[n] for n in prs.get(sha, [])]}}

    @staticmethod
    def _connection(rows: list[str], cursor: str | None, node: Any) -> dict[str, Any]:
        start = int(cursor or 0)
        more = start + 100 < len(rows)
        return {"pageInfo": {"hasNextPage": more, "endCursor": str(start + 100) if more else None},
                "nodes": [node(sha) for sha in rows[start : start + 100]]}

    @staticmethod
    def _issue(number: int, issue: dict[str, Any]) -> dict[str, Any]:
        return {"number": number, "title": issue["title"], "body": issue["body"], "author": {"login": issue["login"]}}

    # -- REST -------------------------------------------------------------------------------------

    def _routes(self) -> list[Any]:
        repo = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
        return [(repo + r"/issues", "POST", self._open_issue), (repo + r"/issues/(?P<n>\d+)", "PATCH", self._edit),
                (repo + r"/releases/(?P<id>\d+)", "PATCH", self._edit_release),
                (repo + r"/releases/(?P<id>\d+)", "GET", self._get_release),
                (repo + r"/compare/(?P<base>[^.]+)\.\.\.(?P<head>.+)", "GET", self._compare), *super()._routes()]

    def _compare(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        """REST's compare of two commits: the commits head has and base has not, oldest first, paginated;
        the files changed, on the first page."""
        git, commits, _prs = self.state.repository()
        base, head = _resolve(git, m["base"]), _resolve(git, m["head"])
        if base is None or head is None:
            return 404, {"message": "Not Found"}, {}
        rows = git.git("rev-list", "--reverse", f"{base}..{head}").split()
        per_page = max(1, min(int(query.get("per_page", "250")), 100 if "per_page" in query else 250))
        page = max(1, int(query.get("page", "1")))
        listed = rows[(page - 1) * per_page : page * per_page]
        files = [] if page > 1 else [
            {"filename": name, "status": "modified", "additions": int(a), "deletions": int(d), "changes": 0}
            for a, d, name in (line.split("\t", 2) for line in git.git("diff", "--numstat", base, head).splitlines())]
        return 200, {"total_commits": len(rows), "files": files, "commits": [
            {"sha": sha, "node_id": f"C_{sha}", "parents": [{"sha": p} for p in commits[sha][0]],
             "commit": {"message": commits[sha][2], "committer": {"date": _stamp(commits[sha][1])}}}
            for sha in listed]}, {}

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


def _resolve(repo: GitRepo, ref: str) -> str | None:
    """The commit a ref or sha names in the fake's repository; None when none."""
    proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=repo.path,
                          env=repo.env, capture_output=True, text=True, check=False)
    return proc.stdout.strip() or None


__all__ = ["DIGEST_LABEL", "DigestGitHub", "DigestState"]
