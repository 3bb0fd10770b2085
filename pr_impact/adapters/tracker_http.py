"""The HTTP side of Jira and Linear: requests, retried through the shared Retrier, secrets never shown."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import requests

from pr_impact import __version__
from pr_impact.adapters.retry import SERVER_ERRORS, Retrier, RetryLater, retry_after
from pr_impact.errors import EXIT_EXTERNAL, PrImpactError

AUTH_STATUSES = frozenset({401, 403})
MAX_ANSWER_BYTES = 2_000_000  # a ticket, or twenty, is a few kilobytes: anything larger is not an answer


class TrackerError(PrImpactError):
    """A tracker request that failed for good. `auth` marks a token the tracker refused (401/403)."""

    exit_code = EXIT_EXTERNAL

    def __init__(self, message: str, *, status: int | None = None, auth: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.auth = auth


class Answer(NamedTuple):
    """One answer: its status, lower-cased headers and decoded JSON (None when it had none)."""

    status: int
    headers: Mapping[str, str]
    data: Any


# Whether an answer that is not a plain success is a rate limit (Linear says so in a 400's body).
LimitTest = Callable[[int, Any], bool]


def _limited(status: int, data: Any) -> bool:
    return status == 429


class TrackerHTTP:
    """Requests to one tracker with its credentials, counted, retried within the run's budget.

    Safe to use from several threads: each thread keeps its own connection pool.
    """

    def __init__(self, name: str, headers: Mapping[str, str], secrets: Sequence[str], retrier: Retrier,
                 *, timeout: float = 10.0, rate_limited: LimitTest = _limited) -> None:
        self.name = name
        self.retrier = retrier
        self.timeout = timeout
        self.request_count = 0
        self._headers = {"Accept": "application/json", "User-Agent": f"pr-impact/{__version__}", **headers}
        self._secrets = [s for s in secrets if s]
        self._rate_limited = rate_limited
        self._local = threading.local()
        self._count_lock = threading.Lock()

    def scrub(self, text: str) -> str:
        """Never let a token (or the email beside it) into a message, whatever a server echoes back."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def send(self, method: str, url: str, what: str, *, body: Any = None,
             answers: frozenset[int] = frozenset({404})) -> Answer:
        """One request, sent again after a rate limit (honouring Retry-After), a server error or a network
        failure while the run's budget lasts. Statuses in `answers` come back as answers; 401/403 raise
        a TrackerError marked `auth`; any other failure a TrackerError."""
        def gave_up(error: PrImpactError, note: str) -> PrImpactError:
            status = error.status if isinstance(error, TrackerError) else None
            return TrackerError(error.message + note, status=status)

        return self.retrier.run(lambda attempt: self._attempt(method, url, what, body, answers, attempt), gave_up)

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _attempt(self, method: str, url: str, what: str, body: Any, answers: frozenset[int],
                 attempt: int) -> Answer:
        """One HTTP request; RetryLater for what is worth sending again."""
        with self._count_lock:
            self.request_count += 1
        try:
            # No redirects: the credentials go to the configured address and nowhere else.
            with self._session().request(method, url, headers=self._headers, json=body, timeout=self.timeout,
                                         allow_redirects=False, stream=True) as resp:
                raw = _read_capped(resp)
        except requests.RequestException as exc:
            # Network failures and timeouts: nothing to show but the kind of failure (its text may hold the URL).
            error = TrackerError(f"{self.name} did not answer ({what}): {type(exc).__name__}")
            raise RetryLater(self.retrier.backoff_delay(attempt), error) from None
        headers = {k.lower(): v for k, v in resp.headers.items()}
        data = _json(raw) if len(raw) <= MAX_ANSWER_BYTES else None
        status = resp.status_code
        if 200 <= status < 300 or status in answers:
            if self._rate_limited(status, data):
                raise RetryLater(retry_after(headers, self.retrier.backoff_delay(attempt)),
                                 TrackerError(f"{self.name} rate limit ({what})", status=status))
            return Answer(status, headers, data)
        message = self.scrub(f"{self.name} answered HTTP {status} ({what})")
        if self._rate_limited(status, data):
            raise RetryLater(retry_after(headers, self.retrier.backoff_delay(attempt)),
                             TrackerError(message + ": rate limited", status=status))
        if status in SERVER_ERRORS:
            raise RetryLater(retry_after(headers, self.retrier.backoff_delay(attempt)),
                             TrackerError(message, status=status))
        raise TrackerError(message, status=status, auth=status in AUTH_STATUSES)


def _read_capped(resp: requests.Response) -> bytes:
    """The body, read no further than one byte past MAX_ANSWER_BYTES."""
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_content(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            break
    return b"".join(chunks)


def _json(raw: bytes) -> Any:
    """The decoded JSON of an answer, or None."""
    import json

    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
