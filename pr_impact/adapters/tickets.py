"""A PR's tickets: the configured projects' keys in its text, looked up in Jira and Linear when a token is
present (the keys alone, linked where the config allows, otherwise)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from pr_impact.adapters.retry import Retrier
from pr_impact.core.model import LinkedIssue, PullRequest
from pr_impact.core.trackers import Trackers, bare_ticket, ticket_keys, url_problem, with_tickets

JIRA_EMAIL, JIRA_TOKEN, LINEAR_KEY, LINEAR_URL = "JIRA_USER_EMAIL", "JIRA_API_TOKEN", "LINEAR_API_KEY", "LINEAR_API_URL"
# Tickets looked up per PR; the keys past it are shown as keys.
MAX_LOOKUPS = 20


def local_retrier() -> Retrier:
    """The retry budget of a local run's ticket lookups (check, report): a few short waits, so a slow tracker
    holds up a terminal or a hook for seconds, not minutes."""
    return Retrier(max_wait=10.0, max_attempts=3, backoff=0.5)


class Credentials(NamedTuple):
    """The trackers' tokens, from the environment (the Action sets them from its inputs)."""

    jira_email: str = ""
    jira_token: str = ""
    linear_key: str = ""
    linear_url: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Credentials:
        return cls(*(env.get(name, "").strip() for name in (JIRA_EMAIL, JIRA_TOKEN, LINEAR_KEY, LINEAR_URL)))

    def secrets(self) -> list[str]:
        """What must never appear in a log."""
        return [s for s in (self.jira_token, self.linear_key) if s]


class Tickets(NamedTuple):
    """The PR with its tickets among its linked issues, what went wrong, and the requests it took."""

    pr: PullRequest
    warnings: list[str]
    requests: int


def attach_tickets(pr: PullRequest, trackers: Trackers, credentials: Credentials, retrier: Retrier | None = None,
                   *, timeout: float = 10.0) -> Tickets:
    """The PR with the tickets its text names. A tracker is asked only when its token is set: at most one
    request per ticket (Jira, several at once) or one query for all (Linear)."""
    keys = ticket_keys(pr, trackers)
    if not keys:
        return Tickets(pr, [], 0)
    found = look_up(keys, trackers, credentials, retrier, timeout=timeout)
    return Tickets(with_tickets(pr, (found.tickets[k] for k in keys)), found.warnings, found.requests)


def attach_to_each(prs: Sequence[PullRequest], trackers: Trackers, credentials: Credentials,
                   retrier: Retrier | None = None, *, limit: int = 200,
                   timeout: float = 10.0) -> tuple[list[PullRequest], list[str], int]:
    """Many PRs (a digest's) with their tickets: every key looked up once, however many PRs name it, up to
    `limit` keys in all; the PRs, the warnings and the requests made."""
    per_pr = [ticket_keys(pr, trackers) for pr in prs]
    keys = list(dict.fromkeys(key for keys in per_pr for key in keys))
    if not keys:
        return list(prs), [], 0
    found = look_up(keys, trackers, credentials, retrier, limit=limit, timeout=timeout, what="The pull requests name")
    prs = [with_tickets(pr, (found.tickets[k] for k in keys)) for pr, keys in zip(prs, per_pr, strict=True)]
    return prs, found.warnings, found.requests


class Found(NamedTuple):
    """Tickets by key (looked up, or bare), what went wrong, and the requests it took."""

    tickets: dict[str, LinkedIssue]
    warnings: list[str]
    requests: int


def look_up(keys: Sequence[str], trackers: Trackers, credentials: Credentials, retrier: Retrier | None = None,
            *, limit: int = MAX_LOOKUPS, timeout: float = 10.0, what: str = "The PR names") -> Found:
    """Each key's ticket: looked up (the first `limit` keys) where the tracker's token is set, else bare."""
    tickets = {key: bare_ticket(key, trackers) for key in keys}
    warnings: list[str] = []
    asked = list(keys[:limit])
    if len(keys) > len(asked):
        warnings.append(f"{what} {len(keys)} tickets; details were looked up for {len(asked)}.")
    retrier = retrier or local_retrier()
    requests = 0
    jira = {k: tickets[k] for k in asked if tickets[k].tracker == "jira"}
    if jira and trackers.jira is not None and credentials.jira_token:
        from pr_impact.adapters.jira import JiraClient

        client = JiraClient(trackers.jira, credentials.jira_token, credentials.jira_email or None, retrier,
                            timeout=timeout)
        lookup = client.fetch(jira)
        tickets.update(zip(jira, lookup.tickets, strict=True))
        warnings += lookup.warnings
        requests += client.request_count
    linear = {k: tickets[k] for k in asked if tickets[k].tracker == "linear"}
    if linear and trackers.linear is not None and credentials.linear_key:
        from pr_impact.adapters.linear import DEFAULT_URL, LinearClient

        url = credentials.linear_url or DEFAULT_URL
        problem = url_problem(url)
        if problem:
            warnings.append(f"{LINEAR_URL} {problem}; Linear was not asked.")
        else:
            linear_client = LinearClient(trackers.linear, credentials.linear_key, retrier, url=url, timeout=timeout)
            linear_lookup = linear_client.fetch(linear)
            tickets.update(zip(linear, linear_lookup.tickets, strict=True))
            warnings += linear_lookup.warnings
            requests += linear_client.request_count
    return Found(tickets, warnings, requests)
