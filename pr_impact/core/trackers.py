"""Jira and Linear as the config names them (`trackers:`), and the ticket keys a PR's text carries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, NamedTuple

from pr_impact.core.conditions import Problems
from pr_impact.core.model import LinkedIssue, PullRequest

# A project (Jira) or team (Linear) key: an upper-case letter, then up to 9 upper-case letters, digits
# or underscores. Jira's own default pattern is narrower; Linear's team keys fit it too.
PROJECT_KEY = r"^[A-Z][A-Z0-9_]{0,9}$"
# A base URL: http(s), a host name or [IPv6 address], an optional port and path; no credentials, query
# or fragment (the schema says so to editors; compile_trackers says it in words).
BASE_URL = (r"^https?://(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?"
            r"(?:/[^\s?#]{0,500})?$")
WORKSPACE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
LINEAR_APP = "https://linear.app"
# A PR whose text names more keys than this is a release or a merge of many: the first ones are kept.
MAX_KEYS = 50


class JiraTracker(NamedTuple):
    """A Jira site (Cloud or Data Center) and the projects whose keys count."""

    url: str
    projects: tuple[str, ...]

    def link(self, key: str) -> str:
        return f"{self.url}/browse/{key}"


class LinearTracker(NamedTuple):
    """A Linear workspace's teams whose keys count; the workspace's URL name, when given, makes links."""

    teams: tuple[str, ...]
    workspace: str | None = None

    def link(self, key: str) -> str | None:
        return f"{LINEAR_APP}/{self.workspace}/issue/{key}" if self.workspace else None


GROUPINGS = ("area", "epic")  # what the digest can group shipped PRs by (Trackers.group_by)


class Trackers(NamedTuple):
    """The trackers a repository's tickets live in (at least one of them)."""

    jira: JiraTracker | None = None
    linear: LinearTracker | None = None
    group_by: str = "area"  # what the digest groups shipped PRs by: "area", or "epic" (epic or project)

    def tracker_of(self, project: str) -> str | None:
        """Which tracker a project or team key belongs to."""
        if self.jira is not None and project in self.jira.projects:
            return "jira"
        if self.linear is not None and project in self.linear.teams:
            return "linear"
        return None

    def projects(self) -> tuple[str, ...]:
        return (*(self.jira.projects if self.jira else ()), *(self.linear.teams if self.linear else ()))


def _keys(raw: Any) -> tuple[str, ...]:
    """Project keys as given, once each (the schema has checked their shape)."""
    return tuple(dict.fromkeys(str(k) for k in raw or () if k is not None))


_BASE_URL = re.compile(BASE_URL)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a tracker's base URL, or None."""
    if _BASE_URL.match(url):
        return None
    return (f"{url!r} is not a site address: give http(s)://, the host (and port) and any path, without "
            "credentials, a query or a fragment, e.g. https://acme.atlassian.net")


def compile_trackers(raw: Any, problems: Problems) -> Trackers | None:
    """The `trackers:` block (already checked against the schema) as Trackers; None when it names none."""
    if not isinstance(raw, dict):
        return None
    jira = linear = None
    if isinstance(raw.get("jira"), dict):
        url = str(raw["jira"].get("url") or "")
        problem = url_problem(url)
        if problem:
            problems.add(("trackers", "jira", "url"), problem)
        else:
            jira = JiraTracker(url.rstrip("/"), _keys(raw["jira"].get("projects")))
    if isinstance(raw.get("linear"), dict):
        workspace = raw["linear"].get("workspace")
        linear = LinearTracker(_keys(raw["linear"].get("teams")), str(workspace) if workspace else None)
    if jira is not None and linear is not None:
        for i, team in enumerate(linear.teams):
            if team in jira.projects:
                problems.add(("trackers", "linear", "teams", i),
                             f"{team!r} is also a Jira project: a key such as {team}-1 must name one ticket")
    if jira is None and linear is None:
        return None
    return Trackers(jira, linear, str(raw.get("group_by") or "area"))


# -- keys in a PR's text --------------------------------------------------------------------------

def _key_pattern(projects: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    """`PROJ-123` for the given projects: not inside a word, the number 1-9 digits and not followed by
    another digit. Alternatives of literal keys and a bounded possessive number: linear in the text.
    Built per call: `re` keeps its own cache of compiled patterns, so the core keeps none."""
    names = "|".join(re.escape(p) for p in sorted(projects, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])({names})-(\d{{1,9}}+)(?![0-9])",
                      re.ASCII | (re.IGNORECASE if ignore_case else 0))


def ticket_keys(pr: PullRequest, trackers: Trackers) -> list[str]:
    """The keys of the configured projects in the PR's title, branch, body and commit messages, in that
    order, each once. Case matters in text (`eng-1` in prose is not a key) but not in branch names,
    which are often lower-cased (`eng-1995-sso-paths`)."""
    projects = trackers.projects()
    if not projects:
        return []
    exact, loose = _key_pattern(projects, False), _key_pattern(projects, True)
    texts: Iterable[tuple[re.Pattern[str], str]] = [
        (exact, pr.title), (loose, pr.head), (exact, pr.body), *((exact, m) for m in pr.commits)]
    keys: dict[str, None] = {}
    for pattern, text in texts:
        for match in pattern.finditer(text or ""):
            number = int(match.group(2))
            if number > 0:
                keys.setdefault(f"{match.group(1).upper()}-{number}")
                if len(keys) >= MAX_KEYS:
                    return list(keys)
    return list(keys)


def bare_ticket(key: str, trackers: Trackers) -> LinkedIssue:
    """A ticket known only by its key (no token, or before it is looked up), linked when the config allows."""
    tracker = trackers.tracker_of(key.partition("-")[0])
    if tracker == "jira" and trackers.jira is not None:
        return LinkedIssue(key=key, tracker="jira", url=trackers.jira.link(key))
    link = trackers.linear.link(key) if trackers.linear is not None else None
    return LinkedIssue(key=key, tracker=tracker or "linear", url=link)


def with_tickets(pr: PullRequest, tickets: Iterable[LinkedIssue]) -> PullRequest:
    """The PR with its tickets after the GitHub issues it links (a ticket it already has is kept once)."""
    have = {i.key for i in pr.linked_issues if i.key}
    added = tuple(t for t in tickets if t.key not in have)
    return replace(pr, linked_issues=(*pr.linked_issues, *added)) if added else pr
