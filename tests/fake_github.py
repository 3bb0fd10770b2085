"""A fake GitHub (REST + GraphQL) on 127.0.0.1 for tests: in-memory state, a request log, faults."""

from __future__ import annotations

import base64
import json
import re
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.local_server import LocalServer

BOT = "github-actions[bot]"
READ_ONLY_MESSAGE = "Resource not accessible by integration"
SECONDARY_LIMIT_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."


@dataclass(frozen=True)
class Recorded:
    """One request as the fake received it."""

    method: str
    path: str  # without the query string, and without the GHES `/api/v3` prefix
    query: dict[str, str]
    body: Any
    headers: dict[str, str]

    @property
    def line(self) -> str:
        """`METHOD /path?query` with the query sorted: handy for exact assertions."""
        query = urllib.parse.urlencode(sorted(self.query.items()))
        return f"{self.method} {self.path}" + (f"?{query}" if query else "")


@dataclass
class Fault:
    """Answer the next `times` matching requests with `status` instead of serving them."""

    status: int
    method: str | None = None  # None: any method
    path: str | None = None  # a regex searched in the path; None: any path
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to the request."""
        return _matches(self.times, self.method, self.path, method, path)


def _matches(times: int, want_method: str | None, want_path: str | None, method: str, path: str) -> bool:
    """Whether a fault or hook with these filters (and uses left) applies to a request."""
    return (
        times > 0
        and (want_method is None or want_method == method)
        and (want_path is None or re.search(want_path, path) is not None)
    )


@dataclass
class Hook:
    """Run `action` once a matching request has been answered, before the answer is sent.

    `locked` hooks run under the fake's lock and may change the state (a person acting between two
    of the Action's requests); unlocked ones run outside it and may block (a barrier, a stall).
    """

    action: Callable[[], object]
    method: str | None = None
    path: str | None = None
    times: int = 1
    locked: bool = True

    def matches(self, method: str, path: str) -> bool:
        """Whether this hook applies to the request."""
        return _matches(self.times, self.method, self.path, method, path)


@dataclass
class FakeState:
    """Everything the fake GitHub knows; tests arrange it, then read `requests` back."""

    repo: str = "octo/app"
    token: str | None = "test-token"
    login: str = BOT  # the user the token belongs to: author of the comments it creates
    read_only: bool = False  # 403 on every write, like the token of a fork PR
    issue_type_supported: bool = True  # False: a GHES whose schema lacks Issue.issueType
    labels_created_on_add: bool = True  # github.com creates a missing label on add; False: 422
    file_cap: int = 3000
    files: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    closing: dict[int, list[tuple[str | None, int]]] = field(default_factory=dict)
    commits: dict[int, list[str]] = field(default_factory=dict)
    issues: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # repository labels by casefold name
    issue_labels: dict[int, list[str]] = field(default_factory=dict)
    # The PR's label timeline, oldest first: (LabeledEvent | UnlabeledEvent, label, actor login or None).
    label_events: dict[int, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    timeline_supported: bool = True  # False: a GHES whose schema rejects `timelineItems`
    contents: dict[tuple[str, str], str | bytes] = field(default_factory=dict)  # (ref, path) -> text or bytes
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)  # PR objects served by GET /pulls/N
    graphql_errors: list[dict[str, Any]] = field(default_factory=list)  # added to every GraphQL answer
    faults: list[Fault] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    # Set when the server stops, so a stalled answer never outlives the test.
    released: threading.Event = field(default_factory=threading.Event, repr=False)
    requests: list[Recorded] = field(default_factory=list)
    next_id: int = 1000

    # -- arranging ---------------------------------------------------------------------------

    def add_pull(
        self,
        number: int,
        files: list[dict[str, Any]] | None = None,
        *,
        closing: list[int | tuple[str | None, int]] | None = None,
        commits: list[str] | None = None,
        labels: list[str] | None = None,
    ) -> None:
        """A pull request with its files, closing references, commit messages and labels."""
        self.files[number] = files or []
        self.closing[number] = [c if isinstance(c, tuple) else (None, c) for c in closing or []]
        self.commits[number] = commits or []
        self.issue_labels[number] = list(labels or [])
        self.issues[(self.repo.lower(), number)] = {"number": number, "title": f"PR {number}", "pull": True}

    def add_issue(
        self,
        number: int,
        title: str = "",
        *,
        state: str = "open",
        labels: tuple[str, ...] = (),
        type: str | None = None,
        milestone: str | None = None,
        repo: str | None = None,
    ) -> None:
        """An issue (in this repository unless `repo` says otherwise)."""
        self.issues[((repo or self.repo).lower(), number)] = {
            "number": number,
            "title": title or f"Issue {number}",
            "state": state,
            "labels": list(labels),
            "type": type,
            "milestone": milestone,
            "repo": repo or self.repo,
        }

    def label_by(self, number: int, name: str, login: str | None) -> None:
        """`login` (None: a deleted user) adds label `name` to PR `number`, as GitHub's timeline records it."""
        if name.casefold() not in {x.casefold() for x in self.issue_labels.setdefault(number, [])}:
            self.issue_labels[number].append(name)
        self.label_events.setdefault(number, []).append(("LabeledEvent", name, login))

    def unlabel_by(self, number: int, name: str, login: str | None) -> None:
        """`login` removes label `name` from PR `number`."""
        labels = self.issue_labels.setdefault(number, [])
        labels[:] = [x for x in labels if x.casefold() != name.casefold()]
        self.label_events.setdefault(number, []).append(("UnlabeledEvent", name, login))

    def add_label(self, name: str, color: str = "0e8a16", description: str | None = "") -> None:
        """A label defined in the repository."""
        self.labels[name.casefold()] = {"name": name, "color": color, "description": description}

    def add_comment(self, number: int, body: str, login: str = BOT) -> int:
        """An existing comment on PR `number`; returns its id."""
        return int(self._new_comment(number, body, login)["id"])

    def add_file(self, path: str, text: str | bytes, ref: str) -> None:
        """A file in the repository at commit `ref` (bytes for one that is not UTF-8 text)."""
        self.contents[(ref, path)] = text

    def fail(
        self,
        status: int,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        """Answer the next `times` matching requests with `status`."""
        self.faults.append(Fault(status, method, path, times, headers or {}, body))

    def server_errors(self, times: int = 1, status: int = 500, *, path: str | None = None) -> None:
        """`times` server errors (500, 502…) on matching requests."""
        self.fail(status, path=path, times=times, body={"message": "Server Error"})

    def secondary_rate_limit(self, retry_after: int = 1, *, path: str | None = None) -> None:
        """One 403 secondary rate limit with a Retry-After header."""
        body = {"message": SECONDARY_LIMIT_MESSAGE}
        self.fail(403, path=path, headers={"Retry-After": str(retry_after)}, body=body)

    def too_many_requests(self, retry_after: int = 1, *, path: str | None = None) -> None:
        """One 429 with a Retry-After header."""
        self.fail(429, path=path, headers={"Retry-After": str(retry_after)}, body={"message": "Too Many"})

    def rate_limit_exhausted(self, reset: int, *, path: str | None = None, times: int = 1) -> None:
        """403 with x-ratelimit-remaining: 0 until the epoch second `reset`."""
        headers = {"x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-reset": str(reset)}
        body = {"message": "API rate limit exceeded for installation."}
        self.fail(403, path=path, times=times, headers=headers, body=body)

    def after(
        self, action: Callable[[FakeState], object], *, method: str | None = None, path: str | None = None,
        times: int = 1,
    ) -> None:
        """Call `action(state)` right after serving the next `times` matching requests (under the lock)."""
        self.hooks.append(Hook(lambda: action(self), method, path, times, locked=True))

    def hold(
        self, wait: Callable[[], object], *, method: str | None = None, path: str | None = None, times: int = 1
    ) -> None:
        """Call `wait()` outside the lock before sending the answers of matching requests (barriers)."""
        self.hooks.append(Hook(wait, method, path, times, locked=False))

    def stall(self, seconds: float, *, method: str | None = None, path: str | None = None, times: int = 1) -> None:
        """Serve matching requests but hold their answers `seconds` (past a client's timeout)."""
        self.hold(lambda: self.released.wait(seconds), method=method, path=path, times=times)

    # -- reading back --------------------------------------------------------------------------

    def lines(self) -> list[str]:
        """Every request received so far as `METHOD /path?query`."""
        return [r.line for r in self.requests]

    def writes(self) -> list[Recorded]:
        """Every request that could change state (GraphQL queries excluded)."""
        return [r for r in self.requests if r.method != "GET" and not r.path.endswith("graphql")]

    def comment_bodies(self, number: int) -> list[str]:
        """The bodies of the comments on PR `number`, oldest first."""
        return [c["body"] for c in self.comments.get(number, [])]

    # -- internals -----------------------------------------------------------------------------

    def _new_comment(self, number: int, body: str, login: str) -> dict[str, Any]:
        """Store a new comment and return it."""
        self.next_id += 1
        comment = {
            "id": self.next_id,
            "body": body,
            "user": {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"},
            "html_url": f"https://github.com/{self.repo}/pull/{number}#issuecomment-{self.next_id}",
        }
        self.comments.setdefault(number, []).append(comment)
        return comment


Response = tuple[int, Any, dict[str, str]]


class FakeGitHub:
    """Serve a FakeState over HTTP on 127.0.0.1 (a free port), like api.github.com or a GHES."""

    def __init__(self, state: FakeState | None = None, *, ghes: bool = False) -> None:
        self.state = state or FakeState()
        self.prefix = "/api/v3" if ghes else ""
        self._graphql_path = "/api/graphql" if ghes else "/graphql"
        self._lock = threading.Lock()
        self._server = LocalServer(self._serve)

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return self._server.origin

    @property
    def api_url(self) -> str:
        """What GITHUB_API_URL would be."""
        return self.origin + self.prefix

    @property
    def graphql_url(self) -> str:
        """What GITHUB_GRAPHQL_URL would be."""
        return self.origin + self._graphql_path

    def env(self) -> dict[str, str]:
        """The GITHUB_* variables a runner would set for this server."""
        return {
            "GITHUB_API_URL": self.api_url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "GITHUB_REPOSITORY": self.state.repo,
        }

    def start(self) -> FakeGitHub:
        """Start serving in a daemon thread."""
        self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self.state.released.set()
        self._server.stop()

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request, its headers lower-cased, answered as JSON."""
        status, body, extra = self.handle(method, path, {k.lower(): v for k, v in headers.items()}, raw)
        return status, extra, b"" if body is None else json.dumps(body).encode("utf-8")

    def handle(self, method: str, raw_path: str, headers: dict[str, str], raw_body: bytes) -> Response:
        """Record the request, answer it from faults or state, then run the hooks that match it."""
        split = urllib.parse.urlsplit(raw_path)
        path = split.path
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]
        query = dict(urllib.parse.parse_qsl(split.query))
        try:
            body = json.loads(raw_body) if raw_body else None
        except ValueError:
            body = raw_body.decode("utf-8", "replace")
        with self._lock:
            self.state.requests.append(Recorded(method, path, query, body, headers))
            answer = self._answer(method, split.path, path, query, headers, body)
            waits = []
            for hook in self.state.hooks:
                if hook.matches(method, path):
                    hook.times -= 1
                    if hook.locked:
                        hook.action()
                    else:
                        waits.append(hook.action)
        for wait in waits:  # outside the lock: the other requests go on being served meanwhile
            wait()
        return answer

    def _answer(
        self, method: str, raw_path: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> Response:
        """The answer to one request, from faults or state (called under the lock)."""
        state = self.state
        for fault in state.faults:
            if fault.matches(method, path):
                fault.times -= 1
                return fault.status, fault.body, dict(fault.headers)
        token = state.token
        auth = headers.get("authorization", "")
        if token is not None and auth not in (f"token {token}", f"Bearer {token}"):
            return 401, {"message": "Bad credentials"}, {}
        if raw_path == self._graphql_path and method == "POST":
            return self._graphql(body if isinstance(body, dict) else {})
        if state.read_only and method != "GET":
            return 403, {"message": READ_ONLY_MESSAGE}, {}
        return self._rest(method, path, query, body)

    # -- REST ----------------------------------------------------------------------------------

    def _rest(self, method: str, path: str, query: dict[str, str], body: Any) -> Response:
        """Route a REST request."""
        for pattern, verb, view in self._routes():
            match = re.fullmatch(pattern, path)
            if match and verb == method:
                owner_repo = f"{match.group('owner')}/{match.group('repo')}"
                return view(owner_repo, match, query, body)
        return 404, {"message": "Not Found"}, {}

    def _routes(self) -> list[tuple[str, str, Callable[[str, re.Match[str], dict[str, str], Any], Response]]]:
        """(path regex, method, view) for every endpoint the fake serves."""
        repo = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
        return [
            (repo + r"/pulls/(?P<n>\d+)/files", "GET", self._list_files),
            (repo + r"/pulls/(?P<n>\d+)", "GET", self._get_pull),
            (repo + r"/issues/(?P<n>\d+)/comments", "GET", self._list_comments),
            (repo + r"/issues/(?P<n>\d+)/comments", "POST", self._create_comment),
            (repo + r"/issues/comments/(?P<id>\d+)", "PATCH", self._edit_comment),
            (repo + r"/issues/comments/(?P<id>\d+)", "DELETE", self._delete_comment),
            (repo + r"/issues/(?P<n>\d+)/labels", "GET", self._list_issue_labels),
            (repo + r"/issues/(?P<n>\d+)/labels", "POST", self._add_issue_labels),
            (repo + r"/issues/(?P<n>\d+)/labels/(?P<name>[^/]+)", "DELETE", self._remove_issue_label),
            (repo + r"/issues/(?P<n>\d+)", "GET", self._get_issue),
            (repo + r"/labels", "GET", self._list_labels),
            (repo + r"/labels", "POST", self._create_label),
            (repo + r"/labels/(?P<name>[^/]+)", "PATCH", self._edit_label),
            (repo + r"/contents/(?P<path>.+)", "GET", self._get_contents),
        ]

    def _own(self, owner_repo: str) -> bool:
        """Whether the request is about the fake's own repository."""
        return owner_repo.lower() == self.state.repo.lower()

    def _page(self, items: list[Any], query: dict[str, str], path: str) -> Response:
        """One page of `items`, with a Link header like GitHub's."""
        per_page = max(1, min(int(query.get("per_page", "30")), 100))
        page = max(1, int(query.get("page", "1")))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers: dict[str, str] = {}
        pages = max(1, -(-len(items) // per_page))
        if page < pages:
            base = f"{self.origin}{self.prefix}{path}"
            headers["Link"] = (
                f'<{base}?per_page={per_page}&page={page + 1}>; rel="next", '
                f'<{base}?per_page={per_page}&page={pages}>; rel="last"'
            )
        return 200, chunk, headers

    def _list_files(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        n = int(m.group("n"))
        if not self._own(repo) or n not in self.state.files:
            return 404, {"message": "Not Found"}, {}
        files = self.state.files[n][: self.state.file_cap]
        return self._page(files, query, f"/repos/{repo}/pulls/{n}/files")

    def _get_pull(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        pull = self.state.pulls.get(int(m.group("n")))
        if not self._own(repo) or pull is None:
            return 404, {"message": "Not Found"}, {}
        labels = self.state.issue_labels.get(int(m.group("n")), [])
        return 200, {**pull, "labels": [{"name": name} for name in labels]}, {}

    def _list_comments(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        n = int(m.group("n"))
        return self._page(self.state.comments.get(n, []), query, f"/repos/{repo}/issues/{n}/comments")

    def _create_comment(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        text = (body or {}).get("body")
        if not isinstance(text, str):
            return 422, {"message": "Validation Failed"}, {}
        return 201, self.state._new_comment(int(m.group("n")), text, self.state.login), {}

    def _find_comment(self, comment_id: int) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
        for comments in self.state.comments.values():
            for comment in comments:
                if comment["id"] == comment_id:
                    return comments, comment
        return None

    def _edit_comment(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        found = self._find_comment(int(m.group("id")))
        if found is None:
            return 404, {"message": "Not Found"}, {}
        if found[1]["user"]["login"] != self.state.login:
            return 403, {"message": READ_ONLY_MESSAGE}, {}
        found[1]["body"] = (body or {}).get("body", "")
        return 200, found[1], {}

    def _delete_comment(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        found = self._find_comment(int(m.group("id")))
        if found is None:
            return 404, {"message": "Not Found"}, {}
        found[0].remove(found[1])
        return 204, None, {}

    def _label_objects(self, names: list[str]) -> list[dict[str, Any]]:
        return [dict(self.state.labels[name.casefold()]) for name in names]

    def _list_issue_labels(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        return 200, self._label_objects(self.state.issue_labels.get(int(m.group("n")), [])), {}

    def _add_issue_labels(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        n = int(m.group("n"))
        names = (body or {}).get("labels") or []
        on_issue = self.state.issue_labels.setdefault(n, [])
        for name in names:
            if name.casefold() not in self.state.labels:
                if not self.state.labels_created_on_add:
                    return 422, {"message": "Validation Failed", "errors": [{"code": "invalid"}]}, {}
                # What github.com does: create the label, grey and without a description.
                self.state.add_label(name, "ededed", None)
            canonical = self.state.labels[name.casefold()]["name"]
            if canonical.casefold() not in {x.casefold() for x in on_issue}:
                on_issue.append(canonical)
                self.state.label_events.setdefault(n, []).append(("LabeledEvent", canonical, self.state.login))
        return 200, self._label_objects(on_issue), {}

    def _remove_issue_label(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        n = int(m.group("n"))
        name = urllib.parse.unquote(m.group("name"))
        on_issue = self.state.issue_labels.setdefault(n, [])
        for existing in on_issue:
            if existing.casefold() == name.casefold():
                on_issue.remove(existing)
                self.state.label_events.setdefault(n, []).append(("UnlabeledEvent", existing, self.state.login))
                return 200, self._label_objects(on_issue), {}
        return 404, {"message": "Label does not exist"}, {}

    def _list_labels(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        return self._page(list(self.state.labels.values()), query, f"/repos/{repo}/labels")

    def _create_label(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        name = (body or {}).get("name", "")
        if name.casefold() in self.state.labels:
            return 422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]}, {}
        self.state.add_label(name, body.get("color", "ededed"), body.get("description"))
        return 201, self.state.labels[name.casefold()], {}

    def _edit_label(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        label = self.state.labels.get(urllib.parse.unquote(m.group("name")).casefold())
        if label is None:
            return 404, {"message": "Not Found"}, {}
        label.update({k: v for k, v in (body or {}).items() if k in ("color", "description", "new_name")})
        return 200, label, {}

    def _get_issue(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        issue = self.state.issues.get((repo.lower(), int(m.group("n"))))
        if issue is None:
            return 404, {"message": "Not Found"}, {}
        if issue.get("pull"):
            return 200, {"number": issue["number"], "title": issue["title"], "pull_request": {}}, {}
        data = {
            "number": issue["number"],
            "title": issue["title"],
            "state": issue["state"],
            "labels": [{"name": name} for name in issue["labels"]],
            "type": {"name": issue["type"]} if issue["type"] else None,
            "milestone": {"title": issue["milestone"]} if issue["milestone"] else None,
            "html_url": f"https://github.com/{issue['repo']}/issues/{issue['number']}",
        }
        return 200, data, {}

    def _get_contents(self, repo: str, m: re.Match[str], query: dict[str, str], body: Any) -> Response:
        path = urllib.parse.unquote(m.group("path"))
        ref = query.get("ref", "main")
        text = self.state.contents.get((ref, path))
        if not self._own(repo):
            return 404, {"message": "Not Found"}, {}
        if text is None:
            if self._is_dir(ref, path):
                below = [p for r, p in self.state.contents if r == ref and p.startswith(path.rstrip("/") + "/")]
                return 200, [{"type": "file", "path": p} for p in below], {}  # a directory: a list
            return 404, {"message": "Not Found"}, {}
        raw = text.encode("utf-8") if isinstance(text, str) else text
        encoded = base64.encodebytes(raw).decode("ascii")  # GitHub wraps at 60 columns
        return 200, {"type": "file", "path": path, "encoding": "base64", "content": encoded}, {}

    def _is_dir(self, ref: str, path: str) -> bool:
        """Whether `path` at `ref` is a directory (some file lies below it)."""
        return any(r == ref and p.startswith(path.rstrip("/") + "/") for r, p in self.state.contents)

    def _object(self, expression: str) -> dict[str, Any] | None:
        """`repository.object(expression: "<ref>:<path>")` as GitHub answers it: a Blob, a Tree or null."""
        ref, _, path = expression.partition(":")
        text = self.state.contents.get((ref, path))
        if text is None:
            return {"__typename": "Tree"} if self._is_dir(ref, path) else None
        raw = text.encode("utf-8") if isinstance(text, str) else text
        binary = b"\0" in raw[:8000]  # git's own test for a binary file
        return {"__typename": "Blob", "byteSize": len(raw), "isBinary": binary, "isTruncated": False,
                "text": None if binary else raw.decode("utf-8", "replace")}

    # -- GraphQL -------------------------------------------------------------------------------

    def _graphql(self, request: dict[str, Any]) -> Response:
        """Answer the query pr-impact sends: linked issues, commits, a file (keyed by its variables, not parsed)."""
        text = str(request.get("query", ""))
        variables = request.get("variables") or {}
        if "issueType" in text and not self.state.issue_type_supported:
            error = {
                "message": "Field 'issueType' doesn't exist on type 'Issue'",
                "extensions": {"code": "undefinedField", "fieldName": "issueType"},
            }
            return 200, {"errors": [error]}, {}
        if "timelineItems" in text and not self.state.timeline_supported:
            error = {"message": "Field 'timelineItems' doesn't exist on type 'PullRequest'",
                     "extensions": {"code": "undefinedField", "fieldName": "timelineItems"}}
            return 200, {"errors": [error]}, {}
        with_type = "issueType" in text
        data: dict[str, Any] = {}
        errors: list[dict[str, Any]] = list(self.state.graphql_errors)
        if "number" in variables:
            n = int(variables["number"])
            if n not in self.state.files:
                data["repository"] = {"pullRequest": None}
                errors.append(_not_found(["repository", "pullRequest"], n))
            else:
                nodes = [self._issue_node(repo, num, with_type) for repo, num in self.state.closing[n]]
                pull: dict[str, Any] = {"closingIssuesReferences": {"nodes": nodes}}
                if "commits(" in text:
                    messages = self.state.commits.get(n, [])
                    pull["commits"] = {
                        "totalCount": len(messages),
                        "nodes": [{"commit": {"message": msg}} for msg in messages[:100]],
                    }
                if "timelineItems(" in text:
                    last = re.search(r"timelineItems\(last: (\d+)", text)
                    events = self.state.label_events.get(n, [])[-int(last.group(1)) if last else 0:]
                    pull["timelineItems"] = {"nodes": [_timeline_node(*event) for event in events]}
                data["repository"] = {"pullRequest": pull}
        if "file" in variables:
            data.setdefault("repository", {})["file"] = self._object(str(variables["file"]))
        k = 0
        while f"i{k}" in variables:
            repo, number = f"{variables[f'o{k}']}/{variables[f'r{k}']}", int(variables[f"i{k}"])
            issue = self.state.issues.get((repo.lower(), number))
            if issue is None:
                data[f"ref{k}"] = {"issueOrPullRequest": None}
                errors.append(_not_found([f"ref{k}", "issueOrPullRequest"], number))
            elif issue.get("pull"):
                data[f"ref{k}"] = {"issueOrPullRequest": {"__typename": "PullRequest"}}
            else:
                node = {"__typename": "Issue", **self._issue_node(repo, number, with_type)}
                data[f"ref{k}"] = {"issueOrPullRequest": node}
            k += 1
        return 200, ({"data": data, "errors": errors} if errors else {"data": data}), {}

    def _issue_node(self, repo: str | None, number: int, with_type: bool) -> dict[str, Any]:
        """An Issue as GraphQL returns it."""
        issue = self.state.issues[((repo or self.state.repo).lower(), number)]
        node = {
            "number": number,
            "title": issue["title"],
            "state": issue["state"].upper(),
            "url": f"https://github.com/{issue['repo']}/issues/{number}",
            "milestone": {"title": issue["milestone"]} if issue["milestone"] else None,
            "repository": {"nameWithOwner": issue["repo"]},
            "labels": {"nodes": [{"name": name} for name in issue["labels"]]},
        }
        if with_type:
            node["issueType"] = {"name": issue["type"]} if issue["type"] else None
        return node


def _timeline_node(typename: str, label: str, login: str | None) -> dict[str, Any]:
    """A LabeledEvent or UnlabeledEvent as GraphQL returns it: a bot's login comes without `[bot]`."""
    if login is None:
        actor = None  # a deleted account
    elif login.endswith("[bot]"):
        actor = {"__typename": "Bot", "login": login.removesuffix("[bot]")}
    else:
        actor = {"__typename": "User", "login": login}
    return {"__typename": typename, "actor": actor, "label": {"name": label}}


def _not_found(path: list[str], number: int) -> dict[str, Any]:
    """A GraphQL NOT_FOUND error like GitHub's."""
    return {
        "type": "NOT_FOUND",
        "path": path,
        "message": f"Could not resolve to an issue or pull request with the number of {number}.",
    }
