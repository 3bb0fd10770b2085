"""Jira tickets by key: Cloud (REST v3, basic auth with an account's email and API token) or Data Center
(REST v2, a personal access token as bearer), one GET per ticket, several at once."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from pr_impact.adapters.retry import Retrier
from pr_impact.adapters.ticket_shapes import Lookup, cut, name_of, text_list
from pr_impact.adapters.tracker_http import TrackerError, TrackerHTTP
from pr_impact.core.model import LinkedIssue
from pr_impact.core.trackers import JiraTracker

FIELDS = "summary,issuetype,status,labels,priority,parent"
MAX_WORKERS = 8
TOKEN_HINT = {
    True: "check JIRA_USER_EMAIL and JIRA_API_TOKEN (the `jira-user-email` and `jira-api-token` inputs): Jira "
          "Cloud takes an API token of the account with that email (id.atlassian.com, Security, API tokens)",
    False: "check JIRA_API_TOKEN (the `jira-api-token` input): Jira Data Center takes a personal access token "
           "(Profile, Personal Access Tokens); for Jira Cloud set JIRA_USER_EMAIL too",
}


class JiraClient:
    """One Jira site: Cloud when an email is given (REST v3), Data Center otherwise (REST v2)."""

    def __init__(self, tracker: JiraTracker, token: str, email: str | None, retrier: Retrier,
                 *, timeout: float = 10.0) -> None:
        self.tracker = tracker
        self.cloud = bool(email)
        if email:
            basic = base64.b64encode(f"{email}:{token}".encode()).decode("ascii")
            auth, secrets = f"Basic {basic}", [token, basic]
        else:
            auth, secrets = f"Bearer {token}", [token]
        self.http = TrackerHTTP("Jira", {"Authorization": auth}, secrets, retrier, timeout=timeout)

    @property
    def request_count(self) -> int:
        return self.http.request_count

    def fetch(self, bare: Mapping[str, LinkedIssue]) -> Lookup:
        """Each ticket's details (given by key, each with its bare ticket: key and link), fetched concurrently,
        in the keys' order; a ticket Jira does not have is marked missing. A refused token is reported once,
        and the tickets not yet asked for are not asked for."""
        lookup = Lookup()
        if not bare:
            return lookup
        with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(bare)), thread_name_prefix="pr-impact-jira") as pool:
            for ticket in pool.map(lambda key: self._one(key, bare[key], lookup), bare):
                lookup.tickets.append(ticket)
        return lookup

    def _one(self, key: str, bare: LinkedIssue, lookup: Lookup) -> LinkedIssue:
        """One ticket, or the bare one when it could not be read (the reason is in `lookup`)."""
        if lookup.refused:
            return bare
        url = f"{self.tracker.url}/rest/api/{3 if self.cloud else 2}/issue/{key}?fields={FIELDS}"
        try:
            answer = self.http.send("GET", url, f"read {key}")
        except TrackerError as err:
            if err.auth:
                lookup.refuse(f"Jira refused the token (HTTP {err.status}), so no ticket was looked up; "
                              f"{TOKEN_HINT[self.cloud]}.")
            else:
                lookup.warn(f"Could not read Jira ticket {key}: {err.message}")
            return bare
        if answer.status == 404:
            lookup.warn(f"Jira has no ticket {key}, or the token may not see it (HTTP 404).")
            return replace(bare, missing=True)
        return parse_issue(answer.data, bare)


def parse_issue(data: Any, bare: LinkedIssue) -> LinkedIssue:
    """A ticket from Jira's issue JSON (v2 and v3 alike); the bare key when the answer is not one."""
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, dict):
        return bare
    return replace(
        bare,
        title=cut(fields.get("summary"), 500),
        type=name_of(fields.get("issuetype")),
        state=name_of(fields.get("status")),
        labels=text_list(fields.get("labels")),
        parent=_epic(fields.get("parent")),
    )


def _epic(parent: Any) -> str | None:
    """The summary of a parent that is an epic (or above): sub-tasks' parents are stories, not epics."""
    if not isinstance(parent, dict) or not isinstance(parent.get("fields"), dict):
        return None
    fields = parent["fields"]
    kind = fields.get("issuetype") if isinstance(fields.get("issuetype"), dict) else {}
    level = kind.get("hierarchyLevel")
    epic = (name_of(kind) or "").lower() == "epic" or (isinstance(level, int) and level >= 1)
    return cut(fields.get("summary"), 200) if epic else None
