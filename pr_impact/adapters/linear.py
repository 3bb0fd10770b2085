"""Linear issues by identifier (ENG-123): every ticket of a PR in one GraphQL query."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pr_impact.adapters.retry import Retrier
from pr_impact.adapters.ticket_shapes import Lookup, cut, name_of, text_list
from pr_impact.adapters.tracker_http import TrackerError, TrackerHTTP
from pr_impact.core.model import LinkedIssue
from pr_impact.core.trackers import LinearTracker

DEFAULT_URL = "https://api.linear.app/graphql"
# Issues per query: a PR's twenty fit in one; a digest's hundreds are asked 50 at a time (query complexity).
PER_QUERY = 50
_FIELDS = "identifier title url state { name } labels(first: 20) { nodes { name } } project { name }"
_AUTH_CODES = frozenset({"AUTHENTICATION_ERROR", "FORBIDDEN", "UNAUTHENTICATED"})
KEY_HINT = ("check LINEAR_API_KEY (the `linear-api-key` input): a personal API key (Linear, Settings, "
              "Security & access) of a member who can read the teams' issues")


def _errors(data: Any) -> list[dict[str, Any]]:
    errors = data.get("errors") if isinstance(data, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def _code(error: dict[str, Any]) -> str:
    extensions = error.get("extensions")
    return str(extensions.get("code") or "") if isinstance(extensions, dict) else ""


def _rate_limited(status: int, data: Any) -> bool:
    """Linear answers a rate limit with 429, or with 400 and the code RATELIMITED."""
    return status == 429 or (status == 400 and any(_code(e) == "RATELIMITED" for e in _errors(data)))


def _alias(error: dict[str, Any]) -> str | None:
    path = error.get("path")
    return str(path[0]) if isinstance(path, list) and path else None


def _not_found(error: dict[str, Any]) -> bool:
    text = f"{error.get('message', '')} {_code(error)}".lower()
    return "not found" in text or "could not find" in text or "not_found" in text


class LinearClient:
    """One Linear workspace, through its GraphQL endpoint (LINEAR_API_URL overrides it)."""

    def __init__(self, tracker: LinearTracker, api_key: str, retrier: Retrier, *, url: str = DEFAULT_URL,
                 timeout: float = 10.0) -> None:
        self.tracker = tracker
        self.url = url
        # Personal API keys go as they are; OAuth access tokens as bearer tokens.
        auth = f"Bearer {api_key}" if api_key.startswith("lin_oauth_") else api_key
        self.http = TrackerHTTP("Linear", {"Authorization": auth}, [api_key], retrier, timeout=timeout,
                                rate_limited=_rate_limited)

    @property
    def request_count(self) -> int:
        return self.http.request_count

    def fetch(self, bare: Mapping[str, LinkedIssue]) -> Lookup:
        """Every ticket (given by key, each with its bare ticket: key and link) in one query, in the keys'
        order. Linear fails the whole query when one issue is missing: the keys it names as missing are
        marked so, and the others asked once more."""
        lookup = Lookup()
        keys = list(bare)
        known: dict[str, LinkedIssue] = {}
        for start in range(0, len(keys), PER_QUERY):
            pending = list(keys[start : start + PER_QUERY])
            for _ in range(2):
                if not pending or lookup.refused:
                    break
                pending = self._ask(pending, bare, known, lookup)
            for key in pending if not lookup.refused else ():
                lookup.warn(f"Could not read Linear issue {key}.")
        lookup.tickets.extend(known.get(key) or bare[key] for key in keys)
        return lookup

    def _ask(self, keys: list[str], bare: Mapping[str, LinkedIssue], known: dict[str, LinkedIssue],
             lookup: Lookup) -> list[str]:
        """One query for `keys`; what it settled goes into `known`; the keys worth asking again come back."""
        params = ", ".join(f"$k{i}: String!" for i in range(len(keys)))
        parts = " ".join(f"t{i}: issue(id: $k{i}) {{ ...ticket }}" for i in range(len(keys)))
        # Keys travel as variables, never spliced into the document (they come from PR text).
        query = f"query({params}) {{ {parts} }} fragment ticket on Issue {{ {_FIELDS} }}"
        variables = {f"k{i}": key for i, key in enumerate(keys)}
        try:
            answer = self.http.send("POST", self.url, f"read {len(keys)} issue{'s' if len(keys) > 1 else ''}",
                                    body={"query": query, "variables": variables}, answers=frozenset({400}))
        except TrackerError as err:
            if err.auth:
                lookup.refuse(f"Linear refused the API key (HTTP {err.status}), so no issue was looked up; "
                              f"{KEY_HINT}.")
            else:
                lookup.warn(f"Could not read Linear issues: {err.message}")
            return []
        errors = _errors(answer.data)
        if any(_code(e) in _AUTH_CODES for e in errors):
            lookup.refuse(f"Linear refused the API key, so no issue was looked up; {KEY_HINT}.")
            return []
        data = answer.data.get("data") if isinstance(answer.data, dict) else None
        by_alias = {_alias(e): e for e in errors if _alias(e)}
        retry = []
        for i, key in enumerate(keys):
            node = data.get(f"t{i}") if isinstance(data, dict) else None
            error = by_alias.get(f"t{i}")
            if isinstance(node, dict):
                known[key] = parse_issue(node, bare[key])
            elif error is not None and _not_found(error):
                lookup.warn(f"Linear has no issue {key}, or the API key may not see it.")
                known[key] = replace(bare[key], missing=True)
            elif error is None and data is None and by_alias:
                retry.append(key)  # the query failed for another key's sake: ask again without it
            else:
                message = str((error or (errors[0] if errors else {})).get("message") or "no answer")
                lookup.warn(self.http.scrub(f"Could not read Linear issue {key}: {message[:200]}"))
        return retry


def parse_issue(node: dict[str, Any], bare: LinkedIssue) -> LinkedIssue:
    """A ticket from Linear's Issue object."""
    labels = node.get("labels")
    return replace(
        bare,
        title=cut(node.get("title"), 500),
        state=name_of(node.get("state")),
        labels=text_list(labels.get("nodes") if isinstance(labels, dict) else None),
        parent=name_of(node.get("project")),
        url=_linear_url(node.get("url")) or bare.url,
    )


def _linear_url(value: Any) -> str | None:
    """An issue's address as Linear gives it, when it is a plain https address (the renderer checks again)."""
    return value if isinstance(value, str) and value.startswith("https://") and len(value) < 300 else None
