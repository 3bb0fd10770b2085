"""The HTTP side of GitHub: one request at a time, with retries, rate limits, pagination and clear errors."""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from github import Auth, Github, GithubException

from pr_impact import __version__
from pr_impact.adapters.retry import SERVER_ERRORS, Retrier, RetryLater, retry_after
from pr_impact.errors import GitHubError, PrImpactError

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
# Bounds on what text PR authors control can make us fetch.
MAX_PAGES = 100
READ_ONLY_HINT = (
    "the token cannot write: give the workflow `pull-requests: write` and `issues: write`, "
    "or use the two-stage workflow_run setup for fork PRs"
)
_NEXT_LINK = re.compile(r'<([^<>\s]{1,2000}+)>;\s*+rel="next"')


class GitHubAPIError(GitHubError):
    """A GitHub request that failed for good; `permission` marks a token that may not do it."""

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        method: str = "",
        path: str = "",
        status: int | None = None,
        permission: bool = False,
        rate_limited: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.method = method
        self.path = path
        self.status = status
        self.permission = permission
        self.rate_limited = rate_limited


@dataclass(frozen=True, slots=True)
class Response:
    """One answer: its status (200 for any success), lower-cased headers and decoded JSON."""

    status: int
    headers: Mapping[str, str]
    data: Any


class Transport:
    """Sends requests to one GitHub (github.com or a GHES), counting them and retrying within a budget."""

    def __init__(
        self,
        token: str | None,
        *,
        api_url: str = DEFAULT_API_URL,
        graphql_url: str | None = None,
        max_wait: float = 60.0,
        max_attempts: int = 5,
        backoff: float = 1.0,
        timeout: int = 15,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`max_wait` bounds the seconds spent waiting between retries over the transport's whole
        life (one Action run), not per request, so a run that keeps hitting limits still ends in
        bounded time. `timeout`: whole seconds per request, as PyGithub takes it."""
        self.api_url = api_url.rstrip("/")
        # The run's retry budget; the trackers' requests (Jira, Linear) share it.
        self.retrier = Retrier(max_wait=max_wait, max_attempts=max_attempts, backoff=backoff, sleep=sleep)
        self.warnings: list[str] = []
        self.request_count = 0
        self._token = token or ""
        self._clock = clock
        self._github = make_client(token, self.api_url, timeout)
        self.graphql_url = graphql_url or self._github.requester.graphql_url

    def pages(self, path: str, what: str) -> Iterable[list[dict[str, Any]]]:
        """Yield page after page (the objects on each), following `Link: rel="next"`."""
        url: str | None = path
        params: dict[str, Any] | None = {"per_page": 100}
        for _ in range(MAX_PAGES):
            if url is None:
                return
            resp = self.call("GET", url, what, params=params)
            yield [item for item in (resp.data or []) if isinstance(item, dict)]
            url, params = _next_link(resp.headers), None  # the next link carries its own query

    def paginate(self, path: str, what: str) -> Iterable[dict[str, Any]]:
        """Yield the items of every page, following GitHub's `Link: rel="next"` header."""
        for page in self.pages(path, what):
            yield from page

    def graphql(self, query: str, variables: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Any]]:
        """POST one GraphQL query; return its data (possibly partial) and its errors."""
        resp = self.call(
            "POST",
            self.graphql_url,
            "query linked issues, commits and config (GraphQL)",
            body={"query": query, "variables": variables},
        )
        payload = resp.data if isinstance(resp.data, dict) else {}
        data = payload.get("data")
        errors = payload.get("errors") or []
        return (data if isinstance(data, dict) else None), (errors if isinstance(errors, list) else [errors])

    def call(
        self,
        method: str,
        url: str,
        what: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        ok: frozenset[int] = frozenset(),
        idempotent: bool = True,
    ) -> Response:
        """Send one request, retrying transient failures while the run's wait budget lasts.

        Statuses in `ok` are answers, not errors; `idempotent` False never repeats a request that
        may have reached GitHub.
        """
        return self.retrier.run(
            lambda attempt: self._send(method, url, what, params, body, ok, idempotent, attempt), self._gave_up)

    @property
    def max_attempts(self) -> int:
        return self.retrier.max_attempts

    @max_attempts.setter
    def max_attempts(self, value: int) -> None:
        self.retrier.max_attempts = max(1, value)

    def wait(self, delay: float, error: GitHubAPIError) -> None:
        """Sleep before a retry, or raise `error` when the wait would pass the run's budget."""
        self.retrier.wait(delay, error, self._gave_up)

    def backoff_delay(self, attempt: int) -> float:
        """Exponential backoff: backoff, 2 x backoff, 4 x backoff…"""
        return self.retrier.backoff_delay(attempt)

    def warn(self, message: str) -> None:
        """Record a problem that degraded the result without stopping the run."""
        self.warnings.append(self.scrub(message))

    def scrub(self, text: str) -> str:
        """Never let the token into a message, whatever a server echoes back."""
        return text.replace(self._token, "***") if self._token else text

    def _send(
        self,
        method: str,
        url: str,
        what: str,
        params: dict[str, Any] | None,
        body: Any,
        ok: frozenset[int],
        idempotent: bool,
        attempt: int,
    ) -> Response:
        """One HTTP request; raise RetryLater for what is worth retrying, GitHubAPIError otherwise."""
        path = urllib.parse.urlsplit(url).path if "://" in url else url
        self.request_count += 1
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
        try:
            resp_headers, data = self._github.requester.requestJsonAndCheck(
                method, url, parameters=params, headers=headers, input=body
            )
        except GithubException as exc:
            resp_headers = {k.lower(): str(v) for k, v in (exc.headers or {}).items()}
            # A rate-limited 403 is never an expected answer, even where a plain 403 is.
            if exc.status in ok and not is_rate_limited(exc.status, exc.data, resp_headers):
                return Response(exc.status, resp_headers, exc.data)
            error = self._http_error(method, path, what, exc.status, exc.data, resp_headers)
            delay = self._retry_delay(exc.status, exc.data, resp_headers, attempt, idempotent)
            if delay is None:
                raise error from None
            raise RetryLater(delay, error) from None
        except (requests.RequestException, ValueError, AssertionError) as exc:
            # Network failures, and answers that are not JSON: nothing to show but the kind of failure.
            error = GitHubAPIError(
                self.scrub(f"GitHub {method} {path} failed ({what}): {type(exc).__name__}"),
                hint=f"check that {self.api_url} is reachable and GITHUB_API_URL is right",
                method=method,
                path=path,
            )
            # A request that may have reached GitHub is not sent again unless repeating it is harmless.
            if isinstance(exc, requests.RequestException) and idempotent:
                raise RetryLater(self.backoff_delay(attempt), error) from None
            raise error from None
        return Response(200, resp_headers, data)

    def _retry_delay(
        self, status: int, data: Any, headers: Mapping[str, str], attempt: int, idempotent: bool
    ) -> float | None:
        """Seconds to wait before retrying this failure, or None when retrying cannot help."""
        if is_rate_limited(status, data, headers):
            if "retry-after" in headers:
                return retry_after(headers, 60.0, self._clock)
            if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
                reset = _seconds(headers["x-ratelimit-reset"], default=self._clock() + 60.0)
                return max(reset - self._clock(), 0.0) + 1.0
            # GitHub's advice for a secondary limit without headers: wait at least a minute.
            return 60.0 if status == 403 else self.backoff_delay(attempt)
        if status in SERVER_ERRORS and idempotent:
            return self.backoff_delay(attempt)
        return None

    def _http_error(
        self, method: str, path: str, what: str, status: int, data: Any, headers: Mapping[str, str]
    ) -> GitHubAPIError:
        """A GitHubAPIError saying what failed and how to fix it."""
        detail = data.get("message") if isinstance(data, dict) else None
        message = f"GitHub {method} {path} failed ({what}): HTTP {status}" + (f": {detail}" if detail else "")
        rate_limited = is_rate_limited(status, data, headers)
        permission = status == 403 and not rate_limited
        return GitHubAPIError(
            self.scrub(message),
            hint=_hint(method, status, permission, rate_limited),
            method=method,
            path=path,
            status=status,
            permission=permission,
            rate_limited=rate_limited,
        )

    def _gave_up(self, error: PrImpactError, note: str) -> GitHubAPIError:
        """The last error, saying why it was not retried (further)."""
        assert isinstance(error, GitHubAPIError)  # every error _send hands the retrier is one
        return GitHubAPIError(
            error.message + note,
            hint=error.hint,
            method=error.method,
            path=error.path,
            status=error.status,
            permission=error.permission,
            rate_limited=error.rate_limited,
        )


def _hint(method: str, status: int, permission: bool, rate_limited: bool) -> str:
    """How to fix a failed request, from its method and status."""
    if rate_limited:
        return "GitHub rate limit: re-run the job later, or use a token with a higher limit"
    if status == 401:
        return "the token is invalid or expired: check the `github-token` input"
    if permission and method != "GET":
        return READ_ONLY_HINT
    if permission or status == 404:
        return "check that the token can read this repository (`contents: read`, `pull-requests: read`)"
    if status in SERVER_ERRORS:
        return "GitHub is having trouble: re-run the job later (https://www.githubstatus.com)"
    return ""


def make_client(token: str | None, api_url: str, timeout: int) -> Github:
    """PyGithub's client, built through its public constructor, with its own retries and throttling
    off: `Transport.call` decides when to wait and what to repeat.

    PyGithub's GithubRetry sleeps in real time and also retries POST (a duplicate comment); its
    throttle sleeps before every request, and longer before every write. Raw calls go through
    the client's documented `requester` (PyGithub >= 2.5).
    """
    return Github(auth=Auth.Token(token) if token else None, base_url=api_url, timeout=timeout,
                  user_agent=f"pr-impact/{__version__}", per_page=100, retry=None,
                  seconds_between_requests=None, seconds_between_writes=None)


def is_rate_limited(status: int, data: Any, headers: Mapping[str, str]) -> bool:
    """Whether a 403/429 is a (primary or secondary) rate limit rather than a permission problem."""
    if status == 429:
        return True
    if status != 403:
        return False
    message = str(data.get("message", "")).lower() if isinstance(data, dict) else ""
    return "retry-after" in headers or headers.get("x-ratelimit-remaining") == "0" or "rate limit" in message


def _next_link(headers: Mapping[str, str]) -> str | None:
    """The `rel="next"` URL of a Link header, if any."""
    match = _NEXT_LINK.search(headers.get("link", ""))
    return match.group(1) if match else None


def _seconds(value: str, default: float) -> float:
    """A header holding a number of seconds (or an epoch time); `default` when it is not a number."""
    try:
        return max(float(value), 0.0)
    except ValueError:
        return default


def mentions(errors: Iterable[Any], *words: str) -> bool:
    """Whether any GraphQL error's text names one of `words` (a field the server's schema lacks)."""
    return any(word in graphql_error_text(error) for error in errors for word in words)


def graphql_error_text(error: Any) -> str:
    """The message of one GraphQL error, with the path it applies to when there is one."""
    if not isinstance(error, dict):
        return str(error)
    path = ".".join(str(p) for p in error.get("path") or [])
    message = str(error.get("message") or error.get("type") or "unknown error")
    return f"{message} (at {path})" if path else message
