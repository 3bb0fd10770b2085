"""Fake Jira (Cloud REST v3, Data Center REST v2) and Linear (GraphQL) on 127.0.0.1 for tests: tickets in
memory, the credentials each accepts, a request log, and faults (statuses, Retry-After, stalls)."""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.local_server import LocalServer

EMAIL = "pm@acme.example"
JIRA_TOKEN = "jira-secret-token-123"
LINEAR_KEY = "lin_api_secret456"
NOT_FOUND = "Issue does not exist or you do not have permission to see it."
_ISSUE_PATH = re.compile(r"^/rest/api/([23])/issue/([A-Z][A-Z0-9_]*-\d+)$")


@dataclass(frozen=True)
class Seen:
    """One request as the fake received it."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any


@dataclass
class Fault:
    """Answer the next `times` requests whose path matches with `status` (and headers, body)."""

    status: int
    path: str = ""
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


@dataclass
class Ticket:
    """A ticket as both trackers store it."""

    key: str
    title: str
    type: str = "Story"
    status: str = "In Progress"
    labels: list[str] = field(default_factory=list)
    epic: str | None = None


class FakeTrackers:
    """One server for Jira and Linear; `jira_url` and `linear_url` are what a config and LINEAR_API_URL name."""

    def __init__(self) -> None:
        self.tickets: dict[str, Ticket] = {}
        self.seen: list[Seen] = []
        self.faults: list[Fault] = []
        self.stall_seconds = 0.0
        self.stall_times = 0
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._server = LocalServer(self._serve)

    def __enter__(self) -> FakeTrackers:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        self._server.stop()

    @property
    def jira_url(self) -> str:
        return f"{self._server.origin}/jira"

    @property
    def linear_url(self) -> str:
        return f"{self._server.origin}/linear/graphql"

    def add(self, key: str, title: str, **details: Any) -> None:
        self.tickets[key] = Ticket(key, title, **details)

    def fail(self, status: int, *, path: str = "", times: int = 1, headers: dict[str, str] | None = None,
             body: Any = None) -> None:
        self.faults.append(Fault(status, path, times, headers or {}, body))

    def stall(self, seconds: float, times: int = 1) -> None:
        """Hold the next `times` answers for `seconds` (or until the server stops)."""
        self.stall_seconds, self.stall_times = seconds, times

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    # -- answering -------------------------------------------------------------------------------

    def _serve(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request: its JSON body read, its headers lower-cased, the answer sent as JSON."""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        status, extra, payload = self.answer(method, path, {k.lower(): v for k, v in headers.items()}, body)
        return status, extra, json.dumps(payload).encode() if payload is not None else b""

    def answer(self, method: str, raw_path: str, headers: dict[str, str], body: Any) -> tuple[int, dict[str, str], Any]:
        path, _, query = raw_path.partition("?")
        with self._lock:
            self.seen.append(Seen(method, path, query, headers, body))
            fault = next((f for f in self.faults if f.times > 0 and f.path in path), None)
            if fault is not None:
                fault.times -= 1
            stall = self.stall_seconds if self.stall_times > 0 else 0.0
            self.stall_times = max(0, self.stall_times - 1)
        if stall:
            self.released.wait(stall)
        if fault is not None:
            return fault.status, fault.headers, fault.body
        if path.startswith("/jira/"):
            return self._jira(path.removeprefix("/jira"), query, headers)
        if path == "/linear/graphql" and method == "POST":
            return self._linear(headers, body)
        return 404, {}, {"message": "no such route"}

    def _jira(self, path: str, query: str, headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        m = _ISSUE_PATH.match(path)
        if not m:
            return 404, {}, {"errorMessages": ["no such route"]}
        version, key = m.groups()
        basic = "Basic " + base64.b64encode(f"{EMAIL}:{JIRA_TOKEN}".encode()).decode()
        wanted = basic if version == "3" else f"Bearer {JIRA_TOKEN}"
        if headers.get("authorization") != wanted:
            return 401, {}, {"errorMessages": ["You are not authenticated. Authentication required."]}
        ticket = self.tickets.get(key)
        if ticket is None:
            return 404, {}, {"errorMessages": [NOT_FOUND], "errors": {}}
        fields: dict[str, Any] = {
            "summary": ticket.title, "issuetype": {"name": ticket.type, "hierarchyLevel": 0},
            "status": {"name": ticket.status}, "labels": ticket.labels, "priority": {"name": "Medium"}}
        if ticket.epic:
            fields["parent"] = {"key": "EPIC-1", "fields": {
                "summary": ticket.epic, "issuetype": {"name": "Epic", "hierarchyLevel": 1}}}
        return 200, {}, {"key": key, "fields": fields}

    def _linear(self, headers: dict[str, str], body: Any) -> tuple[int, dict[str, str], Any]:
        if headers.get("authorization") != LINEAR_KEY:
            return 400, {}, {"errors": [{"message": "Authentication required, not authenticated",
                                         "extensions": {"code": "AUTHENTICATION_ERROR"}}]}
        variables = body.get("variables") or {} if isinstance(body, dict) else {}
        aliases = re.findall(r"(t\d+): issue\(id: \$(k\d+)\)", str(body.get("query", "")) if isinstance(body, dict)
                             else "")
        data: dict[str, Any] = {}
        errors = []
        for alias, var in aliases:
            ticket = self.tickets.get(str(variables.get(var)))
            if ticket is None:
                errors.append({"message": "Entity not found: Issue", "path": [alias],
                               "extensions": {"code": "INPUT_ERROR", "userPresentableMessage":
                                              "Could not find referenced Issue."}})
                continue
            data[alias] = {"identifier": ticket.key, "title": ticket.title,
                           "url": f"https://linear.app/acme/issue/{ticket.key}", "state": {"name": ticket.status},
                           "labels": {"nodes": [{"name": n} for n in ticket.labels]},
                           "project": {"name": ticket.epic} if ticket.epic else None}
        # Linear's `issue` is non-null: one missing issue nulls the whole answer, as GraphQL requires.
        return 200, {}, {"data": None if errors else data, **({"errors": errors} if errors else {})}
